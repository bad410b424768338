import type { RunRecord } from '../../src/cli/run/record';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { procStartTicks } from '../../src/engine/liveness/process-alive';
import { readSidecars, sidecarDirOf, writeSidecar, type Sidecar } from '../../src/engine/sidecars';
import { startCli, type CliRun } from '../helpers/lantern-cli';
import { tempDir } from '../helpers/temp-dir';
import { waitFor } from '../helpers/wait-for';

// The real wrapper (`node bin/lantern.js run`, built by test/global-setup.ts) around real child processes: exit codes, sidecars, stdout passthrough,
// stream-json outcomes, signals, and session-id injection for a (fake) `claude`.

const tmp = tempDir('lantern-run-');
const FIXTURE = path.resolve(__dirname, '../fixtures/stream-json/claude-p-run.jsonl');
const FIXTURE_SESSION = '5b0e6c1a-2f3d-4e5f-8a9b-0c1d2e3f4a5b';
let n = 0;

afterAll(() => tmp.cleanup());

/** A runs.jsonl line, as `lantern run` writes it. */
type RunRecordLine = RunRecord;

/** A fresh data dir and fake home per run, so nothing reads or writes the real ~/.claude. */
function sandbox() {
  const root = path.join(tmp.path, `case-${++n}`);
  const claudeDir = path.join(root, 'claude');
  fs.mkdirSync(claudeDir, { recursive: true });
  const env: NodeJS.ProcessEnv = { ...process.env, HOME: root, CLAUDE_CONFIG_DIR: claudeDir };
  for (const k of ['LANTERN_DATA_DIR', 'LANTERN_SKIP_EXIT_CODE', 'LANTERN_ATTEMPT', 'LANTERN_SESSION_ID']) delete env[k];
  const dataDir = path.join(root, 'data');
  return {
    root,
    claudeDir,
    dataDir,
    env,
    run: (args: string[], extraEnv: NodeJS.ProcessEnv = {}): CliRun =>
      startCli(['run', '--data-dir', dataDir, ...args], { env: { ...env, ...extraEnv }, cwd: root }),
    records: (): RunRecordLine[] => {
      const file = path.join(dataDir, 'run', 'runs.jsonl');
      if (!fs.existsSync(file)) return [];
      return fs.readFileSync(file, 'utf8').trim().split('\n').filter(Boolean).map((l) => JSON.parse(l) as RunRecordLine);
    },
    sidecarFiles: () => fs.readdirSync(sidecarDirOf(path.join(dataDir, 'run'))),
  };
}

const node = (code: string) => ['--', process.execPath, '-e', code];

describe('lantern run: exit codes and records', () => {
  it.each([
    { exit: 0, args: [] as string[], env: {}, kind: 'success' },
    { exit: 3, args: [], env: {}, kind: 'failed' },
    { exit: 4, args: ['--skip-exit-code', '4'], env: {}, kind: 'skipped' },
    { exit: 5, args: [], env: { LANTERN_SKIP_EXIT_CODE: '5' }, kind: 'skipped' },
  ])('exit $exit → wrapper exits $exit, $kind recorded, sidecar gone', async ({ exit, args, env, kind }) => {
    const s = sandbox();
    const r = await s.run([...args, '--tag', 'nightly', ...node(`console.log(process.env.LANTERN_SESSION_ID); process.exit(${exit})`)], { ...env, LANTERN_ATTEMPT: '2' }).done;
    expect(r.code).toBe(exit);
    expect(s.sidecarFiles()).toEqual([]);
    const recs = s.records();
    expect(recs).toHaveLength(1);
    expect(recs[0]).toMatchObject({ tag: 'nightly', attempt: 2, cwd: s.root, outcome: { kind, exitCode: exit, signal: null } });
    expect(recs[0].sessionId).toBe(r.stdout.toString().trim()); // the id exported to the child
    expect(recs[0].outcome.result).toBeUndefined();
    expect(recs[0].command.slice(-2)).toEqual(['-e', `console.log(process.env.LANTERN_SESSION_ID); process.exit(${exit})`]);
  });

  it('keeps a 0600 sidecar describing the run while it runs', async () => {
    const s = sandbox();
    const run = s.run(['--tag', 'watch', ...node('console.log("ready"); setTimeout(() => {}, 60000)')]);
    await waitFor(() => run.stdout().includes('ready'), 10_000, 'child output');
    const [file] = s.sidecarFiles();
    expect(file).toBe(`${run.child.pid}.json`);
    const full = path.join(s.dataDir, 'run', 'sidecars', file);
    expect(fs.statSync(full).mode & 0o777).toBe(0o600);
    const sc = JSON.parse(fs.readFileSync(full, 'utf8')) as Sidecar;
    expect(sc).toMatchObject({ tag: 'watch', pid: run.child.pid, attempt: 1, cwd: s.root, procStart: procStartTicks(run.child.pid!) });
    expect(sc.childPid).toBeGreaterThan(0);
    expect(readSidecars(path.join(s.dataDir, 'run')).map((x) => x.sessionId)).toEqual([sc.sessionId]);
    run.child.kill('SIGTERM');
    expect((await run.done).code).toBe(143);
    expect(s.sidecarFiles()).toEqual([]);
  });

  it('a command that cannot start exits 127 and is recorded as failed', async () => {
    const s = sandbox();
    const r = await s.run(['--', path.join(s.root, 'no-such-command')]).done;
    expect(r.code).toBe(127);
    expect(r.stderr).toMatch(/cannot start/);
    expect(s.records()[0].outcome).toMatchObject({ kind: 'failed', exitCode: 127 });
    expect(s.sidecarFiles()).toEqual([]);
  });
});

describe('lantern run: stdout', () => {
  it('passes large binary-ish output through byte for byte', async () => {
    const s = sandbox();
    // 6 MB of every byte value (newlines, invalid UTF-8, NULs) in uneven chunks.
    const gen = `const b=Buffer.alloc(6e6);for(let i=0;i<b.length;i++)b[i]=(i*7919+(i>>9))%256;
      let o=0;(function w(){while(o<b.length){const n=Math.min(b.length-o,1+((o*31)%70000));const ok=process.stdout.write(b.subarray(o,o+n));o+=n;if(!ok)return process.stdout.once('drain',w);}})();`;
    const r = await s.run(node(gen)).done;
    expect(r.code).toBe(0);
    const expected = Buffer.alloc(6e6);
    for (let i = 0; i < expected.length; i++) expected[i] = (i * 7919 + (i >> 9)) % 256;
    expect(r.stdout.length).toBe(expected.length);
    expect(createHash('sha256').update(r.stdout).digest('hex')).toBe(createHash('sha256').update(expected).digest('hex'));
  });

  it('records cost, usage and the real session id from a stream-json result line', async () => {
    const s = sandbox();
    const r = await s.run(node(`process.stdout.write(require('fs').readFileSync(${JSON.stringify(FIXTURE)}))`)).done;
    expect(r.code).toBe(0);
    expect(r.stdout.equals(fs.readFileSync(FIXTURE))).toBe(true);
    const [rec] = s.records();
    expect(rec.sessionId).toBe(FIXTURE_SESSION); // system/init named another session than ours
    expect(rec.outcome).toMatchObject({ kind: 'success', exitCode: 0 });
    expect(rec.outcome.result).toEqual({
      subtype: 'success',
      isError: false,
      totalCostUsd: 0.0421,
      numTurns: 3,
      durationMs: 41250,
      modelUsage: {
        'claude-sonnet-4-5': { inputTokens: 32, outputTokens: 49, cacheReadInputTokens: 8100, cacheCreationInputTokens: 0, costUSD: 0.0401 },
        'claude-haiku-4-5': { inputTokens: 300, outputTokens: 20, cacheReadInputTokens: 0, cacheCreationInputTokens: 0, costUSD: 0.002 },
      },
      permissionDenials: [{ toolName: 'Edit', toolUseId: 'toolu_02' }],
    });
  });

  it('a run killed before its result line has no cost, and its sidecar follows the init session id', async () => {
    const s = sandbox();
    const lines = fs.readFileSync(FIXTURE, 'utf8').split('\n').filter(Boolean);
    const partial = path.join(s.root, 'partial.jsonl');
    fs.writeFileSync(partial, lines.slice(0, -1).join('\n') + '\n');
    const run = s.run(node(`process.stdout.write(require('fs').readFileSync(${JSON.stringify(partial)})); setInterval(() => {}, 1000)`));
    await waitFor(() => run.stdout().includes('"end_turn"'), 10_000, 'stream output');
    await waitFor(() => s.sidecarFiles().length === 1 && fs.readFileSync(path.join(s.dataDir, 'run', 'sidecars', s.sidecarFiles()[0]), 'utf8').includes(FIXTURE_SESSION), 10_000, 'sidecar update');
    run.child.kill('SIGTERM');
    const r = await run.done;
    expect(r.code).toBe(143);
    const [rec] = s.records();
    expect(rec.sessionId).toBe(FIXTURE_SESSION);
    expect(rec.outcome).toMatchObject({ kind: 'killed', signal: 'SIGTERM', exitCode: null });
    expect(rec.outcome.result).toBeUndefined();
  });
});

describe('lantern run: signals and crashes', () => {
  it('forwards SIGTERM to the child and exits 143', async () => {
    const s = sandbox();
    const run = s.run(node(`process.on('SIGTERM', () => { console.log('child got SIGTERM'); process.exit(143); }); console.log('ready'); setInterval(() => {}, 1000);`));
    await waitFor(() => run.stdout().includes('ready'), 10_000, 'child ready');
    run.child.kill('SIGTERM');
    const r = await run.done;
    expect(r.code).toBe(143);
    expect(r.stdout.toString()).toContain('child got SIGTERM');
    expect(s.records()[0].outcome).toMatchObject({ kind: 'killed', exitCode: 143, signal: 'SIGTERM' });
    expect(s.sidecarFiles()).toEqual([]);
  });

  it('a SIGKILLed wrapper leaves its sidecar, which the next read collects', async () => {
    const s = sandbox();
    const run = s.run(node('console.log("ready"); setInterval(() => {}, 1000)'));
    await waitFor(() => run.stdout().includes('ready'), 10_000, 'child ready');
    const runDir = path.join(s.dataDir, 'run');
    const [live] = readSidecars(runDir);
    expect(live.pid).toBe(run.child.pid);
    run.child.kill('SIGKILL');
    await run.exited;
    try {
      expect(s.sidecarFiles()).toEqual([`${live.pid}.json`]); // nobody could remove it
      expect(readSidecars(runDir)).toEqual([]);
      expect(s.sidecarFiles()).toEqual([]);
    } finally {
      process.kill(live.childPid!, 'SIGKILL'); // the orphaned command
      await run.done;
    }
  });

  it('does not take a reused pid for the wrapper (start time differs)', () => {
    const s = sandbox();
    const runDir = path.join(s.dataDir, 'run');
    const base: Sidecar = { sessionId: 'abc', tag: null, pid: process.pid, procStart: null, childPid: null, startedAt: new Date().toISOString(), attempt: 1, command: ['x'], cwd: '/' };
    const real = procStartTicks(process.pid);
    writeSidecar(runDir, { ...base, procStart: real });
    expect(readSidecars(runDir)).toHaveLength(1); // alive, same process: kept
    if (real === null) return; // no /proc: start times cannot be compared here
    writeSidecar(runDir, { ...base, procStart: String(Number(real) + 12345) });
    expect(readSidecars(runDir)).toEqual([]);
    expect(s.sidecarFiles()).toEqual([]);
  });
});

describe('lantern run: Claude Code session ids', () => {
  function fakeClaude(s: ReturnType<typeof sandbox>) {
    const bin = path.join(s.root, 'bin');
    fs.mkdirSync(bin, { recursive: true });
    const script = path.join(bin, 'claude');
    // Prints its argv and writes a transcript where Claude Code would, for the session it was given.
    fs.writeFileSync(
      script,
      `#!${process.execPath}
const fs = require('fs'), path = require('path');
const args = process.argv.slice(2);
const i = args.indexOf('--session-id');
const id = i >= 0 ? args[i + 1] : process.env.LANTERN_SESSION_ID;
const dir = path.join(process.env.CLAUDE_CONFIG_DIR, 'projects', '-work-widget');
fs.mkdirSync(dir, { recursive: true });
fs.writeFileSync(path.join(dir, id + '.jsonl'), JSON.stringify({ type: 'user', sessionId: id }) + '\\n');
console.log(JSON.stringify({ args, env: process.env.LANTERN_SESSION_ID }));
`,
      { mode: 0o755 },
    );
    return { bin, script };
  }

  it('injects --session-id, exports it, and archives the transcript', async () => {
    const s = sandbox();
    const { bin } = fakeClaude(s);
    const r = await s.run(['--', 'claude', '-p', 'fix the bug'], { PATH: `${bin}${path.delimiter}${process.env.PATH}` }).done;
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout.toString()) as { args: string[]; env: string };
    expect(out.args.slice(0, 2)).toEqual(['-p', 'fix the bug']);
    expect(out.args.slice(2, 3)).toEqual(['--session-id']);
    expect(out.args[3]).toMatch(/^[0-9a-f-]{36}$/);
    expect(out.env).toBe(out.args[3]);
    const [rec] = s.records();
    expect(rec.sessionId).toBe(out.args[3]);
    expect(rec.command).toEqual(['claude', '-p', 'fix the bug', '--session-id', out.args[3]]);
    const archived = path.join(s.dataDir, 'archive', `${rec.sessionId}.jsonl`);
    expect(fs.readFileSync(archived, 'utf8')).toBe(fs.readFileSync(path.join(s.claudeDir, 'projects', '-work-widget', `${rec.sessionId}.jsonl`), 'utf8'));
    expect(fs.statSync(archived).mode & 0o777).toBe(0o600);
  });

  it('keeps a caller-given --session-id and does not inject for --resume', async () => {
    const s = sandbox();
    const { script } = fakeClaude(s);
    const given = '0f0f0f0f-1111-4222-8333-444444444444';
    const a = await s.run(['--', script, '--session-id', given, '-p', 'hi']).done;
    expect((JSON.parse(a.stdout.toString()) as { args: string[] }).args).toEqual(['--session-id', given, '-p', 'hi']);
    expect(s.records()[0].sessionId).toBe(given);
    const b = await s.run(['--', script, '--resume', given, '-p', 'again']).done;
    expect((JSON.parse(b.stdout.toString()) as { args: string[] }).args).toEqual(['--resume', given, '-p', 'again']);
    expect(s.records()[1].sessionId).toBe(given);
  });

  it('does not inject into other commands', async () => {
    const s = sandbox();
    const r = await s.run(node('console.log(JSON.stringify(process.argv.slice(1)))')).done;
    expect(JSON.parse(r.stdout.toString())).toEqual([]);
  });
});
