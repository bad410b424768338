/**
 * A temporary Claude Code config dir for the browser tests: the project's own transcript fixtures
 * (test/fixtures/claude) laid out the way Claude Code writes them, plus generated sessions built
 * with the line builders of claude-lines.ts: a "hostile" one whose text tries every way into the
 * DOM, and a "running" one (written just now) with a sub-agent. Nothing comes from a real user.
 */
import fs from 'node:fs';
import path from 'node:path';
import { assistantTextLine, promptLine, toolResultLine, toolUseLine, type LineOpts } from './claude-lines';
import { tempDir } from './temp-dir';

const FIXTURES = path.resolve(__dirname, '../fixtures/claude');
/** The session id inside every fixture's records. */
const FIXTURE_SESSION = '7d3f0a52-1c4e-4b8a-9f60-2e5d8c1b7a90';

/** Hostile strings: each must reach the screen as text and never as markup or a dialog. */
export const HOSTILE = {
  img: '<img src=x onerror=alert(1)>',
  script: '<script>alert(2)</script>',
  link: '[click](javascript:alert(3))',
  iframe: '<iframe src="https://example.com">',
  ansiColour: '\u001b[31mred\u001b[0m',
  ansiTitle: '\u001b]0;title\u0007',
} as const;
export const HOSTILE_HTML = [HOSTILE.img, HOSTILE.script, HOSTILE.iframe] as const;
const HOSTILE_TEXT = Object.values(HOSTILE).join(' ');

export interface FixtureSession {
  /** Claude Code session id (the transcript's file name). */
  sessionId: string;
  /** Lantern's agent id, `claude:<session>`. */
  agentId: string;
  /** The transcript path. */
  file: string;
  /** Working directory in the records; the agent list shows its last segment as the project. */
  cwd: string;
}

export interface UiFixture {
  /** The temp root: `claude/` (the Claude config dir) and room for a data dir beside it. */
  root: string;
  claudeDir: string;
  /** Sessions copied from test/fixtures/claude, by fixture name. */
  copied: Record<'task' | 'basic' | 'records' | 'edge' | 'inline', FixtureSession>;
  /** The sub-agent file of the `task` fixture (`<session>/subagents/agent-b81c3e9.jsonl`). */
  taskSubAgent: FixtureSession;
  hostile: FixtureSession;
  /** Written with the current time, so it is `running` for the running window (90 s) after the last write. */
  running: FixtureSession;
  runningSubAgent: FixtureSession;
  /** Distinct projects (last cwd segment) among the fixture agents. */
  projects: string[];
  /** Appends whole lines (a trailing newline each) to a transcript, as Claude Code does. */
  append(file: string, ...lines: string[]): void;
  /** A new assistant line for a session, stamped now, with a unique text (returned). */
  assistantLine(s: FixtureSession, text: string): string;
  promptLine(s: FixtureSession, text: string): string;
  cleanup(): void;
}

let msgSeq = 0;
const nextMsg = () => {
  msgSeq++;
  return { id: `msg_ui_${msgSeq}`, requestId: `req_ui_${msgSeq}` };
};

/** A fixed, valid v4-shaped UUID per label, so agent ids are readable in failures. */
function sessionUuid(n: number): string {
  return `5e55${String(n).padStart(4, '0')}-0000-4000-8000-${String(n).padStart(12, '0')}`;
}

function writeLines(file: string, lines: string[]): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, lines.map((l) => `${l}\n`).join(''));
}

/** Turns a main-session line into a sub-agent's line (2.1.x layout: `isSidechain` and `agentId`). */
function asSidechain(line: string, agentId: string): string {
  return JSON.stringify({ ...(JSON.parse(line) as Record<string, unknown>), isSidechain: true, agentId });
}

function session(claudeDir: string, project: string, sessionId: string, cwd: string): FixtureSession {
  return { sessionId, agentId: `claude:${sessionId}`, file: path.join(claudeDir, 'projects', project, `${sessionId}.jsonl`), cwd };
}

export function buildUiFixture(): UiFixture {
  const tmp = tempDir('lantern-ui-');
  const claudeDir = path.join(tmp.path, 'claude');
  const copy = (name: string, to: string) => {
    fs.mkdirSync(path.dirname(to), { recursive: true });
    fs.copyFileSync(path.join(FIXTURES, name), to);
  };

  // The fixtures all name one session in their records; the file name decides a session's id, so
  // each is copied under its own id (the `task` one keeps the real id so its sub-agent links up).
  const fixtureCwd = '/home/dev/my.app';
  const copied: UiFixture['copied'] = {
    task: session(claudeDir, '-home-dev-my-app', FIXTURE_SESSION, fixtureCwd),
    basic: session(claudeDir, '-home-dev-basic', sessionUuid(1), fixtureCwd),
    records: session(claudeDir, '-home-dev-records', sessionUuid(2), fixtureCwd),
    edge: session(claudeDir, '-home-dev-edge', sessionUuid(3), fixtureCwd),
    inline: session(claudeDir, '-home-dev-inline', sessionUuid(4), fixtureCwd),
  };
  copy('session-task.jsonl', copied.task.file);
  copy('session-basic.jsonl', copied.basic.file);
  copy('session-records.jsonl', copied.records.file);
  copy('session-edge.jsonl', copied.edge.file);
  copy('inline-sidechains.jsonl', copied.inline.file);
  const taskSubAgent: FixtureSession = {
    sessionId: FIXTURE_SESSION,
    agentId: `claude:${FIXTURE_SESSION}/b81c3e9`,
    file: path.join(claudeDir, 'projects', '-home-dev-my-app', FIXTURE_SESSION, 'subagents', 'agent-b81c3e9.jsonl'),
    cwd: fixtureCwd,
  };
  copy('subagent.jsonl', taskSubAgent.file);
  // A 2.0.x sub-agent file beside the sessions, named by the session in its records.
  copy('legacy-agent.jsonl', path.join(claudeDir, 'projects', '-home-dev-my-app', 'agent-5f0e2a91.jsonl'));

  // Hostile: every text field an agent controls carries markup, a javascript: link and ANSI escapes.
  const hostile = session(claudeDir, '-home-dev-hostile', sessionUuid(5), '/home/dev/hostile');
  const h: LineOpts = { session: hostile.sessionId, cwd: hostile.cwd, ts: '2026-03-04T09:00:00.000Z' };
  const at = (s: number): LineOpts => ({ ...h, ts: new Date(Date.parse('2026-03-04T09:00:00.000Z') + s * 1000).toISOString() });
  writeLines(hostile.file, [
    promptLine(at(0), `hostile prompt ${HOSTILE_TEXT}`),
    assistantTextLine(at(1), `hostile answer ${HOSTILE.img} ${HOSTILE.script} ${HOSTILE.link} ${HOSTILE.iframe} ${HOSTILE.ansiColour} ${HOSTILE.ansiTitle}`, nextMsg()),
    toolUseLine(at(2), 'toolu_hostile_1', 'Bash', { command: `echo '${HOSTILE_TEXT}'`, description: HOSTILE.img }, nextMsg()),
    toolResultLine(at(3), 'toolu_hostile_1', `hostile output ${HOSTILE.ansiColour}\n${HOSTILE.ansiTitle}\n${HOSTILE.script}\n${HOSTILE.iframe}\n${HOSTILE.img}\n${HOSTILE.link}`),
    assistantTextLine(at(4), `hostile done <a href="javascript:alert(4)">x</a> <a href="https://example.com/page">external</a>`, nextMsg()),
  ]);

  // Running: written now (mtime and timestamps), with a 2.1.x sub-agent file.
  const running = session(claudeDir, '-home-dev-live-app', sessionUuid(6), '/home/dev/live-app');
  const now = Date.now();
  const r = (offsetS: number): LineOpts => ({ session: running.sessionId, cwd: running.cwd, ts: new Date(now - offsetS * 1000).toISOString() });
  writeLines(running.file, [
    promptLine(r(30), 'Refactor the billing module and run the tests'),
    toolUseLine(r(28), 'toolu_running_task', 'Task', { description: 'Read billing', prompt: 'Read src/billing and summarise', subagent_type: 'Explore' }, nextMsg()),
    toolUseLine(r(20), 'toolu_running_bash', 'Bash', { command: 'npm test' }, nextMsg()),
    toolResultLine(r(10), 'toolu_running_bash', 'Tests: 12 passed\n'),
    assistantTextLine(r(5), 'The tests pass; now splitting the module.', nextMsg()),
  ]);
  const runningSubAgent: FixtureSession = {
    sessionId: running.sessionId,
    agentId: `claude:${running.sessionId}/a1b2c3d`,
    file: path.join(claudeDir, 'projects', '-home-dev-live-app', running.sessionId, 'subagents', 'agent-a1b2c3d.jsonl'),
    cwd: running.cwd,
  };
  writeLines(runningSubAgent.file, [
    asSidechain(promptLine(r(27), 'Read src/billing and summarise'), 'a1b2c3d'),
    asSidechain(toolUseLine(r(26), 'toolu_sub_glob', 'Glob', { pattern: 'src/billing/**' }, nextMsg()), 'a1b2c3d'),
    asSidechain(toolResultLine(r(25), 'toolu_sub_glob', 'src/billing/index.ts\nsrc/billing/tax.ts\n'), 'a1b2c3d'),
  ]);

  // Everything but the running session was last written long ago, as old transcripts are: their
  // states come from their last records (idle, done, stale), not from a fresh mtime.
  const old = new Date('2026-03-05T12:00:00.000Z');
  for (const s of [...Object.values(copied), taskSubAgent, hostile]) fs.utimesSync(s.file, old, old);
  fs.utimesSync(path.join(claudeDir, 'projects', '-home-dev-my-app', 'agent-5f0e2a91.jsonl'), old, old);

  const append = (file: string, ...lines: string[]) => fs.appendFileSync(file, lines.map((l) => `${l}\n`).join(''));
  const opts = (s: FixtureSession): LineOpts => ({ session: s.sessionId, cwd: s.cwd, ts: new Date().toISOString() });
  return {
    root: tmp.path,
    claudeDir,
    copied,
    taskSubAgent,
    hostile,
    running,
    runningSubAgent,
    projects: ['my.app', 'hostile', 'live-app'],
    append,
    assistantLine: (s, text) => assistantTextLine(opts(s), text, nextMsg()),
    promptLine: (s, text) => promptLine(opts(s), text),
    cleanup: tmp.cleanup,
  };
}

/** The scheduled jobs of the Jobs browser test, as `lantern serve --crontab/--systemd-user-dir/--launch-agents-dir` read them. */
export interface JobsFixture {
  root: string;
  crontab: string;
  systemdDir: string;
  launchAgentsDir: string;
  /** The log both crontab agent jobs append to. */
  log: string;
  /** The crontab line's command the test starts itself, so the engine finds the job running. */
  runningCommand: string;
  /** A line in the crontab that runs no agent and must not be listed. */
  backupCommand: string;
  /** The lines the log starts with (an ANSI colour and a hostile one among them), oldest first. */
  logLines: string[];
  appendLog(...lines: string[]): void;
  /** `lantern serve` flags that read exactly these schedules, checked every second. */
  serveArgs(): string[];
  cleanup(): void;
}

/**
 * A crontab with two agent jobs (a `*\/15` one running `claude`, and one whose command the test
 * runs itself) and a backup line that is no agent job; a systemd user timer + service running
 * `codex`; an empty LaunchAgents dir. The log holds enough lines to scroll, then an ANSI-coloured
 * one and a hostile one.
 */
export function buildJobsFixture(): JobsFixture {
  const tmp = tempDir('lantern-jobs-');
  const root = tmp.path;
  const log = path.join(root, 'logs', 'agent.log');
  const crontab = path.join(root, 'crontab');
  const systemdDir = path.join(root, 'systemd-user');
  const launchAgentsDir = path.join(root, 'LaunchAgents');
  for (const d of [path.dirname(log), systemdDir, launchAgentsDir]) fs.mkdirSync(d, { recursive: true });

  const logLines = [...Array.from({ length: 60 }, (_, i) => `triage step ${i + 1}`), `status ${HOSTILE.ansiColour} ok`, HOSTILE.img, 'last line before the test'];
  writeLines(log, logLines);
  const runningCommand = `sleep 300 && claude -p hi >> ${log} 2>&1`;
  const backupCommand = '/usr/bin/backup';
  writeLines(crontab, [
    '# Lantern jobs browser test',
    'SHELL=/bin/sh',
    `*/15 * * * * cd ${root} && claude -p "triage the new issues" >> ${log} 2>&1`,
    `30 4 * * * ${runningCommand}`,
    `0 3 * * * ${backupCommand}`,
  ]);
  writeLines(path.join(systemdDir, 'nightly.timer'), ['[Unit]', 'Description=Nightly codex triage', '', '[Timer]', 'OnCalendar=*-*-* 02:00:00', '', '[Install]', 'WantedBy=timers.target']);
  writeLines(path.join(systemdDir, 'nightly.service'), ['[Unit]', 'Description=Nightly codex triage', '', '[Service]', 'Type=oneshot', 'ExecStart=/usr/bin/codex exec "triage"']);

  return {
    root,
    crontab,
    systemdDir,
    launchAgentsDir,
    log,
    runningCommand,
    backupCommand,
    logLines,
    appendLog: (...lines) => fs.appendFileSync(log, lines.map((l) => `${l}\n`).join('')),
    serveArgs: () => ['--crontab', crontab, '--systemd-user-dir', systemdDir, '--launch-agents-dir', launchAgentsDir, '--jobs-interval', '1'],
    cleanup: tmp.cleanup,
  };
}
