/** Every `*.jsonl` under a directory, with sizes: the file list both the baseline and the checks use. */
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';

export interface FoundFile {
  path: string;
  size: number;
}

export function listJsonl(dir: string, out: FoundFile[] = []): FoundFile[] {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) listJsonl(p, out);
    else if (e.isFile() && e.name.endsWith('.jsonl')) out.push({ path: p, size: statSync(p).size });
  }
  return out;
}
