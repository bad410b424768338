/** One keydown listener for the page: keymap.ts decides, this applies. */
import { useEffect } from 'preact/hooks';
import type { Dispatch } from '../state/actions';
import type { Store } from '../state/store';
import { commandFor, type Command } from './keymap';
import { activeNavigator } from './navigator';

export const SEARCH_INPUT_ID = 'search-input';

function isField(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName);
}

export function runCommand(cmd: Command, store: Store, dispatch: Dispatch): void {
  const nav = activeNavigator();
  switch (cmd.type) {
    case 'move':
      return nav?.move(cmd.by);
    case 'moveTo':
      return nav?.moveTo(cmd.where);
    case 'open':
      return nav?.open();
    case 'back': {
      const active = document.activeElement;
      if (store.helpOpen.value) return dispatch({ type: 'help', open: false });
      if (active instanceof HTMLElement && isField(active)) {
        active.blur();
        return;
      }
      if (store.openId.value) return dispatch({ type: 'close' });
      if (store.view.value === 'jobs' && store.jobOpenId.value) return dispatch({ type: 'closeJob' });
      return;
    }
    case 'search':
      document.getElementById(SEARCH_INPUT_ID)?.focus();
      return;
    case 'view':
      return dispatch({ type: 'view', view: cmd.view });
    case 'follow':
      return dispatch({ type: 'follow' });
    case 'help':
      return dispatch({ type: 'help' });
  }
}

export function useKeys(store: Store, dispatch: Dispatch): void {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      // Buttons and links keep Enter/Space for themselves.
      const target = e.target;
      if (e.key === 'Enter' && target instanceof HTMLElement && ['BUTTON', 'A', 'SUMMARY'].includes(target.tagName)) return;
      const cmd = commandFor({ key: e.key, ctrlKey: e.ctrlKey, metaKey: e.metaKey, altKey: e.altKey, inField: isField(target) });
      if (!cmd) return;
      e.preventDefault();
      runCommand(cmd, store, dispatch);
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [store, dispatch]);
}
