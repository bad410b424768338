/**
 * Cumulative metric points (otel/metrics.ts) through the OTel ingest into a real store: differences per
 * series, a new start time starts over, a resent or older point adds nothing, and where a series stood
 * survives a restart of Lantern.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createBus } from '../../src/engine/bus';
import type { Liveness } from '../../src/engine/liveness/liveness';
import { createOtelIngest, peerHost, type OtelIngest } from '../../src/engine/otel/ingest';
import { openStore, type Store } from '../../src/engine/store/store';
import { testStoreOptions } from '../helpers/store-options';

const dirs: string[] = [];
const stores: Store[] = [];
afterEach(() => {
  for (const s of stores.splice(0)) s.close();
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

const NOW = Date.parse('2026-11-01T12:00:00Z');
const liveness = { evaluate() {} } as unknown as Liveness;

function open(dir: string): { store: Store; ingest: OtelIngest } {
  const store = openStore(dir, testStoreOptions());
  stores.push(store);
  return { store, ingest: createOtelIngest({ store, bus: createBus(), liveness, clock: { now: () => NOW } }) };
}

const s = (v: string) => ({ stringValue: v });
const ms = (t: number) => `${t}000000`;

interface Pt {
  metric?: string;
  type?: string;
  value: number;
  start: number;
  time: number;
  session?: string;
}

/** An ExportMetricsServiceRequest with cumulative sums, as an exporter with CUMULATIVE preference sends. */
function body(points: Pt[], temporality = 2) {
  return {
    resourceMetrics: [
      {
        resource: { attributes: [{ key: 'service.name', value: s('claude-code') }] },
        scopeMetrics: [
          {
            scope: { name: 'com.anthropic.claude_code' },
            metrics: points.map((p) => ({
              name: p.metric ?? 'claude_code.token.usage',
              unit: 'tokens',
              sum: {
                aggregationTemporality: temporality,
                isMonotonic: true,
                dataPoints: [
                  {
                    asInt: String(p.value),
                    startTimeUnixNano: ms(p.start),
                    timeUnixNano: ms(p.time),
                    attributes: [
                      ...(p.session === '' ? [] : [{ key: 'session.id', value: s(p.session ?? 'sess-1') }]),
                      { key: 'model', value: s('claude-sonnet-4-6') },
                      ...(p.type === undefined ? [{ key: 'type', value: s('input') }] : p.type ? [{ key: 'type', value: s(p.type) }] : []),
                    ],
                  },
                ],
              },
            })),
          },
        ],
      },
    ],
  };
}

const tokens = (store: Store) => store.getAgent('claude:sess-1')?.usage.inputTokens;

describe('cumulative metrics', () => {
  it('take differences per series and start over with a new start time', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lantern-otel-metrics-'));
    dirs.push(dir);
    const { store, ingest } = open(dir);
    const t0 = NOW - 600_000;
    expect(ingest.metrics(body([{ value: 100, start: t0, time: t0 + 60_000 }]), '127.0.0.1')).toMatchObject({ accepted: 1, rejected: 0 });
    ingest.metrics(body([{ value: 250, start: t0, time: t0 + 120_000 }]), '127.0.0.1');
    expect(tokens(store)).toBe(250);
    // A resent export and an older point add nothing.
    ingest.metrics(body([{ value: 250, start: t0, time: t0 + 120_000 }]), '127.0.0.1');
    ingest.metrics(body([{ value: 200, start: t0, time: t0 + 90_000 }]), '127.0.0.1');
    expect(tokens(store)).toBe(250);
    // The process restarted: a new start time, the count begins again from 0.
    ingest.metrics(body([{ value: 30, start: t0 + 200_000, time: t0 + 260_000 }]), '127.0.0.1');
    expect(tokens(store)).toBe(280);
    // Several points of one series in a batch, in any order.
    ingest.metrics(body([{ value: 50, start: t0 + 200_000, time: t0 + 380_000 }, { value: 40, start: t0 + 200_000, time: t0 + 320_000 }]), '127.0.0.1');
    expect(tokens(store)).toBe(300);
  });

  it('remember where each series stood across a restart of Lantern', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lantern-otel-metrics-'));
    dirs.push(dir);
    const t0 = NOW - 600_000;
    let { store, ingest } = open(dir);
    ingest.metrics(body([{ value: 100, start: t0, time: t0 + 60_000 }, { metric: 'claude_code.cost.usage', type: '', value: 0.5, start: t0, time: t0 + 60_000 }]), '127.0.0.1');
    store.close();
    stores.pop();
    ({ store, ingest } = open(dir));
    ingest.metrics(body([{ value: 160, start: t0, time: t0 + 120_000 }, { metric: 'claude_code.cost.usage', type: '', value: 0.75, start: t0, time: t0 + 120_000 }]), '127.0.0.1');
    const u = store.getAgent('claude:sess-1')!.usage;
    expect(u.inputTokens).toBe(160);
    expect(u.reportedCostUsd).toBeCloseTo(0.75, 12);
  });

  it('reject points without a session, ignore other metrics and token types', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lantern-otel-metrics-'));
    dirs.push(dir);
    const { store, ingest } = open(dir);
    const r = ingest.metrics(
      body(
        [
          { value: 5, start: NOW - 2000, time: NOW - 1000, session: '' },
          { metric: 'claude_code.lines_of_code.count', value: 5, start: NOW - 2000, time: NOW - 1000 },
          { type: 'somethingNew', value: 5, start: NOW - 2000, time: NOW - 1000 },
          { value: 9, start: NOW - 2000, time: NOW - 1000 },
        ],
        1,
      ),
      '127.0.0.1',
    );
    expect(r).toMatchObject({ accepted: 1, rejected: 1, ignored: 2 });
    expect(r.problems[0]).toMatch(/without session.id.*OTEL_METRICS_INCLUDE_SESSION_ID/);
    expect(tokens(store)).toBe(9);
  });
});

describe('the sender as host', () => {
  it('names agents by the address telemetry came from when the resource has no host.name', () => {
    expect(peerHost('127.0.0.1')).toBeUndefined();
    expect(peerHost('::1')).toBeUndefined();
    expect(peerHost('::ffff:127.0.0.1')).toBeUndefined();
    expect(peerHost('::ffff:192.168.1.20')).toBe('192.168.1.20');
    expect(peerHost('fe80::1')).toBe('fe80::1');
    expect(peerHost(undefined)).toBeUndefined();
  });
});
