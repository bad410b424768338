/**
 * Tolerant model-id matching. Agents record ids in many spellings (`claude-sonnet-4-5-20250929`,
 * `us.anthropic.claude-sonnet-4-5-20250929-v1:0`, `claude-sonnet-4-5@20250929`, `gemini/gemini-2.5-pro`);
 * all of them must land on the bare table id, and an id the table does not know must stay unpriced
 * rather than borrow a neighbour's price (`claude-opus-4-9` is not `claude-opus-4` at 15/75).
 */
import type { ModelPrice, ResolvedPrice } from './types';

/** Bump when the matching rules change what an id resolves to: stored costs are then priced again. */
export const RESOLVER_VERSION = 1;

const PROVIDER_PREFIXES = ['bedrock/', 'vertex_ai/', 'openai/', 'google/', 'gemini/', 'models/', 'anthropic/'];

/** Bedrock ids: `anthropic.…`, cross-region `us.anthropic.…`, global `global.anthropic.…`. */
const BEDROCK_PREFIX = /^(?:([a-z]+)\.)?anthropic\./;

const SUFFIXES = [
  /:thinking$/,
  /\[1m\]$/, // Claude Code's 1M-context alias
  /-v\d+(?::\d+)?$/, // Bedrock `-v1:0`
  /@(?:\d{8}|latest|default)$/, // Vertex `@20250514`
  /-latest$/,
  /-\d{8}$/, // Anthropic date
  /-\d{4}-\d{2}-\d{2}$/, // OpenAI date
];

/**
 * What may follow a table id for the id to still be that model: a date, a preview or thinking tag.
 * Anything else (`-9`, `-mini`, `-pro`, `-fast`, `-image`) names another model with another price.
 */
function isSameModelSuffix(segment: string): boolean {
  return /^\d{8}$/.test(segment) || /^\d{4}$/.test(segment) || ['preview', 'exp', 'experimental', 'latest', 'thinking', 'chat'].includes(segment);
}

export interface CleanedId {
  id: string;
  /** A regional (not global) Bedrock endpoint, which costs more for recent Claude models. */
  regional: boolean;
}

/** Lower-case, drop provider/region prefixes and version suffixes. Null for ids that are never priced. */
export function cleanModelId(raw: string): CleanedId | null {
  let id = raw.trim().toLowerCase();
  if (id === '' || id === '<synthetic>') return null;
  let regional = false;
  for (let changed = true; changed; ) {
    changed = false;
    for (const prefix of PROVIDER_PREFIXES) {
      if (id.startsWith(prefix)) {
        id = id.slice(prefix.length);
        changed = true;
      }
    }
    const bedrock = BEDROCK_PREFIX.exec(id);
    if (bedrock) {
      if (bedrock[1] && bedrock[1] !== 'global') regional = true;
      id = id.slice(bedrock[0].length);
      changed = true;
    }
  }
  for (let changed = true; changed; ) {
    changed = false;
    for (const suffix of SUFFIXES) {
      const next = id.replace(suffix, '');
      if (next !== id && next !== '') {
        id = next;
        changed = true;
      }
    }
  }
  if (id.startsWith('claude-')) id = canonicalClaude(id);
  return id === '' ? null : { id, regional };
}

/** OpenRouter-style `claude-opus-4.7` and old `claude-4-opus` spellings → `claude-opus-4-7`, `claude-opus-4`. */
function canonicalClaude(id: string): string {
  const dashed = id.replace(/(\d)\.(\d)/g, '$1-$2');
  return dashed.replace(/^claude-(\d+(?:-\d)?)-(opus|sonnet|haiku)(?=$|-)/, (whole, version: string, family: string) =>
    Number.parseInt(version, 10) >= 4 ? `claude-${family}-${version}` : whole,
  );
}

/** Table ids by length, longest first, so `claude-opus-4-1-x` finds `claude-opus-4-1` before `claude-opus-4`. */
export function sortIdsForPrefixMatch(ids: Iterable<string>): string[] {
  return [...ids].sort((a, b) => b.length - a.length || a.localeCompare(b));
}

/** The table id a cleaned id names, or null. `sortedIds` comes from sortIdsForPrefixMatch. */
export function matchTableId(cleaned: string, table: Readonly<Record<string, ModelPrice>>, sortedIds: readonly string[]): string | null {
  if (Object.hasOwn(table, cleaned)) return cleaned;
  for (const id of sortedIds) {
    if (!cleaned.startsWith(`${id}-`)) continue;
    const next = cleaned.slice(id.length + 1).split('-')[0];
    if (isSameModelSuffix(next)) return id;
  }
  return null;
}

function scale(price: ModelPrice, factor: number): ModelPrice {
  const lc = price.longContext;
  return {
    ...price,
    input: price.input * factor,
    output: price.output * factor,
    cacheWrite5m: price.cacheWrite5m * factor,
    cacheWrite1h: price.cacheWrite1h * factor,
    cacheRead: price.cacheRead * factor,
    longContext: lc && {
      threshold: lc.threshold,
      input: lc.input * factor,
      output: lc.output * factor,
      cacheWrite5m: lc.cacheWrite5m * factor,
      cacheWrite1h: lc.cacheWrite1h * factor,
      cacheRead: lc.cacheRead * factor,
    },
  };
}

/** Resolve a raw model id against a table: exact id first, then the cleaned id, then a safe prefix. */
export function resolveModel(raw: string, table: Readonly<Record<string, ModelPrice>>, sortedIds: readonly string[]): ResolvedPrice | null {
  if (typeof raw !== 'string') return null;
  const exact = raw.trim();
  if (exact !== '' && Object.hasOwn(table, exact)) return { id: exact, price: table[exact], regional: false };
  const cleaned = cleanModelId(raw);
  if (!cleaned) return null;
  const id = matchTableId(cleaned.id, table, sortedIds);
  if (!id) return null;
  const price = table[id];
  const multiplier = cleaned.regional ? price.regionalMultiplier : undefined;
  return multiplier ? { id, price: scale(price, multiplier), regional: true } : { id, price, regional: false };
}
