/**
 * `otel_series`: where each cumulative OpenTelemetry metric series stood, so the next point of a
 * cumulative counter adds only its difference, across restarts too (src/engine/otel/metrics.ts).
 */
import type Database from 'better-sqlite3';
import type { SeriesPosition } from './types';

export function createSeriesRepo(db: Database.Database) {
  const st = {
    get: db.prepare('SELECT series, start_ns AS startNs, time_ns AS timeNs, value FROM otel_series WHERE series = ?'),
    put: db.prepare(
      `INSERT INTO otel_series (series, start_ns, time_ns, value) VALUES (@series, @startNs, @timeNs, @value)
       ON CONFLICT(series) DO UPDATE SET start_ns = excluded.start_ns, time_ns = excluded.time_ns, value = excluded.value`,
    ),
  };
  return {
    get(keys: string[]): Map<string, SeriesPosition> {
      const out = new Map<string, SeriesPosition>();
      for (const k of new Set(keys)) {
        const r = st.get.get(k) as SeriesPosition | undefined;
        if (r) out.set(k, r);
      }
      return out;
    },
    put: (p: SeriesPosition) => void st.put.run(p),
  };
}
