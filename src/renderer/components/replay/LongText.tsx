/**
 * Preformatted agent text, collapsed to its first lines with a real button to show the rest.
 * Always text nodes (ANSI colours as classes), never markup.
 */
import { useMemo } from 'preact/hooks';
import { clipText, moreLabel } from '../../text/clip';
import { AnsiText } from './AnsiText';
import { useOpen } from './replay-ui';

export function LongText(props: { text: string; openKey: string; maxLines?: number; class?: string; label?: string }) {
  const [open, setOpen] = useOpen(props.openKey);
  const maxLines = props.maxLines ?? 20;
  const clip = useMemo(() => clipText(props.text, maxLines), [props.text, maxLines]);
  const shown = open || !clip.clipped ? props.text : clip.shown;
  return (
    <div class="long-text">
      <pre class={props.class ? `out ${props.class}` : 'out'}>
        <AnsiText text={shown} />
      </pre>
      {clip.clipped && (
        <button
          type="button"
          class="expand"
          data-testid="expand"
          aria-expanded={open ? 'true' : 'false'}
          aria-label={props.label ? `${open ? 'collapse' : 'expand'} ${props.label}` : undefined}
          onClick={() => setOpen(!open)}
        >
          {open ? 'collapse' : `expand (${moreLabel(clip)})`}
        </button>
      )}
    </div>
  );
}
