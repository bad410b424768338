/**
 * Writes the generated files a few at a time (so generation and disk overlap without holding the
 * whole corpus in memory), creating each directory once, with the mtime a transcript would have.
 */
import { mkdir, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';

const MAX_PENDING_WRITES = 8;

export interface FileWriter {
  /** Queues a write; resolves once few enough writes are in flight. `mtimeMs` null: leave it. */
  queue(file: string, text: string, mtimeMs: number | null): Promise<void>;
  /** Every queued write done. */
  flush(): Promise<void>;
}

export function createFileWriter(): FileWriter {
  const dirs = new Map<string, Promise<unknown>>();
  const pending = new Set<Promise<void>>();

  async function write(file: string, text: string, mtimeMs: number | null): Promise<void> {
    const d = path.dirname(file);
    let made = dirs.get(d);
    if (!made) dirs.set(d, (made = mkdir(d, { recursive: true })));
    await made;
    await writeFile(file, text);
    if (mtimeMs !== null) await utimes(file, mtimeMs / 1000, mtimeMs / 1000);
  }

  return {
    async queue(file, text, mtimeMs) {
      const p = write(file, text, mtimeMs).finally(() => pending.delete(p));
      pending.add(p);
      if (pending.size >= MAX_PENDING_WRITES) await Promise.race(pending);
    },
    async flush() {
      await Promise.all(pending);
    },
  };
}

/** A long-tailed (log-normal) size: many small sessions, a few large ones. */
export function gaussian(next: () => number): number {
  const u = Math.max(next(), 1e-12);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * next());
}
