/** One issue stream: issue, title, state, level, the rail of phases, the PR. Text only, never markup. */
import { age } from '../../format/format';
import type { IssueRail } from '../../state/views/issue-rails';
import { StateBadge } from '../agents/StateBadge';
import { visibleControls } from '../../text/ansi';

const LEVEL_TEXT = { info: 'info', success: 'success', warning: 'warning', error: 'error' } as const;

export function ProgressRail(props: { rail: IssueRail; now: number; selected: boolean; onOpen(): void; onFocus(): void }) {
  const r = props.rail;
  const current = r.steps.find((s) => s.current);
  return (
    <li
      class={`issue-rail level-${r.level}${r.blocked ? ' is-blocked' : ''}${props.selected ? ' selected' : ''}`}
      data-testid="issue-rail"
      data-issue={r.issue}
      data-agent-id={r.agentId}
      data-phase={r.phase}
      data-level={r.level}
      data-blocked={r.blocked ? 'true' : 'false'}
      onClick={(e) => {
        // The PR link opens itself; anywhere else on the card opens the replay.
        if (e.target instanceof Element && e.target.closest('a')) return;
        props.onOpen();
      }}
    >
      <div class="rail-head">
        <button type="button" class="rail-open" data-testid="issue-open" onClick={(e) => {
            e.stopPropagation();
            props.onOpen();
          }} onFocus={props.onFocus} aria-label={`Open ${r.issue}: ${r.title}`}>
          <span class="rail-issue mono">{r.issue === '-' ? 'no issue' : visibleControls(r.issue)}</span>
          <span class="rail-title" title={r.title}>
            {visibleControls(r.title)}
          </span>
        </button>
        <StateBadge agent={{ state: r.state, stateReason: null }} />
        <span class={`level-pill level-${r.level}`} title={`level of the latest milestone: ${r.level}`}>
          {LEVEL_TEXT[r.level]}
        </span>
        <span class="rail-age" title={r.lastEventAt ?? undefined}>
          {age(r.lastEventAt, props.now)}
        </span>
      </div>
      <ol class="rail" aria-label={`Progress: ${Math.round(r.progress * 100)}%, ${r.blocked ? `blocked at ${current?.phase ?? 'start'}` : `now at ${r.phase}`}`}>
        {r.steps.map((s) => (
          <li
            key={s.phase}
            class={`rail-step${s.reached ? ' reached' : ''}${s.passed ? ' passed' : ''}${s.current ? ' current' : ''}${s.blocked ? ' blocked' : ''}`}
            data-testid="rail-step"
            data-phase={s.phase}
            data-reached={s.reached ? 'true' : 'false'}
            data-current={s.current ? 'true' : 'false'}
            data-blocked={s.blocked ? 'true' : undefined}
            aria-current={s.current ? 'step' : undefined}
          >
            <span class="rail-dot" aria-hidden="true">
              {s.blocked ? '!' : s.reached ? '✓' : ''}
            </span>
            <span class="rail-label">{s.phase}</span>
            {s.blocked && <span class="rail-blocked-tag">blocked</span>}
          </li>
        ))}
      </ol>
      <div class="rail-foot">
        {r.prHref ? (
          <a href={r.prHref} target="_blank" rel="noopener noreferrer" class="pr-link" data-testid="issue-pr">
            PR: {r.prHref}
          </a>
        ) : r.prText ? (
          <span class="pr-text" data-testid="issue-pr" title="not an http(s) URL, so not a link">
            PR: {visibleControls(r.prText)}
          </span>
        ) : null}
      </div>
    </li>
  );
}
