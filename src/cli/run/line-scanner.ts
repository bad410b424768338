/**
 * Splits a byte stream into lines without ever holding more than one capped line. Used to watch
 * a child's stdout as it passes through: a line longer than the cap is not parsed (it is still
 * passed through whole by the caller; this only observes).
 */

/** Longer lines are skipped: a `result` line is a few KB, a giant tool result is not what we look for. */
export const MAX_SCANNED_LINE_BYTES = 16 * 1024 * 1024;

export interface LineScanner {
  push(chunk: Buffer): void;
  /** The stream ended: a last line without a newline still counts. */
  end(): void;
}

export function createLineScanner(onLine: (line: Buffer) => void, maxLineBytes = MAX_SCANNED_LINE_BYTES): LineScanner {
  let parts: Buffer[] = [];
  let size = 0;
  let skipping = false; // inside a line already over the cap: drop bytes until its newline

  const reset = () => {
    parts = [];
    size = 0;
  };

  return {
    push(chunk) {
      let start = 0;
      for (;;) {
        const nl = chunk.indexOf(10, start);
        const piece = chunk.subarray(start, nl < 0 ? chunk.length : nl);
        if (!skipping) {
          if (size + piece.length > maxLineBytes) {
            skipping = true;
            reset();
          } else if (nl >= 0) {
            onLine(parts.length ? Buffer.concat([...parts, piece]) : piece);
            reset();
          } else if (piece.length) {
            parts.push(piece);
            size += piece.length;
          }
        }
        if (nl < 0) return;
        skipping = false;
        start = nl + 1;
      }
    },
    end() {
      if (!skipping && size > 0) onLine(Buffer.concat(parts));
      reset();
      skipping = false;
    },
  };
}
