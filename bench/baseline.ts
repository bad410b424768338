/**
 * The throughput floor an indexer is compared with: find every transcript of every agent, read it, split it into
 * lines and JSON.parse each line, nothing else, on one thread. Whatever the engine does on top
 * (events, usage dedup, SQLite) shows up as the ratio to this.
 *
 * Lines are found in the bytes and decoded one by one, as a byte-offset tailer must: decoding a
 * whole file at once is slower here (one non-ASCII character makes the whole file a two-byte
 * string), so this is the stricter floor.
 */
import { readFileSync } from 'node:fs';
import type { AgentKind } from './mix';
import { listJsonl } from './walk';

const LF = 10;

export interface BaselineResult {
  mbPerSec: number;
  ms: number;
  bytes: number;
  lines: number;
  files: number;
  /** The same per agent: JSON.parse costs differ with the line shapes. */
  agents: Partial<Record<AgentKind, { mbPerSec: number; ms: number; bytes: number; lines: number; files: number }>>;
}

/** Reads every transcript under the given roots (each agent's transcript folder). */
export function runBaseline(roots: Array<{ agent: AgentKind; dir: string }>): BaselineResult {
  const started = performance.now();
  const agents: BaselineResult['agents'] = {};
  let bytes = 0;
  let lines = 0;
  let fileCount = 0;
  for (const root of roots) {
    const rootStarted = performance.now();
    const files = listJsonl(root.dir);
    let rootBytes = 0;
    let rootLines = 0;
    for (const f of files) {
      const buf = readFileSync(f.path);
      rootBytes += buf.length;
      let start = 0;
      for (let nl = buf.indexOf(LF); nl >= 0; nl = buf.indexOf(LF, start)) {
        if (nl > start) {
          JSON.parse(buf.toString('utf8', start, nl));
          rootLines++;
        }
        start = nl + 1;
      }
    }
    const rootMs = performance.now() - rootStarted;
    const a = (agents[root.agent] ??= { mbPerSec: 0, bytes: 0, lines: 0, files: 0, ms: 0 });
    a.bytes += rootBytes;
    a.lines += rootLines;
    a.files += files.length;
    a.ms += rootMs;
    a.mbPerSec = a.bytes / 1e6 / (a.ms / 1000);
    bytes += rootBytes;
    lines += rootLines;
    fileCount += files.length;
  }
  const ms = performance.now() - started;
  return { mbPerSec: bytes / 1e6 / (ms / 1000), ms, bytes, lines, files: fileCount, agents };
}
