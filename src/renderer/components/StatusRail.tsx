/**
 * The rail above every view: running and blocked agents, the next scheduled run with its
 * countdown, jobs running / total, and the local clock (HH:MM:SS, on the shared one-second clock
 * the countdowns use). The jobs items open the Jobs view.
 */
import '../styles/jobs.css';
import { useApp } from '../context';
import { clockText, countdown, localTime, railSummary } from '../state/views/jobs';
import { visibleControls } from '../text/ansi';
import { useSecondClock } from './use-now';

export function StatusRail() {
  const { store, dispatch } = useApp();
  const now = useSecondClock();
  const r = railSummary(store.agents.value.values(), store.jobs.value);
  const toJobs = () => dispatch({ type: 'view', view: 'jobs' });
  const next = r.jobs?.next ?? null;
  return (
    <section class="status-rail" aria-label="Status" data-testid="status-rail">
      <span class="rail-item" title="running agents" data-testid="status-rail-running" data-count={r.running}>
        <span class="dot running" aria-hidden="true" /> {r.running} running
      </span>
      <span class={r.blocked > 0 ? 'rail-item attention' : 'rail-item'} title="blocked agents" data-testid="status-rail-blocked" data-count={r.blocked}>
        <span class="dot blocked" aria-hidden="true" /> {r.blocked} blocked
      </span>
      <button type="button" class="rail-item rail-link" data-testid="status-rail-next" title={next ? `next run: ${localTime(next.nextRun) ?? ''}` : undefined} onClick={toJobs}>
        {r.jobs === null ? (
          <span class="rail-muted">reading jobs…</span>
        ) : next ? (
          <>
            <span class="rail-muted">next</span>{' '}
            <span class="rail-next-label" data-testid="status-rail-next-label">
              {visibleControls(next.label)}
            </span>{' '}
            <span class="rail-countdown" data-testid="status-rail-next-countdown">
              {countdown(next.nextRun, now)}
            </span>
          </>
        ) : (
          <span class="rail-muted">no jobs scheduled</span>
        )}
      </button>
      <button
        type="button"
        class={r.jobs && r.jobs.running > 0 ? 'rail-item rail-link jobs-running' : 'rail-item rail-link'}
        title="scheduled agent jobs running / listed"
        data-testid="status-rail-jobs"
        data-running={r.jobs?.running ?? ''}
        data-total={r.jobs?.total ?? ''}
        onClick={toJobs}
      >
        jobs {r.jobs ? `${r.jobs.running} running / ${r.jobs.total}` : '—'}
      </button>
      <time class="rail-clock" data-testid="status-rail-clock" dateTime={new Date(now).toISOString()}>
        {clockText(now)}
      </time>
    </section>
  );
}
