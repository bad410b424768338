/**
 * `lantern hooks status`: which settings file, which events carry Lantern's hook, whether they
 * post to the current port with the current token, and whether Lantern answers there.
 * Exit code 0 when every event is installed and consistent, 1 otherwise. A Lantern that is not
 * running does not count against it: the hooks are non-blocking, Claude Code is unaffected.
 */
import { readableByOthers, readSettings } from './claude-settings';
import { hooksContext, peekToken, type HooksIo, type HooksOptions } from './hooks-context';
import { findLanternHandlers, handlerToken, hookUrl, LANTERN_HOOK_EVENTS, type FoundHandler } from './lantern-hooks';
import { isJsonObject, type JsonValue } from './json-value';

export interface HooksInspection {
  installed: string[];
  missing: string[];
  /** Lantern handlers posting to another URL (port) than the current one. */
  wrongUrl: FoundHandler[];
  /** Lantern handlers sending another token than the current one (or none). */
  wrongToken: FoundHandler[];
  /** Events with more than one Lantern handler: Claude Code would post twice. */
  duplicated: string[];
}

/** Pure: how the settings' Lantern hooks compare with what the current config expects. */
export function inspectLanternHooks(settings: JsonValue, port: number, token: string | null): HooksInspection {
  const found = findLanternHandlers(settings);
  const url = hookUrl(port);
  const events = new Set(found.map((f) => f.event));
  const count = (e: string) => found.filter((f) => f.event === e).length;
  return {
    installed: LANTERN_HOOK_EVENTS.filter((e) => events.has(e)),
    missing: LANTERN_HOOK_EVENTS.filter((e) => !events.has(e)),
    wrongUrl: found.filter((f) => f.handler.url !== url),
    wrongToken: found.filter((f) => token === null || handlerToken(f.handler) !== token),
    duplicated: [...events].filter((e) => count(e) > 1),
  };
}

export type Probe =
  | { state: 'answering' }
  | { state: 'rejected'; status: number }
  | { state: 'foreign'; status: number }
  | { state: 'down'; reason: string };

/** GET /api/health with the token and a 1 s timeout. */
export async function probeLantern(port: number, token: string | null, timeoutMs = 1000): Promise<Probe> {
  try {
    const res = await fetch(`http://127.0.0.1:${port}/api/health`, {
      headers: token ? { 'X-Token': token } : {},
      signal: AbortSignal.timeout(timeoutMs),
    });
    await res.body?.cancel();
    if (res.ok) return { state: 'answering' };
    return res.status === 401 ? { state: 'rejected', status: 401 } : { state: 'foreign', status: res.status };
  } catch (err) {
    const e = err as Error & { cause?: { code?: string } };
    const code = e.cause?.code;
    const reason = e.name === 'TimeoutError' ? `no answer within ${timeoutMs / 1000} s` : code === 'ECONNREFUSED' ? 'connection refused' : (code ?? e.message);
    return { state: 'down', reason };
  }
}

export async function runHooksStatus(opts: HooksOptions, io: HooksIo): Promise<number> {
  const ctx = hooksContext(opts);
  const token = peekToken(ctx);
  const file = readSettings(ctx.settingsFile);
  const url = hookUrl(ctx.port);
  const base = `http://127.0.0.1:${ctx.port}`;
  let ok = true;
  const problem = (line: string) => {
    ok = false;
    io.out(`  ✗ ${line}\n`);
  };

  io.out(`Claude Code settings: ${file.path}${file.exists ? '' : ' (does not exist)'}\n`);
  const r = inspectLanternHooks(file.value, ctx.port, token);
  const total = LANTERN_HOOK_EVENTS.length;
  io.out(`Lantern's hook is installed for ${r.installed.length} of ${total} events${r.installed.length ? ` (expected URL ${url})` : ''}\n`);
  if (r.missing.length) problem(`missing: ${r.missing.join(', ')}`);
  for (const [wrongUrl, found] of groupBy(r.wrongUrl, (f) => String(f.handler.url))) {
    problem(`${eventList(found, r.installed)} post${found.length === 1 ? 's' : ''} to ${wrongUrl}, not ${url} (current port ${ctx.port})`);
  }
  if (token === null) problem(`no token yet in ${ctx.tokenSource}: Lantern will generate a new one on first start`);
  else if (r.wrongToken.length) problem(`${eventList(r.wrongToken, r.installed)}: the X-Token header differs from the token in ${ctx.tokenSource}`);
  if (isJsonObject(file.value) && file.value.disableAllHooks === true) problem('"disableAllHooks" is true in this file: Claude Code runs no hooks at all');
  if (r.duplicated.length) problem(`more than one Lantern hook on ${r.duplicated.join(', ')} (each event would be posted twice)`);
  if (r.installed.length && token !== null && !r.wrongToken.length && !r.wrongUrl.length) io.out(`  ✓ URL, port and token match the current config\n`);
  if (r.installed.length && readableByOthers(file.path)) io.out(`  ! ${file.path} is readable by other users and holds the token: chmod 600 it\n`);

  const probe = await probeLantern(ctx.port, token);
  if (probe.state === 'answering') io.out(`Lantern is answering at ${base}\n`);
  else if (probe.state === 'down') io.out(`Lantern is not running at ${base} (hooks are non-blocking; Claude Code is unaffected): ${probe.reason}\n`);
  else if (probe.state === 'rejected') problem(`Lantern at ${base} rejects the token from ${ctx.tokenSource}: it runs with another token (--token, or another --data-dir)`);
  else problem(`something other than Lantern answers at ${base} (HTTP ${probe.status} on /api/health): is another program using port ${ctx.port}?`);

  io.out(ok ? 'OK\n' : 'Run `lantern hooks install` (with the same --port / --data-dir / --token as `lantern serve`) to fix.\n');
  return ok ? 0 : 1;
}

/** "all 14 events", or the events in Lantern's order (then any others). */
function eventList(found: FoundHandler[], installed: string[]): string {
  const events = new Set(found.map((f) => f.event));
  if (installed.length === LANTERN_HOOK_EVENTS.length && installed.every((e) => events.has(e)) && events.size === installed.length) {
    return `all ${installed.length} events`;
  }
  const order = (e: string) => (LANTERN_HOOK_EVENTS as readonly string[]).indexOf(e) >>> 0;
  return [...events].sort((a, b) => order(a) - order(b)).join(', ');
}

function groupBy(found: FoundHandler[], key: (f: FoundHandler) => string): Map<string, FoundHandler[]> {
  const out = new Map<string, FoundHandler[]>();
  for (const f of found) out.set(key(f), [...(out.get(key(f)) ?? []), f]);
  return out;
}
