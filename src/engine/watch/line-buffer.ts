/**
 * The byte-level core shared by `readCompleteLines` and `readCompleteLinesSync`: one reusable buffer that is
 * filled by reads at absolute file positions and handed back as complete `\n`-terminated lines.
 *
 * Why bytes and not a stream/readline: the stored resume point is a byte offset, so every line must carry its exact
 * byte offset, and a trailing partial line must be left unconsumed for the next call (STYLE.md practice 13).
 */

export interface Line {
  /** The line's text, UTF-8 decoded (invalid bytes become U+FFFD), without `\n` or a trailing `\r`. */
  text: string;
  /** Byte offset of the line's first byte in the file. */
  offset: number;
}

export interface LineChunk {
  lines: Line[];
  /** Byte offset just after the last complete line in `lines`: where the next read resumes. */
  endOffset: number;
  /** Bytes consumed by this chunk's lines (`endOffset` minus the previous chunk's `endOffset`). */
  bytesRead: number;
}

export const DEFAULT_CHUNK_BYTES = 4 * 1024 * 1024;
/**
 * First buffer size. Most calls are small appends on the live path, where allocating the full chunk costs more
 * than the read itself (measured: ~70 µs vs ~18 µs per sync call for a 2-line append); a read that fills this
 * buffer switches to the full chunk size at once.
 */
const FIRST_READ_BYTES = 64 * 1024;

const LF = 10;
const CR = 13;

export class LineBuffer {
  private buf: Buffer;
  /** Bytes of `buf` holding file data, from `buf[0]`. */
  private filled = 0;
  /** File offset of `buf[0]`; always the start of a not-yet-complete line. */
  private base: number;
  /** Where to resume the newline search: bytes before it are known to hold no `\n`. */
  private scanFrom = 0;
  /** Whether the last read filled the whole space offered: more data likely follows. */
  private lastReadFull = false;
  private readonly chunkBytes: number;
  /** Set once `stopAt` was reached: the caller must stop reading. */
  limitReached = false;

  constructor(
    chunkBytes: number,
    fromOffset: number,
    /** Absolute offset at which to stop yielding lines (at a line boundary); Infinity for no limit. */
    private readonly stopAt: number,
  ) {
    this.chunkBytes = Math.max(1, Math.floor(chunkBytes));
    this.buf = Buffer.allocUnsafe(Math.min(this.chunkBytes, FIRST_READ_BYTES));
    this.base = fromOffset;
  }

  /** Prepares room for the next read and returns the target buffer; read into it at `readOffset`/`readLength`/`readPosition`. */
  target(): Buffer {
    const small = this.buf.length < this.chunkBytes;
    if (this.filled === this.buf.length || (small && this.lastReadFull)) {
      // Either a big read is under way (go to the full chunk size), or one line is longer than the buffer
      // (double it: the total copying stays linear in the line length).
      const bigger = Buffer.allocUnsafe(small ? this.chunkBytes : this.buf.length * 2);
      this.buf.copy(bigger, 0, 0, this.filled);
      this.buf = bigger;
    }
    return this.buf;
  }

  get readOffset(): number {
    return this.filled;
  }

  get readLength(): number {
    return this.buf.length - this.filled;
  }

  get readPosition(): number {
    return this.base + this.filled;
  }

  /** Accounts for `n` bytes just read into `target()`; returns the complete lines now available, or null. */
  take(n: number): LineChunk | null {
    this.lastReadFull = n === this.buf.length - this.filled;
    this.filled += n;
    const buf = this.buf;
    const filled = this.filled;
    const base = this.base;
    const lines: Line[] = [];
    // Search a view bounded at `filled`: past it the buffer holds stale bytes (allocUnsafe, earlier reads).
    const data = buf.subarray(0, filled);
    let start = 0;
    let nl = data.indexOf(LF, this.scanFrom);
    while (nl !== -1) {
      const end = nl > start && buf[nl - 1] === CR ? nl - 1 : nl;
      lines.push({ text: buf.toString('utf8', start, end), offset: base + start });
      start = nl + 1;
      if (base + start >= this.stopAt) {
        this.limitReached = true;
        break;
      }
      nl = data.indexOf(LF, start);
    }
    if (start > 0 && start < filled) buf.copy(buf, 0, start, filled); // keep the partial line at the front
    this.filled = filled - start;
    this.base = base + start;
    this.scanFrom = this.filled;
    if (lines.length === 0) return null;
    return { lines, endOffset: this.base, bytesRead: start };
  }
}
