/**
 * `GET /api/settings` and `PUT /api/settings` (body: a SettingsPatch). The body goes through the
 * same reader as the ingest routes (JSON only, size limit: 415 / 413 / 400), and the patch through
 * the shared schema before the engine sees it, so a bad one is a 400 naming the field.
 */
import type { EngineApi } from '../../shared/contract';
import { parseSettingsPatch, SettingsError } from '../settings/settings-patch';
import { HttpError } from './respond';
import type { AddRoute } from './route-context';

const badSettings = (err: SettingsError) => new HttpError(400, 'bad settings', err.detail, err.accepted);

export function registerSettingsRoutes(addRoute: AddRoute, api: EngineApi): void {
  addRoute('GET', '/api/settings', () => api.getSettings());

  addRoute('PUT', '/api/settings', async ({ readJson }) => {
    try {
      return await api.updateSettings(parseSettingsPatch(await readJson()));
    } catch (err) {
      throw err instanceof SettingsError ? badSettings(err) : err;
    }
  });
}
