/**
 * `<data dir>/prices.json`: the user's own prices, merged over the bundled table (add a model the table
 * lacks, or replace one whose price changed). A bad file must never take pricing down: it is rejected as a
 * whole with one readable warning, and the bundled table stays in force.
 */
import fs from 'node:fs';
import { z } from 'zod';
import type { LongContextPrice, ModelPrice } from './types';

const rate = z.number().finite().nonnegative();

// Strict objects: a misspelt key (`cacheread`) is an error, not a silently ignored rate.
const longContextSchema = z.strictObject({
  threshold: z.number().int().positive().optional(),
  input: rate,
  output: rate,
  cacheWrite5m: rate.optional(),
  cacheWrite1h: rate.optional(),
  cacheRead: rate.optional(),
});

const modelSchema = z.strictObject({
  input: rate,
  output: rate,
  cacheWrite5m: rate.optional(),
  cacheWrite1h: rate.optional(),
  cacheRead: rate.optional(),
  longContext: longContextSchema.optional(),
  fastMultiplier: z.number().finite().positive().optional(),
  regionalMultiplier: z.number().finite().positive().optional(),
});

const fileSchema = z.looseObject({
  models: z.record(z.string().trim().min(1), modelSchema),
});

type RatesInput = { input: number; cacheWrite5m?: number; cacheWrite1h?: number; cacheRead?: number };

/**
 * Missing cache rates: Claude models follow Anthropic's multipliers (1.25x / 2x / 0.1x input); other
 * providers bill no cache writes, and without a stated discount cached input is billed as plain input
 * (an overestimate is safer than an invented discount).
 */
function cacheRates(id: string, r: RatesInput): Pick<ModelPrice, 'cacheWrite5m' | 'cacheWrite1h' | 'cacheRead'> {
  const anthropic = id.toLowerCase().startsWith('claude-');
  return {
    cacheWrite5m: r.cacheWrite5m ?? (anthropic ? r.input * 1.25 : 0),
    cacheWrite1h: r.cacheWrite1h ?? (anthropic ? r.input * 2 : 0),
    cacheRead: r.cacheRead ?? (anthropic ? r.input * 0.1 : r.input),
  };
}

function toModelPrice(id: string, entry: z.infer<typeof modelSchema>): ModelPrice {
  const lc = entry.longContext;
  const longContext: LongContextPrice | undefined = lc && { threshold: lc.threshold ?? 200_000, input: lc.input, output: lc.output, ...cacheRates(id, lc) };
  return {
    input: entry.input,
    output: entry.output,
    ...cacheRates(id, entry),
    ...(longContext && { longContext }),
    ...(entry.fastMultiplier !== undefined && { fastMultiplier: entry.fastMultiplier }),
    ...(entry.regionalMultiplier !== undefined && { regionalMultiplier: entry.regionalMultiplier }),
  };
}

export type OverridesResult =
  | { status: 'absent' }
  | { status: 'loaded'; models: Record<string, ModelPrice> }
  | { status: 'invalid'; warning: string };

function describeIssue(issue: z.core.$ZodIssue): string {
  const where = issue.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('').replace(/^\./, '');
  return where ? `${where}: ${issue.message}` : issue.message;
}

/** Read and validate an override file. A missing file is not an error: the file is optional. */
export function loadOverrides(file: string): OverridesResult {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { status: 'absent' };
    return { status: 'invalid', warning: `Price overrides ${file} could not be read (${(err as Error).message}); using the bundled price table.` };
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    return { status: 'invalid', warning: `Price overrides ${file} is not valid JSON (${(err as Error).message}); using the bundled price table.` };
  }
  const parsed = fileSchema.safeParse(json);
  if (!parsed.success) {
    const problems = parsed.error.issues.slice(0, 5).map(describeIssue).join('; ');
    return { status: 'invalid', warning: `Price overrides ${file} is malformed (${problems}); expected {"models": {"<id>": {"input": …, "output": …}}}; using the bundled price table.` };
  }
  const models: Record<string, ModelPrice> = {};
  for (const [id, entry] of Object.entries(parsed.data.models)) models[id.trim().toLowerCase()] = toModelPrice(id, entry);
  return { status: 'loaded', models };
}
