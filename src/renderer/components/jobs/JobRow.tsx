/** One row of the jobs table. Every string comes from a crontab, a unit or a plist: text only. */
import type { Job } from '../../../shared/jobs';
import { countdown, jobBadge, lastExitText, localTime } from '../../state/views/jobs';
import { visibleControls } from '../../text/ansi';
import { JobBadge } from './JobBadge';

export function jobDomId(id: string): string {
  return `job-${id.replace(/[^A-Za-z0-9_-]/g, '_')}`;
}

export function JobRow(props: { job: Job; now: number; selected: boolean; open: boolean; onSelect(): void; onOpen(): void }) {
  const { job: j, now } = props;
  const badge = jobBadge(j);
  const next = countdown(j.nextRun, now);
  const cls = ['job-row', j.running && 'running', props.selected && 'selected', props.open && 'open'].filter(Boolean).join(' ');
  return (
    <tr
      id={jobDomId(j.id)}
      class={cls}
      aria-selected={props.selected ? 'true' : 'false'}
      data-testid="job-row"
      data-job-id={j.id}
      data-kind={j.kind}
      data-running={j.running ? 'true' : 'false'}
      data-state={badge.kind}
      onClick={props.onOpen}
    >
      <td class="job-state" data-testid="job-state">
        <JobBadge badge={badge} />
      </td>
      <td class="job-label">
        <div class="job-label-line">
          {/* Tab users open the log from here (the click bubbles to the row); j/k + Enter and clicks work on the whole row. */}
          <button type="button" class="job-open" data-testid="job-label" title={visibleControls(`${j.label} (${j.source})`)} aria-expanded={props.open ? 'true' : 'false'} onFocus={props.onSelect}>
            {visibleControls(j.label)}
          </button>
          <span class={`kind-chip kind-${j.kind}`} data-testid="job-kind">
            {j.kind}
          </span>
        </div>
        {j.problems.length > 0 && (
          <ul class="job-problems" data-testid="job-problems" aria-label="Problems reading this job">
            {j.problems.map((p, i) => (
              <li key={i}>⚠ {visibleControls(p)}</li>
            ))}
          </ul>
        )}
      </td>
      <td class="job-schedule mono" data-testid="job-schedule" title={visibleControls(j.schedule)}>
        {visibleControls(j.schedule)}
      </td>
      <td class={next === 'due' ? 'job-next due' : 'job-next'} data-testid="job-next-run" title={localTime(j.nextRun)}>
        {next}
      </td>
      <td class="job-last-exit" data-testid="job-last-exit" title={j.lastExit?.at ? localTime(j.lastExit.at) : undefined}>
        {lastExitText(j.lastExit, now)}
      </td>
      <td class="job-command mono" data-testid="job-command" title={visibleControls(j.command)}>
        {visibleControls(j.command)}
      </td>
      <td class="job-log-path mono" data-testid="job-log-path" title={j.logPath ? visibleControls(j.logPath) : 'no log file (the journal, or nowhere)'}>
        {j.logPath ? visibleControls(j.logPath) : '—'}
      </td>
    </tr>
  );
}
