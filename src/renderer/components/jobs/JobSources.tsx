/** The schedules the engine read: kind, path, whether it read, and whether the scheduler's live state answered. */
import type { JobSourceStatus } from '../../../shared/jobs';
import { visibleControls } from '../../text/ansi';

export function JobSources({ sources }: { sources: readonly JobSourceStatus[] }) {
  if (sources.length === 0) return <p class="muted-inline">No schedule was read (jobs are switched off for this run).</p>;
  return (
    <ul class="watched-roots job-sources" data-testid="jobs-sources">
      {sources.map((s) => (
        <li key={`${s.kind}:${s.path}`} class={s.ok ? 'exists' : 'missing'} data-testid="job-source" data-ok={s.ok ? 'true' : 'false'}>
          <span class={s.ok ? 'exists-mark ok' : 'exists-mark missing'} aria-label={s.ok ? 'read' : 'not read'} title={s.ok ? 'read' : 'not read'}>
            {s.ok ? '✓' : '✗'}
          </span>
          <span class="root-kind">{s.kind}</span>
          <code class="root-path">{visibleControls(s.path)}</code>
          {s.live !== undefined && <span class="muted-inline">{s.live ? 'live state read' : 'live state not available'}</span>}
          {s.error && <span class="error-text">{visibleControls(s.error)}</span>}
        </li>
      ))}
    </ul>
  );
}
