/** What the person typed; tool-injected (meta) prompts and compaction summaries are marked and collapsed. */
import type { EventOf } from '../../../../shared/events';
import { Disclosure } from '../Disclosure';
import { LongText } from '../LongText';
import { CardFrame } from './CardFrame';

const firstLine = (s: string): string => {
  const line = s.trimStart().split('\n', 1)[0] ?? '';
  return line.length > 120 ? `${line.slice(0, 119)}…` : line;
};

export function PromptCard({ event: e }: { event: EventOf<'prompt'> }) {
  const special = e.isCompactSummary ? 'compact summary' : e.isMeta ? 'meta' : null;
  return (
    <CardFrame eventId={e.id} family="prompt" label={special ? `prompt · ${special}` : 'prompt'} ts={e.ts}>
      {special ? (
        <Disclosure openKey={`${e.id}:prompt`} class="collapsed-prompt" summary={<span class="summary-text">{firstLine(e.text) || '(empty)'}</span>}>
          <LongText text={e.text} openKey={`${e.id}:prompt-text`} maxLines={40} label="prompt" />
        </Disclosure>
      ) : (
        <LongText text={e.text} openKey={`${e.id}:prompt-text`} maxLines={30} class="prose" label="prompt" />
      )}
    </CardFrame>
  );
}
