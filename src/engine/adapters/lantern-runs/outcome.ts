/**
 * Reading a `RunOutcome` back from a runs.jsonl line. We wrote it, but the file is on disk for
 * anyone to edit, so every field is checked and rebuilt: what reaches the store has the contract's
 * shape or the line is reported as unparsed.
 */
import type { RunOutcome } from '../../../shared/sessions';
import { isRec, type Rec } from '../claude/values';

type RunResult = NonNullable<RunOutcome['result']>;
const KINDS = new Set<RunOutcome['kind']>(['success', 'skipped', 'failed', 'killed']);

/** A finite number, else null (never a coerced string). */
export const numOrNull = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
const n0 = (v: unknown): number => numOrNull(v) ?? 0;

export function readOutcome(v: unknown): RunOutcome | null {
  if (!isRec(v)) return null;
  const kind = v.kind as RunOutcome['kind'];
  if (!KINDS.has(kind) || typeof v.endedAt !== 'string') return null;
  const out: RunOutcome = {
    exitCode: numOrNull(v.exitCode),
    signal: typeof v.signal === 'string' ? v.signal : null,
    kind,
    endedAt: v.endedAt,
  };
  if (isRec(v.result)) out.result = readResult(v.result);
  return out;
}

/**
 * `modelUsage` as Claude Code's `result` line spells it (the same camelCase keys in stream-json and in our
 * runs.jsonl), every number checked. Shared with `lantern run`'s stream-json reader.
 */
export function readModelUsage(v: unknown): RunResult['modelUsage'] {
  const modelUsage: RunResult['modelUsage'] = {};
  if (!isRec(v)) return modelUsage;
  for (const [model, u] of Object.entries(v)) {
    if (!isRec(u)) continue;
    modelUsage[model] = {
      inputTokens: n0(u.inputTokens),
      outputTokens: n0(u.outputTokens),
      cacheReadInputTokens: n0(u.cacheReadInputTokens),
      cacheCreationInputTokens: n0(u.cacheCreationInputTokens),
      costUSD: n0(u.costUSD),
    };
  }
  return modelUsage;
}

function readResult(r: Rec): RunResult {
  const modelUsage = readModelUsage(r.modelUsage);
  const denials = Array.isArray(r.permissionDenials) ? r.permissionDenials.filter(isRec) : [];
  return {
    subtype: typeof r.subtype === 'string' ? r.subtype : 'unknown',
    isError: r.isError === true,
    totalCostUsd: numOrNull(r.totalCostUsd),
    numTurns: numOrNull(r.numTurns),
    durationMs: numOrNull(r.durationMs),
    modelUsage,
    permissionDenials: denials.map((d) => ({ toolName: typeof d.toolName === 'string' ? d.toolName : '', toolUseId: typeof d.toolUseId === 'string' ? d.toolUseId : null })),
  };
}

/** One line for the event's `text`: "failed (exit 3), $0.1155, 13 turns". */
export function describeOutcome(o: RunOutcome, tag: string | null): string {
  const how = o.kind === 'killed' && o.signal ? `killed (${o.signal})` : o.exitCode !== null && o.kind !== 'success' ? `${o.kind} (exit ${o.exitCode})` : o.kind;
  const parts = [`${tag ? `${tag}: ` : ''}run ${how}`];
  if (o.result?.totalCostUsd != null) parts.push(`$${o.result.totalCostUsd.toFixed(4)}`);
  if (o.result?.numTurns != null) parts.push(`${o.result.numTurns} turns`);
  return parts.join(', ');
}
