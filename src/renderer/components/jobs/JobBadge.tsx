/** A job's state pill: running pulses like an agent's; success, failed, killed, skipped and unknown each have a colour. */
import type { Badge } from '../../state/views/jobs';

export function JobBadge({ badge }: { badge: Badge }) {
  return (
    <span class={`badge job-badge exit-${badge.kind}`} data-kind={badge.kind} title={badge.title}>
      {badge.kind === 'running' && <span class="pulse" aria-hidden="true" />}
      {badge.text}
    </span>
  );
}
