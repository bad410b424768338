/** A state change: previous → new state, why, and what it was derived from. */
import type { EventOf } from '../../../../shared/events';
import { CardFrame } from './CardFrame';

export function StatusCard({ event: e }: { event: EventOf<'status'> }) {
  return (
    <CardFrame
      eventId={e.id}
      family="status"
      label="state"
      ts={e.ts}
      compact
      meta={
        <span class="state-change">
          {e.prev && (
            <>
              <span class={`state-name state-${e.prev}`}>{e.prev}</span>
              <span aria-label="to"> → </span>
            </>
          )}
          <span class={`state-name state-${e.state}`}>{e.state}</span>
          {e.reason && <span class="card-meta">{` (${e.reason})`}</span>}
          {e.evidence && <span class="card-meta">{` · from ${e.evidence}`}</span>}
        </span>
      }
    />
  );
}
