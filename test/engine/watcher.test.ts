import { appendFileSync, mkdirSync, rmSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createDirWatcher } from '../../src/engine/watch/dir-watcher';
import { createWatcher, type Watcher, type WatcherOptions, type WatchEventKind } from '../../src/engine/watch/watcher';
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
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Open watch handles of this process: fs.watch (FSEventWrap) and fs.watchFile (StatWatcher). */
const watchHandles = () =>
  process.getActiveResourcesInfo().filter((r) => r === 'FSEventWrap' || r === 'StatWatcher').length;

function record() {
  /** `size`: the file's size when the report was made (-1 when it could not be stat'ed). */
  const events: Array<{ path: string; kind: WatchEventKind; size: number }> = [];
  const errors: Error[] = [];
  const has = (path: string, kind: WatchEventKind) => events.some((e) => e.path === path && e.kind === kind);
  const sizeOf = (path: string) => {
    try {
      return statSync(path).size;
    } catch {
      return -1;
    }
  };
  return {
    events,
    errors,
    has,
    onChange: (path: string, kind: WatchEventKind) => events.push({ path, kind, size: sizeOf(path) }),
    onError: (err: Error) => errors.push(err),
    waitFor: (path: string, kind: WatchEventKind) => waitFor(() => has(path, kind), 5000, `${kind} ${path}`),
  };
}

type Factory = (opts: WatcherOptions) => Watcher;
const modes: Array<[string, Factory]> = [
  ['fs events', (o) => createWatcher({ ...o, usePolling: false })],
  ['polling', (o) => createWatcher({ ...o, usePolling: true, pollIntervalMs: 50 })],
  // The macOS / Windows code path (one recursive handle per root), run wherever Node supports `recursive`.
  ['recursive fs.watch', (o) => createDirWatcher(o, { recursive: true })],
];

describe.each(modes)('createWatcher (%s)', (name, create) => {
  it('reports a new file in a new nested directory, an append and an unlink; skips unaccepted files', async () => {
    const existing = join(dir.path, 'projects', 'old', 's0.jsonl');
    mkdirSync(join(existing, '..'), { recursive: true });
    writeFileSync(existing, '{}\n');
    const r = record();
    let readyCalls = 0;
    watcher = create({ roots: [dir.path], accept: jsonl, ...r, onReady: () => readyCalls++ });
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

  it('reports the second of two appends 10 ms apart (no throttle without a trailing event)', async () => {
    const file = join(dir.path, 's.jsonl');
    writeFileSync(file, '{"n":0}\n');
    const r = record();
    watcher = create({ roots: [dir.path], accept: jsonl, ...r });
    await watcher.ready;
    for (let trial = 1; trial <= 5; trial++) {
      appendFileSync(file, `{"n":${trial},"type":"tool_use"}\n`);
      await sleep(10);
      appendFileSync(file, `{"n":${trial},"type":"permission"}\n`);
      const size = statSync(file).size;
      // Then silence: some report must come after the second append, i.e. see the file with both lines.
      await waitFor(
        () => r.events.some((e) => e.path === file && e.size === size),
        5000,
        `a report after the second append (trial ${trial})`,
      );
    }
    expect(r.errors).toEqual([]);
  });

  it('reports a file created in a new directory before a watch on it can exist, and in a deep new tree', async () => {
    const r = record();
    watcher = create({ roots: [dir.path], accept: jsonl, ...r });
    await watcher.ready;
    const quick = join(dir.path, 'quick');
    mkdirSync(quick);
    writeFileSync(join(quick, 'q.jsonl'), '{}\n'); // synchronously, before any event is handled
    const deep = join(dir.path, 'a', 'b', 'c');
    mkdirSync(deep, { recursive: true });
    writeFileSync(join(deep, 'd.jsonl'), '{}\n');
    await r.waitFor(join(quick, 'q.jsonl'), 'add');
    await r.waitFor(join(deep, 'd.jsonl'), 'add');
    // Watched from now on.
    appendFileSync(join(deep, 'd.jsonl'), '{}\n');
    await r.waitFor(join(deep, 'd.jsonl'), 'change');
    expect(r.errors).toEqual([]);
  });

  it('stops watching a removed directory without errors, and watches one created again under its name', async () => {
    const sub = join(dir.path, 'proj', 'sess');
    mkdirSync(sub, { recursive: true });
    writeFileSync(join(sub, 'a.jsonl'), '{}\n');
    const r = record();
    watcher = create({ roots: [dir.path], accept: jsonl, ...r });
    await watcher.ready;
    const before = watchHandles();

    rmSync(join(dir.path, 'proj'), { recursive: true });
    await r.waitFor(join(sub, 'a.jsonl'), 'unlink');
    if (name === 'fs events') await waitFor(() => watchHandles() === before - 2, 5000, 'two directory watches closed');

    mkdirSync(sub, { recursive: true });
    writeFileSync(join(sub, 'b.jsonl'), '{}\n');
    await r.waitFor(join(sub, 'b.jsonl'), 'add');
    appendFileSync(join(sub, 'b.jsonl'), '{}\n');
    await r.waitFor(join(sub, 'b.jsonl'), 'change');
    expect(r.errors).toEqual([]);
  });

  it('watches a root added after it appears', async () => {
    const later = join(dir.path, 'later');
    const r = record();
    watcher = create({ roots: [later], accept: jsonl, ...r });
    await watcher.ready;
    expect(r.errors.map((e) => e.message)).toEqual([expect.stringContaining(later)]);

    mkdirSync(join(later, 'p'), { recursive: true });
    watcher.add(later);
    const file = join(later, 'p', 'x.jsonl');
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

  it('honours depth', async () => {
    mkdirSync(join(dir.path, 'one', 'two'), { recursive: true });
    const r = record();
    watcher = create({ roots: [dir.path], accept: jsonl, depth: 1, ...r });
    await watcher.ready;
    const tooDeep = join(dir.path, 'one', 'two', 'x.jsonl');
    writeFileSync(tooDeep, '{}\n');
    const inRange = join(dir.path, 'one', 'y.jsonl');
    writeFileSync(inRange, '{}\n');
    await r.waitFor(inRange, 'add');
    await sleep(200); // bounded: give a wrong report for the deeper file the time to show up
    expect(r.events.filter((e) => e.path === tooDeep)).toEqual([]);
  });

  it('closes every handle', async () => {
    mkdirSync(join(dir.path, 'a', 'b'), { recursive: true });
    writeFileSync(join(dir.path, 'a', 'b', 'x.jsonl'), '{}\n');
    // Handles closed by the previous test's afterEach go away asynchronously; this test runner holds none.
    await waitFor(() => watchHandles() === 0, 5000, 'the handles of earlier tests closed');
    const before = watchHandles();
    const r = record();
    const w = create({ roots: [dir.path], accept: jsonl, ...r });
    await w.ready;
    expect(watchHandles()).toBeGreaterThan(before);
    await w.close();
    await waitFor(() => watchHandles() === before, 5000, 'all watch handles closed');
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
