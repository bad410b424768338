/**
 * View 3: the latest events across all agents (last 100, oldest first) sticking to the newest
 * while follow is on; the burn ticker; P95 latency per tool with a sparkline of recent calls.
 * Scrolling up turns follow off, scrolling back to the bottom (or `f`) turns it on again.
 */
import { useLayoutEffect, useRef } from 'preact/hooks';
import '../../styles/views.css';
import type { ToolLatency } from '../../../shared/stats';
import { useApp } from '../../context';
import { clockTime, duration } from '../../format/format';
import { eventSummary, KIND_LABEL } from '../../format/event-summary';
import { projectOf } from '../../state/agent-order';
import { BurnTicker } from './BurnTicker';
import { Sparkline } from './Sparkline';
import { useStatsRefresh } from './use-stats-refresh';
import { visibleControls } from '../../text/ansi';

/** Within this many pixels of the bottom counts as "at the newest event". */
const AT_BOTTOM_PX = 24;

export function LiveView() {
  useStatsRefresh();
  return (
    <section class="view live-view" aria-label="Live" data-testid="live-view">
      <div class="live-side">
        <BurnTicker />
        <ToolLatencyTable />
      </div>
      <EventStream />
    </section>
  );
}

function EventStream() {
  const { store, dispatch } = useApp();
  const events = store.recent.value;
  const follow = store.follow.value;
  const agents = store.agents.value;
  const scrollRef = useRef<HTMLOListElement>(null);

  // Stick to the newest event while following (before paint, so nothing flickers).
  useLayoutEffect(() => {
    const el = scrollRef.current;
    if (el && follow) el.scrollTop = el.scrollHeight;
  }, [events, follow]);

  const onScroll = () => {
    const el = scrollRef.current;
    if (!el) return;
    const atBottom = el.scrollHeight - el.scrollTop - el.clientHeight <= AT_BOTTOM_PX;
    if (!atBottom && store.follow.value) dispatch({ type: 'follow', on: false });
    else if (atBottom && !store.follow.value && el.scrollHeight > el.clientHeight) dispatch({ type: 'follow', on: true });
  };

  return (
    <section class="live-stream" aria-label="Latest events">
      <header class="live-stream-head">
        <h2>Latest events</h2>
        <span class="muted-inline">{events.length} shown, newest last</span>
        <button
          type="button"
          class="chip"
          aria-pressed={follow ? 'true' : 'false'}
          data-testid="live-follow"
          title="Keep the newest event in view (f)"
          onClick={() => dispatch({ type: 'follow', on: !follow })}
        >
          {follow ? 'following' : 'follow'} <kbd>f</kbd>
        </button>
      </header>
      {events.length === 0 ? (
        <p class="muted">No events yet. They appear here as agents work.</p>
      ) : (
        <ol class="live-events" ref={scrollRef} onScroll={onScroll} aria-live="off">
          {events.map((e) => {
            const agent = agents.get(e.agentId);
            return (
              <li key={e.id}>
                <button type="button" class={`live-event kind-${e.kind}`} data-testid="live-event" data-kind={e.kind} data-agent-id={e.agentId} onClick={() => dispatch({ type: 'open', id: e.agentId })}>
                  <time class="time mono" dateTime={e.ts}>
                    {clockTime(e.ts)}
                  </time>
                  <span class="project" title={agent?.cwd ?? e.agentId}>
                    {visibleControls(agent ? projectOf(agent) : e.agentId)}
                  </span>
                  <span class="kind">{KIND_LABEL[e.kind]}</span>
                  <span class="summary">{visibleControls(eventSummary(e))}</span>
                </button>
              </li>
            );
          })}
        </ol>
      )}
    </section>
  );
}

const byCount = (a: ToolLatency, b: ToolLatency) => b.count - a.count || a.name.localeCompare(b.name);

function ToolLatencyTable() {
  const { store } = useApp();
  const stats = store.stats.value;
  const tools = stats ? [...stats.tools].sort(byCount) : [];
  return (
    <section class="tool-latency" aria-label="Tool latency" data-testid="tool-latency">
      <h2>
        Tool latency <span class="muted-inline">{stats ? (stats.window === 'all' ? 'all time' : `last ${stats.window}`) : ''}</span>
      </h2>
      {!stats ? (
        <p class="muted">Reading stats…</p>
      ) : tools.length === 0 ? (
        <p class="muted">No tool calls in this window.</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th scope="col">tool</th>
              <th scope="col" class="num">calls</th>
              <th scope="col" class="num">errors</th>
              <th scope="col" class="num">p50</th>
              <th scope="col" class="num p95">p95</th>
              <th scope="col" class="num">p99</th>
              <th scope="col">recent</th>
            </tr>
          </thead>
          <tbody>
            {tools.map((t) => (
              <tr key={t.name} data-testid="tool-row" data-tool={t.name}>
                <th scope="row" class="tool-name" title={t.name}>
                  {visibleControls(t.name)}
                </th>
                <td class="num" title={t.interrupted ? `${t.interrupted} interrupted (not in the percentiles)` : undefined}>
                  {t.count}
                </td>
                <td class={t.errors > 0 ? 'num has-errors' : 'num'}>{t.errors}</td>
                <td class="num">{duration(t.p50Ms)}</td>
                <td class="num p95" data-testid="tool-p95">
                  {duration(t.p95Ms)}
                </td>
                <td class="num">{duration(t.p99Ms)}</td>
                <td class="spark-cell">
                  <Sparkline values={t.recentMs ?? []} label={`${t.name}: last ${(t.recentMs ?? []).length} durations`} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
