/**
 * A tool result. When its call is loaded the call's card already shows it: this row is a one-line
 * connector. An orphan (call not loaded, or none) shows in full.
 */
import { clockTime, duration } from '../../../format/format';
import type { ToolCallEvent, ToolResultEvent } from '../../../state/replay-pages';
import { statusTone, toolStatus } from '../tool-format';
import { CardFrame, cardHeadId } from './CardFrame';
import { ToolOutput } from './ToolOutput';
import { ToolStatusChip } from './ToolStatusChip';

export function ToolResultCard({ event: r, call }: { event: ToolResultEvent; call: ToolCallEvent | undefined }) {
  const status = toolStatus(r);
  if (call) {
    const parts = [`result of ${call.name}`];
    if (r.durationMs !== undefined) parts.push(duration(r.durationMs));
    parts.push(status);
    return (
      <div class={`card-connector status-${status}`} id={cardHeadId(r.id)} data-testid="result-connector">
        <span aria-hidden="true">↳ </span>
        {parts.join(' · ')}
        <time class="card-time" dateTime={r.ts}>
          {clockTime(r.ts)}
        </time>
      </div>
    );
  }
  return (
    <CardFrame
      eventId={r.id}
      family="tool"
      label="result"
      ts={r.ts}
      tone={statusTone(status)}
      meta={<ToolStatusChip result={r} />}
    >
      <ToolOutput result={r} />
    </CardFrame>
  );
}
