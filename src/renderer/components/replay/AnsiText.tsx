/** Terminal output as text nodes: SGR colours become classes, other controls visible pictures. */
import { useMemo } from 'preact/hooks';
import { parseAnsi } from '../../text/ansi';

export function AnsiText({ text }: { text: string }) {
  const segments = useMemo(() => parseAnsi(text), [text]);
  return <>{segments.map((s, i) => (s.cls ? <span key={i} class={s.cls}>{s.text}</span> : s.text))}</>;
}
