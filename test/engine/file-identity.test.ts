import { appendFileSync, renameSync, statSync, truncateSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  classifyChange,
  HEAD_BYTES,
  statIdentity,
  type FileIdentity,
  type StoredIdentity,
} from '../../src/engine/watch/file-identity';
import { tempDir } from '../helpers/temp-dir';

let dir: ReturnType<typeof tempDir>;
beforeEach(() => (dir = tempDir()));
afterEach(() => dir.cleanup());

/** What the ingest loop would store after reading the file completely. */
function stored(id: FileIdentity, offset = id.size): StoredIdentity {
  return { ino: id.ino, size: id.size, head: id.head, offset };
}

async function identity(path: string): Promise<FileIdentity> {
  const id = await statIdentity(path);
  if (!id) throw new Error(`missing ${path}`);
  return id;
}

const line = (i: number) => `{"type":"user","uuid":"u-${i}","message":{"content":"${'x'.repeat(40)}"}}\n`;
const lines = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => line(from + i)).join('');

describe('statIdentity', () => {
  it('returns null for a missing file or a missing parent', async () => {
    expect(await statIdentity(join(dir.path, 'nope.jsonl'))).toBeNull();
    expect(await statIdentity(join(dir.path, 'no-dir', 'nope.jsonl'))).toBeNull();
  });

  it('reports inode, size, mtime and the hex of the first bytes', async () => {
    const p = join(dir.path, 'a.jsonl');
    writeFileSync(p, 'hi\n');
    const id = await identity(p);
    const st = statSync(p, { bigint: true });
    expect(id).toEqual({ ino: st.ino.toString(), size: 3, mtimeMs: Number(st.mtimeNs) / 1e6, head: '68690a' });
  });

  it('caps the head at HEAD_BYTES and gives an empty head for an empty file', async () => {
    const p = join(dir.path, 'a.jsonl');
    writeFileSync(p, lines(0, 20));
    expect((await identity(p)).head).toBe(Buffer.from(lines(0, 20)).subarray(0, HEAD_BYTES).toString('hex'));
    writeFileSync(p, '');
    expect((await identity(p)).head).toBe('');
  });
});

describe('classifyChange', () => {
  const file = () => join(dir.path, 's.jsonl');

  it('is new when nothing is stored', async () => {
    writeFileSync(file(), line(0));
    expect(classifyChange(null, await identity(file()))).toBe('new');
  });

  it('is unchanged when nothing was appended', async () => {
    writeFileSync(file(), lines(0, 3));
    const id = await identity(file());
    expect(classifyChange(stored(id), await identity(file()))).toBe('unchanged');
  });

  it('is grown after an append, including when the stored head was shorter than HEAD_BYTES', async () => {
    writeFileSync(file(), line(0)); // under HEAD_BYTES: the stored head is a prefix of the later one
    const before = await identity(file());
    expect(before.head.length / 2).toBeLessThan(HEAD_BYTES);
    appendFileSync(file(), lines(1, 10));
    expect(classifyChange(stored(before), await identity(file()))).toBe('grown');
  });

  it('is grown when only a partial line was left unconsumed and more arrived', async () => {
    writeFileSync(file(), line(0) + '{"type":"us');
    const before = await identity(file());
    const offset = Buffer.byteLength(line(0)); // the reader stopped before the partial line
    expect(classifyChange(stored(before, offset), before)).toBe('grown'); // size > offset: read again from offset
    appendFileSync(file(), 'er"}\n');
    expect(classifyChange(stored(before, offset), await identity(file()))).toBe('grown');
  });

  it('is truncated when the same file got shorter than the stored offset', async () => {
    writeFileSync(file(), lines(0, 10));
    const before = await identity(file());
    truncateSync(file(), Buffer.byteLength(lines(0, 2)));
    expect(classifyChange(stored(before), await identity(file()))).toBe('truncated');
    truncateSync(file(), 0);
    expect(classifyChange(stored(before), await identity(file()))).toBe('truncated');
  });

  it('is replaced when the content differs, with a new inode or the same one', async () => {
    writeFileSync(file(), lines(0, 10));
    const before = await identity(file());
    // A different file under the same path (new inode).
    const other = join(dir.path, 'other.jsonl');
    writeFileSync(other, lines(100, 120));
    renameSync(other, file());
    const replaced = await identity(file());
    expect(replaced.ino).not.toBe(before.ino);
    expect(classifyChange(stored(before), replaced)).toBe('replaced');
    // Rewritten in place (same inode), different head, even though it is larger.
    writeFileSync(file(), lines(0, 10));
    const base = await identity(file());
    writeFileSync(file(), lines(50, 80));
    const rewritten = await identity(file());
    expect(rewritten.ino).toBe(base.ino);
    expect(classifyChange(stored(base), rewritten)).toBe('replaced');
  });

  it('treats a same-content file re-created under a new inode as the same file', async () => {
    writeFileSync(file(), lines(0, 10));
    const before = await identity(file());
    // Editor save / backup restore: same bytes written to a temp file, renamed over the original.
    const tmp = join(dir.path, 'restore.tmp');
    writeFileSync(tmp, lines(0, 10));
    unlinkSync(file());
    renameSync(tmp, file());
    const same = await identity(file());
    expect(same.ino).not.toBe(before.ino);
    expect(classifyChange(stored(before), same)).toBe('unchanged');
    writeFileSync(tmp, lines(0, 15));
    renameSync(tmp, file());
    expect(classifyChange(stored(before), await identity(file()))).toBe('grown');
  });

  it('classifies by head, size and offset alone (pure cases)', () => {
    const s: StoredIdentity = { ino: '1', size: 100, head: 'aabbcc', offset: 90 };
    const now = (ino: string, size: number, head: string): FileIdentity => ({ ino, size, mtimeMs: 0, head });
    expect(classifyChange(s, now('1', 90, 'aabbcc'))).toBe('unchanged');
    expect(classifyChange(s, now('1', 100, 'aabbcc'))).toBe('grown');
    expect(classifyChange(s, now('2', 120, 'aabbccdd'))).toBe('grown'); // new inode, head extends the stored one
    expect(classifyChange(s, now('1', 2, 'aa'))).toBe('truncated'); // shorter head that is a prefix
    expect(classifyChange(s, now('2', 50, 'aabb'))).toBe('truncated');
    expect(classifyChange(s, now('1', 200, 'aabbdd'))).toBe('replaced');
    expect(classifyChange(s, now('2', 200, 'ffbbcc'))).toBe('replaced');
    expect(classifyChange({ ...s, head: '', size: 0, offset: 0 }, now('1', 0, ''))).toBe('unchanged');
    expect(classifyChange({ ...s, head: '', size: 0, offset: 0 }, now('2', 10, 'ff'))).toBe('grown');
  });
});
