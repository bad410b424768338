/**
 * The jobs service over real files and real programs: a systemd timer and a launchd plist read
 * from temp dirs, with fake `systemctl`, `journalctl` and `launchctl` executables (shell scripts
 * printing what the real ones print) run through the real command runner.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JobsSnapshot } from '../../../src/shared/jobs';
import { DEFAULT_SETTINGS, type Settings } from '../../../src/shared/settings';
import { createBus } from '../../../src/engine/bus';
import { createJobsService, JobNotFoundError, type JobsService } from '../../../src/engine/jobs/jobs-service';
import { runCommand } from '../../../src/engine/jobs/run-command';
import { silentLogger } from '../../../src/engine/logger';
import { tempDir } from '../../helpers/temp-dir';

const dir = tempDir('lantern-jobs-service-');
const systemdDir = path.join(dir.path, 'systemd');
const agentsDir = path.join(dir.path, 'LaunchAgents');
const binDir = path.join(dir.path, 'bin');
const NOW = Date.parse('2026-11-21T12:00:00Z');
const NEXT = Date.parse('2026-11-22T02:00:07Z') / 1000; // systemd's own next elapse (RandomizedDelaySec)

function script(name: string, body: string) {
  const p = path.join(binDir, name);
  fs.writeFileSync(p, `#!/bin/sh\n${body}\n`, { mode: 0o755 });
}

let jobsSettings: Settings['jobs'] = { ...DEFAULT_SETTINGS.jobs };
let service: JobsService;
const emitted: JobsSnapshot[] = [];

beforeAll(() => {
  fs.mkdirSync(systemdDir, { recursive: true });
  fs.mkdirSync(agentsDir, { recursive: true });
  fs.mkdirSync(binDir, { recursive: true });
  fs.writeFileSync(path.join(systemdDir, 'triage.timer'), '[Unit]\nDescription=Nightly triage\n[Timer]\nOnCalendar=*-*-* 02:00:00\nRandomizedDelaySec=1min\n');
  fs.writeFileSync(path.join(systemdDir, 'triage.service'), '[Service]\nExecStart=/usr/bin/codex exec "triage the inbox"\n');
  fs.writeFileSync(path.join(systemdDir, 'backup.timer'), '[Timer]\nOnCalendar=daily\n');
  fs.writeFileSync(path.join(systemdDir, 'backup.service'), '[Service]\nExecStart=/usr/bin/restic backup /home\n');
  fs.writeFileSync(
    path.join(agentsDir, 'com.me.review.plist'),
    `<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">
<plist version="1.0"><dict>
  <key>Label</key><string>com.me.review</string>
  <key>ProgramArguments</key><array><string>/opt/homebrew/bin/claude</string><string>-p</string><string>review</string></array>
  <key>StartCalendarInterval</key><dict><key>Hour</key><integer>9</integer><key>Minute</key><integer>30</integer></dict>
</dict></plist>
`,
  );
  script(
    'systemctl',
    `cat <<'OUT'
Id=triage.timer
ActiveState=active
NextElapseUSecRealtime=@${NEXT}
LastTriggerUSec=@1763604000

Id=triage.service
ActiveState=inactive
MainPID=0
ExecMainCode=1
ExecMainStatus=75
ExecMainStartTimestamp=@1763604000
ExecMainExitTimestamp=@1763604300
Result=exit-code
OUT`,
  );
  script('journalctl', 'printf "starting triage\\n\\033[31merror\\033[0m: 3 issues left\\n"');
  script('launchctl', 'printf "PID\\tStatus\\tLabel\\n4242\\t0\\tcom.me.review\\n-\\t0\\tcom.apple.other\\n"');
  const bus = createBus();
  bus.on('jobs', (s) => emitted.push(s));
  service = createJobsService({
    options: {
      discover: false,
      systemdDir,
      launchAgentsDir: agentsDir,
      timeZone: 'America/New_York',
      run: (file, args, o) => runCommand(path.join(binDir, path.basename(file)), args, o),
    },
    bus,
    clock: { now: () => NOW },
    logger: silentLogger,
    settings: () => jobsSettings,
    runDir: path.join(dir.path, 'data', 'run'),
    runsFile: path.join(dir.path, 'data', 'run', 'runs.jsonl'),
    claudeSessions: () => [],
    agentIdOf: () => null,
  });
});
afterAll(() => dir.cleanup());

describe('jobs service', () => {
  it('joins definitions with the schedulers’ live state', async () => {
    const snap = await service.check();
    expect(snap.timeZone).toBe('America/New_York');
    // Soonest first: 09:30 in New York today comes before tomorrow's 02:00.
    expect(snap.jobs.map((j) => j.id)).toEqual(['launchd:com.me.review', 'systemd:triage.timer']);
    const [review, triage] = snap.jobs;
    expect(triage).toMatchObject({
      kind: 'systemd',
      label: 'Nightly triage',
      command: "/usr/bin/codex exec 'triage the inbox'",
      nextRun: new Date(NEXT * 1000).toISOString(), // systemd's answer beats our computation
      running: false,
      pids: [],
      lastExit: { code: 75, signal: null, kind: 'failed', at: new Date(1763604300 * 1000).toISOString(), from: 'systemd' },
      logPath: null,
    });
    expect(review).toMatchObject({
      kind: 'launchd',
      running: true,
      pids: [4242],
      lastExit: { code: 0, kind: 'success', at: null, from: 'launchd' },
      nextRun: '2026-11-21T14:30:00.000Z', // 09:30 in New York (07:00 there now)
    });
    expect(snap.sources.find((s) => s.kind === 'systemd')).toMatchObject({ ok: true, live: true });
    expect(snap.sources.find((s) => s.kind === 'launchd')).toMatchObject({ ok: true, live: true });
  });

  it('announces the table only when it changed, and applies the skip code at the next check', async () => {
    const before = emitted.length;
    await service.check();
    expect(emitted.length).toBe(before);
    jobsSettings = { ...jobsSettings, skipExitCode: 75 };
    const snap = await service.check();
    expect(emitted.length).toBe(before + 1);
    expect(snap.jobs.find((j) => j.kind === 'systemd')!.lastExit).toMatchObject({ code: 75, kind: 'skipped' });
  });

  it('lists jobs a pattern names, and drops them again', async () => {
    jobsSettings = { ...jobsSettings, patterns: ['/restic/'] };
    expect((await service.check()).jobs.map((j) => j.id)).toContain('systemd:backup.timer');
    jobsSettings = { ...jobsSettings, patterns: [] };
    expect((await service.check()).jobs.map((j) => j.id)).not.toContain('systemd:backup.timer');
  });

  it('reads a systemd service without a log file from the journal', async () => {
    const log = await service.log('systemd:triage.timer', 80);
    expect(log).toMatchObject({ from: 'journal', path: null, lines: ['starting triage', '\u001b[31merror\u001b[0m: 3 issues left'] });
    const none = await service.log('launchd:com.me.review', 80);
    expect(none).toMatchObject({ from: 'none', lines: [] });
    expect(none.note).toMatch(/StandardOutPath/);
    await expect(service.log('cron:nope', 80)).rejects.toBeInstanceOf(JobNotFoundError);
  });
});
