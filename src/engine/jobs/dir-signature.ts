/**
 * A cheap fingerprint of a directory of unit files or plists: names, sizes and mtimes (and those
 * of systemd's `<unit>.d/` drop-in folders). Equal fingerprints mean the definitions read last time
 * still hold, so a check stats a few files instead of parsing them all again.
 */
import fs from 'node:fs/promises';
import path from 'node:path';

async function entries(dir: string): Promise<string[]> {
  const out: string[] = [];
  let list: import('node:fs').Dirent[];
  try {
    list = await fs.readdir(dir, { withFileTypes: true });
  } catch (err) {
    return [`!${(err as NodeJS.ErrnoException).code ?? 'error'}`];
  }
  for (const e of list.sort((a, b) => a.name.localeCompare(b.name))) {
    const p = path.join(dir, e.name);
    try {
      const st = await fs.stat(p); // follows links: systemctl --user link leaves symlinks here
      if (st.isDirectory()) {
        if (e.name.endsWith('.d')) out.push(`${e.name}/[${(await entries(p)).join(',')}]`);
      } else out.push(`${e.name}:${st.size}:${st.mtimeMs}`);
    } catch {
      out.push(`${e.name}:gone`);
    }
  }
  return out;
}

export async function dirSignature(dir: string): Promise<string> {
  return (await entries(dir)).join('|');
}

/** Runs `read` only when `dirSignature(dir)` changed since the last call; else answers the last result. */
export function memoByDir<T>(read: (dir: string) => Promise<T>): (dir: string) => Promise<T> {
  let last: { dir: string; signature: string; value: T } | null = null;
  return async (dir) => {
    const signature = await dirSignature(dir);
    if (last && last.dir === dir && last.signature === signature) return last.value;
    const value = await read(dir);
    last = { dir, signature, value };
    return value;
  };
}
