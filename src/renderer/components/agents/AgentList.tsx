/**
 * The agent list: a `listbox` of `option`s, virtualised (a user with years of sessions has
 * thousands of agents). Keyboard focus stays on the listbox and `aria-activedescendant` names the
 * selected row, so screen readers follow j/k and the focus ring is always visible.
 */
import { useEffect, useRef } from 'preact/hooks';
import { useApp } from '../../context';
import { registerNavigator } from '../../keys/navigator';
import { useNow } from '../use-now';
import { useVirtualizer } from '../virtual/use-virtualizer';
import { AgentRow, rowDomId } from './AgentRow';

const ROW_HEIGHT = 40;

export function AgentList() {
  const { store, dispatch } = useApp();
  const rows = store.rows.value;
  const selectedId = store.selectedId.value;
  const now = useNow();
  const scrollRef = useRef<HTMLDivElement>(null);
  const v = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    getItemKey: (i) => rows[i]?.agent.id ?? i,
    overscan: 10,
  });
  const selectedIndex = rows.findIndex((r) => r.agent.id === selectedId);

  useEffect(
    () =>
      registerNavigator({
        move: (by) => dispatch({ type: 'move', by }),
        moveTo: (where) => dispatch({ type: 'moveTo', where }),
        open: () => dispatch({ type: 'open' }),
      }),
    [dispatch],
  );
  useEffect(() => {
    if (selectedIndex >= 0) v.scrollToIndex(selectedIndex, { align: 'auto' });
  }, [selectedIndex, v]);
  // The list takes focus when it appears (and after a replay closes), so j/k work at once.
  useEffect(() => {
    if (!(document.activeElement instanceof HTMLInputElement)) scrollRef.current?.focus({ preventScroll: true });
  }, []);

  return (
    <div
      ref={scrollRef}
      class="agent-list"
      role="listbox"
      aria-label="Agents"
      tabIndex={0}
      aria-activedescendant={selectedIndex >= 0 ? rowDomId(rows[selectedIndex].agent.id) : undefined}
      data-testid="agent-list"
    >
      <div role="presentation" style={{ height: `${v.getTotalSize()}px`, position: 'relative' }}>
        {v.getVirtualItems().map((item) => {
          const row = rows[item.index];
          if (!row) return null;
          return (
            <div key={item.key} role="presentation" class="agent-row-slot" style={{ transform: `translateY(${item.start}px)`, height: `${ROW_HEIGHT}px` }}>
              <AgentRow
                row={row}
                now={now}
                selected={row.agent.id === selectedId}
                onSelect={() => dispatch({ type: 'select', id: row.agent.id })}
                onOpen={() => dispatch({ type: 'open', id: row.agent.id })}
              />
            </div>
          );
        })}
      </div>
    </div>
  );
}
