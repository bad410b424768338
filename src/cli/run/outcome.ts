/** How a wrapped command ended, as a `RunOutcome`, and the exit code the wrapper passes on. */
import os from 'node:os';
import type { RunOutcome } from '../../shared/sessions';
import type { RunResult } from './stream-json';

export interface ChildExit {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** The last signal we forwarded to the child, if any. */
  forwarded: NodeJS.Signals | null;
}

const signalNumber = (s: NodeJS.Signals): number => os.constants.signals[s] ?? 0;

/** The child's code, or 128 + the signal number when it died of a signal (what shells report). */
export function wrapperExitCode(exit: Pick<ChildExit, 'code' | 'signal'>): number {
  if (exit.signal) return 128 + signalNumber(exit.signal);
  return exit.code ?? 1;
}

export function runOutcome(exit: ChildExit, skipExitCode: number | null, result: RunResult | null, endedAt: Date): RunOutcome {
  // A child that catches the signal we forwarded and exits 128+N (Claude Code exits 143 on SIGTERM)
  // was killed all the same.
  const killedByUs = exit.forwarded !== null && exit.code === 128 + signalNumber(exit.forwarded);
  const kind: RunOutcome['kind'] =
    exit.signal || killedByUs ? 'killed' : exit.code === 0 ? 'success' : skipExitCode !== null && exit.code === skipExitCode ? 'skipped' : 'failed';
  const outcome: RunOutcome = { exitCode: exit.code, signal: exit.signal ?? (killedByUs ? exit.forwarded : null), kind, endedAt: endedAt.toISOString() };
  if (result) outcome.result = result;
  return outcome;
}
