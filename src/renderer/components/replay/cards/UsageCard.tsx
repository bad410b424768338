/** One muted line: model and tokens. */
import type { EventOf } from '../../../../shared/events';
import { shortModel, tokens } from '../../../format/format';
import { CardFrame } from './CardFrame';

export function UsageCard({ event: e }: { event: EventOf<'usage'> }) {
  const cache = e.cacheReadTokens + e.cacheCreationTokens > 0 ? ` · cache ${tokens(e.cacheReadTokens)} read, ${tokens(e.cacheCreationTokens)} written` : '';
  return (
    <CardFrame
      eventId={e.id}
      family="usage"
      label="usage"
      ts={e.ts}
      compact
      meta={<span class="card-meta">{`${shortModel(e.model)} · ${tokens(e.inputTokens)} in · ${tokens(e.outputTokens)}${e.placeholderOutput ? '+' : ''} out${cache}`}</span>}
    />
  );
}
