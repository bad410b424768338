/**
 * The sidecar file `lantern run` keeps while its command runs (DESIGN.md Inputs, "Sidecars"):
 * `<data dir>/run/sidecars/<wrapper pid>.json`. The wrapper writes it, the engine reads it. The
 * pid plus its start time is the liveness handle: a pid alone can be reused after a crash.
 */
import fs from 'node:fs';
import path from 'node:path';

export interface Sidecar {
  sessionId: string;
  tag: string | null;
  /** The `lantern run` wrapper's pid (the file is named after it). */
  pid: number;
  /** The wrapper's start time in clock ticks (`procStartTicks`), null where unavailable. */
  procStart: string | null;
  childPid: number | null;
  startedAt: string;
  attempt: number;
  command: string[];
  cwd: string;
}

/** `<data dir>/run`: sidecars and the runs log. */
export const runDirOf = (dataDir: string): string => path.join(dataDir, 'run');
/** Creates `<data dir>/run` (0700) so it can be watched before the first run, and returns it. */
export function ensureRunDir(dataDir: string): string {
  const dir = runDirOf(dataDir);
  fs.mkdirSync(sidecarDirOf(dir), { recursive: true, mode: 0o700 });
  return dir;
}
export const sidecarDirOf = (runDir: string): string => path.join(runDir, 'sidecars');
export const sidecarPathOf = (runDir: string, pid: number): string => path.join(sidecarDirOf(runDir), `${pid}.json`);
/** One JSON line per finished run, read by the lantern-runs adapter. */
export const runsFileOf = (dataDir: string): string => path.join(runDirOf(dataDir), 'runs.jsonl');
/** Transcripts copied at the end of a run, so they outlive Claude Code's 30-day cleanup. */
export const archivePathOf = (dataDir: string, sessionId: string): string => path.join(dataDir, 'archive', `${sessionId}.jsonl`);

/** Session ids we accept in file names and URLs: UUID-like, never a path. */
export const SESSION_ID = /^[A-Za-z0-9_-]{1,128}$/;

/** Writes then renames, so a reader never sees half a file; 0600 because commands can carry secrets. */
export function writeFileAtomic(file: string, text: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.tmp`);
  fs.writeFileSync(tmp, text, { mode: 0o600 });
  try {
    fs.renameSync(tmp, file);
  } catch (err) {
    fs.rmSync(tmp, { force: true });
    throw err;
  }
}

export function writeSidecar(runDir: string, sidecar: Sidecar): string {
  const file = sidecarPathOf(runDir, sidecar.pid);
  writeFileAtomic(file, JSON.stringify(sidecar) + '\n');
  return file;
}

const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);
const int = (v: unknown): number | null => (typeof v === 'number' && Number.isInteger(v) && v > 0 ? v : null);

/** A sidecar from parsed JSON, or null when it is not one (another tool's file, an older shape). */
export function parseSidecar(raw: unknown): Sidecar | null {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return null;
  const r = raw as Record<string, unknown>;
  const sessionId = str(r.sessionId);
  const pid = int(r.pid);
  if (!sessionId || !SESSION_ID.test(sessionId) || pid === null) return null;
  const procStart = typeof r.procStart === 'number' ? String(r.procStart) : str(r.procStart);
  return {
    sessionId,
    tag: str(r.tag),
    pid,
    procStart,
    childPid: int(r.childPid),
    startedAt: str(r.startedAt) ?? new Date(0).toISOString(),
    attempt: int(r.attempt) ?? 1,
    command: Array.isArray(r.command) ? r.command.filter((c): c is string => typeof c === 'string') : [],
    cwd: str(r.cwd) ?? '',
  };
}
