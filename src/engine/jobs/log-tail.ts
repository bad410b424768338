/**
 * The last lines of a job's log file. Logs of nightly agents grow for months, so the file is read
 * backwards in chunks from its end, never whole, and at most `MAX_TAIL_BYTES` of it: a log that
 * is one enormous line shows its end, cut, rather than costing the engine a gigabyte.
 */
import fs from 'node:fs/promises';

const CHUNK = 64 * 1024;
export const MAX_TAIL_BYTES = 1024 * 1024;
/** A longer line is cut (the view shows text, not megabytes of minified output). */
export const MAX_LINE_CHARS = 4000;

export interface Tail {
  lines: string[];
  size: number;
}

export interface TailOptions {
  maxBytes?: number;
  maxLineChars?: number;
}

export async function tailLines(file: string, count: number, opts: TailOptions = {}): Promise<Tail> {
  const maxBytes = opts.maxBytes ?? MAX_TAIL_BYTES;
  const maxLine = opts.maxLineChars ?? MAX_LINE_CHARS;
  const handle = await fs.open(file, 'r');
  try {
    const { size } = await handle.stat();
    const chunks: Buffer[] = [];
    let pos = size;
    let newlines = 0;
    // count + 1 line ends: the last byte is usually the final line's own end.
    while (pos > 0 && newlines <= count && size - pos < maxBytes) {
      const len = Math.min(CHUNK, pos, maxBytes - (size - pos));
      pos -= len;
      const buf = Buffer.alloc(len);
      await handle.read(buf, 0, len, pos);
      chunks.unshift(buf);
      for (const b of buf) if (b === 0x0a) newlines++;
    }
    let text = Buffer.concat(chunks).toString('utf8');
    if (text.endsWith('\n')) text = text.slice(0, -1);
    let lines = text.split('\n');
    // Started mid-file: the first piece is the end of a line we did not read whole. Dropped when
    // enough whole lines follow it; shown marked as cut when the byte budget ran out first.
    if (pos > 0 && size - pos < maxBytes) lines = lines.slice(1);
    else if (pos > 0) lines[0] = `… ${lines[0]}`;
    lines = lines.slice(-count).map((l) => {
      const line = l.endsWith('\r') ? l.slice(0, -1) : l;
      return line.length > maxLine ? `${line.slice(0, maxLine)} …` : line;
    });
    return { lines: text === '' ? [] : lines, size };
  } finally {
    await handle.close();
  }
}
