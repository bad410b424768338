// @vitest-environment node
/**
 * The notify policy on its own, with a fake clock and scheduler: what each kind says, the per-kind
 * switches, the per-agent throttle, coalescing, Stop + idle_prompt as one notification, the pause,
 * PRs once per URL, and history never alerting. Events are built by hand, as the engine emits them
 * (a hook's own events first, then the status change it causes).
 */
import { describe, expect, it } from 'vitest';
import type { AgentSummary } from '../../src/shared/agents';
import type { LanternEvent } from '../../src/shared/events';
import type { Alert, NotifyState } from '../../src/shared/notify';
import { DEFAULT_SETTINGS, type NotifyKind, type Settings } from '../../src/shared/settings';
import { createBus } from '../../src/engine/bus';
import { silentLogger } from '../../src/engine/logger';
import { COALESCE_MS, createNotifyPolicy, PauseError, type NotifyPolicy } from '../../src/engine/notify';
import { createSettingsService } from '../../src/engine/settings/settings-service';
import { agentSummary } from '../helpers/agent-summary';
import {
  fakeTime,
  milestoneEvent,
  notificationEvent,
  permissionRequestEvent,
  statusEvent,
  stopFailureEvent,
  type FakeTime,
} from './notify-fakes';

interface Harness {
  time: FakeTime;
  policy: NotifyPolicy;
  alerts: Alert[];
  notifyStates: NotifyState[];
  settings: Settings['notifications'];
  /** What `deliver` handed each channel, in order. */
  delivered: Array<[string, Alert]>;
  agents: Map<string, AgentSummary>;
  /** A Claude agent working in /home/dev/<project>, active just now. */
  agent(id: string, project: string, over?: Partial<AgentSummary>): AgentSummary;
  /** Emits one batch, as the engine does; a status event moves the agent's state first (store before bus). */
  emit(...events: LanternEvent[]): void;
  /** PermissionRequest for `tool`, then the blocked status it causes. */
  permission(id: string, tool?: string): void;
  /** A state change to `state` (from `prev`, by default the agent's current state). */
  status(id: string, state: AgentSummary['state'], o?: { reason?: string; evidence?: string }): void;
}

interface ChannelOptions {
  /** Kinds some channel wants. */
  kinds: NotifyKind[];
  /** Each channel's kinds: what `deliver` hands each one. */
  wants: Record<string, NotifyKind[]>;
}

function setup(o: { live?: boolean; settings?: () => Settings['notifications']; agents?: AgentSummary[]; channels?: ChannelOptions } = {}): Harness {
  const time = fakeTime();
  const bus = createBus((err) => {
    throw err;
  });
  const settings = structuredClone(DEFAULT_SETTINGS.notifications);
  const agents = new Map<string, AgentSummary>((o.agents ?? []).map((a) => [a.id, a]));
  const alerts: Alert[] = [];
  const notifyStates: NotifyState[] = [];
  const delivered: Array<[string, Alert]> = [];
  bus.on('alert', (a) => alerts.push(a));
  bus.on('notify', (s) => notifyStates.push(s));
  const policy = createNotifyPolicy({
    bus,
    clock: time.clock,
    scheduler: time.scheduler,
    logger: silentLogger,
    settings: o.settings ?? (() => settings),
    agentOf: (id) => agents.get(id) ?? null,
    agents: () =>
      [...agents.values()].map((a) => ({ id: a.id, state: a.state, lastEventAt: a.lastEventAt ? Date.parse(a.lastEventAt) : null, prUrl: a.milestone?.prUrl ?? null })),
    pauseFile: null,
    ...(o.channels
      ? {
          channelKinds: () => new Set(o.channels?.kinds),
          deliver: (alertFor: (kinds: ReadonlySet<NotifyKind>) => Alert | null) => {
            for (const [name, kinds] of Object.entries(o.channels?.wants ?? {})) {
              const a = alertFor(new Set(kinds));
              if (a) delivered.push([name, a]);
            }
          },
        }
      : {}),
  });
  if (o.live !== false) policy.goLive();
  const h: Harness = {
    time,
    policy,
    alerts,
    delivered,
    notifyStates,
    settings,
    agents,
    agent(id, project, over = {}) {
      const a = agentSummary(id, { cwd: `/home/dev/${project}`, title: null, lastEventAt: new Date(time.now()).toISOString(), ...over });
      agents.set(id, a);
      return a;
    },
    emit(...events) {
      for (const e of events) {
        const a = agents.get(e.agentId);
        if (!a) continue;
        if (e.kind === 'status') Object.assign(a, { state: e.state, stateReason: e.reason ?? null });
        else a.lastEventAt = e.ts > (a.lastEventAt ?? '') ? e.ts : a.lastEventAt;
      }
      bus.emit('events', events);
    },
    permission(id, tool = 'Bash') {
      h.emit(permissionRequestEvent(id, time.now(), tool));
      h.status(id, 'blocked', { reason: 'permission' });
    },
    status(id, state, s = {}) {
      const prev = agents.get(id)?.state;
      h.emit(statusEvent(id, time.now(), state, { prev, reason: s.reason, evidence: s.evidence ?? 'hook' }));
    },
  };
  return h;
}

/** Past the coalescing window: whatever was decided has gone out. */
const settle = (h: Harness) => h.time.advance(COALESCE_MS);

describe('blocked', () => {
  it('alerts with the project as title and the tool the permission is for, after the coalescing window only', () => {
    const h = setup();
    h.agent('claude:a', 'payments-api');
    h.permission('claude:a', 'Bash');
    h.time.advance(COALESCE_MS - 1);
    expect(h.alerts).toEqual([]);
    h.time.advance(1);
    expect(h.alerts).toEqual([
      {
        id: 1,
        kind: 'blocked',
        kinds: ['blocked'],
        agentIds: ['claude:a'],
        title: 'payments-api',
        body: 'Claude needs your permission to use Bash',
        at: new Date(h.time.now()).toISOString(),
      },
    ]);
    expect(h.policy.alertById(1)).toEqual(h.alerts[0]);
  });

  it('says what the agent waits for: the permission_prompt text, input, a question, a blocked milestone', () => {
    const h = setup();
    h.agent('claude:p', 'p');
    h.emit(notificationEvent('claude:p', h.time.now(), 'permission_prompt', 'Claude needs your permission to use Edit'));
    h.status('claude:p', 'blocked', { reason: 'permission' });
    h.agent('claude:i', 'i');
    h.emit(notificationEvent('claude:i', h.time.now(), 'idle_prompt', 'Claude is waiting for your input'));
    h.status('claude:i', 'blocked', { reason: 'input' });
    h.agent('claude:q', 'q');
    h.emit(notificationEvent('claude:q', h.time.now(), 'elicitation_dialog', 'Pick a database'));
    h.status('claude:q', 'blocked', { reason: 'question' });
    h.agent('milestone:ISSUE-9', 'ignored', { cwd: null, source: 'milestone', milestone: { issue: 'ISSUE-9', phase: 'blocked', level: 'warning', title: 'x', prUrl: null, progress: 0, phases: [] } });
    h.emit(milestoneEvent('milestone:ISSUE-9', h.time.now(), { issue: 'ISSUE-9', phase: 'blocked', level: 'warning', title: 'needs a schema review' }));
    h.status('milestone:ISSUE-9', 'blocked', { reason: 'input' });
    h.agent('claude:r', 'r');
    h.status('claude:r', 'blocked', { reason: 'permission', evidence: 'registry' }); // no hook said which tool
    settle(h);
    expect(h.alerts).toHaveLength(1);
    expect(h.alerts[0].title).toBe('5 agents need you');
    expect(h.alerts[0].body.split('\n')).toEqual([
      'p: Claude needs your permission to use Edit',
      'i: Claude is waiting for your input',
      'q: Claude has a question',
      'ISSUE-9: Blocked: needs a schema review',
      'r: Claude needs your permission',
    ]);
  });

  it('is not announced when the agent was answered within the window', () => {
    const h = setup();
    h.agent('claude:a', 'shop');
    h.permission('claude:a');
    h.time.advance(300);
    h.status('claude:a', 'running');
    settle(h);
    expect(h.alerts).toEqual([]);
  });

  it('is not repeated for a new reason while still blocked', () => {
    const h = setup();
    h.agent('claude:a', 'shop');
    h.permission('claude:a');
    settle(h);
    h.time.advance(60_000);
    h.status('claude:a', 'blocked', { reason: 'input' });
    settle(h);
    expect(h.alerts).toHaveLength(1);
  });

  it('keeps hostile text to one short line', () => {
    const h = setup();
    h.agent('claude:a', 'shop');
    h.permission('claude:a', `Bash\n\u0007<b>x</b>${'y'.repeat(500)}`);
    settle(h);
    const body = h.alerts[0].body;
    expect(body).not.toMatch(/[\n\u0007]/);
    expect(body.startsWith('Claude needs your permission to use Bash <b>x</b>y')).toBe(true);
    expect(body.length).toBeLessThanOrEqual(200);
  });
});

describe('kinds', () => {
  it('each can be switched off, and a change applies at once', () => {
    const h = setup();
    h.agent('claude:a', 'shop');
    h.settings.kinds.blocked = false;
    h.permission('claude:a');
    settle(h);
    expect(h.alerts).toEqual([]);
    h.status('claude:a', 'running');
    h.settings.kinds.blocked = true;
    h.permission('claude:a');
    settle(h);
    expect(h.alerts.map((a) => a.kind)).toEqual(['blocked']);
  });

  it('follow the settings service (a PUT /api/settings) live, including one made during the window', () => {
    const service = createSettingsService({ file: null, overrides: {}, logger: silentLogger, watchedRoots: () => [], onChange: () => {} });
    const h = setup({ settings: () => service.current().notifications });
    h.agent('claude:a', 'shop', { title: 'Fix checkout' });
    service.update({ notifications: { kinds: { done: false } } });
    h.status('claude:a', 'done');
    settle(h);
    expect(h.alerts).toEqual([]);
    service.update({ notifications: { kinds: { done: true } } });
    h.agent('claude:b', 'web', { title: 'Ship it' });
    h.status('claude:b', 'done');
    settle(h);
    expect(h.alerts.map((a) => [a.kind, a.title, a.body])).toEqual([['done', 'web', 'Finished: Ship it']]);
    // Switched off while the alert waits in the coalescing window: it does not go out.
    h.agent('claude:c', 'api');
    h.permission('claude:c');
    service.update({ notifications: { kinds: { blocked: false } } });
    settle(h);
    expect(h.alerts).toHaveLength(1);
  });
});

describe('throttle', () => {
  it('holds a second alert about the same agent for throttleSec, then sends it if still true', () => {
    const h = setup();
    h.agent('claude:a', 'shop');
    h.permission('claude:a');
    settle(h);
    const sentAt = h.time.now();
    h.time.advance(3000);
    h.status('claude:a', 'running');
    h.time.advance(5000);
    h.permission('claude:a', 'Edit');
    h.time.advance(sentAt + 20_000 - h.time.now() - 1);
    expect(h.alerts).toHaveLength(1);
    h.time.advance(1 + COALESCE_MS);
    expect(h.alerts.map((a) => a.body)).toEqual(['Claude needs your permission to use Bash', 'Claude needs your permission to use Edit']);
    expect(Date.parse(h.alerts[1].at) - Date.parse(h.alerts[0].at)).toBeGreaterThanOrEqual(20_000);
  });

  it('drops a held alert that is no longer true when the window ends', () => {
    const h = setup();
    h.agent('claude:a', 'shop');
    h.permission('claude:a');
    settle(h);
    h.status('claude:a', 'running');
    h.time.advance(2000);
    h.permission('claude:a');
    h.time.advance(2000);
    h.status('claude:a', 'running');
    h.time.advance(60_000);
    expect(h.alerts).toHaveLength(1);
  });

  it('sends a new alert at once after the window, and never throttles other agents', () => {
    const h = setup();
    h.agent('claude:a', 'shop');
    h.agent('claude:b', 'web');
    h.permission('claude:a');
    settle(h);
    h.permission('claude:b');
    settle(h);
    expect(h.alerts.map((a) => a.agentIds)).toEqual([['claude:a'], ['claude:b']]);
    h.status('claude:a', 'running');
    h.time.advance(25_000);
    h.permission('claude:a');
    settle(h);
    expect(h.alerts.map((a) => a.agentIds)).toEqual([['claude:a'], ['claude:b'], ['claude:a']]);
  });

  it('uses the throttleSec setting (0: none)', () => {
    const h = setup();
    h.settings.throttleSec = 0;
    h.agent('claude:a', 'shop');
    for (let i = 0; i < 3; i++) {
      h.permission('claude:a');
      settle(h);
      h.status('claude:a', 'running');
    }
    expect(h.alerts).toHaveLength(3);
  });
});

describe('coalescing', () => {
  it('merges a burst across agents into one alert, blocked first', () => {
    const h = setup();
    h.agent('claude:d', 'docs', { title: 'Write the guide' });
    h.status('claude:d', 'done');
    for (const [id, project] of [['claude:a', 'payments-api'], ['claude:b', 'web'], ['claude:c', 'infra']]) {
      h.agent(id, project);
      h.time.advance(COALESCE_MS / 5);
      h.permission(id);
    }
    h.time.advance(COALESCE_MS);
    expect(h.alerts).toHaveLength(1);
    const [alert] = h.alerts;
    expect(alert).toMatchObject({ kind: 'blocked', kinds: ['blocked', 'done'], title: '4 agents need you', agentIds: ['claude:a', 'claude:b', 'claude:c', 'claude:d'] });
    expect(alert.body.split('\n')).toEqual([
      'payments-api: Claude needs your permission to use Bash',
      'web: Claude needs your permission to use Bash',
      'infra: Claude needs your permission to use Bash',
      'docs: Finished: Write the guide',
    ]);
  });

  it('names a burst with nothing urgent for what it is', () => {
    const h = setup();
    for (const id of ['claude:a', 'claude:b']) {
      h.agent(id, id.slice(-1));
      h.status(id, 'done');
    }
    settle(h);
    expect(h.alerts.map((a) => [a.kind, a.title])).toEqual([['done', '2 agents finished']]);
  });

  it('makes a milestone done and the done state it causes one alert', () => {
    const h = setup();
    h.agent('claude:a', 'shop');
    h.emit(milestoneEvent('claude:a', h.time.now(), { phase: 'done', level: 'success', title: 'Checkout fixed' }));
    h.status('claude:a', 'done');
    settle(h);
    expect(h.alerts.map((a) => [a.kind, a.title, a.body])).toEqual([['done', 'shop', 'Done: Checkout fixed']]);
  });
});

describe('Stop, then idle_prompt', () => {
  it('is one notification, not two', () => {
    const h = setup();
    h.agent('claude:a', 'shop');
    h.status('claude:a', 'running');
    h.time.advance(1000);
    h.status('claude:a', 'idle'); // Stop
    h.time.advance(5000);
    h.emit(notificationEvent('claude:a', h.time.now(), 'idle_prompt', 'Claude is waiting for your input'));
    h.status('claude:a', 'blocked', { reason: 'input' });
    h.time.advance(60_000);
    expect(h.alerts.map((a) => [a.kind, a.body])).toEqual([['blocked', 'Claude is waiting for your input']]);
  });
});

describe('pause', () => {
  const inOneHour = (h: Harness) => new Date(h.time.now() + 3600_000).toISOString();

  it('drops alerts while paused (not queued) and resumes on request', () => {
    const h = setup();
    h.agent('claude:a', 'shop');
    h.agent('claude:b', 'web');
    const until = inOneHour(h);
    expect(h.policy.pause({ until })).toEqual({ pausedUntil: until, channels: [] });
    expect(h.policy.state()).toEqual({ pausedUntil: until, channels: [] });
    h.permission('claude:a');
    h.time.advance(60_000);
    expect(h.alerts).toEqual([]);
    expect(h.policy.pause({ until: null })).toEqual({ pausedUntil: null, channels: [] });
    h.time.advance(60_000);
    expect(h.alerts).toEqual([]); // what was dropped stays dropped
    h.permission('claude:b');
    settle(h);
    expect(h.alerts.map((a) => a.agentIds)).toEqual([['claude:b']]);
    expect(h.notifyStates).toEqual([{ pausedUntil: until, channels: [] }, { pausedUntil: null, channels: [] }]);
  });

  it('drops what waits in the coalescing window when a pause starts', () => {
    const h = setup();
    h.agent('claude:a', 'shop');
    h.permission('claude:a');
    h.policy.pause({ until: inOneHour(h) });
    settle(h);
    expect(h.alerts).toEqual([]);
  });

  it('ends by itself at `until`, and says so', () => {
    const h = setup();
    h.agent('claude:a', 'shop');
    const until = inOneHour(h);
    h.policy.pause({ until });
    h.time.advance(3600_000);
    expect(h.policy.state()).toEqual({ pausedUntil: null, channels: [] });
    expect(h.notifyStates).toEqual([{ pausedUntil: until, channels: [] }, { pausedUntil: null, channels: [] }]);
    h.permission('claude:a');
    settle(h);
    expect(h.alerts).toHaveLength(1);
  });

  it('refuses an instant that is not ISO with a zone, is past, or is more than 7 days ahead', () => {
    const h = setup();
    const now = h.time.now();
    const bad = ['tomorrow', '2026-05-01 10:00', '2026-05-01T10:00:00', new Date(now - 1000).toISOString(), new Date(now + 8 * 86_400_000).toISOString(), ''];
    for (const until of bad) expect(() => h.policy.pause({ until }), until).toThrow(PauseError);
    expect(() => h.policy.pause({ until: 42 } as unknown as { until: string })).toThrow(/string or null/);
    expect(h.policy.pause({ until: new Date(now + 7 * 86_400_000).toISOString() }).pausedUntil).not.toBeNull();
    expect(h.policy.pause({ until: '2026-05-01T12:00:00+02:00' })).toEqual({ pausedUntil: '2026-05-01T10:00:00.000Z', channels: [] });
  });
});

describe('pr', () => {
  const ms = (id: string, h: Harness, m: Parameters<typeof milestoneEvent>[2]) => h.emit(milestoneEvent(id, h.time.now(), m));

  it('alerts once per agent and URL, with the URL', () => {
    const h = setup();
    h.settings.throttleSec = 0;
    h.agent('claude:a', 'shop');
    const url = 'https://github.com/acme/shop/pull/7';
    ms('claude:a', h, { phase: 'pr', level: 'success', title: 'Fix the checkout', prUrl: url });
    settle(h);
    ms('claude:a', h, { phase: 'pr', level: 'success', title: 'Fix the checkout, again', prUrl: url });
    ms('claude:a', h, { phase: 'lint', level: 'info', title: 'lint clean', prUrl: url });
    settle(h);
    ms('claude:a', h, { phase: 'pr', level: 'success', title: 'Second PR', prUrl: 'https://github.com/acme/shop/pull/8' });
    settle(h);
    expect(h.alerts.map((a) => [a.kind, a.title, a.body, a.url])).toEqual([
      ['pr', 'shop', 'PR opened: Fix the checkout', url],
      ['pr', 'shop', 'PR opened: Second PR', 'https://github.com/acme/shop/pull/8'],
    ]);
  });

  it('never uses a URL that is not http(s)', () => {
    const h = setup();
    h.agent('claude:a', 'shop');
    h.agent('claude:b', 'web');
    ms('claude:a', h, { phase: 'pr', level: 'success', title: 'PR', prUrl: 'javascript:alert(1)' });
    ms('claude:b', h, { phase: 'fix', level: 'info', title: 'not a PR', prUrl: 'file:///etc/passwd' });
    settle(h);
    expect(h.alerts).toHaveLength(1);
    expect(h.alerts[0]).toMatchObject({ kind: 'pr', agentIds: ['claude:a'], body: 'PR opened: PR' });
    expect(h.alerts[0].url).toBeUndefined();
  });

  it('does not announce a PR URL the agent reported before this run went live', () => {
    const url = 'https://github.com/acme/shop/pull/7';
    const known = agentSummary('milestone:ISSUE-1', {
      source: 'milestone',
      cwd: null,
      lastEventAt: new Date().toISOString(),
      milestone: { issue: 'ISSUE-1', phase: 'pr', level: 'success', title: 'PR', prUrl: url, progress: 0.8, phases: ['pr'] },
    });
    const h = setup({ agents: [known] });
    known.lastEventAt = new Date(h.time.now()).toISOString();
    ms('milestone:ISSUE-1', h, { phase: 'done', level: 'success', title: 'merged', prUrl: url });
    h.status('milestone:ISSUE-1', 'done');
    settle(h);
    expect(h.alerts.map((a) => [a.kind, a.title, a.body])).toEqual([['done', 'ISSUE-1', 'Done: merged']]);
  });
});

describe('done and error', () => {
  it('done: a top-level agent finishing; not a sub-agent, not silence', () => {
    const h = setup();
    h.agent('claude:a', 'shop', { title: 'Fix checkout' });
    h.agent('claude:a/sub', 'shop', { parentId: 'claude:a' });
    h.agent('claude:old', 'old');
    h.status('claude:a/sub', 'done');
    h.status('claude:old', 'done', { evidence: 'age' });
    h.status('claude:a', 'done');
    settle(h);
    expect(h.alerts.map((a) => [a.kind, a.agentIds, a.body])).toEqual([['done', ['claude:a'], 'Finished: Fix checkout']]);
  });

  it('error: a failed state, a milestone at level error, a turn that ended on an API error', () => {
    const h = setup();
    h.agent('claude:run', 'nightly');
    h.agent('claude:api', 'shop');
    h.agent('milestone:ISSUE-2', 'x', { cwd: null, source: 'milestone', milestone: { issue: 'ISSUE-2', phase: 'test', level: 'error', title: 't', prUrl: null, progress: 0.5, phases: [] } });
    h.agent('claude:rate', 'web');
    h.status('claude:run', 'failed', { reason: 'exit 3' });
    h.status('claude:api', 'failed', { reason: 'api_error', evidence: 'transcript' });
    h.emit(milestoneEvent('milestone:ISSUE-2', h.time.now(), { issue: 'ISSUE-2', phase: 'test', level: 'error', title: '3 tests failed' }));
    h.emit(stopFailureEvent('claude:rate', h.time.now(), 'rate_limit_error'));
    h.status('claude:rate', 'idle');
    settle(h);
    expect(h.alerts).toHaveLength(1);
    expect(h.alerts[0]).toMatchObject({ kind: 'error', title: '4 agents need you' });
    expect(h.alerts[0].body.split('\n')).toEqual([
      'nightly: Failed: exit 3',
      'shop: Failed: API error',
      'ISSUE-2: Error: 3 tests failed',
      'web: Failed: rate_limit_error',
    ]);
  });
});

describe('history', () => {
  it('nothing before the initial index is done', () => {
    const h = setup({ live: false });
    h.agent('claude:a', 'shop');
    h.permission('claude:a');
    settle(h);
    expect(h.alerts).toEqual([]);
    h.policy.goLive();
    h.status('claude:a', 'running');
    h.permission('claude:a');
    settle(h);
    expect(h.alerts).toHaveLength(1);
  });

  it('nothing for an event stamped more than two minutes ago', () => {
    const h = setup();
    h.agent('claude:a', 'shop');
    const old = h.time.now() - 3 * 60_000;
    h.emit(milestoneEvent('claude:a', old, { phase: 'pr', level: 'success', title: 'old PR', prUrl: 'https://x.test/pr/1' }));
    h.emit(statusEvent('claude:a', old, 'blocked', { reason: 'permission' }));
    settle(h);
    expect(h.alerts).toEqual([]);
  });

  it('nothing for a state read from a transcript nobody wrote lately; the live registry still counts', () => {
    const h = setup();
    const tenMinutesAgo = new Date(h.time.now() - 10 * 60_000).toISOString();
    h.agent('claude:old', 'old', { lastEventAt: tenMinutesAgo });
    h.agent('claude:reg', 'reg', { lastEventAt: tenMinutesAgo });
    h.status('claude:old', 'failed', { reason: 'api_error', evidence: 'transcript' });
    h.status('claude:reg', 'blocked', { reason: 'input', evidence: 'registry' });
    settle(h);
    expect(h.alerts.map((a) => a.agentIds)).toEqual([['claude:reg']]);
  });
});

describe('restart', () => {
  it('a state an agent already had when the run started, reached again with nothing new since, is not news', () => {
    const atStart = agentSummary('claude:f', { cwd: '/home/dev/shop', title: null, state: 'failed', stateReason: 'api_error', lastEventAt: new Date(Date.UTC(2026, 4, 1, 8, 59)).toISOString() });
    const h = setup({ agents: [atStart] });
    // A restart re-reads the transcript: a recent mtime says running, the window passes, failed again.
    h.status('claude:f', 'running', { evidence: 'mtime' });
    h.time.advance(30_000);
    h.status('claude:f', 'failed', { reason: 'api_error', evidence: 'transcript' });
    settle(h);
    expect(h.alerts).toEqual([]);
    // The agent does something new and fails again: that is news.
    h.emit(notificationEvent('claude:f', h.time.now(), 'auth_success', 'retrying'));
    h.status('claude:f', 'running', { evidence: 'hook' });
    h.status('claude:f', 'failed', { reason: 'api_error', evidence: 'transcript' });
    settle(h);
    expect(h.alerts.map((a) => [a.kind, a.body])).toEqual([['error', 'Failed: API error']]);
  });
});

describe('recent alerts', () => {
  it('keeps the last 50 by monotonic id', () => {
    const h = setup();
    h.settings.throttleSec = 0;
    h.agent('claude:a', 'shop');
    for (let i = 0; i < 55; i++) {
      h.permission('claude:a');
      settle(h);
      h.status('claude:a', 'running');
    }
    const ids = h.policy.recent().map((a) => a.id);
    expect(ids).toEqual(Array.from({ length: 50 }, (_, i) => i + 6));
    expect(h.policy.alertById(5)).toBeNull();
    expect(h.policy.alertById(55)?.agentIds).toEqual(['claude:a']);
  });

  it('stop cancels every pending timer', () => {
    const h = setup();
    h.agent('claude:a', 'shop');
    h.permission('claude:a');
    h.policy.pause({ until: new Date(h.time.now() + 60_000).toISOString() });
    h.policy.stop();
    expect(h.time.pending()).toBe(0);
  });
});

describe('per-channel kinds', () => {
  it('decides a kind some channel wants even when this machine does not, and gives each channel its kinds only', () => {
    const h = setup({ channels: { kinds: ['blocked', 'done'], wants: { phone: ['blocked'], inbox: ['done'], all: ['blocked', 'done'] } } });
    h.settings.kinds = { blocked: false, pr: false, done: false, error: false };
    h.agent('claude:d', 'docs', { title: 'Write the guide' });
    h.status('claude:d', 'done');
    h.agent('claude:a', 'payments-api');
    h.permission('claude:a', 'Bash');
    h.time.advance(COALESCE_MS);
    expect(h.alerts, 'this machine wants none of them').toEqual([]);
    const byChannel = Object.fromEntries(h.delivered.map(([name, a]) => [name, a]));
    expect(byChannel.phone).toMatchObject({ kind: 'blocked', kinds: ['blocked'], title: 'payments-api', agentIds: ['claude:a'] });
    expect(byChannel.inbox).toMatchObject({ kind: 'done', kinds: ['done'], title: 'docs', agentIds: ['claude:d'] });
    expect(byChannel.all).toMatchObject({ kinds: ['blocked', 'done'], title: '2 agents need you' });
  });

  it('throttles per agent across every channel, and a pause holds them all', () => {
    const h = setup({ channels: { kinds: ['blocked'], wants: { phone: ['blocked'] } } });
    h.agent('claude:a', 'payments-api');
    h.permission('claude:a', 'Bash');
    h.time.advance(COALESCE_MS);
    expect(h.delivered).toHaveLength(1);
    h.status('claude:a', 'running');
    h.permission('claude:a', 'Bash');
    h.time.advance(COALESCE_MS);
    expect(h.delivered, 'inside the throttle window').toHaveLength(1);
    h.policy.pause({ until: new Date(h.time.now() + 3600_000).toISOString() });
    h.time.advance(20_000);
    h.agent('claude:b', 'web');
    h.permission('claude:b', 'Bash');
    h.time.advance(COALESCE_MS);
    expect(h.delivered, 'paused').toHaveLength(1);
  });
});
