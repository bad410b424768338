/**
 * Per-replay view state that must outlive a card's DOM: what the person expanded or collapsed.
 * Rows leave the DOM when they scroll out of view; when they come back they read it from here.
 */
import { createContext } from 'preact';
import { useContext, useState } from 'preact/hooks';

export interface ReplayUi {
  /** Key (`${eventId}:${part}`) → open. Absent: the part's default. */
  open: Map<string, boolean>;
}

export const ReplayUiContext = createContext<ReplayUi>({ open: new Map() });

/** An open/closed flag remembered per replay. */
export function useOpen(key: string, initial = false): [boolean, (open: boolean) => void] {
  const ui = useContext(ReplayUiContext);
  const [open, setOpen] = useState(() => ui.open.get(key) ?? initial);
  return [
    open,
    (next: boolean) => {
      ui.open.set(key, next);
      setOpen(next);
    },
  ];
}
