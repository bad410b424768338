/**
 * Is this still the file we indexed up to `offset`? Inode + size + a fingerprint of the first bytes tell an
 * append (resume), a truncation or a rewrite (restart from 0, FORMATS.md §8) and an unrelated file at the same
 * path apart. The inode alone is not enough: editors and backup restores re-create the same content under a new
 * inode, and re-reading such a file from 0 would re-ingest history the store already has.
 */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { open } from 'node:fs/promises';

export interface FileIdentity {
  /** Inode (file id on Windows) as a decimal string: bigint stats, so 64-bit ids stay exact. */
  ino: string;
  size: number;
  mtimeMs: number;
  /** Hex of the first min(size, HEAD_BYTES) bytes. */
  head: string;
}

export interface StoredIdentity {
  ino: string;
  size: number;
  head: string;
  /** Where reading resumes: just after the last complete line consumed. */
  offset: number;
}

export type FileChange = 'new' | 'unchanged' | 'grown' | 'truncated' | 'replaced';

/** Enough to cover a Claude/Codex first record's type and ids, small enough to store per file. */
export const HEAD_BYTES = 256;

function isMissing(err: unknown): boolean {
  const code = (err as NodeJS.ErrnoException | null)?.code;
  return code === 'ENOENT' || code === 'ENOTDIR';
}

/**
 * Identity of the file at `path`, or null when it does not exist. Stat and head come from one open fd, so they
 * describe the same inode even if the path is swapped meanwhile. Other errors (EACCES, EISDIR…) reject.
 */
export async function statIdentity(path: string): Promise<FileIdentity | null> {
  let fh;
  try {
    fh = await open(path, 'r');
  } catch (err) {
    if (isMissing(err)) return null;
    throw err;
  }
  try {
    const st = await fh.stat({ bigint: true });
    const size = Number(st.size);
    const head = Buffer.alloc(Math.min(size, HEAD_BYTES));
    let got = 0;
    while (got < head.length) {
      const { bytesRead } = await fh.read(head, got, head.length - got, got);
      if (bytesRead === 0) break; // shrank since the stat
      got += bytesRead;
    }
    return { ino: st.ino.toString(), size, mtimeMs: Number(st.mtimeNs) / 1e6, head: head.toString('hex', 0, got) };
  } finally {
    await fh.close();
  }
}

/** True when one head is a prefix of the other: the shorter was taken while the file was smaller. */
export function headsAgree(a: string, b: string): boolean {
  return a.length <= b.length ? b.startsWith(a) : a.startsWith(b);
}

/** The same, synchronously: the ingest loop's hot path, where a thread-pool round trip per file cost more than the work. */
export function statIdentitySync(path: string): FileIdentity | null {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (err) {
    if (isMissing(err)) return null;
    throw err;
  }
  try {
    const st = fstatSync(fd, { bigint: true });
    const size = Number(st.size);
    const head = Buffer.alloc(Math.min(size, HEAD_BYTES));
    let got = 0;
    while (got < head.length) {
      const n = readSync(fd, head, got, head.length - got, got);
      if (n === 0) break; // shrank since the stat
      got += n;
    }
    return { ino: st.ino.toString(), size, mtimeMs: Number(st.mtimeNs) / 1e6, head: head.toString('hex', 0, got) };
  } finally {
    closeSync(fd);
  }
}

/**
 * What happened to a file since it was stored:
 * - `new`: nothing stored;
 * - `replaced`: the heads conflict (neither a prefix of the other), whatever the inode: different content, read
 *   from 0 as a new file;
 * - `truncated`: same head but now shorter than the stored offset (rewritten or cut): restart from 0;
 * - `grown`: more bytes than the stored offset: resume from it;
 * - `unchanged`: otherwise.
 * A new inode with an agreeing head (editor save, backup restore) is treated as the same file.
 */
export function classifyChange(stored: StoredIdentity | null, now: FileIdentity): FileChange {
  if (!stored) return 'new';
  if (!headsAgree(stored.head, now.head)) return 'replaced';
  if (now.size < stored.offset) return 'truncated';
  if (now.size > stored.offset) return 'grown';
  return 'unchanged';
}
