/**
 * `lantern run`, start to finish: pick the session id, start the command, keep a sidecar while it
 * runs, watch its stdout for stream-json, then record the outcome and archive the transcript.
 * Lantern's own bookkeeping is best effort throughout: a broken data dir prints a warning, it
 * never stops or changes the wrapped command (a scheduled job must run the same with or without us).
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import { procStartTicks } from '../../engine/liveness/process-alive';
import { processArgv } from '../../engine/jobs/process-table';
import { runCommand } from '../../engine/jobs/run-command';
import { schedulerJobPid } from '../../engine/sidecars/find-session';
import { ensureRunDir, writeSidecar, type Sidecar } from '../../engine/sidecars/sidecar-file';
import { forwardSignals, startChild } from './child';
import { runOutcome, wrapperExitCode } from './outcome';
import { appendRunRecord, archiveTranscript } from './record';
import { planSession } from './session-args';
import { createStreamJsonWatcher } from './stream-json';

export interface RunOptions {
  command: string[];
  tag: string | null;
  /** Exit code that means "nothing to do" (`--skip-exit-code`), recorded as `skipped`. */
  skipExitCode: number | null;
  dataDir: string;
  claudeRoots: string[];
  env: NodeJS.ProcessEnv;
  cwd: string;
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  stdinIsTty: boolean;
  /** Our stdout is a terminal: the command gets it directly (no stream-json watching; see child.ts). */
  stdoutIsTty: boolean;
}

/** `LANTERN_ATTEMPT` lets a retrying scheduler number its attempts; 1 otherwise. */
export function attemptFrom(env: NodeJS.ProcessEnv): number {
  const n = Number(env.LANTERN_ATTEMPT);
  return Number.isInteger(n) && n > 0 ? n : 1;
}

/** Runs the command and resolves to the exit code the wrapper should exit with. */
export async function runWrapped(opts: RunOptions): Promise<number> {
  const warn = (what: string, err: unknown) => opts.stderr.write(`lantern run: ${what}: ${err instanceof Error ? err.message : String(err)}\n`);
  const plan = planSession(opts.command, randomUUID);
  const startedAt = new Date().toISOString();
  const sidecar: Sidecar = {
    sessionId: plan.sessionId,
    tag: opts.tag,
    pid: process.pid,
    procStart: procStartTicks(process.pid),
    childPid: null,
    startedAt,
    attempt: attemptFrom(opts.env),
    command: plan.command,
    cwd: opts.cwd,
  };
  let runDir: string | null = null;
  try {
    runDir = ensureRunDir(opts.dataDir);
  } catch (err) {
    warn('cannot use the data dir (running without a sidecar)', err);
  }
  let sidecarFile: string | null = null;
  const saveSidecar = () => {
    if (!runDir) return;
    try {
      sidecarFile = writeSidecar(runDir, sidecar);
    } catch (err) {
      warn('cannot write the sidecar', err);
    }
  };
  const removeSidecar = () => {
    if (sidecarFile) fs.rmSync(sidecarFile, { force: true });
    sidecarFile = null;
  };
  const uncleanExit = installCleanup(removeSidecar, opts.stderr);

  const watcher = createStreamJsonWatcher((id) => {
    sidecar.sessionId = id; // the session Claude Code really uses (`--resume` picker, `--continue`, a fork)
    if (sidecarFile) saveSidecar();
  });
  const env: NodeJS.ProcessEnv = { ...opts.env, LANTERN_SESSION_ID: plan.sessionId, LANTERN_ATTEMPT: String(sidecar.attempt) };
  if (opts.tag) env.LANTERN_TAG = opts.tag;
  let forwarded: () => NodeJS.Signals | null = () => null;
  const { child, done } = startChild(plan.command, { env, cwd: opts.cwd, out: opts.stdout, onStdout: watcher.push, forwarded: () => forwarded(), observe: !opts.stdoutIsTty });
  const signals = forwardSignals(child, opts.stdinIsTty);
  forwarded = signals.last;
  if (child.pid !== undefined) {
    sidecar.childPid = child.pid;
    saveSidecar();
  }

  try {
    const exit = await done;
    watcher.end();
    if (exit.spawnError) warn(`cannot start ${JSON.stringify(plan.command[0])}`, exit.spawnError);
    const seen = watcher.observed();
    if (seen.sessionId) sidecar.sessionId = seen.sessionId;
    const outcome = runOutcome(exit, opts.skipExitCode, seen.result, new Date());
    try {
      const { sessionId, tag, attempt, command, cwd, pid } = sidecar;
      const job = await schedulerJob();
      appendRunRecord(opts.dataDir, { sessionId, tag, attempt, command, cwd, pid, startedAt, outcome, ...(job ? { job } : {}) });
    } catch (err) {
      warn('cannot record the run', err);
    }
    removeSidecar(); // after the record: for a moment the run is both live and finished, never neither
    try {
      archiveTranscript(opts.dataDir, opts.claudeRoots, sidecar.sessionId);
    } catch (err) {
      warn('cannot archive the transcript', err);
    }
    if (exit.spawnError) return (exit.spawnError as NodeJS.ErrnoException).code === 'ENOENT' ? 127 : 126;
    return wrapperExitCode(exit);
  } finally {
    signals.dispose();
    removeSidecar();
    uncleanExit();
  }
}

/** The scheduler job this wrapper runs under, by its command line (best effort: null when none or unreadable). */
async function schedulerJob(): Promise<{ pid: number; argv: string[] } | null> {
  try {
    const pid = schedulerJobPid(process.pid);
    const argv = pid === null ? null : await processArgv(pid, runCommand);
    return pid !== null && argv ? { pid, argv } : null;
  } catch {
    return null;
  }
}

/** Removes the sidecar on any exit the process can see, including a crash of the wrapper itself. */
function installCleanup(cleanup: () => void, stderr: NodeJS.WritableStream): () => void {
  const onExit = () => cleanup();
  const onCrash = (err: unknown) => {
    cleanup();
    stderr.write(`lantern run: internal error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  };
  process.on('exit', onExit);
  process.on('uncaughtException', onCrash);
  return () => {
    process.off('exit', onExit);
    process.off('uncaughtException', onCrash);
  };
}
