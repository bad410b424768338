/**
 * `GET /api/notifications` (the pause state and the channels' status), `POST
 * /api/notifications/channels/:id/test` (a test alert) and `PUT /api/notifications/pause` (body
 * `{until: ISO instant | null}`). The body goes through the same reader as every JSON route
 * (415 / 413 / 400), then the shared pause rules: a bad one is a 400 that says what is accepted.
 */
import type { EngineApi } from '../../shared/contract';
import { ChannelNotFoundError } from '../notify/channels/dispatcher';
import { parsePauseBody, PauseError } from '../notify/pause-request';
import { HttpError } from './respond';
import type { AddRoute } from './route-context';

const badPause = (err: PauseError) => new HttpError(400, 'bad pause', err.detail, err.accepted);

export function registerNotifyRoutes(addRoute: AddRoute, api: EngineApi): void {
  addRoute('GET', '/api/notifications', () => api.notifyState());

  addRoute('PUT', '/api/notifications/pause', async ({ readJson }) => {
    try {
      return await api.pauseNotifications(parsePauseBody(await readJson()));
    } catch (err) {
      throw err instanceof PauseError ? badPause(err) : err;
    }
  });

  // A test alert through one channel, now (pause and kinds aside): 200 with how it went, ok or not.
  addRoute('POST', '/api/notifications/channels/:id/test', async ({ params }) => {
    try {
      return await api.testChannel(params.id);
    } catch (err) {
      if (err instanceof ChannelNotFoundError) throw new HttpError(404, 'not found', err.message);
      throw err;
    }
  });
}
