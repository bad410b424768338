// @vitest-environment node
/**
 * Native notifications (electron mocked): an alert on the bus becomes one Notification, kept
 * referenced until clicked or closed (electron#12690); a click shows the window on the agent.
 * Then the wiring with the engine's real notify policy: throttle, coalescing and pause decide
 * what reaches the Notification constructor.
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';
vi.mock('electron', async () => (await import('./electron-mock')).electronModule);
import type { AgentSummary } from '../../src/shared/agents';
import type { LanternEvent } from '../../src/shared/events';
import type { Alert } from '../../src/shared/notify';
import { DEFAULT_SETTINGS } from '../../src/shared/settings';
import { createBus } from '../../src/engine/bus';
import { COALESCE_MS, createNotifyPolicy } from '../../src/engine/notify';
import { MAX_KEPT, setupNotifications } from '../../src/main/notifications';
import { agentSummary } from '../helpers/agent-summary';
import { fakeTime, permissionRequestEvent, statusEvent } from '../engine/notify-fakes';
import { electron, FakeNotification, resetElectron } from './electron-mock';

const alert = (id: number, agentIds: string[], over: Partial<Alert> = {}): Alert => ({
  id,
  kinds: ['blocked'],
  kind: 'blocked',
  agentIds,
  title: 'payments-api',
  body: 'Claude needs your permission to use Bash',
  at: '2026-05-01T09:00:00.000Z',
  ...over,
});

function harness() {
  const bus = createBus((err) => {
    throw err;
  });
  const deps = { bus, showAgent: vi.fn(), showWindow: vi.fn(), logger: { info: vi.fn(), warn: vi.fn(), error: vi.fn() } };
  const notifications = setupNotifications(deps);
  return { bus, deps, notifications };
}

beforeEach(() => resetElectron());

describe('notifications', () => {
  it('shows an alert as a Notification with its title and body', () => {
    const h = harness();
    h.bus.emit('alert', alert(1, ['claude:a']));
    expect(FakeNotification.instances).toHaveLength(1);
    const n = FakeNotification.instances[0];
    expect(n.options).toEqual({ title: 'payments-api', body: 'Claude needs your permission to use Bash', silent: false });
    expect(n.show).toHaveBeenCalledTimes(1);
  });

  it('keeps a reference until the notification is closed or clicked', () => {
    const h = harness();
    h.bus.emit('alert', alert(1, ['claude:a']));
    h.bus.emit('alert', alert(2, ['claude:b']));
    expect(h.notifications.kept()).toBe(2);
    FakeNotification.instances[0].emit('close', {});
    expect(h.notifications.kept()).toBe(1);
    FakeNotification.instances[1].emit('click', {});
    expect(h.notifications.kept()).toBe(0);
  });

  it('bounds the references when close never comes (Notification Center)', () => {
    const h = harness();
    for (let i = 1; i <= MAX_KEPT + 10; i++) h.bus.emit('alert', alert(i, ['claude:a']));
    expect(h.notifications.kept()).toBe(MAX_KEPT);
  });

  it('shows the window on the (first) agent of the alert when clicked', () => {
    const h = harness();
    h.bus.emit('alert', alert(1, ['claude:b', 'claude:c'], { title: '2 agents need you' }));
    FakeNotification.instances[0].emit('click', {});
    expect(h.deps.showAgent).toHaveBeenCalledWith('claude:b');
    h.bus.emit('alert', alert(2, []));
    FakeNotification.instances[1].emit('click', {});
    expect(h.deps.showWindow).toHaveBeenCalledTimes(1);
  });

  it('shows nothing, and says so once, where notifications are not supported', () => {
    FakeNotification.isSupported.mockImplementation(() => false);
    const h = harness();
    h.bus.emit('alert', alert(1, ['claude:a']));
    h.bus.emit('alert', alert(2, ['claude:a']));
    expect(FakeNotification.instances).toHaveLength(0);
    expect(h.deps.logger.warn).toHaveBeenCalledTimes(1);
  });

  it('reports what it showed to an observer (the smoke test hook)', () => {
    const bus = createBus();
    const onShow = vi.fn();
    setupNotifications({ bus, showAgent: vi.fn(), showWindow: vi.fn(), logger: { info() {}, warn() {}, error() {} }, onShow });
    bus.emit('alert', alert(1, ['claude:a'], { body: 'x'.repeat(1000) }));
    expect(onShow).toHaveBeenCalledWith({ title: 'payments-api', body: expect.stringMatching(/^x+…$/) });
    expect((onShow.mock.calls[0][0] as { body: string }).body.length).toBeLessThanOrEqual(400);
  });

  it('stops on dispose', () => {
    const h = harness();
    h.notifications.dispose();
    h.bus.emit('alert', alert(1, ['claude:a']));
    expect(FakeNotification.instances).toHaveLength(0);
  });
});

describe('with the engine’s notify policy', () => {
  function withPolicy() {
    const time = fakeTime();
    const bus = createBus((err) => {
      throw err;
    });
    const agents = new Map<string, AgentSummary>();
    const settings = structuredClone(DEFAULT_SETTINGS.notifications);
    const policy = createNotifyPolicy({
      bus,
      clock: time.clock,
      scheduler: time.scheduler,
      logger: { info() {}, warn() {}, error() {} },
      settings: () => settings,
      agentOf: (id) => agents.get(id) ?? null,
      agents: () => [],
      pauseFile: null,
    });
    policy.goLive();
    const showAgent = vi.fn();
    setupNotifications({ bus, showAgent, showWindow: vi.fn(), logger: { info() {}, warn() {}, error() {} } });
    const emit = (...events: LanternEvent[]) => {
      for (const e of events) {
        const a = agents.get(e.agentId);
        if (a && e.kind === 'status') Object.assign(a, { state: e.state, stateReason: e.reason ?? null });
      }
      bus.emit('events', events);
    };
    const block = (id: string, project: string) => {
      if (!agents.has(id)) agents.set(id, agentSummary(id, { cwd: `/home/dev/${project}`, title: null, lastEventAt: new Date(time.now()).toISOString() }));
      emit(permissionRequestEvent(id, time.now(), 'Bash'));
      emit(statusEvent(id, time.now(), 'blocked', { prev: agents.get(id)?.state, reason: 'permission' }));
    };
    const unblock = (id: string) => emit(statusEvent(id, time.now(), 'running', { prev: 'blocked' }));
    return { time, policy, block, unblock, showAgent, settings };
  }

  it('coalesces a burst into one notification, and its click opens the first agent', () => {
    const p = withPolicy();
    p.block('claude:a', 'shop');
    p.block('claude:b', 'api');
    expect(FakeNotification.instances).toHaveLength(0);
    p.time.advance(COALESCE_MS);
    expect(FakeNotification.instances.map((n) => n.options.title)).toEqual(['2 agents need you']);
    FakeNotification.instances[0].emit('click', {});
    expect(p.showAgent).toHaveBeenCalledWith('claude:a');
  });

  it('throttles per agent', () => {
    const p = withPolicy();
    p.block('claude:a', 'shop');
    p.time.advance(COALESCE_MS);
    p.unblock('claude:a');
    p.time.advance(1000);
    p.block('claude:a', 'shop');
    p.time.advance(COALESCE_MS);
    expect(FakeNotification.instances).toHaveLength(1);
    p.time.advance(p.settings.throttleSec * 1000);
    // Still blocked when the window ends: the held alert goes out then, not lost.
    expect(FakeNotification.instances).toHaveLength(2);
  });

  it('shows nothing while paused', () => {
    const p = withPolicy();
    p.policy.pause({ until: new Date(p.time.now() + 3_600_000).toISOString() });
    p.block('claude:a', 'shop');
    p.time.advance(COALESCE_MS);
    expect(FakeNotification.instances).toHaveLength(0);
    p.policy.pause({ until: null });
    p.block('claude:b', 'api');
    p.time.advance(COALESCE_MS);
    expect(FakeNotification.instances.map((n) => n.options.title)).toEqual(['api']);
    expect(electron.Notification.isSupported).toHaveBeenCalled();
  });
});
