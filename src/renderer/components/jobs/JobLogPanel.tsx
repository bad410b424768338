/**
 * The open job's log: its last lines (ANSI colours as classes, every other control visible, never
 * markup), re-read every 2 s while open and visible. It follows the end unless the person scrolled
 * up; scrolling back to the bottom (or the follow chip) follows again. A replay button per agent
 * session the job is running.
 */
import { useLayoutEffect, useRef, useState } from 'preact/hooks';
import '../../styles/replay.css';
import type { Job } from '../../../shared/jobs';
import { useApp } from '../../context';
import { JOB_LOG_LINES, logSourceText, shortId } from '../../state/views/jobs';
import { visibleControls } from '../../text/ansi';
import { AnsiText } from '../replay/AnsiText';
import { useJobLog } from './use-job-log';

/** Within this many pixels of the bottom counts as "at the end". */
const AT_BOTTOM_PX = 24;

export function JobLogPanel({ job }: { job: Job }) {
  const { client, store, dispatch } = useApp();
  const { log, error } = useJobLog(client, job.id);
  const [follow, setFollow] = useState(true);
  const scrollRef = useRef<HTMLPreElement>(null);

  // Stick to the end while following (before paint, so nothing flickers).
  useLayoutEffect(() => {
    const el = scrollRef.current;
    if (el && follow) el.scrollTop = el.scrollHeight;
  }, [log, follow]);

  const onScroll = () => {
    const el = scrollRef.current;
    if (!el) return;
    const atBottom = el.scrollHeight - el.scrollTop - el.clientHeight <= AT_BOTTOM_PX;
    if (atBottom !== follow) setFollow(atBottom);
  };

  const agents = store.agents.value;
  return (
    <section class="job-log" aria-label={`Log of ${job.label}`} data-testid="job-log" data-job-id={job.id}>
      <header class="job-log-head">
        <h3 class="job-log-title">{visibleControls(job.label)}</h3>
        <span class="job-log-source muted-inline" data-testid="job-log-source" data-from={log?.from ?? ''}>
          {log ? `last ${JOB_LOG_LINES} lines of ` : 'reading…'}
          {log && <code class="path">{visibleControls(logSourceText(log))}</code>}
        </span>
        <span class="job-log-actions">
          {job.agentIds.map((agentId, i) => {
            const known = agents.has(agentId);
            return (
              <button
                key={agentId}
                type="button"
                class="chip"
                data-testid="job-open-replay"
                data-agent-id={agentId}
                disabled={!known}
                title={known ? `Open the replay of session ${job.sessionIds[i] ?? agentId}` : 'This session is not indexed yet'}
                onClick={() => dispatch({ type: 'open', id: agentId })}
              >
                Open replay · <span class="mono">{shortId(job.sessionIds[i] ?? agentId)}</span>
              </button>
            );
          })}
          <button
            type="button"
            class="chip"
            aria-pressed={follow ? 'true' : 'false'}
            data-testid="job-log-follow"
            title="Keep the newest line in view"
            onClick={() => setFollow(!follow)}
          >
            {follow ? 'following' : 'follow'}
          </button>
          <button type="button" class="chip" data-testid="job-log-close" title="Close (Esc)" onClick={() => dispatch({ type: 'closeJob' })}>
            close <kbd>Esc</kbd>
          </button>
        </span>
      </header>
      {error && (
        <p class="error-text job-log-error" role="alert" data-testid="job-log-error">
          Could not read the log: {visibleControls(error)}
        </p>
      )}
      {log && log.lines.length === 0 ? (
        <p class="muted job-log-note" data-testid="job-log-note">
          {visibleControls(log.note ?? 'The log is empty.')}
        </p>
      ) : (
        <pre class="job-log-lines" ref={scrollRef} onScroll={onScroll} tabIndex={0} aria-label="Log lines, oldest first" data-testid="job-log-lines">
          {log?.lines.map((line, i) => (
            <span key={i} class="log-line">
              {line === '' ? ' ' : <AnsiText text={line} />}
            </span>
          ))}
        </pre>
      )}
    </section>
  );
}
