/**
 * The read API: a thin mapping of `EngineApi` onto HTTP. Each handler validates its input and
 * returns the contract's value as is, so the HTTP client and the IPC client see the same shapes.
 */
import type { EngineApi } from '../../shared/contract';
import type { StatsQuery } from '../../shared/stats';
import { parseWindow, WINDOW_FORMS, WindowError } from '../stats/window';
import { parsePageQuery } from './event-query';
import { registerEventRoutes } from './event-routes';
import { registerJobRoutes } from './job-routes';
import { registerNotifyRoutes } from './notify-routes';
import { HttpError } from './respond';
import type { AddRoute } from './route-context';
import { registerSettingsRoutes } from './settings-routes';

function unknownAgent(id: string): HttpError {
  return new HttpError(404, 'not found', `no agent with id ${JSON.stringify(id)}`);
}

/** `?window=&agent=&project=`, checked before the engine is asked (an empty value counts as absent). */
function parseStatsQuery(query: URLSearchParams): StatsQuery {
  const text = (name: string) => query.get(name)?.trim() || undefined;
  const q: StatsQuery = {};
  const window = text('window');
  if (window !== undefined) {
    try {
      parseWindow(window, 0);
    } catch (err) {
      if (!(err instanceof WindowError)) throw err;
      throw new HttpError(400, 'bad query', err.message, { window: WINDOW_FORMS, agent: 'an agent id', project: 'a project directory (an agent cwd)' });
    }
    q.window = window;
  }
  const agent = text('agent');
  if (agent !== undefined) q.agentId = agent;
  const project = text('project');
  if (project !== undefined) q.project = project;
  return q;
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

  addRoute('GET', '/api/live/stats', async ({ query }) => {
    const q = parseStatsQuery(query);
    if (q.agentId !== undefined && !(await api.getAgent(q.agentId))) throw unknownAgent(q.agentId);
    return api.liveStats(q);
  });

  registerEventRoutes(addRoute, api);
  registerSettingsRoutes(addRoute, api);
  registerNotifyRoutes(addRoute, api);
  registerJobRoutes(addRoute, api);
}
