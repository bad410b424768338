// @vitest-environment node
/**
 * Desktop notifications from `lantern serve`, for real: inside a private D-Bus session
 * (`dbus-run-session`) with a virtual X display (Xvfb) and the dunst notification daemon, the
 * built CLI serves with its defaults (a desktop session is detected from DISPLAY), a Claude Code
 * PermissionRequest hook is posted, and dunst's own history must then hold the notification:
 * node-notifier → notify-send → D-Bus → dunst.
 *
 * Skipped with a reason where those programs are missing, except in CI (`CI` set), where that is a
 * failure: `.ci/run` installs them (xvfb, dunst, libnotify-bin, dbus).
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { LANTERN_BIN } from '../helpers/cli-process';
import { tempDir } from '../helpers/temp-dir';
import { waitFor } from '../helpers/wait-for';

const TOOLS = ['dbus-run-session', 'dbus-send', 'Xvfb', 'dunst', 'dunstctl', 'notify-send'];
const onPath = (bin: string) => (process.env.PATH ?? '').split(path.delimiter).some((dir) => dir && fs.existsSync(path.join(dir, bin)));
const inCi = (): boolean => {
  const v = process.env.CI;
  return v !== undefined && v !== '' && v !== '0' && v.toLowerCase() !== 'false';
};
const missing = TOOLS.filter((t) => !onPath(t));
const SKIP =
  process.platform !== 'linux' && !inCi()
    ? 'the dunst test runs on Linux only'
    : missing.length && !inCi()
      ? `${missing.join(', ')} not found (apt-get install xvfb dunst libnotify-bin dbus): the desktop notification test is skipped`
      : null;
if (SKIP) console.warn(SKIP);

/**
 * Runs inside the D-Bus session: a free X display, dunst on it (owning org.freedesktop.Notifications
 * on this session's bus), then `lantern serve`. Waits for the test to post (the `posted` file),
 * for dunst to get a notification, closes it into the history and prints the history as JSON.
 * Every wait is bounded; the trap stops every process this script started.
 */
const SCRIPT = String.raw`
set -u
pids=""
trap 'kill $pids 2>/dev/null; wait 2>/dev/null' EXIT
fail() { echo "SETUP-FAILED: $1"; exit 3; }
n=$DISPLAY_START
while [ -e "/tmp/.X$n-lock" ] || [ -e "/tmp/.X11-unix/X$n" ]; do n=$((n + 1)); done
Xvfb ":$n" -screen 0 1024x768x24 -nolisten tcp >"$WORK/xvfb.log" 2>&1 &
pids="$pids $!"
export DISPLAY=":$n"
for _ in $(seq 1 100); do [ -e "/tmp/.X11-unix/X$n" ] && break; sleep 0.1; done
[ -e "/tmp/.X11-unix/X$n" ] || fail "Xvfb did not start: $(cat "$WORK/xvfb.log")"
dunst -config "$WORK/dunstrc" >"$WORK/dunst.log" 2>&1 &
pids="$pids $!"
owned() { dbus-send --session --print-reply --dest=org.freedesktop.DBus /org/freedesktop/DBus org.freedesktop.DBus.NameHasOwner string:org.freedesktop.Notifications 2>/dev/null | grep -q 'boolean true'; }
for _ in $(seq 1 100); do owned && break; sleep 0.1; done
owned || fail "dunst did not take org.freedesktop.Notifications: $(cat "$WORK/dunst.log")"
"$NODE" "$LANTERN" serve --port 0 --data-dir "$WORK/data" --claude-dir "$WORK/claude" --no-default-dirs >"$WORK/serve.out" 2>"$WORK/serve.err" &
pids="$pids $!"
for _ in $(seq 1 300); do [ -e "$WORK/posted" ] && break; sleep 0.1; done
[ -e "$WORK/posted" ] || fail "the test never posted the hook"
count() { dunstctl count "$1" 2>/dev/null | grep -o '[0-9]*' || echo 0; }
for _ in $(seq 1 150); do [ "$(count displayed)" -gt 0 ] || [ "$(count history)" -gt 0 ] && break; sleep 0.1; done
dunstctl close-all
for _ in $(seq 1 50); do [ "$(count history)" -gt 0 ] && break; sleep 0.1; done
echo "HISTORY-BEGIN"
dunstctl history
echo "HISTORY-END"
`;

interface DunstField {
  data: unknown;
}
type DunstNotification = Record<string, DunstField>;

describe.skipIf(SKIP !== null)('desktop notifications under dunst', () => {
  it('a PermissionRequest hook posted to lantern serve shows in dunst with the project and the permission', { timeout: 90_000 }, async () => {
    const tmp = tempDir('lantern-dunst-');
    const work = tmp.path;
    fs.mkdirSync(path.join(work, 'claude', 'projects'), { recursive: true });
    fs.mkdirSync(path.join(work, 'xdg'), { recursive: true });
    fs.writeFileSync(path.join(work, 'dunstrc'), '[global]\n    history_length = 20\n');
    // A clean desktop: this session's own display and bus only, never the developer's (Wayland included).
    const env: NodeJS.ProcessEnv = { ...process.env, WORK: work, NODE: process.execPath, LANTERN: LANTERN_BIN, DISPLAY_START: String(100 + (process.pid % 800)), XDG_CONFIG_HOME: path.join(work, 'xdg') };
    for (const k of ['DISPLAY', 'WAYLAND_DISPLAY', 'DBUS_SESSION_BUS_ADDRESS']) delete env[k];
    const child = spawn('dbus-run-session', ['--', 'bash', '-c', SCRIPT], { env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    let out = '';
    let err = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (err += d));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    const diagnose = () => {
      const read = (f: string) => (fs.existsSync(path.join(work, f)) ? fs.readFileSync(path.join(work, f), 'utf8') : '(none)');
      return `script stdout: ${out}\nscript stderr: ${err}\nserve stdout: ${read('serve.out')}\nserve stderr: ${read('serve.err')}\ndunst log: ${read('dunst.log')}`;
    };
    try {
      // The server prints its Open URL, with the token, once it listens.
      const open = await waitFor<string | undefined>(
        () => {
          if (out.includes('SETUP-FAILED')) throw new Error(diagnose());
          const m = /^Open (\S+)$/m.exec(fs.existsSync(path.join(work, 'serve.out')) ? fs.readFileSync(path.join(work, 'serve.out'), 'utf8') : '');
          return m?.[1];
        },
        30_000,
        'lantern serve to print its Open URL',
      ).catch((e: unknown) => {
        throw new Error(`${String(e)}\n${diagnose()}`);
      });
      const url = new URL(open!);
      const token = url.searchParams.get('token') ?? '';
      const headers = { 'X-Token': token, 'Content-Type': 'application/json' };
      // Only live hooks alert: wait for the initial index to be done.
      await waitFor(async () => ((await (await fetch(`${url.origin}/api/health`, { headers })).json()) as { indexing: { done: boolean } }).indexing.done, 20_000, 'the initial index');
      const res = await fetch(`${url.origin}/api/hooks/claude`, {
        method: 'POST',
        headers,
        body: JSON.stringify({
          hook_event_name: 'PermissionRequest',
          session_id: 'ffffffff-6666-4666-8666-666666666666',
          cwd: '/home/dev/payments-api',
          tool_name: 'Bash',
          tool_input: { command: 'npm test' },
        }),
      });
      expect(res.status).toBe(204);
      fs.writeFileSync(path.join(work, 'posted'), '');

      const code = await Promise.race([exited, new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), 60_000).unref())]);
      expect(code, diagnose()).toBe(0);
      const history = /HISTORY-BEGIN\n([\s\S]*)HISTORY-END/.exec(out)?.[1];
      expect(history, diagnose()).toBeDefined();
      const notifications = (JSON.parse(history!) as { data: DunstNotification[][] }).data.flat();
      const text = (n: DunstNotification, key: string) => String(n[key]?.data ?? '');
      const ours = notifications.find((n) => text(n, 'summary') === 'payments-api');
      expect(ours, `dunst history: ${history}\n${diagnose()}`).toBeDefined();
      expect(text(ours!, 'body')).toBe('Claude needs your permission to use Bash');
      expect(text(ours!, 'body')).toContain('permission');
      expect(text(ours!, 'appname')).toBe('Lantern');
    } finally {
      // The session ends when its script does; kill the whole group if a bounded wait gave up first.
      if (child.exitCode === null && child.signalCode === null && child.pid !== undefined) {
        try {
          process.kill(-child.pid, 'SIGTERM');
        } catch {
          // already gone
        }
        await Promise.race([exited, new Promise((r) => setTimeout(r, 5000).unref())]);
      }
      tmp.cleanup();
    }
  });
});
