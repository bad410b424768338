import { appendFileSync, mkdirSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createWatcher, type Watcher, type WatchEventKind } from '../../src/engine/watch/watcher';
import { tempDir } from '../helpers/temp-dir';
import { waitFor } from '../helpers/wait-for';

let dir: ReturnType<typeof tempDir>;
let watcher: Watcher | undefined;
beforeEach(() => (dir = tempDir()));
afterEach(async () => {
  await watcher?.close();
  watcher = undefined;
  dir.cleanup();
});

const jsonl = (p: string) => p.endsWith('.jsonl');

function record() {
  const events: Array<{ path: string; kind: WatchEventKind }> = [];
  const errors: Error[] = [];
  const has = (path: string, kind: WatchEventKind) => events.some((e) => e.path === path && e.kind === kind);
  return {
    events,
    errors,
    has,
    onChange: (path: string, kind: WatchEventKind) => events.push({ path, kind }),
    onError: (err: Error) => errors.push(err),
    waitFor: (path: string, kind: WatchEventKind) => waitFor(() => has(path, kind), 5000, `${kind} ${path}`),
  };
}

describe.each([
  ['fs events', { usePolling: false }],
  ['polling', { usePolling: true, pollIntervalMs: 50 }],
] as const)('createWatcher (%s)', (_name, mode) => {
  it('reports a new file in a new nested directory, an append and an unlink; skips unaccepted files', async () => {
    const existing = join(dir.path, 'projects', 'old', 's0.jsonl');
    mkdirSync(join(existing, '..'), { recursive: true });
    writeFileSync(existing, '{}\n');
    const r = record();
    let readyCalls = 0;
    watcher = createWatcher({ roots: [dir.path], accept: jsonl, ...mode, ...r, onReady: () => readyCalls++ });
    await watcher.ready;
    expect(readyCalls).toBe(1);
    expect(r.events).toEqual([]); // ignoreInitial: the caller scans existing files itself

    const nested = join(dir.path, 'projects', '-home-me-app', 'sess-1', 'subagents');
    mkdirSync(nested, { recursive: true });
    const file = join(nested, 'agent-a.jsonl');
    writeFileSync(file, '{"n":1}\n');
    writeFileSync(join(nested, 'agent-a.meta.json'), '{}');
    await r.waitFor(file, 'add');

    appendFileSync(file, '{"n":2}\n');
    await r.waitFor(file, 'change');
    appendFileSync(existing, '{"n":2}\n');
    await r.waitFor(existing, 'change');

    unlinkSync(file);
    await r.waitFor(file, 'unlink');

    expect(r.events.filter((e) => !jsonl(e.path))).toEqual([]);
    expect(r.errors).toEqual([]);
  });
});

describe('createWatcher roots', () => {
  it('skips a missing root, reports it once, is still ready, and can add it later', async () => {
    const present = join(dir.path, 'present');
    const missing = join(dir.path, 'later');
    mkdirSync(present);
    const r = record();
    watcher = createWatcher({ roots: [present, missing], accept: jsonl, ...r });
    await watcher.ready;
    expect(r.errors.map((e) => e.message)).toEqual([expect.stringContaining(missing)]);

    mkdirSync(missing);
    watcher.add(missing);
    const file = join(missing, 'x.jsonl');
    // add() sets up asynchronously: keep touching the file until the watcher has seen it.
    await waitFor(
      () => {
        appendFileSync(file, '{}\n');
        return r.has(file, 'add') || r.has(file, 'change');
      },
      5000,
      'an event for a file under a root added later',
    );
    expect(r.errors).toHaveLength(1);
  });

  it('is ready at once with no existing root', async () => {
    const r = record();
    watcher = createWatcher({ roots: [join(dir.path, 'nope')], accept: jsonl, ...r });
    await watcher.ready;
    expect(r.errors).toHaveLength(1);
  });

  it('reports an exception thrown by onChange through onError instead of breaking the watcher', async () => {
    const r = record();
    let calls = 0;
    watcher = createWatcher({
      roots: [dir.path],
      accept: jsonl,
      onError: r.onError,
      onChange: (path, kind) => {
        calls++;
        if (calls === 1) throw new Error('consumer bug');
        r.onChange(path, kind);
      },
    });
    await watcher.ready;
    const a = join(dir.path, 'a.jsonl');
    writeFileSync(a, '{}\n');
    await waitFor(() => r.errors.length > 0, 5000, 'the consumer error');
    expect(r.errors[0].message).toBe('consumer bug');
    const b = join(dir.path, 'b.jsonl');
    writeFileSync(b, '{}\n');
    await r.waitFor(b, 'add');
  });
});
