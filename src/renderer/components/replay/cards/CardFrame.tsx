/** The box every card shares: a header (kind, details, time) and a body. Colour comes from the kind. */
import type { ComponentChildren } from 'preact';
import { clockTime } from '../../../format/format';

/** The header's id: the row's <article> is labelled by it. */
export const cardHeadId = (eventId: number): string => `card-${eventId}-head`;

export function CardFrame(props: {
  eventId: number;
  /** Colour family: prompt, assistant, thinking, tool, system, milestone, status. */
  family: string;
  label: string;
  ts: string;
  meta?: ComponentChildren;
  tone?: 'error' | 'warning' | 'success' | null;
  compact?: boolean;
  children?: ComponentChildren;
}) {
  let cls = `card card-${props.family}`;
  if (props.tone) cls += ` tone-${props.tone}`;
  if (props.compact) cls += ' compact';
  return (
    <div class={cls}>
      <header class="card-head" id={cardHeadId(props.eventId)}>
        <span class="card-kind">{props.label}</span>
        {props.meta}
        <time class="card-time" dateTime={props.ts}>
          {clockTime(props.ts)}
        </time>
      </header>
      {props.children !== undefined && props.children !== null && props.children !== false && <div class="card-body">{props.children}</div>}
    </div>
  );
}
