/** A line Lantern could not read: why, and the start of it (inert text). */
import type { EventOf } from '../../../../shared/events';
import { LongText } from '../LongText';
import { CardFrame } from './CardFrame';

export function UnparsedCard({ event: e }: { event: EventOf<'unparsed'> }) {
  return (
    <CardFrame
      eventId={e.id}
      family="unparsed"
      label="unparsed"
      ts={e.ts}
      tone="warning"
      meta={<span class="card-meta">{e.offset !== undefined ? `${e.reason} · byte ${e.offset.toLocaleString('en-US')}` : e.reason}</span>}
    >
      {e.excerpt ? <LongText text={e.excerpt} openKey={`${e.id}:excerpt`} maxLines={6} label="excerpt" /> : undefined}
    </CardFrame>
  );
}
