/**
 * A Gemini message's `tokens` (`{input, output, cached, thoughts, tool, total}`, the API's usageMetadata) split the
 * way ccusage 20.0.24 counts them (ryoppippi/ccusage rust/crates/ccusage/src/adapter/gemini/parser.rs,
 * `build_event` / `normalize_session_input` and `apply_total_token_fallback`), so totals and cost agree:
 *
 * - `input` includes the cached part when `total` = input + output + thoughts + tool: then input − cached;
 * - tool-use prompt tokens (`tool`) count as input; `cached` is a cache read; nothing is a cache write;
 * - thoughts are billed as output: `outputTokens` = output + thoughts, `reasoningTokens` = thoughts (ccusage
 *   shows `outputTokens` without them and adds them to `totalTokens` and the cost);
 * - a `total` above the parts: the rest is output when output is 0, else more thoughts;
 * - all zero: no usage.
 */
import { isRec, type Rec } from '../claude/values';

export interface GeminiUsage {
  inputTokens: number;
  outputTokens: number;
  cacheReadTokens: number;
  reasoningTokens: number;
}

/** ccusage's `value_u64`: a finite number, floored at 0 and truncated; anything else is absent. */
function count(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isFinite(v) ? Math.trunc(Math.max(0, v)) : undefined;
}

/** The first of `keys` holding a number (ccusage's `token_number`), else 0. */
function first(r: Rec, keys: readonly string[]): number {
  for (const k of keys) {
    const n = count(r[k]);
    if (n !== undefined) return n;
  }
  return 0;
}

export function geminiUsage(tokens: unknown): GeminiUsage | null {
  if (!isRec(tokens)) return null;
  const input = first(tokens, ['input', 'prompt', 'input_tokens', 'prompt_tokens']);
  let output = first(tokens, ['output', 'candidates', 'output_tokens', 'candidates_tokens']);
  const cached = first(tokens, ['cached', 'cached_tokens']);
  let thoughts = first(tokens, ['thoughts', 'reasoning', 'thoughts_tokens', 'reasoning_tokens']);
  const tool = first(tokens, ['tool', 'tool_tokens']);
  // `total` when the key exists (even if it is not a number), else `total_tokens`.
  const rawTotal = count(Object.hasOwn(tokens, 'total') ? tokens.total : tokens.total_tokens);

  const inclusive = input + output + thoughts + tool;
  const cachedInside = cached > 0 && rawTotal === inclusive && rawTotal !== inclusive + cached;
  const inputTokens = (cachedInside ? input - Math.min(input, cached) : input) + tool;
  const total = rawTotal ?? inputTokens + output + cached + thoughts;
  const missing = Math.max(0, total - (inputTokens + output + cached + thoughts));
  if (missing > 0) {
    if (output === 0) output = missing;
    else thoughts += missing;
  }
  if (inputTokens === 0 && output === 0 && cached === 0 && thoughts === 0) return null;
  return { inputTokens, outputTokens: output + thoughts, cacheReadTokens: cached, reasoningTokens: thoughts };
}
