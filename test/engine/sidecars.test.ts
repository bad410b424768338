import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  ancestorPids,
  createJobPidCache,
  findSessionForPid,
  MAX_ANCESTOR_DEPTH,
  mergeActiveSessions,
  procInfo,
  readSidecars,
  schedulerJobPid,
  sessionsUnderPid,
  sidecarDirOf,
  writeSidecar,
  type ProcInfo,
  type Sidecar,
} from '../../src/engine/sidecars';
import type { ActiveSession } from '../../src/shared/sessions';
import { tempDir } from '../helpers/temp-dir';
import { waitFor } from '../helpers/wait-for';

const cleanups: Array<() => void> = [];
afterEach(() => {
  for (const c of cleanups.splice(0).reverse()) c();
});

function sidecar(over: Partial<Sidecar>): Sidecar {
  return { sessionId: 's1', tag: null, pid: 1, procStart: null, childPid: null, startedAt: '2025-01-01T00:00:00.000Z', attempt: 1, command: ['x'], cwd: '/w', ...over };
}

/** A node parent that spawns a long-lived child and prints the child's pid. */
async function spawnTree(): Promise<{ parent: ChildProcess; grandchild: number }> {
  const code = `const c = require('child_process').spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
    console.log(c.pid); process.on('SIGTERM', () => { c.kill('SIGKILL'); process.exit(0); }); setInterval(() => {}, 1000);`;
  const parent = spawn(process.execPath, ['-e', code], { stdio: ['ignore', 'pipe', 'inherit'] });
  cleanups.push(() => parent.kill('SIGTERM'));
  let out = '';
  parent.stdout!.setEncoding('utf8').on('data', (c: string) => (out += c));
  const grandchild = Number(await waitFor(() => (out.includes('\n') ? out.trim() : null), 10_000, 'grandchild pid'));
  return { parent, grandchild };
}

describe('process tree', () => {
  it.runIf(process.platform !== 'win32')('walks from a grandchild up through its parent to us', async () => {
    const { parent, grandchild } = await spawnTree();
    const up = ancestorPids(grandchild);
    expect(up.slice(0, 2)).toEqual([parent.pid, process.pid]);
    expect(procInfo(grandchild)?.ppid).toBe(parent.pid);

    const wrapper = sidecar({ sessionId: 'under-parent', pid: parent.pid! });
    const other = sidecar({ sessionId: 'elsewhere', pid: 999_999_999 });
    expect(findSessionForPid(grandchild, [other, wrapper])?.sessionId).toBe('under-parent');
    expect(findSessionForPid(process.pid, [other, wrapper])).toBeNull();
    // The reverse: the wrapper runs beneath the test process (think: a cron job's shell).
    expect(sessionsUnderPid(process.pid, [other, wrapper]).map((s) => s.sessionId)).toEqual(['under-parent']);
  });

  it('matches the wrapped child pid too, the nearest sidecar first', () => {
    const tree = new Map([[50, 40], [40, 30], [30, 20], [20, 1]]);
    const ppid = (p: number) => tree.get(p) ?? null;
    const outer = sidecar({ sessionId: 'outer', pid: 20, childPid: 30 });
    const inner = sidecar({ sessionId: 'inner', pid: 40 });
    expect(findSessionForPid(50, [outer, inner], ppid)?.sessionId).toBe('inner');
    expect(findSessionForPid(30, [outer, inner], ppid)?.sessionId).toBe('outer');
    expect(sessionsUnderPid(30, [outer, inner], ppid).map((s) => s.sessionId)).toEqual(['inner']);
  });

  it('is depth-capped and cycle-safe', () => {
    let calls = 0;
    const endless = (p: number) => {
      calls++;
      return p + 1;
    };
    expect(ancestorPids(1000, endless)).toHaveLength(MAX_ANCESTOR_DEPTH);
    expect(calls).toBe(MAX_ANCESTOR_DEPTH);
    const cycle = new Map([[10, 11], [11, 12], [12, 10]]);
    expect(ancestorPids(10, (p) => cycle.get(p) ?? null)).toEqual([11, 12]);
    expect(ancestorPids(10, () => 10)).toEqual([]);
    expect(findSessionForPid(10, [sidecar({ pid: 77 })], (p) => cycle.get(p) ?? null)).toBeNull();
  });

  it('finds the scheduler job a wrapper runs under', () => {
    const tree = (entries: Array<[number, ProcInfo]>) => {
      const m = new Map(entries);
      return (p: number) => m.get(p) ?? null;
    };
    const info = (ppid: number, name: string, hasTty = false): ProcInfo => ({ ppid, name, hasTty });
    // cron (200) → sh (300) → lantern (400)
    const cron = tree([[400, info(300, 'node')], [300, info(200, 'sh')], [200, info(1, 'cron')], [1, info(0, 'systemd')]]);
    expect(schedulerJobPid(400, cron)).toBe(300);
    // A system service under pid 1 is not told apart from any orphan: no job.
    const pid1 = tree([[400, info(300, 'node')], [300, info(1, 'bash')], [1, info(0, 'systemd')]]);
    expect(schedulerJobPid(400, pid1)).toBeNull();
    // systemd --user: a timer's service has no terminal; a desktop terminal's shell does.
    const user = (tty: boolean) => tree([[400, info(300, 'node', tty)], [300, info(250, 'bash', tty)], [250, info(1, 'systemd')], [1, info(0, 'systemd')]]);
    expect(schedulerJobPid(400, user(false))).toBe(300);
    expect(schedulerJobPid(400, user(true))).toBeNull();
    const launchd = tree([[400, info(300, 'node')], [300, info(1, 'zsh')], [1, info(0, 'launchd')]]);
    expect(schedulerJobPid(400, launchd)).toBe(300);
    const loop = tree([[400, info(300, 'node')], [300, info(400, 'sh')]]);
    expect(schedulerJobPid(400, loop)).toBeNull();
  });
});

describe('readSidecars', () => {
  it('keeps live wrappers and deletes dead, reused-pid and unreadable ones', async () => {
    const tmp = tempDir('lantern-sidecars-');
    cleanups.push(tmp.cleanup);
    const runDir = path.join(tmp.path, 'run');
    const dead = spawn(process.execPath, ['-e', ''], { stdio: 'ignore' });
    await new Promise((r) => dead.once('exit', r));
    writeSidecar(runDir, sidecar({ sessionId: 'live', pid: process.pid }));
    writeSidecar(runDir, sidecar({ sessionId: 'dead', pid: dead.pid! }));
    const dir = sidecarDirOf(runDir);
    fs.writeFileSync(path.join(dir, '2147483646.json'), '{ half a fi'); // above any pid_max: never alive
    fs.writeFileSync(path.join(dir, `.${process.pid}.json.1.tmp`), '{}'); // an atomic write in progress
    fs.writeFileSync(path.join(dir, 'notes.txt'), 'hello');

    expect(readSidecars(runDir).map((s) => s.sessionId)).toEqual(['live']);
    expect(fs.readdirSync(dir).sort()).toEqual([`.${process.pid}.json.1.tmp`, `${process.pid}.json`, 'notes.txt']);
    expect(readSidecars(path.join(tmp.path, 'nothing-here'))).toEqual([]);
  });

  it('asks the injected liveness check with the recorded start time', () => {
    const tmp = tempDir('lantern-sidecars-');
    cleanups.push(tmp.cleanup);
    const runDir = path.join(tmp.path, 'run');
    writeSidecar(runDir, sidecar({ pid: 4242, procStart: '777' }));
    const asked: Array<[number, string | null]> = [];
    const live = readSidecars(runDir, { alive: (pid, start) => (asked.push([pid, start]), true) });
    expect(asked).toEqual([[4242, '777']]);
    expect(live[0].file).toBe(path.join(sidecarDirOf(runDir), '4242.json'));
  });
});

describe('active sessions', () => {
  it('merges sidecars with the registry: one per session, sidecar fields, registry status', () => {
    const registry: ActiveSession[] = [
      { sessionId: 'a', tag: null, pid: 10, startedAt: null, attempt: 1, source: 'claude-registry', transcript: '/t/a.jsonl', status: 'busy' },
      { sessionId: 'b', tag: null, pid: 11, startedAt: null, attempt: 1, source: 'claude-registry', transcript: null, status: 'idle' },
    ];
    const sidecars = [sidecar({ sessionId: 'a', pid: 20, tag: 'nightly', attempt: 2 }), sidecar({ sessionId: 'c', pid: 21 })];
    const merged = mergeActiveSessions(sidecars, registry, { transcriptOf: (id) => (id === 'c' ? '/t/c.jsonl' : null), jobPidOf: (s) => (s.pid === 21 ? 5 : null) });
    expect(merged).toEqual([
      { sessionId: 'a', tag: 'nightly', pid: 20, startedAt: '2025-01-01T00:00:00.000Z', attempt: 2, source: 'sidecar', transcript: '/t/a.jsonl', command: ['x'], status: 'busy' },
      registry[1],
      { sessionId: 'c', tag: null, pid: 21, startedAt: '2025-01-01T00:00:00.000Z', attempt: 1, source: 'sidecar', transcript: '/t/c.jsonl', command: ['x'], jobPid: 5 },
    ]);
  });

  it('resolves a wrapper job pid once while it is listed', () => {
    let calls = 0;
    const cache = createJobPidCache(() => (calls++, 9));
    const s = sidecar({ pid: 30, procStart: '1' });
    expect([cache.jobPidOf(s), cache.jobPidOf(s)]).toEqual([9, 9]);
    expect(calls).toBe(1);
    cache.retain([]);
    cache.jobPidOf(s);
    expect(calls).toBe(2);
  });
});
