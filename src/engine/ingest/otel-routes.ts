/**
 * `POST /v1/logs` and `POST /v1/metrics`: OTLP/HTTP with the JSON encoding (the OTLP specification's
 * "OTLP/HTTP" section), behind the same guard as every route (token, Host; exporters send no Origin).
 *
 * JSON only, on purpose: decoding the protobuf encoding needs the OTLP .proto schema and a protobuf
 * runtime (`protobufjs` plus the proto files; `@opentelemetry/otlp-transformer` only encodes requests),
 * which is a dependency for one encoding every OTLP exporter can switch off. A protobuf body gets a 415
 * that says how (`OTEL_EXPORTER_OTLP_PROTOCOL=http/json`, a Collector's `encoding: json`).
 *
 * Answers as the specification says: 200 with `{}`, or with `partialSuccess` naming how many records
 * were rejected and why; 400 `{error, detail, accepted}` for a body that is not an OTLP request (never
 * retried by exporters); gzip bodies (a Collector's default) are read, both sizes capped.
 */
import { gunzipSync, inflateSync } from 'node:zlib';
import type { IncomingMessage } from 'node:http';
import { DecodeError } from '../otel/otlp-json';
import type { OtelIngest, OtelResult } from '../otel/ingest';
import { parseJsonBytes, readBody, tooLarge } from './body';
import { HttpError } from './respond';
import type { AddRoute } from './route-context';

/** Exporters batch up to 512 records; with tool details on, a batch can pass the API's 1 MiB. */
export const OTLP_MAX_BODY_BYTES = 8 * 1024 * 1024;

const JSON_ONLY =
  'Lantern reads OTLP/HTTP JSON only: set OTEL_EXPORTER_OTLP_PROTOCOL=http/json (Codex: protocol = "json"; an OpenTelemetry Collector: encoding: json on its otlphttp exporter)';

function mediaType(req: IncomingMessage): string {
  return (req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
}

async function readOtlpJson(req: IncomingMessage, limit: number): Promise<unknown> {
  const type = mediaType(req);
  if (type === 'application/x-protobuf' || type === 'application/protobuf') {
    throw new HttpError(415, 'unsupported media type', JSON_ONLY, ['application/json']);
  }
  if (type !== 'application/json') {
    throw new HttpError(415, 'unsupported media type', `Content-Type is "${req.headers['content-type'] ?? '(none)'}"; ${JSON_ONLY}`, ['application/json']);
  }
  const encoding = (req.headers['content-encoding'] ?? 'identity').trim().toLowerCase();
  if (!['identity', 'gzip', 'deflate', ''].includes(encoding)) {
    throw new HttpError(415, 'unsupported content encoding', `Content-Encoding "${encoding}" is not read`, ['gzip', 'deflate', 'identity']);
  }
  const raw = await readBody(req, limit);
  if (encoding !== 'gzip' && encoding !== 'deflate') return parseJsonBytes(raw);
  let plain: Buffer;
  try {
    plain = (encoding === 'gzip' ? gunzipSync : inflateSync)(raw, { maxOutputLength: limit });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') throw tooLarge(limit);
    throw new HttpError(400, 'bad request', `the ${encoding} body could not be decompressed: ${(err as Error).message}`);
  }
  return parseJsonBytes(plain);
}

/** `ExportLogsServiceResponse` / `ExportMetricsServiceResponse` in the JSON encoding (int64 as a string). */
function response(result: OtelResult, rejectedField: 'rejectedLogRecords' | 'rejectedDataPoints'): unknown {
  if (result.rejected === 0) return {};
  return { partialSuccess: { [rejectedField]: String(result.rejected), errorMessage: result.problems.join('; ') } };
}

export function registerOtelRoutes(server: { addRoute: AddRoute }, ingest: OtelIngest, limit = OTLP_MAX_BODY_BYTES): void {
  const route = (path: string, signal: 'logs' | 'metrics', shape: string, rejectedField: 'rejectedLogRecords' | 'rejectedDataPoints') =>
    server.addRoute('POST', path, async ({ req }) => {
      const body = await readOtlpJson(req, limit);
      try {
        return response(ingest[signal](body, req.socket.remoteAddress), rejectedField);
      } catch (err) {
        if (err instanceof DecodeError) throw new HttpError(400, 'bad OTLP request', err.message, shape);
        throw err;
      }
    });
  route('/v1/logs', 'logs', 'an ExportLogsServiceRequest in OTLP/HTTP JSON: {"resourceLogs": [{"resource": {...}, "scopeLogs": [{"logRecords": [...]}]}]}', 'rejectedLogRecords');
  route(
    '/v1/metrics',
    'metrics',
    'an ExportMetricsServiceRequest in OTLP/HTTP JSON: {"resourceMetrics": [{"resource": {...}, "scopeMetrics": [{"metrics": [...]}]}]}',
    'rejectedDataPoints',
  );
}
