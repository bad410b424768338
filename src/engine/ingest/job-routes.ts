/**
 * `GET /api/jobs` (the JobsSnapshot) and `GET /api/jobs/:id/log?lines=80` (the last lines of a
 * job's log). `lines` out of range is a 400 that says what is accepted; an id the latest check did
 * not list is a 404.
 */
import type { EngineApi } from '../../shared/contract';
import { JOB_LOG_LINES } from '../event-limits';
import { JobNotFoundError } from '../jobs/jobs-service';
import { HttpError } from './respond';
import type { AddRoute } from './route-context';

function parseLines(query: URLSearchParams): number | undefined {
  const text = query.get('lines')?.trim();
  if (!text) return undefined;
  const n = Number(text);
  if (!/^\d+$/.test(text) || n < JOB_LOG_LINES.min || n > JOB_LOG_LINES.max) {
    throw new HttpError(400, 'bad query', `lines must be a whole number ${JOB_LOG_LINES.min}-${JOB_LOG_LINES.max}, got ${JSON.stringify(text)}`, {
      lines: `how many of the log's last lines, ${JOB_LOG_LINES.min}-${JOB_LOG_LINES.max} (default ${JOB_LOG_LINES.default})`,
    });
  }
  return n;
}

export function registerJobRoutes(addRoute: AddRoute, api: EngineApi): void {
  addRoute('GET', '/api/jobs', () => api.listJobs());

  addRoute('GET', '/api/jobs/:id/log', async ({ params, query }) => {
    const lines = parseLines(query);
    try {
      return await api.getJobLog(params.id, { lines });
    } catch (err) {
      if (err instanceof JobNotFoundError) throw new HttpError(404, 'not found', err.message);
      throw err;
    }
  });
}
