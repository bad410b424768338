/** A <details> whose open state survives the row leaving the DOM. */
import type { ComponentChildren } from 'preact';
import { useOpen } from './replay-ui';

export function Disclosure(props: { openKey: string; summary: ComponentChildren; initial?: boolean; class?: string; children: ComponentChildren }) {
  const [open, setOpen] = useOpen(props.openKey, props.initial ?? false);
  return (
    <details class={props.class} open={open} onToggle={(e) => setOpen((e.currentTarget as HTMLDetailsElement).open)}>
      <summary>{props.summary}</summary>
      {open && props.children}
    </details>
  );
}
