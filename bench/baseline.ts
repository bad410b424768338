/**
 * The throughput floor an indexer is compared with: find every transcript, read it, split it into
 * lines and JSON.parse each line, nothing else, on one thread. Whatever the engine does on top
 * (events, usage dedup, SQLite) shows up as the ratio to this.
 *
 * Lines are found in the bytes and decoded one by one, as a byte-offset tailer must: decoding a
 * whole file at once is slower here (one non-ASCII character makes the whole file a two-byte
 * string), so this is the stricter floor.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { listJsonl } from './walk';

const LF = 10;

export interface BaselineResult {
  mbPerSec: number;
  ms: number;
  bytes: number;
  lines: number;
}

export function runBaseline(corpusDir: string): BaselineResult {
  const started = performance.now();
  const files = listJsonl(path.join(corpusDir, 'projects'));
  let bytes = 0;
  let lines = 0;
  for (const f of files) {
    const buf = readFileSync(f.path);
    bytes += buf.length;
    let start = 0;
    for (let nl = buf.indexOf(LF); nl >= 0; nl = buf.indexOf(LF, start)) {
      if (nl > start) {
        JSON.parse(buf.toString('utf8', start, nl));
        lines++;
      }
      start = nl + 1;
    }
  }
  const ms = performance.now() - started;
  return { mbPerSec: bytes / 1e6 / (ms / 1000), ms, bytes, lines };
}
