/** The roots being watched: kind, path, whether it exists. Read-only. */
import { visibleControls } from '../../text/ansi';

export function WatchedRoots({ roots }: { roots: ReadonlyArray<{ kind: string; root: string; exists: boolean; error?: string }> }) {
  if (roots.length === 0) return <p class="muted-inline">No folder is being watched.</p>;
  return (
    <ul class="watched-roots" data-testid="watched-roots">
      {roots.map((r) => (
        <li key={`${r.kind}:${r.root}`} class={r.exists ? 'exists' : 'missing'} data-testid="watched-root">
          <span class={r.exists ? 'exists-mark ok' : 'exists-mark missing'} aria-label={r.exists ? 'exists' : 'does not exist'} title={r.exists ? 'exists' : 'does not exist'}>
            {r.exists ? '✓' : '✗'}
          </span>
          <span class="root-kind">{r.kind}</span>
          <code class="root-path">{visibleControls(r.root)}</code>
          {r.error && <span class="error-text">{r.error}</span>}
        </li>
      ))}
    </ul>
  );
}
