/**
 * OTLP/HTTP JSON (opentelemetry-proto's JSON mapping) → flat records. Lenient where the spec allows
 * variants (int64 as string or number, enums as numbers or names, timestamps of "0" meaning unset) and
 * where exporters differ (`event.name` attribute, `LogRecord.eventName`, or the body); strict only about
 * the envelope: a body that is not an `ExportLogsServiceRequest` / `ExportMetricsServiceRequest` is a
 * `DecodeError` (the route's 400), a malformed part inside one is counted as rejected (partial success).
 */

export type Attrs = Record<string, unknown>;

export class DecodeError extends Error {}

export interface LogRecordIn {
  resource: Attrs;
  scope: string;
  /** `timeUnixNano`, else `observedTimeUnixNano`, as a decimal string; null when unset. */
  timeNs: string | null;
  timeMs: number | null;
  /** `event.name` attribute, else `LogRecord.eventName`, else a string body. */
  eventName: string | null;
  attrs: Attrs;
}

export interface DataPointIn {
  resource: Attrs;
  scope: string;
  metric: string;
  unit: string;
  temporality: 'delta' | 'cumulative' | null;
  startNs: string | null;
  timeNs: string | null;
  timeMs: number | null;
  value: number;
  attrs: Attrs;
}

export interface Decoded<T> {
  items: T[];
  /** Parts that could not be read (counted as rejected in the partial-success answer). */
  rejected: number;
  problems: string[];
  /** Data points of kinds Lantern does not read (histograms, summaries), accepted and dropped. */
  skipped: number;
}

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** An `AnyValue` as plain JSON: strings, numbers, booleans, arrays, objects. */
export function anyValue(v: unknown, depth = 0): unknown {
  if (!isObj(v) || depth > 8) return undefined;
  if (typeof v.stringValue === 'string') return v.stringValue;
  if (typeof v.boolValue === 'boolean') return v.boolValue;
  if (v.intValue !== undefined) return toNumber(v.intValue);
  if (v.doubleValue !== undefined) return toNumber(v.doubleValue);
  if (isObj(v.arrayValue)) {
    const values = Array.isArray(v.arrayValue.values) ? v.arrayValue.values : [];
    return values.map((x) => anyValue(x, depth + 1));
  }
  if (isObj(v.kvlistValue)) return attributes(v.kvlistValue.values, depth + 1);
  if (typeof v.bytesValue === 'string') return v.bytesValue;
  return undefined;
}

/** `[{key, value: AnyValue}]` → an object; entries of another shape are skipped. */
export function attributes(list: unknown, depth = 0): Attrs {
  const out: Attrs = {};
  if (!Array.isArray(list)) return out;
  for (const kv of list) {
    if (!isObj(kv) || typeof kv.key !== 'string') continue;
    const val = anyValue(kv.value, depth);
    if (val !== undefined) out[kv.key] = val;
  }
  return out;
}

/** int64 (JSON string or number) or double (number, or "NaN" / "Infinity" strings). */
function toNumber(v: unknown): number | undefined {
  if (typeof v === 'number') return Number.isFinite(v) ? v : undefined;
  if (typeof v === 'string' && v.trim() !== '') {
    const n = Number(v);
    return Number.isFinite(n) ? n : undefined;
  }
  return undefined;
}

/** A fixed64 nanosecond timestamp as a decimal string; null when missing, zero (unset) or not a number. */
export function nanos(v: unknown): string | null {
  let s: string;
  if (typeof v === 'number' && Number.isSafeInteger(v) && v > 0) s = String(v);
  else if (typeof v === 'string' && /^\d{1,20}$/.test(v)) s = v.replace(/^0+/, '');
  else return null;
  return s === '' ? null : s;
}

export const nanosToMs = (ns: string): number => Number(BigInt(ns) / 1_000_000n);

function envelope(body: unknown, field: string, other: string, otherPath: string): unknown[] {
  if (!isObj(body)) throw new DecodeError(`the body must be a JSON object with "${field}"`);
  const list = body[field];
  if (list === undefined) {
    if (body[other] !== undefined) throw new DecodeError(`this is ${other}: send it to ${otherPath}`);
    if (Object.keys(body).length === 0) return []; // an empty request is valid
    throw new DecodeError(`no "${field}" array (keys: ${Object.keys(body).slice(0, 5).join(', ')})`);
  }
  if (!Array.isArray(list)) throw new DecodeError(`"${field}" must be an array`);
  return list;
}

function newDecoded<T>(): Decoded<T> {
  return { items: [], rejected: 0, problems: [], skipped: 0 };
}

function reject<T>(d: Decoded<T>, count: number, problem: string): void {
  d.rejected += count;
  if (d.problems.length < 5 && !d.problems.includes(problem)) d.problems.push(problem);
}

/** Each resource and scope, with its own list, read leniently. */
function* scopes(list: unknown[], scopeField: string, d: Decoded<unknown>): Generator<{ resource: Attrs; scope: string; inner: Record<string, unknown> }> {
  for (const r of list) {
    if (!isObj(r)) {
      reject(d, 1, 'a resource entry is not an object');
      continue;
    }
    const resource = attributes(isObj(r.resource) ? r.resource.attributes : undefined);
    const inner = r[scopeField];
    if (inner === undefined) continue;
    if (!Array.isArray(inner)) {
      reject(d, 1, `"${scopeField}" is not an array`);
      continue;
    }
    for (const s of inner) {
      if (!isObj(s)) {
        reject(d, 1, `a ${scopeField} entry is not an object`);
        continue;
      }
      const scope = isObj(s.scope) && typeof s.scope.name === 'string' ? s.scope.name : '';
      yield { resource, scope, inner: s };
    }
  }
}

export function decodeLogs(body: unknown): Decoded<LogRecordIn> {
  const list = envelope(body, 'resourceLogs', 'resourceMetrics', '/v1/metrics');
  const d = newDecoded<LogRecordIn>();
  for (const { resource, scope, inner } of scopes(list, 'scopeLogs', d as Decoded<unknown>)) {
    const records = inner.logRecords;
    if (records === undefined) continue;
    if (!Array.isArray(records)) {
      reject(d, 1, '"logRecords" is not an array');
      continue;
    }
    for (const rec of records) {
      if (!isObj(rec)) {
        reject(d, 1, 'a log record is not an object');
        continue;
      }
      const attrs = attributes(rec.attributes);
      const timeNs = nanos(rec.timeUnixNano) ?? nanos(rec.observedTimeUnixNano);
      const body = anyValue(rec.body);
      const named = attrs['event.name'] ?? rec.eventName ?? body;
      d.items.push({
        resource,
        scope,
        timeNs,
        timeMs: timeNs === null ? null : nanosToMs(timeNs),
        eventName: typeof named === 'string' && named !== '' ? named : null,
        attrs,
      });
    }
  }
  return d;
}

function temporality(v: unknown): DataPointIn['temporality'] {
  if (v === 1 || v === 'AGGREGATION_TEMPORALITY_DELTA') return 'delta';
  if (v === 2 || v === 'AGGREGATION_TEMPORALITY_CUMULATIVE') return 'cumulative';
  return null;
}

export function decodeMetrics(body: unknown): Decoded<DataPointIn> {
  const list = envelope(body, 'resourceMetrics', 'resourceLogs', '/v1/logs');
  const d = newDecoded<DataPointIn>();
  for (const { resource, scope, inner } of scopes(list, 'scopeMetrics', d as Decoded<unknown>)) {
    const metrics = inner.metrics;
    if (metrics === undefined) continue;
    if (!Array.isArray(metrics)) {
      reject(d, 1, '"metrics" is not an array');
      continue;
    }
    for (const m of metrics) {
      if (!isObj(m) || typeof m.name !== 'string') {
        reject(d, 1, 'a metric is not an object with a name');
        continue;
      }
      // Sums (counters) and gauges carry number points; histograms and summaries are not read.
      const data = isObj(m.sum) ? m.sum : isObj(m.gauge) ? m.gauge : null;
      if (!data) {
        d.skipped++;
        continue;
      }
      const points = Array.isArray(data.dataPoints) ? data.dataPoints : [];
      const temp = isObj(m.sum) ? temporality(data.aggregationTemporality) : null;
      for (const p of points) {
        const value = isObj(p) ? (toNumber(p.asDouble) ?? toNumber(p.asInt)) : undefined;
        if (!isObj(p) || value === undefined) {
          reject(d, 1, `a data point of ${m.name} has no number value`);
          continue;
        }
        const timeNs = nanos(p.timeUnixNano);
        d.items.push({
          resource,
          scope,
          metric: m.name,
          unit: typeof m.unit === 'string' ? m.unit : '',
          temporality: temp,
          startNs: nanos(p.startTimeUnixNano),
          timeNs,
          timeMs: timeNs === null ? null : nanosToMs(timeNs),
          value,
          attrs: attributes(p.attributes),
        });
      }
    }
  }
  return d;
}
