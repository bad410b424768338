/**
 * OTLP/HTTP JSON decoding (otel/otlp-json.ts): the variants the specification allows and exporters
 * produce are read; an envelope that is not an OTLP request is an error; a broken part inside one is
 * counted as rejected, never thrown.
 */
import { describe, expect, it } from 'vitest';
import { anyValue, attributes, decodeLogs, decodeMetrics, DecodeError, nanos } from '../../src/engine/otel/otlp-json';

describe('values', () => {
  it('reads every AnyValue form, int64 as string or number', () => {
    expect(anyValue({ stringValue: 'x' })).toBe('x');
    expect(anyValue({ intValue: '12345678901' })).toBe(12345678901);
    expect(anyValue({ intValue: 7 })).toBe(7);
    expect(anyValue({ doubleValue: 0.5 })).toBe(0.5);
    expect(anyValue({ doubleValue: 'NaN' })).toBeUndefined();
    expect(anyValue({ boolValue: false })).toBe(false);
    expect(anyValue({ arrayValue: { values: [{ stringValue: 'a' }, { intValue: '1' }] } })).toEqual(['a', 1]);
    expect(anyValue({ kvlistValue: { values: [{ key: 'k', value: { stringValue: 'v' } }] } })).toEqual({ k: 'v' });
    expect(anyValue({})).toBeUndefined();
    expect(anyValue('plain')).toBeUndefined();
  });

  it('skips malformed attributes instead of failing', () => {
    expect(attributes([{ key: 'a', value: { stringValue: '1' } }, { value: { stringValue: 'no key' } }, 'junk', { key: 'b' }])).toEqual({ a: '1' });
    expect(attributes(undefined)).toEqual({});
  });

  it('keeps nanosecond timestamps exact; 0 means unset', () => {
    expect(nanos('1795303776592123456')).toBe('1795303776592123456');
    expect(nanos(1_700_000_000_000_000)).toBe('1700000000000000');
    expect(nanos('0')).toBeNull();
    expect(nanos('-5')).toBeNull();
    expect(nanos('12abc')).toBeNull();
  });
});

describe('logs', () => {
  it('takes the event name from the attribute, LogRecord.eventName, or the body', () => {
    const d = decodeLogs({
      resourceLogs: [
        {
          resource: { attributes: [{ key: 'host.name', value: { stringValue: 'box' } }] },
          scopeLogs: [
            {
              scope: { name: 'com.anthropic.claude_code.events' },
              logRecords: [
                { timeUnixNano: '1795303776592000000', body: { stringValue: 'claude_code.api_request' }, attributes: [{ key: 'event.name', value: { stringValue: 'api_request' } }] },
                { observedTimeUnixNano: '1795303776593000000', eventName: 'claude_code.tool_result' },
                { timeUnixNano: '0', body: { stringValue: 'codex.sse_event' } },
              ],
            },
          ],
        },
      ],
    });
    expect(d.items.map((r) => [r.eventName, r.timeMs, r.resource['host.name'], r.scope])).toEqual([
      ['api_request', 1795303776592, 'box', 'com.anthropic.claude_code.events'],
      ['claude_code.tool_result', 1795303776593, 'box', 'com.anthropic.claude_code.events'],
      ['codex.sse_event', null, 'box', 'com.anthropic.claude_code.events'],
    ]);
    expect(d.rejected).toBe(0);
  });

  it('counts broken parts as rejected', () => {
    const d = decodeLogs({ resourceLogs: [5, { scopeLogs: 'x' }, { scopeLogs: [{ logRecords: [null, {}] }] }] });
    expect(d.items).toHaveLength(1);
    expect(d.rejected).toBe(3);
    expect(d.problems.length).toBeGreaterThan(0);
  });

  it.each([
    [[], /JSON object/],
    ['text', /JSON object/],
    [{ resourceLogs: {} }, /must be an array/],
    [{ resourceMetrics: [] }, /send it to \/v1\/metrics/],
    [{ spans: [] }, /no "resourceLogs"/],
  ])('refuses %j as a whole', (body, message) => {
    expect(() => decodeLogs(body)).toThrow(DecodeError);
    expect(() => decodeLogs(body)).toThrow(message);
  });

  it('accepts an empty request', () => {
    expect(decodeLogs({}).items).toEqual([]);
    expect(decodeLogs({ resourceLogs: [] }).items).toEqual([]);
  });
});

describe('metrics', () => {
  it('reads sums and gauges with either temporality spelling; skips histograms', () => {
    const d = decodeMetrics({
      resourceMetrics: [
        {
          scopeMetrics: [
            {
              scope: { name: 'com.anthropic.claude_code' },
              metrics: [
                { name: 'a', unit: 'USD', sum: { aggregationTemporality: 1, isMonotonic: true, dataPoints: [{ asDouble: 0.5, timeUnixNano: '2000000', startTimeUnixNano: '1000000' }] } },
                { name: 'b', sum: { aggregationTemporality: 'AGGREGATION_TEMPORALITY_CUMULATIVE', dataPoints: [{ asInt: '42', timeUnixNano: '3000000' }] } },
                { name: 'c', gauge: { dataPoints: [{ asInt: 3 }] } },
                { name: 'd', histogram: { dataPoints: [{ count: '1' }] } },
                { name: 'e', sum: { aggregationTemporality: 1, dataPoints: [{ attributes: [] }] } },
              ],
            },
          ],
        },
      ],
    });
    expect(d.items.map((p) => [p.metric, p.temporality, p.value, p.startNs, p.timeMs])).toEqual([
      ['a', 'delta', 0.5, '1000000', 2],
      ['b', 'cumulative', 42, null, 3],
      ['c', null, 3, null, null],
    ]);
    expect(d.skipped).toBe(1);
    expect(d.rejected).toBe(1);
  });

  it('refuses logs sent to the metrics endpoint', () => {
    expect(() => decodeMetrics({ resourceLogs: [] })).toThrow(/send it to \/v1\/logs/);
  });
});
