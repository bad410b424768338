/**
 * Is a pid alive, and is it still the process we think it is? A pid can be reused after its
 * process exits, so callers that know the process start time pass it and we compare it with
 * /proc/<pid>/stat field 22 (start time in clock ticks) where /proc exists.
 */
import fs from 'node:fs';

export function pidAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: the process exists but belongs to someone else.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Start time of a pid in clock ticks since boot (Linux), or null where /proc is unavailable. */
export function procStartTicks(pid: number): string | null {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Field 2 (comm) may contain spaces and parentheses: split after the last ')'.
    const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return rest[19] ?? null; // fields 3.. start at index 0, so field 22 is index 19
  } catch {
    return null;
  }
}

/** Alive and, when a start time is known and checkable, the same process. */
export function sameProcessAlive(pid: number, procStart: string | null | undefined): boolean {
  if (!pidAlive(pid)) return false;
  if (!procStart) return true;
  const now = procStartTicks(pid);
  return now === null || now === String(procStart);
}
