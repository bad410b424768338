/**
 * (j) One check of the Jobs table (issue 8), as the engine runs it every 5 s: a crontab of 50 agent
 * jobs among 50 other lines, a process table made big with 300 filler processes, and 10 of the
 * agent jobs running for real (`/bin/sh -c '<the line's command>'`, as cron starts them; the
 * commands begin with `sleep 600 &&` and the shells get a PATH holding only `sleep`, so no agent
 * can start). `createJobsService` is used directly; checks run back to back. Besides the time per
 * check, the longest event-loop stall during the timed checks (`monitorEventLoopDelay`), which is
 * what a hook arriving meanwhile would wait. Baseline: one `ps -axo pid=,ppid=,command=`, what a
 * naive check would spawn each time.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import type { JobsSnapshot } from '../../src/shared/jobs';
import { createBus } from '../../src/engine/bus';
import { createJobsService } from '../../src/engine/jobs/jobs-service';
import { readProcessTable } from '../../src/engine/jobs/process-table';
import { runCommand } from '../../src/engine/jobs/run-command';
import { silentLogger } from '../../src/engine/logger';
import type { ScenarioResult } from '../result';
import { percentile, round, sleep } from '../stats';

const AGENT_JOBS = 50;
const OTHER_LINES = 50;
const RUNNING = 10;
const FILLERS = 300;
const WARMUP = 5;
const CHECKS = 40;
const PS_RUNS = 40;
const GOAL_P95_MS = 50;
const GOAL_STALL_MS = 5;
const SPAWN_WAIT_MS = 10_000;
const SCHEDULES = ['*/15 * * * *', '0 * * * *', '30 2 * * *', '0 9 * * 1-5', '@hourly', '*/5 * * * *', '15 3 * * 0', '0 */6 * * *', '45 23 1 * *', '@daily'];
const ns = (n: number): number => n / 1e6;

interface Crontab {
  text: string;
  /** The commands of the jobs started for real. */
  running: string[];
}

function writeCrontab(dir: string): Crontab {
  const lines = ['# lantern bench: agent jobs and the rest of a busy crontab', 'SHELL=/bin/sh', ''];
  const running: string[] = [];
  for (let n = 0; n < AGENT_JOBS; n++) {
    const started = n % (AGENT_JOBS / RUNNING) === 0;
    const command = `${started ? 'sleep 600 && ' : ''}claude -p "job ${n}" >> ${path.join(dir, `j${n}.log`)} 2>&1`;
    if (started) running.push(command);
    lines.push(`${SCHEDULES[n % SCHEDULES.length]} ${command}`);
    if (n < OTHER_LINES) lines.push(`${SCHEDULES[(n + 3) % SCHEDULES.length]} /usr/local/bin/backup --target /srv/data-${n} >> ${path.join(dir, `b${n}.log`)} 2>&1`);
  }
  return { text: `${lines.join('\n')}\n`, running };
}

/** A PATH holding only `sleep`: whatever a started line would run after it is not found. */
function sleepOnlyPath(dir: string): string {
  const real = ['/bin/sleep', '/usr/bin/sleep'].find((p) => existsSync(p));
  if (!real) throw new Error('no sleep binary in /bin or /usr/bin');
  const bin = path.join(dir, 'bin');
  mkdirSync(bin);
  symlinkSync(real, path.join(bin, 'sleep'));
  return bin;
}

/** Until every spawned pid shows its own command line (the fork's copy of ours is gone). */
async function waitForExec(pids: ReadonlySet<number>): Promise<void> {
  const deadline = Date.now() + SPAWN_WAIT_MS;
  for (;;) {
    const { rows } = await readProcessTable(runCommand);
    const ready = rows.filter((r) => pids.has(r.pid) && (r.argv?.[0] === '/bin/sh' || r.argv?.[0] === 'sleep')).length;
    if (ready === pids.size) return;
    if (Date.now() > deadline) throw new Error(`only ${ready} of ${pids.size} spawned processes started within ${SPAWN_WAIT_MS} ms`);
    await sleep(50);
  }
}

/** The processes the spawned shells started (`sleep 600`, when the shell did not exec it). */
async function childrenOf(pids: ReadonlySet<number>): Promise<number[]> {
  const table = await readProcessTable(runCommand);
  return table.rows.filter((r) => {
    const ppid = table.parentOf(r.pid);
    return ppid !== null && pids.has(ppid);
  }).map((r) => r.pid);
}

/** SIGKILLs the shells, then what they had started (a `sleep` left behind would live 10 minutes). */
function killAll(children: readonly ChildProcess[], below: readonly number[]): void {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  for (const pid of below) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // gone already
    }
  }
}

/** What is wrong with one snapshot, or null. */
function snapshotProblem(snap: JobsSnapshot, shellOf: ReadonlyMap<string, number>): string | null {
  if (snap.jobs.length !== AGENT_JOBS) return `${snap.jobs.length} jobs listed, not ${AGENT_JOBS}`;
  const running = snap.jobs.filter((j) => j.running);
  const wrong = running.filter((j) => j.pids.length !== 1 || j.pids[0] !== shellOf.get(j.command));
  if (running.length !== shellOf.size || wrong.length) {
    return `${running.length} running (want ${shellOf.size}), ${wrong.length} with wrong pids (${wrong
      .slice(0, 3)
      .map((j) => `${JSON.stringify(j.command)}: [${j.pids.join(',')}]`)
      .join('; ')})`;
  }
  return null;
}

function psOnce(): Promise<number> {
  const t0 = performance.now();
  return new Promise((resolve, reject) => {
    execFile('ps', ['-axo', 'pid=,ppid=,command='], { maxBuffer: 16 * 1024 * 1024 }, (err) => (err ? reject(err) : resolve(performance.now() - t0)));
  });
}

export async function runJobsCheck(): Promise<ScenarioResult> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'lantern-bench-jobs-'));
  const children: ChildProcess[] = [];
  let below: number[] = [];
  const onExit = () => killAll(children, below); // the watchdog's process.exit skips finally
  process.once('exit', onExit);
  try {
    const crontab = writeCrontab(dir);
    const crontabFile = path.join(dir, 'crontab');
    writeFileSync(crontabFile, crontab.text);
    for (const d of ['systemd', 'LaunchAgents', 'run']) mkdirSync(path.join(dir, d));
    const env = { PATH: sleepOnlyPath(dir), HOME: dir };
    const start = (command: string) => {
      const c = spawn('/bin/sh', ['-c', command], { detached: false, stdio: 'ignore', env });
      c.on('error', () => {}); // reported by waitForExec
      children.push(c);
      return c.pid ?? -1;
    };
    for (let n = 0; n < FILLERS; n++) start(`sleep 600 # filler ${n}`);
    const shellOf = new Map(crontab.running.map((command) => [command, start(command)]));
    const spawned = new Set(children.map((c) => c.pid ?? -1));
    await waitForExec(spawned);
    below = await childrenOf(spawned);

    const service = createJobsService({
      options: { discover: false, liveState: false, crontabFile, systemdDir: path.join(dir, 'systemd'), launchAgentsDir: path.join(dir, 'LaunchAgents') },
      bus: createBus(),
      clock: { now: Date.now },
      logger: silentLogger,
      settings: () => ({ patterns: [], skipExitCode: null }),
      runDir: path.join(dir, 'run'),
      runsFile: path.join(dir, 'run', 'runs.jsonl'),
      claudeSessions: () => [],
      agentIdOf: () => null,
    });

    const problems: string[] = [];
    let failedChecks = 0;
    const verify = (i: number, snap: JobsSnapshot) => {
      const p = snapshotProblem(snap, shellOf);
      if (!p) return;
      failedChecks++;
      if (problems.length < 3) problems.push(`check ${i + 1}: ${p}`);
    };
    for (let i = 0; i < WARMUP; i++) verify(i, await service.check());
    (globalThis as { gc?: () => void }).gc?.();

    const times: number[] = [];
    const loop = monitorEventLoopDelay({ resolution: 1 });
    loop.enable();
    for (let i = 0; i < CHECKS; i++) {
      const t0 = performance.now();
      const snap = await service.check();
      times.push(performance.now() - t0);
      verify(WARMUP + i, snap);
    }
    loop.disable();

    const { rows } = await readProcessTable(runCommand);
    await psOnce(); // untimed: the binary into the page cache
    const ps: number[] = [];
    for (let i = 0; i < PS_RUNS; i++) ps.push(await psOnce());

    const p50 = percentile(times, 50);
    const p95 = percentile(times, 95);
    const max = Math.max(...times);
    const stallMax = ns(loop.max);
    const stallP99 = ns(loop.percentile(99));
    const psP50 = percentile(ps, 50);
    return {
      id: 'jobs-check',
      title: `jobs check, ${AGENT_JOBS} jobs, ${rows.length} processes`,
      figures: [
        { label: 'check p50', value: round(p50, 2), unit: 'ms' },
        { label: 'check p95', value: round(p95, 2), unit: 'ms' },
        { label: 'loop stall max', value: round(stallMax, 2), unit: 'ms' },
        { label: 'check max', value: round(max, 2), unit: 'ms' },
        { label: 'loop stall p99', value: round(stallP99, 2), unit: 'ms' },
        { label: 'ps p50', value: round(psP50, 2), unit: 'ms' },
        { label: 'processes', value: rows.length, unit: '' },
      ],
      ratio: { value: round(p50 / psP50, 2), baseline: 'one `ps -axo pid=,ppid=,command=` via execFile, p50 of 40 (check p50 ÷ ps p50)' },
      goal: `check p95 < ${GOAL_P95_MS} ms; event loop never stalled ≥ ${GOAL_STALL_MS} ms`,
      withinGoal: p95 < GOAL_P95_MS && stallMax < GOAL_STALL_MS,
      check: failedChecks
        ? { ok: false, detail: `MISMATCH in ${failedChecks} of ${WARMUP + CHECKS} checks: ${problems.join('; ')}` }
        : { ok: true, detail: `OK: all ${WARMUP + CHECKS} checks listed exactly ${AGENT_JOBS} jobs and exactly the ${RUNNING} started ones running, each with its shell's pid` },
      notes: [
        `crontab: ${AGENT_JOBS} agent lines + ${OTHER_LINES} others, ${SCHEDULES.length} schedules; ${FILLERS} filler processes + ${RUNNING} job shells (and ${below.length} processes below them) spawned; process table ${rows.length} rows (/proc or ps, as the service reads it)`,
        `${CHECKS} timed checks back to back after ${WARMUP} untimed: p50 ${round(p50, 2)} / p95 ${round(p95, 2)} / max ${round(max, 2)} ms; ps p50 ${round(psP50, 2)} / p95 ${round(percentile(ps, 95), 2)} ms`,
        `event-loop delay during the timed checks (monitorEventLoopDelay, resolution 1 ms; a sample is the time between two 1 ms timer turns, so an idle loop reads ~1.1 ms): max ${round(stallMax, 2)} / p99 ${round(stallP99, 2)} / p50 ${round(ns(loop.percentile(50)), 2)} ms over ${loop.count} samples`,
      ],
    };
  } finally {
    below = [...new Set([...below, ...(await childrenOf(new Set(children.map((c) => c.pid ?? -1))))])];
    killAll(children, below);
    process.removeListener('exit', onExit);
    rmSync(dir, { recursive: true, force: true });
  }
}
