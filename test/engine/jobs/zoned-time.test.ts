import { describe, expect, it } from 'vitest';
import { instantFromZoned, localTimeZone, zonedParts } from '../../../src/engine/jobs/zoned-time';

const wall = (text: string) => {
  const [year, month, day, hour, minute, second] = text.split(/[-T:]/).map(Number);
  return { year, month, day, hour, minute, second };
};
const resolve = (text: string, zone: string) => instantFromZoned(wall(text), zone).toISOString();

describe('zonedParts', () => {
  it('reads the wall clock and weekday in a zone', () => {
    expect(zonedParts(new Date('2026-03-29T01:30:00Z'), 'Europe/Berlin')).toEqual({ year: 2026, month: 3, day: 29, hour: 3, minute: 30, second: 0, weekday: 0 });
    expect(zonedParts(new Date('2026-01-01T04:59:59Z'), 'America/New_York')).toEqual({ year: 2025, month: 12, day: 31, hour: 23, minute: 59, second: 59, weekday: 3 });
    expect(zonedParts(new Date('2026-07-04T00:00:00Z'), 'UTC')).toMatchObject({ hour: 0, weekday: 6 });
    expect(zonedParts(new Date('2026-06-01T00:00:00Z'), 'Asia/Kolkata')).toMatchObject({ hour: 5, minute: 30 });
  });

  it('uses hour 0, not 24, at midnight', () => {
    expect(zonedParts(new Date('2026-05-10T22:00:00Z'), 'Europe/Berlin')).toMatchObject({ day: 11, hour: 0 });
  });
});

describe('instantFromZoned', () => {
  it('converts ordinary wall-clock times', () => {
    expect(resolve('2026-01-15T12:00:00', 'Europe/Berlin')).toBe('2026-01-15T11:00:00.000Z');
    expect(resolve('2026-07-01T12:00:00', 'Europe/Berlin')).toBe('2026-07-01T10:00:00.000Z');
    expect(resolve('2026-07-01T12:00:00', 'UTC')).toBe('2026-07-01T12:00:00.000Z');
    expect(resolve('2026-02-28T23:59:59', 'Asia/Kolkata')).toBe('2026-02-28T18:29:59.000Z');
  });

  it('moves a time in a spring-forward gap forward by the gap', () => {
    expect(resolve('2026-03-29T02:30:00', 'Europe/Berlin')).toBe('2026-03-29T01:30:00.000Z'); // 03:30 CEST
    expect(resolve('2026-03-08T02:30:00', 'America/New_York')).toBe('2026-03-08T07:30:00.000Z'); // 03:30 EDT
    expect(resolve('2026-10-04T02:30:00', 'Australia/Sydney')).toBe('2026-10-03T16:30:00.000Z'); // 03:30 AEDT
    expect(resolve('2026-10-04T02:15:00', 'Australia/Lord_Howe')).toBe('2026-10-03T15:45:00.000Z'); // a 30-minute gap: 02:45
  });

  it('takes the earlier instant of a repeated hour', () => {
    expect(resolve('2026-10-25T02:30:00', 'Europe/Berlin')).toBe('2026-10-25T00:30:00.000Z'); // CEST, not CET
    expect(resolve('2026-11-01T01:30:00', 'America/New_York')).toBe('2026-11-01T05:30:00.000Z'); // EDT, not EST
    expect(resolve('2026-10-25T03:00:00', 'Europe/Berlin')).toBe('2026-10-25T02:00:00.000Z'); // just past the repeat
  });

  it('round-trips every quarter hour around both clock changes', () => {
    const zone = 'Europe/Berlin';
    const repeated = [Date.parse('2026-10-25T01:00:00Z'), Date.parse('2026-10-25T02:00:00Z')];
    for (const start of ['2026-03-28T00:00:00Z', '2026-10-24T00:00:00Z']) {
      for (let t = Date.parse(start); t < Date.parse(start) + 3 * 86_400_000; t += 900_000) {
        const back = instantFromZoned(zonedParts(new Date(t), zone), zone).getTime();
        // The second pass through the repeated hour reads back as its first pass.
        expect(back).toBe(t >= repeated[0] && t < repeated[1] ? t - 3_600_000 : t);
      }
    }
  });

  it('rejects an unknown zone with a RangeError naming it', () => {
    expect(() => zonedParts(new Date(0), 'Mars/Olympus_Mons')).toThrow(RangeError);
    expect(() => instantFromZoned(wall('2026-01-01T00:00:00'), 'Mars/Olympus_Mons')).toThrow(/Mars\/Olympus_Mons/);
  });
});

describe('localTimeZone', () => {
  it('names a zone Intl accepts', () => {
    const zone = localTimeZone();
    expect(zone).toMatch(/\S/);
    expect(() => zonedParts(new Date(), zone)).not.toThrow();
  });
});
