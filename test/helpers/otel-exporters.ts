/**
 * Real OpenTelemetry JS SDK exporters (the OTLP/HTTP JSON ones Claude Code itself is built on), pointed
 * at a test server, so tests send what an agent's exporter sends rather than hand-built JSON. Each
 * exporter is wrapped to record the result of every export (success, or the HTTP error it got).
 */
import { OTLPLogExporter } from '@opentelemetry/exporter-logs-otlp-http';
import { AggregationTemporalityPreference, OTLPMetricExporter } from '@opentelemetry/exporter-metrics-otlp-http';
import { detectResources, envDetector, resourceFromAttributes } from '@opentelemetry/resources';
import { BatchLogRecordProcessor, LoggerProvider, type LogRecordExporter, type ReadableLogRecord } from '@opentelemetry/sdk-logs';
import { MeterProvider, PeriodicExportingMetricReader, type PushMetricExporter, type ResourceMetrics } from '@opentelemetry/sdk-metrics';

/** `ExportResult` of @opentelemetry/core: code 0 is success. */
export interface ExportOutcome {
  code: number;
  error?: Error;
}

type Attributes = Record<string, string | number | boolean>;

export interface ExporterOptions {
  /** Base URL of the server (`http://127.0.0.1:port`); the exporter posts to `/v1/logs` or `/v1/metrics`. */
  base: string;
  headers?: Record<string, string>;
  /** Resource attributes, e.g. `host.name`; `service.name` defaults to claude-code. */
  resource?: Attributes;
  /**
   * Configure from the environment as an agent configured by it is: the exporter from OTEL_EXPORTER_OTLP_*,
   * the resource also from OTEL_RESOURCE_ATTRIBUTES (read when the sender is made).
   */
  fromEnv?: boolean;
}

export interface LogSender {
  /** A Claude Code style event: body `claude_code.<name>`, attribute `event.name` = name. */
  event(name: string, attributes: Attributes, time?: Date): void;
  /** A raw record (other agents' naming). */
  emit(body: string, attributes: Attributes, time?: Date): void;
  /** Export what was emitted; resolves with the outcome of every export so far. */
  flush(): Promise<ExportOutcome[]>;
  shutdown(): Promise<void>;
}

function resourceOf(o: ExporterOptions) {
  const own = resourceFromAttributes({ 'service.name': 'claude-code', ...o.resource });
  return o.fromEnv ? own.merge(detectResources({ detectors: [envDetector] })) : own;
}

export function logSender(o: ExporterOptions, scope = 'com.anthropic.claude_code.events'): LogSender {
  const inner = o.fromEnv ? new OTLPLogExporter() : new OTLPLogExporter({ url: `${o.base}/v1/logs`, headers: o.headers ?? {} });
  const outcomes: ExportOutcome[] = [];
  const exporter: LogRecordExporter = {
    export: (logs: ReadableLogRecord[], done) => inner.export(logs, (r) => (outcomes.push(r), done(r))),
    shutdown: () => inner.shutdown(),
    forceFlush: () => inner.forceFlush(),
  };
  const provider = new LoggerProvider({
    resource: resourceOf(o),
    processors: [new BatchLogRecordProcessor({ exporter, scheduledDelayMillis: 3_600_000, maxExportBatchSize: 512 })],
  });
  const logger = provider.getLogger(scope, '2.1.97');
  const emit = (body: string, attributes: Attributes, time?: Date) => logger.emit({ body, attributes, ...(time ? { timestamp: time } : {}) });
  return {
    event: (name, attributes, time) => emit(`claude_code.${name}`, { 'event.name': name, ...attributes }, time),
    emit,
    async flush() {
      await provider.forceFlush();
      return outcomes;
    },
    shutdown: () => provider.shutdown(),
  };
}

export interface MetricSender {
  /** Add to a counter (created on first use) with these point attributes. */
  add(name: string, value: number, attributes: Attributes, unit?: string): void;
  flush(): Promise<ExportOutcome[]>;
  shutdown(): Promise<void>;
}

export function metricSender(o: ExporterOptions & { temporality: 'delta' | 'cumulative' }): MetricSender {
  const inner = new OTLPMetricExporter({
    url: `${o.base}/v1/metrics`,
    headers: o.headers ?? {},
    temporalityPreference: o.temporality === 'delta' ? AggregationTemporalityPreference.DELTA : AggregationTemporalityPreference.CUMULATIVE,
  });
  const outcomes: ExportOutcome[] = [];
  const exporter: PushMetricExporter = {
    export: (metrics: ResourceMetrics, done) => inner.export(metrics, (r) => (outcomes.push(r), done(r))),
    forceFlush: () => inner.forceFlush(),
    shutdown: () => inner.shutdown(),
    selectAggregationTemporality: (kind) => inner.selectAggregationTemporality(kind),
  };
  const reader = new PeriodicExportingMetricReader({ exporter, exportIntervalMillis: 3_600_000 });
  const provider = new MeterProvider({ resource: resourceOf(o), readers: [reader] });
  const meter = provider.getMeter('com.anthropic.claude_code', '2.1.97');
  const counters = new Map<string, ReturnType<typeof meter.createCounter>>();
  return {
    add(name, value, attributes, unit) {
      let c = counters.get(name);
      if (!c) {
        c = meter.createCounter(name, unit ? { unit } : {});
        counters.set(name, c);
      }
      c.add(value, attributes);
    },
    async flush() {
      await reader.forceFlush();
      return outcomes;
    },
    shutdown: () => provider.shutdown(),
  };
}
