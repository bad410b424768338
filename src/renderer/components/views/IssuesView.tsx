/**
 * View 2: stat tiles and, for every milestone stream, a progress rail. j/k move between issues,
 * Enter (or a click) opens the issue's replay. With no stream yet: how agents report milestones.
 */
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import '../../styles/views.css';
import { useApp } from '../../context';
import { registerNavigator } from '../../keys/navigator';
import { dashUrl, LANTERN_REPORT_EXAMPLE, LANTERN_REPORT_USAGE, MILESTONE_FIELDS, PHASES_TEXT, reportFunctionText } from '../../state/views/connect-text';
import { pageOrigin } from './page-origin';
import { issueRails } from '../../state/views/issue-rails';
import { useNow } from '../use-now';
import { ProgressRail } from './ProgressRail';
import { StatTiles } from './StatTiles';
import { useStatsRefresh } from './use-stats-refresh';

export function IssuesView() {
  const { store } = useApp();
  useStatsRefresh();
  const agents = store.agents.value;
  const rails = useMemo(() => issueRails(agents.values()), [agents]);
  return (
    <section class="view issues-view" aria-label="Issues" data-testid="issues-view">
      <StatTiles />
      {rails.length === 0 ? <NoMilestones port={store.settings.value?.settings.port} /> : <RailList rails={rails} />}
    </section>
  );
}

function RailList({ rails }: { rails: ReturnType<typeof issueRails> }) {
  const { dispatch } = useApp();
  const now = useNow();
  const [selected, setSelected] = useState<string | null>(null);
  const listRef = useRef<HTMLOListElement>(null);
  const index = rails.findIndex((r) => r.agentId === selected);

  // j/k/g/G/Enter act on this list while it is on screen.
  const state = useRef({ rails, index });
  state.current = { rails, index };
  useEffect(() => {
    const focusAt = (i: number) => {
      const { rails: rs } = state.current;
      if (rs.length === 0) return;
      const at = Math.max(0, Math.min(rs.length - 1, i));
      setSelected(rs[at].agentId);
      const buttons = listRef.current?.querySelectorAll<HTMLButtonElement>('.rail-open');
      buttons?.[at]?.focus();
    };
    return registerNavigator({
      move: (by) => {
        const { index: i, rails: rs } = state.current;
        focusAt(i < 0 ? (by > 0 ? 0 : rs.length - 1) : i + by);
      },
      moveTo: (where) => focusAt(where === 'first' ? 0 : state.current.rails.length - 1),
      open: () => {
        const r = state.current.rails[state.current.index];
        if (r) dispatch({ type: 'open', id: r.agentId });
      },
    });
  }, [dispatch]);

  return (
    <ol class="issue-rails" ref={listRef} aria-label="Issue streams">
      {rails.map((r, i) => (
        <ProgressRail
          key={r.agentId}
          rail={r}
          now={now}
          selected={i === index}
          onFocus={() => setSelected(r.agentId)}
          onOpen={() => dispatch({ type: 'open', id: r.agentId })}
        />
      ))}
    </ol>
  );
}

function NoMilestones({ port }: { port: number | undefined }) {
  return (
    <div class="view-empty" data-testid="issues-empty">
      <h2>No issue streams yet</h2>
      <p>
        An agent (or any script) reports how far it got on an issue, and each issue gets a progress rail here: <span class="mono">{PHASES_TEXT}</span>.
      </p>
      <p>
        From a shell, with Lantern’s own command (it finds the server and the token by itself):
      </p>
      <pre class="code-block">{`${LANTERN_REPORT_USAGE}\n\n${LANTERN_REPORT_EXAMPLE}`}</pre>
      <p>
        Or over HTTP: <code>POST /api/event</code> with <code>{MILESTONE_FIELDS}</code> and the token in <code>X-Token</code>. A shell function that
        does it:
      </p>
      <pre class="code-block">{reportFunctionText(dashUrl(pageOrigin(), port))}</pre>
    </div>
  );
}
