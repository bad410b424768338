/**
 * One runs.jsonl line (written by `lantern run` at exit) → the run's outcome and tag on the
 * session's agent `claude:<sessionId>`, plus a `system`/`run_outcome` event on it. Stateless: each
 * line stands alone.
 */
import type { RunOutcome } from '../../../shared/sessions';
import type { FileParser, HookState, ParseOutput, SourceFile } from '../types';
import { mergeAgentPatch } from '../types';
import { EXCERPT_CAP, isRec } from '../claude/values';
import { describeOutcome, readOutcome } from './outcome';

/** Agent that collects lines we cannot read, so they are counted and visible, never dropped. */
export const RUNS_AGENT_ID = 'lantern:runs';
const SESSION_ID = /^[A-Za-z0-9_-]{1,128}$/;

export function createRunsParser(_file: SourceFile): FileParser {
  return {
    parseLine(line: string, offset: number, out: ParseOutput): void {
      if (!line.trim()) return;
      const unparsed = (reason: string): void => {
        out.events.push({ agentId: RUNS_AGENT_ID, kind: 'unparsed', ts: 0, source: 'sidecar', data: { reason, excerpt: line.slice(0, EXCERPT_CAP), offset } });
      };
      let rec: unknown;
      try {
        rec = JSON.parse(line);
      } catch {
        return unparsed('invalid JSON');
      }
      if (!isRec(rec)) return unparsed('not an object');
      const sessionId = typeof rec.sessionId === 'string' && SESSION_ID.test(rec.sessionId) ? rec.sessionId : null;
      if (!sessionId) return unparsed('no valid sessionId');
      const outcome = readOutcome(rec.outcome);
      if (!outcome) return unparsed('no valid outcome');
      const tag = typeof rec.tag === 'string' && rec.tag ? rec.tag : null;
      const agentId = `claude:${sessionId}`;
      const endedAt = Date.parse(outcome.endedAt);
      const ts = Number.isFinite(endedAt) ? endedAt : 0;
      const startedAt = typeof rec.startedAt === 'string' ? Date.parse(rec.startedAt) : NaN;
      mergeAgentPatch(out, {
        id: agentId,
        source: 'claude',
        sessionId,
        ...(Number.isFinite(startedAt) ? { startedAt } : {}),
        meta: tag ? { outcome, tag } : { outcome },
        // The wrapped process has exited: first-party evidence, believed until the session writes again (a resume).
        ...(ts > 0 ? { hook: endState(outcome, ts) } : {}),
      });
      out.events.push({
        agentId,
        kind: 'system',
        ts,
        source: 'sidecar',
        data: { subtype: 'run_outcome', text: describeOutcome(outcome, tag), data: { ...outcome } },
      });
    },
    state: () => ({ v: 1 }),
  };
}

/** success and skipped runs are done; failed and killed ones failed, with the exit code or signal as the reason. */
function endState(o: RunOutcome, at: number): HookState {
  if (o.kind === 'success' || o.kind === 'skipped') return { state: 'done', reason: null, at };
  const reason = o.kind === 'killed' ? `killed${o.signal ? ` (${o.signal})` : ''}` : `exit ${o.exitCode ?? '?'}`;
  return { state: 'failed', reason, at };
}
