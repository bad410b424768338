/**
 * `<data dir>/notify-pause.json`: a pause outlives a restart (the tray app's "until tomorrow" must
 * hold across a reboot). Mode 0600, written through a temp file and a rename; deleted on resume.
 * A missing, unreadable or malformed file means "not paused": it never stops Lantern.
 */
import fs from 'node:fs';
import path from 'node:path';
import { writeFileAtomic } from '../sidecars/sidecar-file';

export const pauseFileOf = (dataDir: string): string => path.join(dataDir, 'notify-pause.json');

export function readPauseFile(file: string): number | null {
  try {
    const raw = JSON.parse(fs.readFileSync(file, 'utf8')) as { pausedUntil?: unknown };
    const ms = typeof raw?.pausedUntil === 'string' ? Date.parse(raw.pausedUntil) : NaN;
    return Number.isFinite(ms) ? ms : null;
  } catch {
    return null;
  }
}

export function writePauseFile(file: string, until: number | null): void {
  if (until === null) return void fs.rmSync(file, { force: true });
  writeFileAtomic(file, JSON.stringify({ pausedUntil: new Date(until).toISOString() }) + '\n');
  fs.chmodSync(file, 0o600);
}
