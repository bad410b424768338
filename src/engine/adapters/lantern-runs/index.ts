/**
 * The `lantern run` outcomes adapter: reads `<data dir>/run/runs.jsonl`, the one line per finished
 * run that the wrapper appends (see README.md). Created per data dir: it claims that one path only.
 */
import path from 'node:path';
import { runsFileOf } from '../../sidecars/sidecar-file';
import type { SourceAdapter, SourceFile } from '../types';
import { createRunsParser } from './parser';

export function createRunsAdapter(dataDir: string): SourceAdapter {
  const runsFile = path.resolve(runsFileOf(dataDir));
  return {
    name: 'lantern-runs',
    claims(p: string): SourceFile | null {
      // Asked about every file under every root: the cheap test first.
      return p.endsWith('runs.jsonl') && path.resolve(p) === runsFile ? { path: p, adapter: 'lantern-runs', mode: 'append' } : null;
    },
    createParser: createRunsParser,
  };
}

export { createRunsParser, RUNS_AGENT_ID } from './parser';
