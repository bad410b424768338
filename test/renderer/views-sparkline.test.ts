import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { dashUrl, reportFunctionText } from '../../src/renderer/state/views/connect-text';
import { sparkline } from '../../src/renderer/state/views/sparkline';

describe('sparkline', () => {
  it('draws nothing without values', () => {
    expect(sparkline([], 100, 20)).toEqual({ points: '', last: null });
    expect(sparkline([Number.NaN, -1], 100, 20).last).toBeNull();
  });

  it('spans the width, the slowest at the top and the fastest at the bottom', () => {
    const g = sparkline([10, 30, 20], 100, 20, 0);
    expect(g.points).toBe('0,20 50,0 100,10');
    expect(g.last).toEqual({ x: 100, y: 10 });
  });

  it('equal values are a flat line in the middle; one value a short flat line', () => {
    expect(sparkline([5, 5], 10, 20, 0).points).toBe('0,10 10,10');
    const one = sparkline([42], 10, 20, 1);
    expect(one.points).toBe('1,10 9,10');
    expect(one.last).toEqual({ x: 5, y: 10 });
  });
});

describe('report function text', () => {
  it('is the README’s, with the default port', () => {
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    const text = reportFunctionText();
    expect(readme).toContain(text);
    expect(text).toContain('report() {');
  });

  it('points DASH at the page’s origin, else the configured port, else 4747', () => {
    expect(dashUrl('http://127.0.0.1:5123', 4747)).toBe('http://127.0.0.1:5123');
    expect(dashUrl('file://', 5000)).toBe('http://127.0.0.1:5000');
    expect(dashUrl('null', 0)).toBe('http://127.0.0.1:4747');
    expect(dashUrl(undefined, undefined)).toBe('http://127.0.0.1:4747');
    expect(reportFunctionText(dashUrl(null, 5123)).split('\n')[0]).toMatch(/^export DASH=http:\/\/127\.0\.0\.1:5123 +# the URL `lantern serve` printed$/);
  });
});
