/** Every `*.jsonl` under a directory (none if it does not exist), with sizes: the file list both the baseline and the checks use. */
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';

export interface FoundFile {
  path: string;
  size: number;
}

export function listJsonl(dir: string, out: FoundFile[] = []): FoundFile[] {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return out; // a root an agent has not created (yet)
    throw err;
  }
  for (const e of entries) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) listJsonl(p, out);
    else if (e.isFile() && e.name.endsWith('.jsonl')) out.push({ path: p, size: statSync(p).size });
  }
  return out;
}
