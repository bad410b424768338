import { chmodSync, mkdirSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { statIdentity } from '../../src/engine/watch/file-identity';
import { scanTree, scanTreeSync } from '../../src/engine/watch/scan';
import { tempDir } from '../helpers/temp-dir';

let dir: ReturnType<typeof tempDir>;
beforeEach(() => (dir = tempDir()));
afterEach(() => {
  chmodSync(dir.path, 0o700);
  dir.cleanup();
});

const jsonl = (p: string) => p.endsWith('.jsonl');
const put = (rel: string, body = '{}\n') => {
  const p = join(dir.path, rel);
  mkdirSync(join(p, '..'), { recursive: true });
  writeFileSync(p, body);
  return p;
};
const rel = (files: Array<{ path: string }>) => files.map((f) => f.path.slice(dir.path.length + 1));

/**
 * Runs `fn` where a mode-000 directory really is unreadable. Root ignores permissions, so as root we drop the
 * effective uid to `nobody` for the duration (and restore it); returns null when that is not possible.
 */
async function withoutRoot<T>(fn: () => Promise<T>): Promise<T | null> {
  if (process.getuid?.() !== 0) return fn();
  if (!process.seteuid) return null;
  process.seteuid(65534);
  try {
    return await fn();
  } finally {
    process.seteuid(0);
  }
}

// The async walk (rescans of a running server) and the sync one (start-up) must find exactly the same.
const variants: Array<[string, typeof scanTree]> = [
  ['scanTree', scanTree],
  ['scanTreeSync', async (root, accept, opts) => scanTreeSync(root, accept, opts)],
];

describe.each(variants)('%s', (_name, scan) => {
  it('finds accepted files at every depth, sorted, with size, mtime and the same ino format as statIdentity', async () => {
    const a = put('projects/-home-me-app/s1.jsonl', '{"a":1}\n');
    put('projects/-home-me-app/s1/subagents/agent-abc.jsonl');
    put('projects/-home-me-app/s1/subagents/agent-abc.meta.json');
    put('projects/-home-me-lib/s2.jsonl');
    put('history.txt');
    const { files, errors } = await scan(dir.path, jsonl);
    expect(errors).toEqual([]);
    expect(rel(files)).toEqual([
      'projects/-home-me-app/s1.jsonl',
      'projects/-home-me-app/s1/subagents/agent-abc.jsonl',
      'projects/-home-me-lib/s2.jsonl',
    ]);
    const id = await statIdentity(a);
    expect(files[0]).toEqual({ path: a, size: 8, mtimeMs: id?.mtimeMs, ino: id?.ino });
  });

  it('includes symlinked files but does not follow symlinked directories (no cycles)', async () => {
    const target = put('elsewhere/real.jsonl');
    put('root/p/s.jsonl');
    symlinkSync(target, join(dir.path, 'root/p/link.jsonl'));
    symlinkSync(join(dir.path, 'root'), join(dir.path, 'root/p/loop')); // a cycle back to the root
    symlinkSync(join(dir.path, 'elsewhere'), join(dir.path, 'root/elsewhere'));
    symlinkSync(join(dir.path, 'missing.jsonl'), join(dir.path, 'root/p/dangling.jsonl'));
    const { files, errors } = await scan(join(dir.path, 'root'), jsonl);
    expect(rel(files)).toEqual(['root/p/link.jsonl', 'root/p/s.jsonl']);
    expect(errors).toEqual([]); // the dangling link is skipped like a file deleted mid-scan
  });

  it('reports a file that cannot be stat-ed (symlink loop) and keeps the rest', async () => {
    put('p/ok.jsonl');
    symlinkSync(join(dir.path, 'p/b.jsonl'), join(dir.path, 'p/a.jsonl'));
    symlinkSync(join(dir.path, 'p/a.jsonl'), join(dir.path, 'p/b.jsonl'));
    const { files, errors } = await scan(dir.path, jsonl);
    expect(rel(files)).toEqual(['p/ok.jsonl']);
    expect(errors.map((e) => e.path).sort()).toEqual([join(dir.path, 'p/a.jsonl'), join(dir.path, 'p/b.jsonl')]);
    expect(errors[0].error).toMatch(/ELOOP/);
  });

  it('returns an empty result with one error for a missing root, without throwing', async () => {
    const missing = join(dir.path, 'no-such-dir');
    const { files, errors } = await scan(missing, jsonl);
    expect(files).toEqual([]);
    expect(errors).toEqual([{ path: missing, error: expect.stringMatching(/does not exist/) }]);
  });

  it('accepts a root that is itself a file', async () => {
    const p = put('one.jsonl');
    expect(rel((await scan(p, jsonl)).files)).toEqual(['one.jsonl']);
  });

  it('records an unreadable directory and walks on', async () => {
    put('a/s1.jsonl');
    put('locked/s2.jsonl');
    put('z/s3.jsonl');
    chmodSync(dir.path, 0o755); // mkdtemp makes it 0700: let the unprivileged uid in
    chmodSync(join(dir.path, 'locked'), 0o000);
    try {
      const result = await withoutRoot(async () => {
        let blocked = false;
        try {
          readdirSync(join(dir.path, 'locked'));
        } catch {
          blocked = true;
        }
        return blocked ? scanTree(dir.path, jsonl) : null;
      });
      if (!result) {
        // Running with privileges that ignore file modes and cannot be dropped: no way to make EACCES here.
        console.warn('scan.test: skipped the EACCES assertion: mode 000 does not block reads for this user');
        return;
      }
      expect(rel(result.files)).toEqual(['a/s1.jsonl', 'z/s3.jsonl']);
      expect(result.errors).toEqual([{ path: join(dir.path, 'locked'), error: expect.stringMatching(/EACCES/) }]);
    } finally {
      chmodSync(join(dir.path, 'locked'), 0o755);
    }
  });

  it('honours maxDepth (0 = the root entries only)', async () => {
    put('top.jsonl');
    put('d1/one.jsonl');
    put('d1/d2/two.jsonl');
    expect(rel((await scan(dir.path, jsonl, { maxDepth: 0 })).files)).toEqual(['top.jsonl']);
    expect(rel((await scan(dir.path, jsonl, { maxDepth: 1 })).files)).toEqual(['d1/one.jsonl', 'top.jsonl']);
  });

  it('finds 3000 files in 300 directories', async () => {
    const expected: string[] = [];
    for (let d = 0; d < 300; d++) {
      const sub = join(dir.path, `proj-${String(d).padStart(3, '0')}`, 'sessions');
      mkdirSync(sub, { recursive: true });
      for (let f = 0; f < 10; f++) {
        writeFileSync(join(sub, `s${f}.jsonl`), '{}\n');
        writeFileSync(join(sub, `s${f}.meta.json`), '{}');
        expected.push(`proj-${String(d).padStart(3, '0')}/sessions/s${f}.jsonl`);
      }
    }
    const { files, errors } = await scan(dir.path, jsonl);
    expect(errors).toEqual([]);
    expect(rel(files)).toEqual(expected.sort());
  });
});
