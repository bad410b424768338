/** A milestone of an issue: phase and level colours, title, the PR link when it is a web URL. */
import type { EventOf } from '../../../../shared/events';
import { safeWebHref } from '../../../text/safe-url';
import { CardFrame } from './CardFrame';

export function MilestoneCard({ event: e }: { event: EventOf<'milestone'> }) {
  const pr = safeWebHref(e.prUrl);
  const tone = e.level === 'error' ? 'error' : e.level === 'warning' ? 'warning' : e.level === 'success' ? 'success' : null;
  return (
    <CardFrame
      eventId={e.id}
      family="milestone"
      label="milestone"
      ts={e.ts}
      tone={tone}
      meta={
        <>
          <span class="card-meta issue">{e.issue}</span>
          <span class={`phase phase-${e.phase} level-${e.level}`} data-phase={e.phase}>
            {e.phase}
          </span>
        </>
      }
    >
      <p class="milestone-title">{e.title}</p>
      {pr ? (
        <p class="milestone-pr">
          <a href={pr} target="_blank" rel="noopener noreferrer">
            {pr}
          </a>
        </p>
      ) : (
        e.prUrl && <p class="milestone-pr mono">{e.prUrl}</p>
      )}
    </CardFrame>
  );
}
