/** `?`: every key, from the keymap's own table. */
import { useEffect, useRef } from 'preact/hooks';
import { useApp } from '../context';
import { KEY_HELP } from '../keys/keymap';

export function KeyHelp() {
  const { dispatch } = useApp();
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => ref.current?.focus(), []);
  return (
    <div class="overlay" onClick={() => dispatch({ type: 'help', open: false })}>
      <div class="dialog" role="dialog" aria-modal="true" aria-labelledby="keys-title" tabIndex={-1} ref={ref} data-testid="key-help" onClick={(e) => e.stopPropagation()}>
        <h2 id="keys-title">Keys</h2>
        <dl class="keys">
          {KEY_HELP.map((k) => (
            <div key={k.keys} class="key-row">
              <dt><kbd>{k.keys}</kbd></dt>
              <dd>{k.what}</dd>
            </div>
          ))}
        </dl>
        <button type="button" onClick={() => dispatch({ type: 'help', open: false })}>Close</button>
      </div>
    </div>
  );
}
