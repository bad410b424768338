/**
 * `#agent=<id>` links from off-machine alerts: the hash parser (pure), and following a link: the
 * agent's replay opens once the list knows it, the hash is cleared, an unknown agent is a notice.
 */
import { describe, expect, it, vi } from 'vitest';
import { followAgentLinks, parseAgentHash, type HashWindow } from '../../src/renderer/state/deep-link';
import { apply } from '../../src/renderer/state/reducer';
import { createStore } from '../../src/renderer/state/store';
import type { Action } from '../../src/renderer/state/actions';
import { agent } from './helpers/agents';

describe('parseAgentHash', () => {
  it('reads a URL-encoded agent id', () => {
    expect(parseAgentHash('#agent=claude%3A5e550001-0000-4000-8000-000000000001')).toBe('claude:5e550001-0000-4000-8000-000000000001');
    expect(parseAgentHash('#agent=codex:abc')).toBe('codex:abc');
    expect(parseAgentHash('agent=a%2Fb%20c')).toBe('a/b c');
    expect(parseAgentHash('#agent=%3Cimg%20src%3Dx%3E')).toBe('<img src=x>');
  });

  it('anything else names no agent', () => {
    for (const h of ['', '#', '#agent=', '#agent=%20', '#agents=x', '#view=settings', '#agent=%E0%A4%A', '#x&agent=a']) expect(parseAgentHash(h), h).toBeNull();
  });
});

function fakeWindow(hash: string) {
  const listeners = new Set<() => void>();
  const replaced: string[] = [];
  const win: HashWindow = {
    location: { hash, pathname: '/', search: '' },
    history: {
      replaceState(_d, _u, url) {
        replaced.push(url);
        win.location.hash = '';
      },
    },
    addEventListener: (_t, l) => listeners.add(l),
    removeEventListener: (_t, l) => listeners.delete(l),
  };
  const navigate = (h: string) => {
    win.location.hash = h;
    for (const l of listeners) l();
  };
  return { win, replaced, navigate, listeners };
}

const tick = () => new Promise((r) => setTimeout(r, 0));

describe('followAgentLinks', () => {
  it('opens the replay once the agent is listed, and clears the hash at once', async () => {
    const store = createStore();
    const actions: Action[] = [];
    const dispatch = (a: Action) => (actions.push(a), apply(store, a));
    const w = fakeWindow('#agent=claude%3Aone');
    const stop = followAgentLinks(w.win, store, dispatch);
    expect(w.replaced).toEqual(['/']);
    expect(store.openId.value).toBeNull();
    dispatch({ type: 'agents', agents: [agent('claude:one'), agent('claude:two')] });
    await tick();
    expect(store.openId.value).toBe('claude:one');
    expect(store.view.value).toBe('agents');

    w.navigate('#agent=claude%3Atwo');
    await tick();
    expect(store.openId.value).toBe('claude:two');
    w.navigate('#somewhere-else');
    await tick();
    expect(store.openId.value).toBe('claude:two');
    expect(w.replaced).toEqual(['/', '/']);
    stop();
    expect(w.listeners.size).toBe(0);
  });

  it('an agent that never shows up becomes a notice', async () => {
    vi.useFakeTimers();
    try {
      const store = createStore();
      const stop = followAgentLinks(fakeWindow('#agent=ghost').win, store, (a) => apply(store, a));
      vi.advanceTimersByTime(10_001);
      expect(store.notice.value).toMatch(/ghost/);
      expect(store.openId.value).toBeNull();
      stop();
    } finally {
      vi.useRealTimers();
    }
  });
});
