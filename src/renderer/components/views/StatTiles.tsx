/** The Issues view's tiles: running, blocked, PRs opened, done today, spend today. */
import { useApp } from '../../context';
import { money } from '../../format/format';
import { issueTiles } from '../../state/views/tiles';
import { useNow } from '../use-now';

export function StatTiles() {
  const { store } = useApp();
  const now = useNow(30_000);
  const t = issueTiles(store.agents.value.values(), store.burn.value, now);
  const tiles = [
    { testid: 'tile-running', label: 'running', value: String(t.running), cls: 'running' },
    { testid: 'tile-blocked', label: 'blocked', value: String(t.blocked), cls: t.blocked > 0 ? 'blocked attention' : 'blocked' },
    { testid: 'tile-prs', label: 'PRs opened', value: String(t.prsOpened), cls: 'prs' },
    { testid: 'tile-done-today', label: 'done today', value: String(t.doneToday), cls: 'done' },
    { testid: 'tile-spend-today', label: 'spend today', value: money(t.spendToday), cls: 'spend' },
  ];
  return (
    <ul class="stat-tiles" aria-label="At a glance">
      {tiles.map((x) => (
        <li key={x.testid} class={`tile tile-${x.cls}`}>
          <span class="tile-value mono" data-testid={x.testid}>
            {x.value}
          </span>
          <span class="tile-label">{x.label}</span>
        </li>
      ))}
    </ul>
  );
}
