/**
 * Scheduled jobs against real processes: a crontab line started the way cron starts it
 * (`/bin/sh -c <line>`), running the real `lantern run` wrapper around a long-running child. The
 * engine must find the shell as the job's process, the wrapper's session beneath it, and lose
 * both when the job ends; a finished run recorded by a wrapper gives a cron job its last exit.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Job, JobLog, JobsSnapshot } from '../../src/shared/jobs';
import { LANTERN_BIN } from '../helpers/cli-process';
import { startTestServer, type TestServer } from '../helpers/headless-server';
import { tempDir } from '../helpers/temp-dir';
import { waitFor } from '../helpers/wait-for';

const dir = tempDir('lantern-jobs-e2e-');
let server: TestServer;
let job: ChildProcess | null = null;
const snapshots: JobsSnapshot[] = [];

const log = path.join(dir.path, 'nightly.log');
const reviewLog = path.join(dir.path, 'review.log');
const sleeper = path.join(dir.path, 'sleeper.js');
const dataDirOf = () => server.dataDir;
const nightly = () => `${process.execPath} ${LANTERN_BIN} run --data-dir ${dataDirOf()} --tag nightly -- ${process.execPath} ${sleeper} >> ${log} 2>&1`;
const review = `claude -p "nightly review" >> ${reviewLog} 2>&1`;

const jobs = async () => (await server.get<JobsSnapshot>('/api/jobs')).jobs;
const byLabel = async (label: string): Promise<Job | undefined> => (await jobs()).find((j) => j.label === label);

beforeAll(async () => {
  fs.writeFileSync(sleeper, 'setTimeout(() => {}, 120_000);\n');
  fs.writeFileSync(log, 'started\n\u001b[32mok\u001b[0m\n');
  const crontab = path.join(dir.path, 'crontab');
  server = await startTestServer({
    engine: { jobs: { crontabFile: crontab, discover: false, intervalMs: 1000, liveState: false } },
    before({ dataDir }) {
      // The crontab needs the data dir in its command, so it is written once that is known.
      const line = `${process.execPath} ${LANTERN_BIN} run --data-dir ${dataDir} --tag nightly -- ${process.execPath} ${sleeper} >> ${log} 2>&1`;
      fs.writeFileSync(
        crontab,
        [
          'SHELL=/bin/sh',
          '# nightly wrapper',
          `*/15 * * * * ${line}`,
          '# review',
          `0 2 * * * ${review}`,
          '0 3 * * * /usr/bin/backup --all',
          '',
        ].join('\n'),
      );
      // A run the wrapper recorded earlier under the review job (cron's shell, as `lantern run` saw it).
      fs.mkdirSync(path.join(dataDir, 'run'), { recursive: true });
      const record = {
        sessionId: '0b7e6a52-1c1e-4d7e-9a53-6f0f2f1a9e01',
        tag: 'review',
        attempt: 1,
        command: ['claude', '-p', 'nightly review'],
        cwd: dir.path,
        pid: 999_999,
        startedAt: '2026-11-20T02:00:00.000Z',
        outcome: { exitCode: 3, signal: null, kind: 'failed', endedAt: '2026-11-20T02:04:00.000Z' },
        job: { pid: 999_998, argv: ['/bin/sh', '-c', review] },
      };
      fs.writeFileSync(path.join(dataDir, 'run', 'runs.jsonl'), JSON.stringify(record) + '\n');
    },
  });
  server.host.engine.bus.on('jobs', (s) => snapshots.push(s));
}, 30_000);

afterAll(async () => {
  if (job?.pid) {
    try {
      process.kill(-job.pid, 'SIGKILL');
    } catch {
      /* already gone */
    }
  }
  await server?.stop();
  dir.cleanup();
});

describe('jobs over real processes', () => {
  it('lists the agent jobs of the crontab, not the backup, with their next runs', async () => {
    const list = await jobs();
    expect(list.map((j) => j.label).sort()).toEqual(['nightly wrapper', 'review']);
    const nightlyJob = list.find((j) => j.label === 'nightly wrapper')!;
    expect(nightlyJob).toMatchObject({ kind: 'cron', schedule: '*/15 * * * *', running: false, pids: [], sessionIds: [], logPath: log, command: nightly() });
    expect(Date.parse(nightlyJob.nextRun!)).toBeGreaterThan(Date.parse((await server.get<JobsSnapshot>('/api/jobs')).checkedAt) - 1000);
    expect(new Date(nightlyJob.nextRun!).getUTCMinutes() % 15).toBe(0);
  });

  it('finds a running job by its shell and the lantern run session beneath it, and loses both when it ends', async () => {
    job = spawn('/bin/sh', ['-c', nightly()], { detached: true, stdio: 'ignore' });
    const shellPid = job.pid!;
    const running = (await waitFor(async () => {
      const j = await byLabel('nightly wrapper');
      return j?.running && j.sessionIds.length === 1 ? j : undefined;
    }, 20_000, 'the job running with its session'))!;
    expect(running.pids).toEqual([shellPid]);
    const sidecars = fs.readdirSync(path.join(server.dataDir, 'run', 'sidecars')).filter((f) => f.endsWith('.json'));
    const sidecar = JSON.parse(fs.readFileSync(path.join(server.dataDir, 'run', 'sidecars', sidecars[0]), 'utf8')) as { sessionId: string };
    expect(running.sessionIds).toEqual([sidecar.sessionId]);
    expect(snapshots.some((s) => s.jobs.some((j) => j.label === 'nightly wrapper' && j.running))).toBe(true);

    process.kill(-shellPid, 'SIGTERM');
    const stopped = (await waitFor(async () => {
      const j = await byLabel('nightly wrapper');
      return j && !j.running ? j : undefined;
    }, 20_000, 'the job to stop'))!;
    expect(stopped.pids).toEqual([]);
    expect(stopped.sessionIds).toEqual([]);
    expect(snapshots.at(-1)!.jobs.find((j) => j.label === 'nightly wrapper')!.running).toBe(false);
  });

  it("gives a cron job the last exit its lantern run wrapper recorded, and the skip code as skipped", async () => {
    expect((await byLabel('review'))!.lastExit).toEqual({ code: 3, signal: null, kind: 'failed', at: '2026-11-20T02:04:00.000Z', from: 'lantern-run' });
    const res = await fetch(`${server.base}/api/settings`, {
      method: 'PUT',
      headers: { 'Content-Type': 'application/json', 'X-Token': server.token },
      body: JSON.stringify({ jobs: { skipExitCode: 3 } }),
    });
    expect(res.status).toBe(200);
    const skipped = (await waitFor(async () => {
      const j = await byLabel('review');
      return j?.lastExit?.kind === 'skipped' ? j : undefined;
    }, 10_000, 'the skip code to apply'))!;
    expect(skipped.lastExit?.code).toBe(3);
  });

  it('serves the last lines of a job log, and says what is wrong with a bad request', async () => {
    const id = (await byLabel('nightly wrapper'))!.id;
    const tail = await server.get<JobLog>(`/api/jobs/${encodeURIComponent(id)}/log?lines=2`);
    expect(tail).toMatchObject({ id, path: log, from: 'file', lines: ['started', '\u001b[32mok\u001b[0m'] });
    const reviewTail = await server.get<JobLog>(`/api/jobs/${encodeURIComponent((await byLabel('review'))!.id)}/log`);
    expect(reviewTail).toMatchObject({ from: 'file', lines: [], size: null });
    expect(reviewTail.note).toMatch(/does not exist yet/);

    const auth = { 'X-Token': server.token };
    const missing = await fetch(`${server.base}/api/jobs/cron%3Anope/log`, { headers: auth });
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ error: 'not found' });
    for (const bad of ['0', '1001', 'abc', '-5']) {
      const r = await fetch(`${server.base}/api/jobs/${encodeURIComponent(id)}/log?lines=${bad}`, { headers: auth });
      expect(r.status).toBe(400);
      expect(JSON.stringify(await r.json())).toContain('1-1000');
    }
  });
});

describe('a cron job wrapped in lantern run', () => {
  it('records the job it ran under, which gives the cron job its last exit', async () => {
    // A stand-in cron: a process named `cron` (a symlink to node: the kernel names a process after
    // the path it was started by) that runs the crontab line with /bin/sh -c, as cron does.
    const fakeCronDir = path.join(dir.path, 'fake-cron');
    fs.mkdirSync(fakeCronDir, { recursive: true });
    const cron = path.join(fakeCronDir, 'cron');
    fs.symlinkSync(process.execPath, cron);
    const exiting = path.join(dir.path, 'exit-3.js');
    fs.writeFileSync(exiting, 'process.exit(3);\n');
    const line = `${process.execPath} ${LANTERN_BIN} run --data-dir ${server.dataDir} --tag exits -- ${process.execPath} ${exiting} >> ${log} 2>&1`;
    const crontab = path.join(dir.path, 'crontab');
    fs.appendFileSync(crontab, `# exits three\n*/5 * * * * ${line}\n`);
    await waitFor(async () => (await byLabel('exits three')) !== undefined, 20_000, 'the new crontab line');

    const runs = path.join(server.dataDir, 'run', 'runs.jsonl');
    const before = fs.readFileSync(runs, 'utf8').split('\n').filter(Boolean).length;
    const script = `require('node:child_process').spawnSync('/bin/sh', ['-c', ${JSON.stringify(line)}], { stdio: 'ignore' });`;
    const fake = spawn(cron, ['-e', script], { stdio: 'ignore' });
    await new Promise((resolve) => fake.once('exit', resolve));

    const records = fs.readFileSync(runs, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as { job?: { argv: string[] }; outcome: { exitCode: number } });
    expect(records).toHaveLength(before + 1);
    expect(records.at(-1)?.job?.argv).toEqual(['/bin/sh', '-c', line]);
    expect(records.at(-1)?.outcome.exitCode).toBe(3);
    const job = (await waitFor(async () => {
      const j = await byLabel('exits three');
      return j?.lastExit ? j : undefined;
    }, 20_000, 'the last exit from the run record'))!;
    // jobs.skipExitCode is 3 since the test above: the code shows as skipped.
    expect(job.lastExit).toMatchObject({ code: 3, signal: null, kind: 'skipped', from: 'lantern-run' });
  });
});
