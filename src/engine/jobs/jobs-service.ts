/**
 * The Jobs table (issue 8): scheduled agent jobs with their live state, checked every few seconds.
 * A check reads the definitions (crontab, systemd user timers, launchd agents), keeps the agent
 * jobs, asks the schedulers that are present for live state, finds each job's processes in the
 * process table and, below them, the agent sessions they run (`lantern run` sidecars, Claude
 * Code's session registry). The snapshot goes on the bus only when something in it changed, so
 * an idle machine sends nothing.
 */
import os from 'node:os';
import path from 'node:path';
import type { Job, JobLog, JobSourceStatus, JobsSnapshot } from '../../shared/jobs';
import type { Settings } from '../../shared/settings';
import type { Bus } from '../bus';
import type { Clock } from '../clock';
import type { Logger } from '../logger';
import { readSidecars } from '../sidecars/read-sidecars';
import { compilePatterns, isAgentJob } from './agent-jobs';
import { createCronReader } from './cron/read-crontab';
import { memoByDir } from './dir-signature';
import { schedulerExit } from './job-exit';
import { launchdLiveState } from './launchd/launchctl';
import { readLaunchdJobs } from './launchd/read-launch-agents';
import { tailLines } from './log-tail';
import { candidateIndex, jobProcessMatcher, jobRoots } from './match-process';
import { maskSecrets } from './mask-secrets';
import { sessionsUnderPid } from '../sidecars/find-session';
import { readProcessTable, type ProcessTable } from './process-table';
import { runCommand } from './run-command';
import { createRunExitReader, type JobRunExit } from './run-exits';
import { journalTail, systemdLiveState } from './systemd/systemctl';
import { readSystemdJobs } from './systemd/read-units';
import type { CommandRunner, JobDefinition, JobLiveState, JobReadResult } from './types';
import { localTimeZone } from './zoned-time';

export const DEFAULT_JOBS_INTERVAL_MS = 5000;
/** `crontab -l` is a process per call: its answer is reused this long (an edit shows within it). */
const CRONTAB_LIST_REUSE_MS = 30_000;
/** A snapshot younger than this answers `listJobs()` as is; older ones are checked first. */
const FRESH_MS = 1000;

export interface JobsOptions {
  /** False: no checks, an empty table (`--no-jobs`). */
  enabled?: boolean;
  /** Read this file instead of `crontab -l` (`--crontab`). */
  crontabFile?: string | null;
  /** Default `~/.config/systemd/user`. */
  systemdDir?: string;
  /** Default `~/Library/LaunchAgents`. */
  launchAgentsDir?: string;
  /** Default 5 s. */
  intervalMs?: number;
  /** IANA zone for next runs; default the machine's. */
  timeZone?: string;
  /** Ask `systemctl --user` and `launchctl` for live state (default true). */
  liveState?: boolean;
  /** False (`--no-default-dirs`): read only the sources given above, no `crontab -l` and no default dirs. */
  discover?: boolean;
  /** How scheduler tools are run; tests point it at fake programs. */
  run?: CommandRunner;
  home?: string;
}

export interface JobsServiceDeps {
  options: JobsOptions;
  bus: Bus;
  clock: Clock;
  logger: Logger;
  settings(): Settings['jobs'];
  /** `<data dir>/run`: live `lantern run` sidecars. */
  runDir: string;
  /** `<data dir>/run/runs.jsonl`: finished runs, with the job they ran under. */
  runsFile: string;
  /** Live Claude Code processes from its session registry. */
  claudeSessions(): Array<{ sessionId: string; pid: number }>;
  /** The store's agent id for a session id, when the store has it. */
  agentIdOf(sessionId: string): string | null;
}

export interface JobsService {
  /** The latest snapshot, checked first when it is older than a second. */
  snapshot(): Promise<JobsSnapshot>;
  /** Runs a check now (coalesced with one in flight) and returns its snapshot. */
  check(): Promise<JobsSnapshot>;
  /** Throws `JobNotFoundError` for an id not in the latest snapshot. */
  log(id: string, lines: number): Promise<JobLog>;
  start(): void;
  stop(): void;
}

export class JobNotFoundError extends Error {
  constructor(readonly id: string) {
    super(`no job with id ${JSON.stringify(id)}`);
    this.name = 'JobNotFoundError';
  }
}

const SYSTEMD_PREFIX = 'systemd:';
const LAUNCHD_PREFIX = 'launchd:';

export function createJobsService(deps: JobsServiceDeps): JobsService {
  const o = deps.options;
  const enabled = o.enabled ?? true;
  const home = o.home ?? os.homedir();
  const run = o.run ?? runCommand;
  const timeZone = o.timeZone ?? localTimeZone();
  const discover = o.discover ?? true;
  const systemdDir = o.systemdDir ?? (discover ? path.join(home, '.config', 'systemd', 'user') : null);
  const launchAgentsDir = o.launchAgentsDir ?? (discover ? path.join(home, 'Library', 'LaunchAgents') : null);
  const none: JobReadResult = { jobs: [], sources: [] };
  const liveState = o.liveState ?? true;
  const runExits = createRunExitReader(deps.runsFile);
  // Definitions are parsed again only when their files change; next runs only once they pass.
  const readCron = createCronReader();
  const readSystemd = memoByDir((dir) => readSystemdJobs({ dir, home }));
  const readLaunchd = memoByDir((dir) => readLaunchdJobs({ dir, run, home }));
  const nextRuns = new WeakMap<JobDefinition, { at: Date | null; lastRunMs: number | null; computedAt: number }>();
  const matchers = new WeakMap<JobDefinition, ReturnType<typeof jobProcessMatcher>>();
  const agentJob = new WeakMap<JobDefinition, { patterns: string; value: boolean }>();
  const matcherOf = (def: JobDefinition) => {
    let m = matchers.get(def);
    if (!m) matchers.set(def, (m = jobProcessMatcher(def)));
    return m;
  };

  let latest: JobsSnapshot = { jobs: [], checkedAt: new Date(deps.clock.now()).toISOString(), timeZone, sources: [] };
  let latestAt = -Infinity;
  let definitions = new Map<string, JobDefinition>();
  let inflight: Promise<JobsSnapshot> | null = null;
  let timer: NodeJS.Timeout | null = null;
  let unsubscribeSettings: (() => void) | null = null;
  /** Set by stop(): a check still in flight then (the store may be closed under it) ends quietly. */
  let stopped = false;
  let lastSentKey = '';
  let crontabList: { at: number; result: JobReadResult } | null = null;
  /** When we saw each job start (its processes appear): interval schedules count from there. */
  const seenStart = new Map<string, Date>();
  let patterns = { key: '', compiled: compilePatterns([]) };

  async function cronJobs(now: number): Promise<JobReadResult> {
    if (o.crontabFile) return readCron({ file: o.crontabFile, run, home });
    if (!discover) return none;
    if (crontabList && now - crontabList.at < CRONTAB_LIST_REUSE_MS) return crontabList.result;
    const result = await readCron({ file: null, run, home });
    crontabList = { at: now, result };
    return result;
  }

  function agentPatterns() {
    const list = deps.settings().patterns;
    const key = JSON.stringify(list);
    if (key !== patterns.key) {
      patterns = { key, compiled: compilePatterns(list) };
      for (const p of patterns.compiled.problems) deps.logger.warn('jobs pattern ignored', { pattern: p.pattern, error: p.error });
    }
    return patterns.compiled;
  }

  async function live(defs: JobDefinition[], sources: JobSourceStatus[]): Promise<Map<string, JobLiveState>> {
    const out = new Map<string, JobLiveState>();
    if (!liveState) return out;
    const units = defs.filter((d) => d.kind === 'systemd').map((d) => ({ timer: d.id.slice(SYSTEMD_PREFIX.length), service: d.unit ?? '' }));
    if (units.length) {
      const states = await systemdLiveState(units, run);
      for (const [timer, state] of states ?? []) out.set(SYSTEMD_PREFIX + timer, state);
      for (const s of sources) if (s.kind === 'systemd') s.live = states !== null;
    }
    if (defs.some((d) => d.kind === 'launchd')) {
      const states = await launchdLiveState(run);
      for (const [label, state] of states ?? []) out.set(LAUNCHD_PREFIX + label, state);
      for (const s of sources) if (s.kind === 'launchd') s.live = states !== null;
    }
    return out;
  }

  function lastRunExit(def: JobDefinition, exits: readonly JobRunExit[]): Job['lastExit'] {
    const matches = matcherOf(def);
    let best: JobRunExit | null = null;
    for (const e of exits) if (matches(e.job) && (!best || e.outcome.endedAt > best.outcome.endedAt)) best = e;
    if (!best) return null;
    const { exitCode, signal, kind, endedAt } = best.outcome;
    // The run classified its own exit; the setting's skip code applies to runs that did not name one.
    const skipped = kind === 'failed' && exitCode !== null && exitCode === deps.settings().skipExitCode;
    return { code: exitCode, signal, kind: skipped ? 'skipped' : kind, at: endedAt, from: 'lantern-run' };
  }

  /** The definition's next run, computed again only once it has passed or the last run changed. */
  function nextRunOf(def: JobDefinition, now: number, lastRun: Date | null): Date | null {
    const lastRunMs = lastRun?.getTime() ?? null;
    const memo = nextRuns.get(def);
    // A null answer (no next run) is asked again every minute: a "last run" may make one appear.
    const fresh = memo && memo.lastRunMs === lastRunMs && (memo.at ? memo.at.getTime() > now : now - memo.computedAt < 60_000);
    if (fresh) return memo.at;
    let at: Date | null = null;
    try {
      at = def.nextRun(new Date(now), timeZone, lastRun);
    } catch (err) {
      deps.logger.warn('next run failed', { job: def.id, err: String(err) });
    }
    nextRuns.set(def, { at, lastRunMs, computedAt: now });
    return at;
  }

  async function build(): Promise<JobsSnapshot> {
    const now = deps.clock.now();
    const results = await Promise.all([
      cronJobs(now),
      systemdDir ? readSystemd(systemdDir) : none,
      launchAgentsDir ? readLaunchd(launchAgentsDir) : none,
    ]);
    const sources = results.flatMap((r) => r.sources.map((s) => ({ ...s })));
    const compiled = agentPatterns();
    const defs = results.flatMap((r) => r.jobs).filter((d) => {
      const memo = agentJob.get(d);
      if (memo?.patterns === patterns.key) return memo.value;
      const value = isAgentJob(d, compiled);
      agentJob.set(d, { patterns: patterns.key, value });
      return value;
    });
    definitions = new Map(defs.map((d) => [d.id, d]));

    const noTable: ProcessTable = { rows: [], parentOf: () => null };
    const [states, table, exits] = defs.length ? await Promise.all([live(defs, sources), readProcessTable(run), runExits()]) : [new Map<string, JobLiveState>(), noTable, [] as JobRunExit[]];
    const index = candidateIndex(table.rows);
    const sidecars = defs.length ? readSidecars(deps.runDir) : [];
    const claude = defs.length ? deps.claudeSessions() : [];
    const skip = deps.settings().skipExitCode;

    const jobs = defs.map((def): Job => {
      const state = states.get(def.id);
      const pids = new Set(jobRoots(table, index, matcherOf(def)).map((r) => r.pid));
      if (state?.running && state.pid) pids.add(state.pid);
      if (state?.running === false && state.pid === null) pids.clear(); // the scheduler knows best
      const running = state?.running ?? pids.size > 0;
      if (running && !seenStart.has(def.id)) seenStart.set(def.id, new Date(now));
      if (!running) seenStart.delete(def.id);

      const sessions = [...pids].flatMap((jobPid) => sessionsUnderPid(jobPid, [...sidecars, ...claude], table.parentOf));
      const sessionIds = [...new Set(sessions.map((s) => s.sessionId))];
      const agentIds = sessionIds.map((id) => deps.agentIdOf(id)).filter((id): id is string => id !== null);

      const lastExit = state?.lastExit ? schedulerExit(state.lastExit, def.kind === 'launchd' ? 'launchd' : 'systemd', skip) : lastRunExit(def, exits);
      const lastRun = state?.lastRun ?? seenStart.get(def.id) ?? null;
      const next = state?.nextRun && state.nextRun.getTime() > now ? state.nextRun : nextRunOf(def, now, lastRun);
      return {
        id: def.id,
        kind: def.kind,
        label: def.label,
        command: maskSecrets(def.command),
        schedule: def.schedule,
        nextRun: next ? next.toISOString() : null,
        running,
        pids: [...pids].sort((a, b) => a - b),
        sessionIds,
        agentIds,
        lastExit,
        logPath: def.logPath,
        source: def.source,
        problems: def.problems,
      };
    });
    jobs.sort((a, b) => (a.nextRun ?? '\uffff').localeCompare(b.nextRun ?? '\uffff') || a.label.localeCompare(b.label) || a.id.localeCompare(b.id));
    return { jobs, checkedAt: new Date(now).toISOString(), timeZone, sources };
  }

  function check(): Promise<JobsSnapshot> {
    if (!enabled || stopped) return Promise.resolve(latest);
    inflight ??= build()
      .then((snap) => {
        if (stopped) return latest;
        latest = snap;
        latestAt = deps.clock.now();
        const key = JSON.stringify({ jobs: snap.jobs, sources: snap.sources });
        if (key !== lastSentKey) {
          lastSentKey = key;
          deps.bus.emit('jobs', snap);
        }
        return snap;
      })
      .catch((err: unknown) => {
        if (!stopped) deps.logger.error('jobs check failed', { err: String(err) });
        return latest;
      })
      .finally(() => {
        inflight = null;
      });
    return inflight;
  }

  return {
    check,
    async snapshot() {
      return enabled && deps.clock.now() - latestAt > FRESH_MS ? check() : latest;
    },
    async log(id, lines) {
      if (!definitions.has(id)) await check();
      const def = definitions.get(id);
      if (!def) throw new JobNotFoundError(id);
      if (def.logPath) {
        try {
          const tail = await tailLines(def.logPath, lines);
          return { id, path: def.logPath, from: 'file', lines: tail.lines, size: tail.size };
        } catch (err) {
          const code = (err as NodeJS.ErrnoException).code;
          const note = code === 'ENOENT' ? 'the log file does not exist yet (the job has not written to it)' : `cannot read the log file: ${code ?? String(err)}`;
          return { id, path: def.logPath, from: 'file', lines: [], size: null, note };
        }
      }
      if (def.kind === 'systemd' && def.unit) {
        const journal = await journalTail(def.unit, lines, run);
        if (journal) {
          const note = journal.length ? undefined : `the journal has no lines for ${def.unit} yet`;
          return { id, path: null, from: 'journal', lines: journal, size: null, ...(note ? { note } : {}) };
        }
        return { id, path: null, from: 'none', lines: [], size: null, note: `the service logs to the journal, and journalctl --user -u ${def.unit} did not answer` };
      }
      const note =
        def.kind === 'cron'
          ? "the job's output is not redirected to a file (cron mails it to you); add >> /path/to/log 2>&1 to the line"
          : 'the plist has no StandardOutPath';
      return { id, path: null, from: 'none', lines: [], size: null, note };
    },
    start() {
      if (!enabled || timer || stopped) return;
      void check();
      // New patterns or skip code change the table: show it now, not at the next tick.
      unsubscribeSettings = deps.bus.on('settings', () => void check());
      timer = setInterval(() => void check(), Math.max(1000, o.intervalMs ?? DEFAULT_JOBS_INTERVAL_MS));
      timer.unref();
    },
    stop() {
      stopped = true;
      if (timer) clearInterval(timer);
      timer = null;
      unsubscribeSettings?.();
      unsubscribeSettings = null;
    },
  };
}
