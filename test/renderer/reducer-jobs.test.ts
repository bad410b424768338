/** The jobs table in the store: pushed tables, the selection, the log panel, and Esc/j/k through the reducer. */
import { describe, expect, it } from 'vitest';
import { apply } from '../../src/renderer/state/reducer';
import { createStore } from '../../src/renderer/state/store';
import { job, jobsSnapshot } from './helpers/jobs';

function withJobs(ids = ['cron:a', 'systemd:b.timer', 'launchd:c']) {
  const store = createStore();
  apply(store, { type: 'jobs', snapshot: jobsSnapshot(ids.map((id) => job(id))) });
  return store;
}

describe('reducer: jobs', () => {
  it('takes a table and selects its first row', () => {
    const store = createStore();
    expect(store.jobs.value).toBeNull();
    apply(store, { type: 'jobs', snapshot: jobsSnapshot([job('cron:a'), job('cron:b')]) });
    expect(store.jobs.value?.jobs.map((j) => j.id)).toEqual(['cron:a', 'cron:b']);
    expect(store.jobSelectedId.value).toBe('cron:a');
    expect(store.jobOpenId.value).toBeNull();
    apply(store, { type: 'jobs', snapshot: jobsSnapshot([]) });
    expect(store.jobSelectedId.value).toBeNull();
  });

  it('moves the selection in the engine’s order, clamped at both ends', () => {
    const store = withJobs();
    apply(store, { type: 'moveJob', by: 1 });
    expect(store.jobSelectedId.value).toBe('systemd:b.timer');
    apply(store, { type: 'moveJob', by: 1 });
    apply(store, { type: 'moveJob', by: 1 });
    expect(store.jobSelectedId.value).toBe('launchd:c');
    apply(store, { type: 'moveJobTo', where: 'first' });
    expect(store.jobSelectedId.value).toBe('cron:a');
    apply(store, { type: 'moveJob', by: -1 });
    expect(store.jobSelectedId.value).toBe('cron:a');
    apply(store, { type: 'moveJobTo', where: 'last' });
    expect(store.jobSelectedId.value).toBe('launchd:c');
  });

  it('opens the selected row’s log, or a clicked one, and closes it', () => {
    const store = withJobs();
    apply(store, { type: 'moveJob', by: 1 });
    apply(store, { type: 'openJob' });
    expect(store.jobOpenId.value).toBe('systemd:b.timer');
    apply(store, { type: 'openJob', id: 'launchd:c' });
    expect(store.jobOpenId.value).toBe('launchd:c');
    expect(store.jobSelectedId.value).toBe('launchd:c');
    apply(store, { type: 'openJob', id: 'cron:unknown' });
    expect(store.jobOpenId.value).toBe('launchd:c');
    apply(store, { type: 'closeJob' });
    expect(store.jobOpenId.value).toBeNull();
  });

  it('a new table keeps the selection and the open log on their job; a vanished job’s log closes', () => {
    const store = withJobs();
    apply(store, { type: 'openJob', id: 'systemd:b.timer' });
    apply(store, { type: 'jobs', snapshot: jobsSnapshot([job('launchd:c'), job('systemd:b.timer', { running: true })]) });
    expect(store.jobSelectedId.value).toBe('systemd:b.timer');
    expect(store.jobOpenId.value).toBe('systemd:b.timer');
    apply(store, { type: 'jobs', snapshot: jobsSnapshot([job('launchd:c')]) });
    expect(store.jobSelectedId.value).toBe('launchd:c');
    expect(store.jobOpenId.value).toBeNull();
  });

  it('switching views leaves the log open for when the Jobs view comes back', () => {
    const store = withJobs();
    apply(store, { type: 'view', view: 'jobs' });
    apply(store, { type: 'openJob', id: 'cron:a' });
    apply(store, { type: 'view', view: 'live' });
    apply(store, { type: 'view', view: 'jobs' });
    expect(store.jobOpenId.value).toBe('cron:a');
  });
});
