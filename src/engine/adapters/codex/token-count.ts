/**
 * `event_msg` `token_count` → usage records and the agent's rate limits, counted the way ccusage
 * 20.0.24 counts Codex (usage-math.ts), so totals compare:
 *
 * - inputTokens = input − cached, cacheReadTokens = cached (≤ input), outputTokens = output (reasoning
 *   included), reasoningTokens apart; priced as the latest `turn_context` model, else `gpt-5`.
 * - The record key is `codex:<timestamp ms>:<model>:<tokens…>`: stable across re-reads, and the same
 *   request copied into another file (a fork's history) counts once, as ccusage dedupes it.
 * - A sub-agent rollout (`thread_spawn`) starts with the parent's history replayed: when its first two
 *   token counts share their second, every count of that second is replay and counts nothing. The
 *   first count is held until the next one (or a later line) decides.
 */
import type { UsageRecord } from '../types';
import { isRec, type Rec } from '../claude/values';
import type { CodexContext } from './context';
import type { HeldTokenCount } from './state';
import { autoReviewModel, FALLBACK_MODEL, isZeroUsage, modelOf, readRateLimits, readRawUsage, sameUsage, subtractUsage, type RawUsage } from './usage-math';

interface Count {
  tsText: string;
  ts: number;
  last: RawUsage | null;
  total: RawUsage | null;
  parsedModel: string | null;
  turnId: string | null;
}

const second = (tsText: string) => tsText.slice(0, 19);

/** ccusage's model choice: the count's own model, else the current one, else `gpt-5` (flagged). */
function resolveModel(ctx: CodexContext, parsed: string | null, tsText: string): { model: string; fallback: boolean } {
  const st = ctx.st;
  if (parsed) {
    st.model = parsed;
    st.modelFallback = false;
  }
  let fallback = false;
  let model = parsed ?? st.model;
  if (!model) {
    fallback = true;
    st.modelFallback = true;
    st.model = FALLBACK_MODEL;
    model = FALLBACK_MODEL;
  }
  if (st.modelFallback) fallback = true;
  const mapped = autoReviewModel(model, tsText);
  if (mapped) return { model: mapped, fallback: true };
  return { model, fallback };
}

function count(ctx: CodexContext, c: Count): void {
  const st = ctx.st;
  if (c.total && st.prevTotal && sameUsage(c.total, st.prevTotal)) return; // a repeat: nothing new
  const raw = c.last ?? (c.total ? subtractUsage(c.total, st.prevTotal) : null);
  if (c.total) st.prevTotal = c.total;
  if (!raw || isZeroUsage(raw)) return;
  const { model, fallback } = resolveModel(ctx, c.parsedModel, c.tsText);
  const cached = Math.min(raw.cached, raw.input);
  const record: UsageRecord = {
    key: `codex:${c.ts}:${model}:${raw.input}:${cached}:${raw.output}:${raw.reasoning}:${raw.total}`,
    agentId: ctx.agentId,
    messageId: c.turnId ?? '',
    requestId: '',
    model,
    ts: c.ts,
    inputTokens: raw.input - cached,
    outputTokens: raw.output,
    cacheCreationTokens: 0,
    cacheReadTokens: cached,
    cache5mTokens: 0,
    cache1hTokens: 0,
    placeholderOutput: false,
    reasoningTokens: raw.reasoning,
  };
  if (!fallback) ctx.addModel(model);
  ctx.addUsage(record);
}

/** Count a held first token_count now that it is known not to be replay, with the model state it was read under. */
export function releaseHeld(ctx: CodexContext): void {
  const st = ctx.st;
  const h = st.held;
  st.held = null;
  if (st.replay === null) st.replay = '';
  if (!h) return;
  const now = { model: st.model, fallback: st.modelFallback };
  const unchanged = now.model === h.model && now.fallback === h.modelFallback;
  st.model = h.model;
  st.modelFallback = h.modelFallback;
  count(ctx, h);
  // A turn_context read since the count was held wins over what counting it decided.
  if (!unchanged) {
    st.model = now.model;
    st.modelFallback = now.fallback;
  }
}

/** Called for every line with its own timestamp: a later second means the held count was not replay. */
export function settleHeld(ctx: CodexContext, tsText: string): void {
  const h = ctx.st.held;
  if (h && ctx.st.replay === null && second(tsText) !== second(h.tsText)) releaseHeld(ctx);
}

function rateLimits(ctx: CodexContext, p: Rec): void {
  const limits = readRateLimits(p.rate_limits, ctx.ts);
  if (!limits) return;
  const { at: _at, ...values } = limits;
  const json = JSON.stringify(values);
  if (json === ctx.st.rateLimitsJson) return;
  ctx.st.rateLimitsJson = json;
  const patch = ctx.patch();
  patch.meta = { ...patch.meta, rateLimits: limits };
}

export function handleTokenCount(ctx: CodexContext, p: Rec): void {
  rateLimits(ctx, p);
  const st = ctx.st;
  // ccusage skips a count without a timestamp, before anything else.
  if (ctx.tsText === null) return;
  const info = isRec(p.info) ? p.info : null;
  const c: Count = {
    tsText: ctx.tsText,
    ts: ctx.ts,
    last: readRawUsage(info?.last_token_usage),
    total: readRawUsage(info?.total_token_usage),
    parsedModel: modelOf(p) ?? modelOf(info),
    turnId: st.turnId,
  };
  if (st.isSubagent && st.replay === null) {
    if (!c.last && !c.total) return; // says nothing about replay, and counts nothing
    if (!st.held) {
      const held: HeldTokenCount = { ...c, offset: ctx.offset, model: st.model, modelFallback: st.modelFallback };
      st.held = held;
      return;
    }
    if (second(st.held.tsText) === second(c.tsText)) {
      st.replay = second(c.tsText);
      st.skippingReplay = true;
      st.prevTotal = c.total ?? st.held.total ?? st.prevTotal;
      st.held = null;
      return;
    }
    releaseHeld(ctx);
  } else if (st.skippingReplay && st.replay) {
    if (second(c.tsText) === st.replay) {
      if (c.total) st.prevTotal = c.total;
      return;
    }
    st.skippingReplay = false;
  }
  count(ctx, c);
}
