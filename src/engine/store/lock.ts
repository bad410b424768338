/**
 * One writer per data dir. Two Lanterns tailing into one store would both read the same offsets
 * and insert everything twice, so the second one is refused with a clear message instead.
 * The lock file holds the owner's pid and start time; a lock whose owner is gone is taken over.
 */
import fs from 'node:fs';
import path from 'node:path';
import { procStartTicks, sameProcessAlive } from '../liveness/process-alive';

export interface LockOwner {
  pid: number;
  procStart: string | null;
  role: string;
  url?: string;
}

export class StoreLockedError extends Error {
  constructor(
    readonly owner: LockOwner,
    dataDir: string,
  ) {
    super(
      `Another Lantern (${owner.role}, pid ${owner.pid}${owner.url ? `, ${owner.url}` : ''}) already owns ${dataDir}. ` +
        'Stop it, or use another --data-dir.',
    );
  }
}

export interface StoreLock {
  update(fields: Partial<LockOwner>): void;
  release(): void;
}

export function acquireLock(dataDir: string, role: string): StoreLock {
  fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const file = path.join(dataDir, 'lantern.lock');
  let owner: LockOwner = { pid: process.pid, procStart: procStartTicks(process.pid), role };
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      fs.writeFileSync(file, JSON.stringify(owner), { flag: 'wx', mode: 0o600 });
      return {
        update(fields) {
          owner = { ...owner, ...fields };
          fs.writeFileSync(file, JSON.stringify(owner), { mode: 0o600 });
        },
        release() {
          try {
            const current = JSON.parse(fs.readFileSync(file, 'utf8')) as LockOwner;
            if (current.pid === process.pid) fs.unlinkSync(file);
          } catch {
            // already gone
          }
        },
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const existing = readOwner(file);
      // Our own pid counts too: a second engine in this process must not share the store either.
      if (existing && sameProcessAlive(existing.pid, existing.procStart)) {
        throw new StoreLockedError(existing, dataDir);
      }
      fs.rmSync(file, { force: true }); // stale: its owner died without cleaning up
    }
  }
  throw new Error(`Could not take the lock ${file}`);
}

export function readOwner(file: string): LockOwner | null {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as LockOwner;
  } catch {
    return null;
  }
}
