/**
 * Query-string validation for event paging and SSE resume. Bad values are a 400 that says what
 * is accepted, never coerced into something plausible (STYLE.md anti-pattern 5).
 */
import type { EventPageQuery } from '../../shared/contract';
import { HttpError } from './respond';

export const DEFAULT_PAGE_LIMIT = 200;
export const MAX_PAGE_LIMIT = 1000;

export const PAGE_QUERY_ACCEPTED = {
  after: 'non-negative integer event id: the page of events right after this id',
  before: 'non-negative integer event id: the page of events right before this id',
  offset: "non-negative integer: the page starting at this position of the agent's events (0 is the first); the answer carries total",
  limit: `integer 1-${MAX_PAGE_LIMIT}, default ${DEFAULT_PAGE_LIMIT}`,
};

function badQuery(detail: string): HttpError {
  return new HttpError(400, 'bad query', detail, PAGE_QUERY_ACCEPTED);
}

/** Parses a non-negative integer id (an event id / cursor); null when the text is not one. */
export function parseEventId(text: string): number | null {
  if (!/^\d{1,16}$/.test(text)) return null;
  const n = Number(text);
  return Number.isSafeInteger(n) ? n : null;
}

/** The single value of `name`, undefined when absent; a repeated parameter is ambiguous. */
function single(query: URLSearchParams, name: string): string | undefined {
  const all = query.getAll(name);
  if (all.length > 1) throw badQuery(`${name} is given ${all.length} times`);
  return all[0];
}

function cursor(query: URLSearchParams, name: 'after' | 'before' | 'offset'): number | undefined {
  const text = single(query, name);
  if (text === undefined) return undefined;
  const id = parseEventId(text);
  if (id === null) throw badQuery(name === 'offset' ? 'offset must be a non-negative integer' : `${name} must be a non-negative integer event id`);
  return id;
}

export function parsePageQuery(query: URLSearchParams): EventPageQuery & { limit: number } {
  const after = cursor(query, 'after');
  const before = cursor(query, 'before');
  const offset = cursor(query, 'offset');
  if (after !== undefined && before !== undefined) throw badQuery('use either after or before, not both');
  if (offset !== undefined && (after !== undefined || before !== undefined)) throw badQuery('use one of after, before or offset, not several');
  const limitText = single(query, 'limit');
  let limit = DEFAULT_PAGE_LIMIT;
  if (limitText !== undefined) {
    const n = /^\d{1,4}$/.test(limitText) ? Number(limitText) : NaN;
    if (!(n >= 1 && n <= MAX_PAGE_LIMIT)) throw badQuery(`limit must be an integer 1-${MAX_PAGE_LIMIT}`);
    limit = n;
  }
  const page: EventPageQuery & { limit: number } = { limit };
  if (after !== undefined) page.after = after;
  if (before !== undefined) page.before = before;
  if (offset !== undefined) page.offset = offset;
  return page;
}
