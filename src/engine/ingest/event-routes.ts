/**
 * Events across agents: the latest ones (`GET /api/events`, the activity feed) and a text search
 * (`GET /api/search`). Queries are checked here and refused with a 400 that says what is accepted;
 * the engine only ever sees values in range.
 */
import type { EngineApi, SearchQuery } from '../../shared/contract';
import { RECENT_LIMIT, SEARCH_LIMIT, SEARCH_TEXT } from '../event-limits';
import { HttpError } from './respond';
import type { AddRoute } from './route-context';

const RECENT_ACCEPTED = { limit: `integer ${RECENT_LIMIT.min}-${RECENT_LIMIT.max}, default ${RECENT_LIMIT.default}` };
const SEARCH_ACCEPTED = {
  q: `the text to find, ${SEARCH_TEXT.min}-${SEARCH_TEXT.max} characters after trimming (case-insensitive for ASCII)`,
  agent: "an agent id: only that agent's events",
  limit: `integer ${SEARCH_LIMIT.min}-${SEARCH_LIMIT.max}, default ${SEARCH_LIMIT.default}`,
};

/** The one value of `name`, undefined when absent; a repeated parameter is ambiguous. */
function single(query: URLSearchParams, name: string, accepted: object): string | undefined {
  const all = query.getAll(name);
  if (all.length > 1) throw new HttpError(400, 'bad query', `${name} is given ${all.length} times`, accepted);
  return all[0];
}

function limitParam(query: URLSearchParams, range: { min: number; max: number; default: number }, accepted: object): number {
  const text = single(query, 'limit', accepted);
  if (text === undefined) return range.default;
  const n = /^\d{1,4}$/.test(text) ? Number(text) : NaN;
  if (!(n >= range.min && n <= range.max)) throw new HttpError(400, 'bad query', `limit must be an integer ${range.min}-${range.max}`, accepted);
  return n;
}

function parseSearchQuery(query: URLSearchParams): SearchQuery {
  const q = (single(query, 'q', SEARCH_ACCEPTED) ?? '').trim();
  if (q.length < SEARCH_TEXT.min || q.length > SEARCH_TEXT.max) {
    throw new HttpError(400, 'bad query', `q must be ${SEARCH_TEXT.min}-${SEARCH_TEXT.max} characters after trimming, got ${q.length}`, SEARCH_ACCEPTED);
  }
  const search: SearchQuery = { q, limit: limitParam(query, SEARCH_LIMIT, SEARCH_ACCEPTED) };
  const agent = single(query, 'agent', SEARCH_ACCEPTED)?.trim();
  if (agent) search.agentId = agent;
  return search;
}

export function registerEventRoutes(addRoute: AddRoute, api: EngineApi): void {
  addRoute('GET', '/api/events', ({ query }) => api.recentEvents({ limit: limitParam(query, RECENT_LIMIT, RECENT_ACCEPTED) }));

  addRoute('GET', '/api/search', async ({ query }) => {
    const search = parseSearchQuery(query);
    if (search.agentId !== undefined && !(await api.getAgent(search.agentId))) {
      throw new HttpError(404, 'not found', `no agent with id ${JSON.stringify(search.agentId)}`);
    }
    return api.searchEvents(search);
  });
}
