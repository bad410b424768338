import { effect } from '@preact/signals';
import { describe, expect, it } from 'vitest';
import { apply } from '../../src/renderer/state/reducer';
import { createStore, RECENT_LIMIT } from '../../src/renderer/state/store';
import { agent, health, statusEvent, textEvent, usageEvent } from './helpers/agents';


function snapshot(store = createStore()) {
  apply(store, { type: 'snapshot', agents: [agent('a', { state: 'running' }), agent('b'), agent('c', { state: 'blocked' })], health: health(), recent: [textEvent(5, 'a'), usageEvent(6, 'a'), textEvent(7, 'b')] });
  return store;
}

describe('reducer', () => {
  it('takes a snapshot: agents, health, recent events without usage, the resume point, a first selection', () => {
    const store = snapshot();
    expect(store.loaded.value).toBe(true);
    expect(store.agents.value.size).toBe(3);
    expect(store.recent.value.map((e) => e.id)).toEqual([5, 7]);
    expect(store.lastEventId.value).toBe(7);
    expect(store.selectedId.value).toBe('c'); // blocked sorts first
  });

  it('applies feed events once: ids at or below the last one are dropped', () => {
    const store = snapshot();
    apply(store, { type: 'events', events: [textEvent(7, 'b'), textEvent(8, 'a'), textEvent(9, 'a')] });
    apply(store, { type: 'events', events: [textEvent(9, 'a'), textEvent(10, 'b')] });
    expect(store.recent.value.map((e) => e.id)).toEqual([5, 7, 8, 9, 10]);
    expect(store.lastEventId.value).toBe(10);
  });

  it('keeps only the latest RECENT_LIMIT events', () => {
    const store = snapshot();
    apply(store, { type: 'events', events: Array.from({ length: RECENT_LIMIT + 20 }, (_, i) => textEvent(100 + i, 'a')) });
    expect(store.recent.value).toHaveLength(RECENT_LIMIT);
    expect(store.recent.value[RECENT_LIMIT - 1].id).toBe(100 + RECENT_LIMIT + 19);
  });

  it('changes an agent state from a status event before its summary arrives', () => {
    const store = snapshot();
    apply(store, { type: 'events', events: [statusEvent(8, 'b', 'blocked', 'permission')] });
    expect(store.agents.value.get('b')).toMatchObject({ state: 'blocked', stateReason: 'permission' });
    expect(store.rows.value.slice(0, 2).map((r) => r.agent.id).sort()).toEqual(['b', 'c']);
  });

  it('renders once per batch of feed events', () => {
    const store = snapshot();
    let runs = 0;
    const stop = effect(() => {
      void store.recent.value;
      void store.agents.value;
      runs++;
    });
    runs = 0;
    apply(store, { type: 'events', events: [textEvent(8, 'a'), statusEvent(9, 'a', 'idle'), textEvent(10, 'b')] });
    stop();
    expect(runs).toBe(1);
  });

  it('replaces one agent from a summary and leaves the others', () => {
    const store = snapshot();
    const before = store.agents.value.get('a');
    apply(store, { type: 'agent', agent: agent('b', { title: 'renamed' }) });
    expect(store.agents.value.get('b')?.title).toBe('renamed');
    expect(store.agents.value.get('a')).toBe(before);
  });

  it('moves the selection within the visible rows and clamps at the ends', () => {
    const store = snapshot();
    const order = store.rows.value.map((r) => r.agent.id);
    apply(store, { type: 'move', by: 1 });
    expect(store.selectedId.value).toBe(order[1]);
    apply(store, { type: 'moveTo', where: 'last' });
    apply(store, { type: 'move', by: 1 });
    expect(store.selectedId.value).toBe(order[order.length - 1]);
    apply(store, { type: 'moveTo', where: 'first' });
    apply(store, { type: 'move', by: -1 });
    expect(store.selectedId.value).toBe(order[0]);
  });

  it('opens the selected agent, and only an agent that exists', () => {
    const store = snapshot();
    apply(store, { type: 'view', view: 'live' });
    apply(store, { type: 'open', id: 'nope' });
    expect(store.openId.value).toBeNull();
    apply(store, { type: 'open' });
    expect(store.openId.value).toBe(store.selectedId.value);
    expect(store.view.value).toBe('agents');
    apply(store, { type: 'close' });
    expect(store.openId.value).toBeNull();
  });

  it('switching views closes a replay; toggles flip follow and help', () => {
    const store = snapshot();
    apply(store, { type: 'open', id: 'a' });
    apply(store, { type: 'view', view: 'issues' });
    expect(store.openId.value).toBeNull();
    expect(store.follow.value).toBe(true);
    apply(store, { type: 'follow' });
    expect(store.follow.value).toBe(false);
    apply(store, { type: 'help' });
    expect(store.helpOpen.value).toBe(true);
    apply(store, { type: 'help', open: false });
    expect(store.helpOpen.value).toBe(false);
  });

  it('filters change the rows', () => {
    const store = snapshot();
    apply(store, { type: 'filters', filters: { states: ['running'] } });
    expect(store.rows.value.map((r) => r.agent.id)).toEqual(['a']);
  });
});
