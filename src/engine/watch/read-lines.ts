/**
 * Tail an append-only JSONL file by byte offset: yield the complete lines after `fromOffset`, never a trailing
 * partial line (a writer may be mid-append; a crash may have left it truncated — FORMATS.md §1.2, §1.7). The
 * caller stores `endOffset` with what it made of the lines, in one transaction, and resumes from there.
 *
 * This is the hot path of cold indexing, so: one fd, one reusable buffer, positional reads, `indexOf(10)` for
 * newlines and one `toString` per line straight out of the buffer (no per-line Buffer copies).
 */
import { openSync, readSync, closeSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { DEFAULT_CHUNK_BYTES, LineBuffer, type LineChunk } from './line-buffer';

export type { Line, LineChunk } from './line-buffer';

export interface ReadLinesOptions {
  /** Read size and initial buffer size (default 4 MiB). A longer line grows the buffer as needed. */
  chunkBytes?: number;
  /** Stop after about this many bytes, at a line boundary, so the caller can commit in batches. */
  maxBytes?: number;
}

function setup(fromOffset: number, opts: ReadLinesOptions | undefined): LineBuffer {
  if (!Number.isSafeInteger(fromOffset) || fromOffset < 0) throw new RangeError(`bad offset ${fromOffset}`);
  const stopAt = opts?.maxBytes === undefined ? Infinity : fromOffset + Math.max(1, opts.maxBytes);
  return new LineBuffer(opts?.chunkBytes ?? DEFAULT_CHUNK_BYTES, fromOffset, stopAt);
}

/**
 * Yields chunks of complete lines from `fromOffset` to end of file (as far as the reads get: bytes appended
 * while reading are included). Yields nothing when no complete line follows `fromOffset`. Rejects if the file
 * cannot be opened (ENOENT included: the caller decides what a vanished file means).
 */
export async function* readCompleteLines(
  path: string,
  fromOffset: number,
  opts?: ReadLinesOptions,
): AsyncGenerator<LineChunk> {
  const lb = setup(fromOffset, opts);
  const fh = await open(path, 'r');
  try {
    while (!lb.limitReached) {
      const buf = lb.target();
      const { bytesRead } = await fh.read(buf, lb.readOffset, lb.readLength, lb.readPosition);
      if (bytesRead === 0) return;
      const chunk = lb.take(bytesRead);
      if (chunk) yield chunk;
    }
  } finally {
    await fh.close();
  }
}

/**
 * The same, synchronously. For the live path (small appends to a file already indexed) this skips the thread-pool
 * round trips of open/read/close, which dominate when only a few lines arrived; it blocks the event loop for the
 * read, so pass `maxBytes` when the append may be large.
 */
export function* readCompleteLinesSync(path: string, fromOffset: number, opts?: ReadLinesOptions): Generator<LineChunk> {
  const lb = setup(fromOffset, opts);
  const fd = openSync(path, 'r');
  try {
    while (!lb.limitReached) {
      const buf = lb.target();
      const bytesRead = readSync(fd, buf, lb.readOffset, lb.readLength, lb.readPosition);
      if (bytesRead === 0) return;
      const chunk = lb.take(bytesRead);
      if (chunk) yield chunk;
    }
  } finally {
    closeSync(fd);
  }
}
