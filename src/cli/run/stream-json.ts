/**
 * What `claude -p --output-format stream-json` tells about a run (FORMATS.md §4): the real
 * session id (`system/init`) and the final `result` line with cost, turns and per-model usage.
 * Lines that are not such JSON are ignored: any command can be wrapped, not only Claude Code.
 */
import type { RunOutcome } from '../../shared/sessions';
import { isRec, type Rec } from '../../engine/adapters/claude/values';
import { numOrNull, readModelUsage } from '../../engine/adapters/lantern-runs/outcome';
import { createLineScanner, type LineScanner } from './line-scanner';

export type RunResult = NonNullable<RunOutcome['result']>;

export interface StreamObservation {
  /** `session_id` of `system/init` (else of the `result` line), when one was seen. */
  sessionId: string | null;
  /** The last `result` line; null when the run ended before printing one. */
  result: RunResult | null;
}

const RESULT = Buffer.from('"result"');
const INIT = Buffer.from('"init"');

export function toRunResult(r: Rec): RunResult {
  const modelUsage = readModelUsage(r.modelUsage);
  const denials = Array.isArray(r.permission_denials) ? r.permission_denials.filter(isRec) : [];
  return {
    subtype: typeof r.subtype === 'string' ? r.subtype : 'unknown',
    isError: r.is_error === true,
    totalCostUsd: numOrNull(r.total_cost_usd),
    numTurns: numOrNull(r.num_turns),
    durationMs: numOrNull(r.duration_ms),
    modelUsage,
    permissionDenials: denials.map((d) => ({
      toolName: typeof d.tool_name === 'string' ? d.tool_name : '',
      toolUseId: typeof d.tool_use_id === 'string' ? d.tool_use_id : null,
    })),
  };
}

/** `onSession` is called when `system/init` names the session, so the sidecar can be corrected at once. */
export function createStreamJsonWatcher(onSession?: (sessionId: string) => void): LineScanner & { observed(): StreamObservation } {
  const seen: StreamObservation = { sessionId: null, result: null };
  let resultSession: string | null = null;

  const scanner = createLineScanner((line) => {
    // Cheap byte tests first: most lines of most commands are not JSON, and parsing every
    // multi-MB tool result line would cost more than the child's own work.
    let i = 0;
    while (i < line.length && (line[i] === 0x20 || line[i] === 0x09)) i++;
    if (line[i] !== 0x7b /* { */ || (line.indexOf(RESULT) < 0 && line.indexOf(INIT) < 0)) return;
    let rec: unknown;
    try {
      rec = JSON.parse(line.toString('utf8'));
    } catch {
      return;
    }
    if (!isRec(rec)) return;
    const sid = typeof rec.session_id === 'string' ? rec.session_id : null;
    if (rec.type === 'system' && rec.subtype === 'init' && sid) {
      if (sid !== seen.sessionId) onSession?.(sid);
      seen.sessionId = sid;
    } else if (rec.type === 'result') {
      seen.result = toRunResult(rec); // several with `--input-format stream-json`: the last one wins
      resultSession = sid ?? resultSession;
    }
  });

  return {
    push: scanner.push,
    end: scanner.end,
    observed: () => ({ sessionId: seen.sessionId ?? resultSession, result: seen.result }),
  };
}
