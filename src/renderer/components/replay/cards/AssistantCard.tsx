/** The assistant's text, as markdown rendered safely (see text/markdown.ts). */
import { useMemo } from 'preact/hooks';
import type { EventOf } from '../../../../shared/events';
import { shortModel } from '../../../format/format';
import { MarkdownView, markdownFor } from '../MarkdownView';
import { CardFrame } from './CardFrame';

export function AssistantCard({ event: e }: { event: EventOf<'assistant_text'> }) {
  const tree = useMemo(() => markdownFor(e.id, e.text), [e.id, e.text]);
  return (
    <CardFrame eventId={e.id} family="assistant" label="assistant" ts={e.ts} meta={e.model ? <span class="card-meta">{shortModel(e.model)}</span> : undefined}>
      <MarkdownView nodes={tree} />
    </CardFrame>
  );
}
