/** A notification the agent's tool raised (needs permission, waiting for input, …). */
import type { EventOf } from '../../../../shared/events';
import { CardFrame } from './CardFrame';

export function NotificationCard({ event: e }: { event: EventOf<'notification'> }) {
  return (
    <CardFrame eventId={e.id} family="system" label="notice" ts={e.ts} tone="warning" meta={e.type ? <span class="card-meta">{e.type}</span> : undefined}>
      {e.title && <p class="notification-title">{e.title}</p>}
      <p class="notification-message">{e.message}</p>
    </CardFrame>
  );
}
