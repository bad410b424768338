/**
 * View 5: scheduled agent jobs (cron, systemd timers, launchd agents) in the order the engine
 * sends them, soonest first. j/k move the selection, Enter (or a click) opens the row's log panel
 * below the table, Esc closes it. With no agent job: which schedules were read, and what counts.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import '../../styles/views.css';
import '../../styles/jobs.css';
import type { JobsSnapshot } from '../../../shared/jobs';
import { useApp } from '../../context';
import { registerNavigator } from '../../keys/navigator';
import { clockText, DEFAULT_AGENT_COMMANDS } from '../../state/views/jobs';
import { errorText } from '../../transport/engine-client';
import { useSecondClock } from '../use-now';
import { JobLogPanel } from './JobLogPanel';
import { JobRow, jobDomId } from './JobRow';
import { JobSources } from './JobSources';

export function JobsView() {
  const { store, client, dispatch } = useApp();
  const snapshot = store.jobs.value;
  const [loadError, setLoadError] = useState<string | null>(null);
  const load = () => {
    setLoadError(null);
    client.listJobs().then(
      (s) => dispatch({ type: 'jobs', snapshot: s }),
      (err: unknown) => setLoadError(errorText(err)),
    );
  };
  useEffect(() => {
    if (!store.jobs.value) load();
    // Once, on mount: later tables arrive on the feed.
  }, []);

  const openId = store.jobOpenId.value;
  const open = openId ? (snapshot?.jobs.find((j) => j.id === openId) ?? null) : null;
  return (
    <section class={open ? 'view jobs-view with-log' : 'view jobs-view'} aria-label="Jobs" data-testid="jobs-view">
      <header class="jobs-head">
        <h2>Scheduled agent jobs</h2>
        {snapshot && (
          <span class="muted-inline" data-testid="jobs-checked">
            checked {clockText(Date.parse(snapshot.checkedAt))} · next runs in {snapshot.timeZone}
          </span>
        )}
      </header>
      {snapshot ? (
        snapshot.jobs.length === 0 ? (
          <NoJobs snapshot={snapshot} />
        ) : (
          <JobsTable snapshot={snapshot} />
        )
      ) : loadError ? (
        <p class="error-text" role="alert">
          Could not read the scheduled jobs: {loadError}{' '}
          <button type="button" class="chip" onClick={load}>
            retry
          </button>
        </p>
      ) : (
        <p class="muted">Reading scheduled jobs…</p>
      )}
      {open && <JobLogPanel key={open.id} job={open} />}
    </section>
  );
}

function JobsTable({ snapshot }: { snapshot: JobsSnapshot }) {
  const { store, dispatch } = useApp();
  const now = useSecondClock();
  const selectedId = store.jobSelectedId.value;
  const openId = store.jobOpenId.value;
  const wrapRef = useRef<HTMLDivElement>(null);

  useEffect(
    () =>
      registerNavigator({
        move: (by) => dispatch({ type: 'moveJob', by }),
        moveTo: (where) => dispatch({ type: 'moveJobTo', where }),
        open: () => dispatch({ type: 'openJob' }),
      }),
    [dispatch],
  );
  // The table takes focus when it appears, so j/k work at once and the focus ring shows the selection.
  useEffect(() => {
    if (!(document.activeElement instanceof HTMLInputElement)) wrapRef.current?.focus({ preventScroll: true });
  }, []);
  useEffect(() => {
    if (selectedId) document.getElementById(jobDomId(selectedId))?.scrollIntoView({ block: 'nearest' });
  }, [selectedId]);

  const running = snapshot.jobs.filter((j) => j.running).length;
  return (
    <>
      <div class="jobs-table-wrap" ref={wrapRef} tabIndex={0} aria-label="Jobs table: j/k move, Enter opens the log" data-testid="jobs-table-wrap">
        <table class="jobs-table" data-testid="jobs-table">
          <caption class="sr-only">
            {snapshot.jobs.length} scheduled agent jobs, {running} running
          </caption>
          <thead>
            <tr>
              <th scope="col">state</th>
              <th scope="col">job</th>
              <th scope="col">schedule</th>
              <th scope="col">next run</th>
              <th scope="col">last exit</th>
              <th scope="col">command</th>
              <th scope="col">log</th>
            </tr>
          </thead>
          <tbody>
            {snapshot.jobs.map((job) => (
              <JobRow
                key={job.id}
                job={job}
                now={now}
                selected={job.id === selectedId}
                open={job.id === openId}
                onSelect={() => dispatch({ type: 'selectJob', id: job.id })}
                onOpen={() => dispatch({ type: 'openJob', id: job.id })}
              />
            ))}
          </tbody>
        </table>
      </div>
      {!openId && (
        <details class="jobs-sources-details">
          <summary>Schedules read ({snapshot.sources.length})</summary>
          <JobSources sources={snapshot.sources} />
        </details>
      )}
    </>
  );
}

function NoJobs({ snapshot }: { snapshot: JobsSnapshot }) {
  const { dispatch } = useApp();
  return (
    <div class="view-empty" data-testid="jobs-empty">
      <p>No scheduled job runs an agent. Lantern read these schedules:</p>
      <JobSources sources={snapshot.sources} />
      <h3>What counts as an agent job</h3>
      <p>
        A crontab line, a systemd user timer or a launchd agent whose command runs{' '}
        {DEFAULT_AGENT_COMMANDS.map((c, i) => (
          <span key={c}>
            {i > 0 && (i === DEFAULT_AGENT_COMMANDS.length - 1 ? ' or ' : ', ')}
            <code>{c}</code>
          </span>
        ))}
        . Wrapping the command in <code>lantern run</code> also records how each run ended:
      </p>
      <pre class="code-block">{'*/30 * * * * lantern run --tag nightly -- claude -p "triage new issues" >> ~/logs/nightly.log 2>&1'}</pre>
      <p>
        For any other job, add a pattern to <strong>Job patterns</strong> in Settings: plain text (matched case-insensitively) or <code>/regex/flags</code>,
        matched against the job’s label and command.{' '}
        <button type="button" class="chip" data-testid="jobs-to-settings" onClick={() => dispatch({ type: 'view', view: 'settings' })}>
          Open Settings <kbd>4</kbd>
        </button>
      </p>
    </div>
  );
}
