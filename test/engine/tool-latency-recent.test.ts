// @vitest-environment node
/** `ToolLatency.recentMs`, the sparkline: each tool's latest finished calls by start time, at most 30, oldest first. */
import { afterEach, describe, expect, it } from 'vitest';
import { openReadonlyStore, resolveScope, toolLatency } from '../../src/engine/stats';
import { openStore, type Store } from '../../src/engine/store/store';
import { testStoreOptions } from '../helpers/store-options';
import { tempDir } from '../helpers/temp-dir';

const cleanups: Array<() => void> = [];
afterEach(() => {
  for (const c of cleanups.splice(0).reverse()) c();
});

function setup() {
  const dir = tempDir('lantern-recent-');
  cleanups.push(dir.cleanup);
  const store = openStore(dir.path, testStoreOptions());
  cleanups.push(() => store.close());
  const db = openReadonlyStore(store.path);
  cleanups.push(() => db.close());
  return { store, db };
}

const t0 = Date.UTC(2026, 5, 15, 10);
let seq = 0;
function call(store: Store, name: string, startedAt: number, durationMs: number | null, o: { agentId?: string; interrupted?: boolean } = {}): void {
  store.recordToolTiming(o.agentId ?? 'claude:main', {
    toolUseId: `tu${++seq}`,
    name,
    startedAt,
    ...(durationMs === null ? {} : { endedAt: startedAt + durationMs, durationMs }),
    ...(o.interrupted ? { interrupted: true } : {}),
  });
}

describe('tool latency recentMs', () => {
  it('keeps the 30 latest finished calls by start time, oldest first', () => {
    const { store, db } = setup();
    // Inserted out of order; duration i + 1 for the call started i seconds after t0.
    const order = Array.from({ length: 40 }, (_, i) => (i * 17) % 40);
    for (const i of order) call(store, 'Bash', t0 + i * 1000, i + 1);
    call(store, 'Bash', t0 + 100_000, 99_999, { interrupted: true }); // the latest, but interrupted
    call(store, 'Bash', t0 + 200_000, null); // still running
    call(store, 'Bash', t0 - 3_600_000, 5); // before the window below

    const [bash] = toolLatency(db, { startMs: t0 - 60_000 });
    expect(bash.name).toBe('Bash');
    expect(bash.recentMs).toEqual(Array.from({ length: 30 }, (_, i) => i + 11));
    // Without a window the old call counts, but is not among the latest 30.
    expect(toolLatency(db, { startMs: null })[0].recentMs).toEqual(bash.recentMs);
  });

  it('orders by start time, not by duration, per tool, within the scope', () => {
    const { store, db } = setup();
    call(store, 'Read', t0 + 3000, 7);
    call(store, 'Read', t0 + 1000, 900);
    call(store, 'Read', t0 + 2000, 1);
    call(store, 'Grep', t0, 42, { agentId: 'claude:other' });
    const tools = toolLatency(db, { startMs: null });
    expect(Object.fromEntries(tools.map((x) => [x.name, x.recentMs]))).toEqual({ Read: [900, 1, 7], Grep: [42] });
    const other = toolLatency(db, { startMs: null, agentKeys: resolveScope(db, { agentId: 'claude:other' }) });
    expect(other.map((x) => [x.name, x.recentMs])).toEqual([['Grep', [42]]]);
  });

  it('is empty for a tool whose calls were all interrupted', () => {
    const { store, db } = setup();
    call(store, 'Task', t0, 5000, { interrupted: true });
    expect(toolLatency(db, { startMs: null })).toEqual([{ name: 'Task', count: 1, errors: 0, interrupted: 1, p50Ms: null, p95Ms: null, p99Ms: null, recentMs: [] }]);
  });
});
