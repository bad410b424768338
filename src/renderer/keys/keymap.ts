/**
 * Keys → commands, pure (tested without a DOM). Vim-style; every binding is listed by `?` from
 * KEY_HELP, so a key that is not in this table does not exist.
 */
import { VIEWS, type ViewName } from '../state/store';

export type Command =
  | { type: 'move'; by: 1 | -1 }
  | { type: 'moveTo'; where: 'first' | 'last' }
  | { type: 'open' }
  | { type: 'back' }
  | { type: 'search' }
  | { type: 'view'; view: ViewName }
  | { type: 'follow' }
  | { type: 'help' };

export interface KeyInput {
  key: string;
  ctrlKey?: boolean;
  metaKey?: boolean;
  altKey?: boolean;
  /** The key went to a text field: only Esc means anything then. */
  inField?: boolean;
}

export const KEY_HELP: ReadonlyArray<{ keys: string; what: string }> = [
  { keys: 'j / ↓', what: 'next agent, issue, job or card' },
  { keys: 'k / ↑', what: 'previous agent, issue, job or card' },
  { keys: 'g / Home', what: 'first' },
  { keys: 'G / End', what: 'last' },
  { keys: 'Enter / o', what: 'open the selected agent’s (or issue’s) replay, or the selected job’s log' },
  { keys: 'Esc', what: 'back: close the replay, the job log, the search or this help' },
  { keys: '/', what: 'search events and filter agents' },
  { keys: VIEWS.map((_, i) => i + 1).join(' '), what: `switch view: ${VIEWS.join(', ')}` },
  { keys: 'f', what: 'follow: keep the replay and the live stream on the newest event' },
  { keys: '?', what: 'show or hide this list of keys' },
];

export function commandFor(k: KeyInput): Command | null {
  if (k.ctrlKey || k.metaKey || k.altKey) return null;
  if (k.inField) return k.key === 'Escape' ? { type: 'back' } : null;
  switch (k.key) {
    case 'j':
    case 'ArrowDown':
      return { type: 'move', by: 1 };
    case 'k':
    case 'ArrowUp':
      return { type: 'move', by: -1 };
    case 'g':
    case 'Home':
      return { type: 'moveTo', where: 'first' };
    case 'G':
    case 'End':
      return { type: 'moveTo', where: 'last' };
    case 'Enter':
    case 'o':
      return { type: 'open' };
    case 'Escape':
      return { type: 'back' };
    case '/':
      return { type: 'search' };
    case 'f':
      return { type: 'follow' };
    case '?':
      return { type: 'help' };
  }
  const n = /^[1-9]$/.test(k.key) ? Number(k.key) : 0;
  if (n >= 1 && n <= VIEWS.length) return { type: 'view', view: VIEWS[n - 1] };
  return null;
}
