/**
 * The throughput floor an indexer is compared with: find every transcript, read it, split it into
 * lines and JSON.parse each line, nothing else, on one thread. Whatever the engine does on top
 * (events, usage dedup, SQLite) shows up as the ratio to this.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { listJsonl } from './walk';

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
    for (const line of buf.toString('utf8').split('\n')) {
      if (line.length === 0) continue;
      JSON.parse(line);
      lines++;
    }
  }
  const ms = performance.now() - started;
  return { mbPerSec: bytes / 1e6 / (ms / 1000), ms, bytes, lines };
}
