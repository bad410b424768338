/**
 * What a finished run leaves behind: one line in `<data dir>/run/runs.jsonl` (read by the
 * lantern-runs adapter) and a copy of the session's transcript in `<data dir>/archive/`, so the
 * run stays readable after Claude Code's 30-day cleanup deletes the original.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { RunOutcome } from '../../shared/sessions';
import { archivePathOf, runsFileOf, SESSION_ID } from '../../engine/sidecars/sidecar-file';
import { findClaudeTranscript } from '../../engine/sidecars/transcripts';

export interface RunRecord {
  sessionId: string;
  tag: string | null;
  attempt: number;
  command: string[];
  cwd: string;
  pid: number;
  startedAt: string;
  outcome: RunOutcome;
  /**
   * The scheduler job (cron, systemd, launchd) this run ran under: its process's argv. cron keeps
   * no exit statuses, so this is how the Jobs view learns how a cron job's last run ended.
   */
  job?: { pid: number; argv: string[] };
}

/** One `write` of one line with O_APPEND: concurrent wrappers never interleave their lines. */
export function appendRunRecord(dataDir: string, record: RunRecord): void {
  const file = runsFileOf(dataDir);
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  fs.appendFileSync(file, JSON.stringify(record) + '\n', { mode: 0o600 });
}

/** Copies the transcript into the archive (atomically: a reader never sees half a copy). Returns the copy's path, or null. */
export function archiveTranscript(dataDir: string, claudeRoots: readonly string[], sessionId: string): string | null {
  if (!SESSION_ID.test(sessionId)) return null;
  const source = findClaudeTranscript(claudeRoots, sessionId);
  if (!source) return null; // not a Claude Code run, or run with --no-session-persistence
  const dest = archivePathOf(dataDir, sessionId);
  fs.mkdirSync(path.dirname(dest), { recursive: true, mode: 0o700 });
  const tmp = `${dest}.${process.pid}.tmp`;
  try {
    fs.copyFileSync(source, tmp);
    fs.chmodSync(tmp, 0o600);
    fs.renameSync(tmp, dest);
  } catch (err) {
    fs.rmSync(tmp, { force: true });
    throw err;
  }
  return dest;
}
