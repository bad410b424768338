/** Extended thinking: collapsed by default; redacted thinking says so. */
import type { EventOf } from '../../../../shared/events';
import { countLines } from '../../../text/clip';
import { Disclosure } from '../Disclosure';
import { LongText } from '../LongText';
import { CardFrame } from './CardFrame';

export function ThinkingCard({ event: e }: { event: EventOf<'thinking'> }) {
  if (e.redacted || e.text.trim() === '') {
    return (
      <CardFrame eventId={e.id} family="thinking" label="thinking" ts={e.ts} compact>
        <span class="muted-inline">{e.redacted ? 'redacted by the provider' : 'empty'}</span>
      </CardFrame>
    );
  }
  const lines = countLines(e.text);
  return (
    <CardFrame eventId={e.id} family="thinking" label="thinking" ts={e.ts} compact>
      <Disclosure openKey={`${e.id}:thinking`} summary={<span class="summary-text">{`${lines} line${lines === 1 ? '' : 's'} of thinking`}</span>}>
        <LongText text={e.text} openKey={`${e.id}:thinking-text`} maxLines={60} class="prose" label="thinking" />
      </Disclosure>
    </CardFrame>
  );
}
