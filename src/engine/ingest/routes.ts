/**
 * The read API: a thin mapping of `EngineApi` onto HTTP. Each handler validates its input and
 * returns the contract's value as is, so the HTTP client and the IPC client see the same shapes.
 */
import type { EngineApi } from '../../shared/contract';
import { parsePageQuery } from './event-query';
import { HttpError } from './respond';
import type { AddRoute } from './route-context';

function unknownAgent(id: string): HttpError {
  return new HttpError(404, 'not found', `no agent with id ${JSON.stringify(id)}`);
}

export function registerReadRoutes(addRoute: AddRoute, api: EngineApi): void {
  addRoute('GET', '/api/health', () => api.health());

  addRoute('GET', '/api/agents', () => api.listAgents());

  addRoute('GET', '/api/agents/:id', async ({ params }) => {
    const agent = await api.getAgent(params.id);
    if (!agent) throw unknownAgent(params.id);
    return agent;
  });

  addRoute('GET', '/api/agents/:id/events', async ({ params, query }) => {
    // Validate before touching the store: a bad query is the client's fault whatever the id.
    const page = parsePageQuery(query);
    if (!(await api.getAgent(params.id))) throw unknownAgent(params.id);
    return api.getEvents(params.id, page);
  });
}
