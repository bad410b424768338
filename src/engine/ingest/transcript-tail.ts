/**
 * Reading a window of a transcript for `GET /api/sessions/:id/transcript`: the tail (default),
 * or from a byte offset the client got last time. Windows start and end on line boundaries so a
 * client can parse every line it gets and continue from `offset + length` without gaps.
 */
import fs from 'node:fs/promises';

export interface TailWindow {
  /** Total size of the file when read. */
  size: number;
  /** Byte offset of the first returned byte. */
  offset: number;
  bytes: Buffer;
}

/**
 * `since` null: the last `maxBytes`, minus a leading partial line. `since` given: from there, at
 * most `maxBytes`. Either way a window that stops before the end of the file stops after its last
 * newline; a single line longer than the window is returned cut rather than not at all.
 */
export async function readTranscriptWindow(file: string, since: number | null, maxBytes: number): Promise<TailWindow> {
  const fh = await fs.open(file, 'r');
  try {
    const size = (await fh.stat()).size;
    let start = since === null ? Math.max(0, size - maxBytes) : Math.min(since, size);
    const end = Math.min(size, start + maxBytes);
    // One byte before a cut start tells whether the window begins on a line boundary.
    const readFrom = since === null && start > 0 ? start - 1 : start;
    const buf = Buffer.alloc(end - readFrom);
    let got = 0;
    while (got < buf.length) {
      const { bytesRead } = await fh.read(buf, got, buf.length - got, readFrom + got);
      if (bytesRead === 0) break; // truncated under us
      got += bytesRead;
    }
    let bytes = buf.subarray(0, got);
    if (readFrom < start) {
      const nl = bytes.indexOf(10);
      // No newline at all: the window is inside one huge line; give it as is.
      const skip = nl < 0 ? 1 : nl + 1;
      bytes = bytes.subarray(skip);
      start = readFrom + skip;
    }
    if (start + bytes.length < size) {
      const last = bytes.lastIndexOf(10);
      if (last >= 0) bytes = bytes.subarray(0, last + 1);
    }
    return { size, offset: start, bytes };
  } finally {
    await fh.close();
  }
}
