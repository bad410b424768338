/** One row of the agent list: state, project, title, age, model, cost. Text only, never markup. */
import type { AgentRowModel } from '../../state/agent-order';
import { projectOf } from '../../state/agent-order';
import { age, money, shortModel } from '../../format/format';
import { visibleControls } from '../../text/ansi';
import { StateBadge } from './StateBadge';

export function rowDomId(id: string): string {
  return `agent-${id.replace(/[^A-Za-z0-9_-]/g, '_')}`;
}

export function AgentRow(props: { row: AgentRowModel; selected: boolean; now: number; onSelect(): void; onOpen(): void }) {
  const { agent: a, depth } = props.row;
  const model = a.models[a.models.length - 1];
  // A milestone stream's title is its issue (already the project column): show its latest step instead.
  const title = a.source === 'milestone' && a.milestone ? a.milestone.title : (a.title ?? a.id);
  return (
    <div
      role="option"
      id={rowDomId(a.id)}
      aria-selected={props.selected ? 'true' : 'false'}
      class={props.selected ? 'agent-row selected' : 'agent-row'}
      data-testid="agent-row"
      data-agent-id={a.id}
      data-state={a.state}
      style={{ paddingLeft: `${0.75 + depth * 1.25}rem` }}
      onClick={props.onSelect}
      onDblClick={props.onOpen}
    >
      {depth > 0 && <span class="nest" aria-hidden="true">↳</span>}
      <StateBadge agent={a} />
      <span class="project" title={a.cwd ?? undefined}>{visibleControls(projectOf(a))}</span>
      <span class="title" title={title}>{visibleControls(title)}</span>
      <span class="source">{a.source}</span>
      <span class="age" title={a.lastEventAt ?? undefined}>{age(a.lastEventAt ?? a.startedAt, props.now)}</span>
      <span class="model">{model ? shortModel(model) : '—'}</span>
      <span class="cost" title={a.usage.costSource === 'estimate' ? 'estimated from tokens' : a.usage.costSource}>
        {money(a.usage.displayCostUsd)}
      </span>
    </div>
  );
}
