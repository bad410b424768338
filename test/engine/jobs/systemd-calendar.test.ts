import { describe, expect, it } from 'vitest';
import { nextElapse, parseCalendar } from '../../../src/engine/jobs/systemd/calendar';

/** The next elapse after `from`, as ISO (null when none). */
function next(expr: string, from: string, zone = 'UTC'): string | null {
  return nextElapse(parseCalendar(expr), new Date(from), zone)?.toISOString() ?? null;
}

/** `count` elapses in a row, each strictly after the previous one. */
function chain(expr: string, from: string, count: number, zone = 'UTC'): string[] {
  const spec = parseCalendar(expr);
  const out: string[] = [];
  let at = new Date(from);
  for (let i = 0; i < count; i++) {
    const n = nextElapse(spec, at, zone);
    if (!n) break;
    out.push(n.toISOString());
    at = n;
  }
  return out;
}

describe('calendar shorthands', () => {
  it.each([
    ['minutely', '2026-01-01T00:00:30Z', '2026-01-01T00:01:00.000Z'],
    ['minutely', '2026-01-01T00:01:00Z', '2026-01-01T00:02:00.000Z'],
    ['hourly', '2026-01-01T10:59:59Z', '2026-01-01T11:00:00.000Z'],
    ['daily', '2026-01-01T00:00:00Z', '2026-01-02T00:00:00.000Z'],
    ['Daily', '2025-12-31T23:59:59.999Z', '2026-01-01T00:00:00.000Z'],
    ['monthly', '2026-01-31T12:00:00Z', '2026-02-01T00:00:00.000Z'],
    ['weekly', '2026-01-01T00:00:00Z', '2026-01-05T00:00:00.000Z'],
    ['yearly', '2026-06-01T00:00:00Z', '2027-01-01T00:00:00.000Z'],
    ['annually', '2026-01-01T00:00:00Z', '2027-01-01T00:00:00.000Z'],
    ['quarterly', '2026-05-01T00:00:00Z', '2026-07-01T00:00:00.000Z'],
    ['semiannually', '2026-07-01T00:00:00Z', '2027-01-01T00:00:00.000Z'],
    ['semi-annually', '2026-02-01T00:00:00Z', '2026-07-01T00:00:00.000Z'],
  ])('%s after %s → %s', (expr, from, want) => {
    expect(next(expr, from)).toBe(want);
  });
});

describe('calendar weekdays', () => {
  it('takes ranges, lists and full names in any case', () => {
    expect(next('Mon..Fri 09:00', '2026-01-02T10:00:00Z')).toBe('2026-01-05T09:00:00.000Z'); // Fri after 9 → Mon
    expect(chain('Mon..Wed 09:00', '2026-01-05T00:00:00Z', 4)).toEqual(['2026-01-05T09:00:00.000Z', '2026-01-06T09:00:00.000Z', '2026-01-07T09:00:00.000Z', '2026-01-12T09:00:00.000Z']);
    expect(next('Sat,Sun 10:00', '2026-01-01T00:00:00Z')).toBe('2026-01-03T10:00:00.000Z');
    expect(chain('saturday,SUNDAY 10:00', '2026-01-03T10:00:00Z', 2)).toEqual(['2026-01-04T10:00:00.000Z', '2026-01-10T10:00:00.000Z']);
    expect(chain('Mon,Wed..Fri 08:00', '2026-01-05T08:00:00Z', 2)).toEqual(['2026-01-07T08:00:00.000Z', '2026-01-08T08:00:00.000Z']);
    expect(next('Fri', '2026-01-01T00:00:00Z')).toBe('2026-01-02T00:00:00.000Z');
  });

  it('combines with the date: both must match', () => {
    expect(chain('Fri *-*-13', '2026-01-01T00:00:00Z', 3)).toEqual(['2026-02-13T00:00:00.000Z', '2026-03-13T00:00:00.000Z', '2026-11-13T00:00:00.000Z']);
    expect(next('Mon *-05~07/1', '2026-01-01T00:00:00Z')).toBe('2026-05-25T00:00:00.000Z'); // the last Monday of May
  });
});

describe('calendar dates', () => {
  it('repeats days with a/n, from the month start each month', () => {
    expect(chain('*-*-1/7', '2026-01-01T00:00:00Z', 5)).toEqual(['2026-01-08T00:00:00.000Z', '2026-01-15T00:00:00.000Z', '2026-01-22T00:00:00.000Z', '2026-01-29T00:00:00.000Z', '2026-02-01T00:00:00.000Z']);
  });

  it('takes lists, year ranges and two-digit years', () => {
    expect(chain('*-*-1,15 06:00', '2026-01-01T07:00:00Z', 3)).toEqual(['2026-01-15T06:00:00.000Z', '2026-02-01T06:00:00.000Z', '2026-02-15T06:00:00.000Z']);
    expect(chain('2027..2028-01-01', '2026-03-01T00:00:00Z', 3)).toEqual(['2027-01-01T00:00:00.000Z', '2028-01-01T00:00:00.000Z']);
    expect(next('2026..2028-*-* 12:00', '2026-06-01T13:00:00Z')).toBe('2026-06-02T12:00:00.000Z');
    expect(next('27-03-04', '2026-01-01T00:00:00Z')).toBe('2027-03-04T00:00:00.000Z');
    expect(next('12-25', '2026-12-25T00:00:00Z')).toBe('2027-12-25T00:00:00.000Z'); // month-day
  });

  it('skips months without the day', () => {
    expect(chain('*-*-31', '2026-04-01T00:00:00Z', 4)).toEqual(['2026-05-31T00:00:00.000Z', '2026-07-31T00:00:00.000Z', '2026-08-31T00:00:00.000Z', '2026-10-31T00:00:00.000Z']);
    expect(next('*-02-29', '2026-01-01T00:00:00Z')).toBe('2028-02-29T00:00:00.000Z');
    expect(next('*-02-29 *:*:0/10', '2026-01-01T00:00:00Z')).toBe('2028-02-29T00:00:00.000Z');
    expect(next('*-02-30', '2026-01-01T00:00:00Z')).toBeNull();
  });

  it('counts days back from the month end with ~', () => {
    expect(next('*-02~1', '2026-01-01T00:00:00Z')).toBe('2026-02-28T00:00:00.000Z');
    expect(next('*-02~1', '2028-01-01T00:00:00Z')).toBe('2028-02-29T00:00:00.000Z');
    expect(next('*-02~03', '2026-01-01T00:00:00Z')).toBe('2026-02-26T00:00:00.000Z'); // the third last day
    expect(chain('*-*~01', '2028-01-31T00:00:00Z', 3)).toEqual(['2028-02-29T00:00:00.000Z', '2028-03-31T00:00:00.000Z', '2028-04-30T00:00:00.000Z']);
    expect(chain('*-*~07/1', '2026-04-20T00:00:00Z', 8)).toEqual([
      '2026-04-24T00:00:00.000Z', '2026-04-25T00:00:00.000Z', '2026-04-26T00:00:00.000Z', '2026-04-27T00:00:00.000Z',
      '2026-04-28T00:00:00.000Z', '2026-04-29T00:00:00.000Z', '2026-04-30T00:00:00.000Z', '2026-05-25T00:00:00.000Z',
    ]);
    expect(next('2026-12~01 23:00', '2026-01-01T00:00:00Z')).toBe('2026-12-31T23:00:00.000Z');
    expect(next('*~1', '2026-01-01T00:00:00Z')).toBe('2026-01-31T00:00:00.000Z'); // month~day
    expect(next('*-*~1..7', '2026-01-01T00:00:00Z')).toBe('2026-01-25T00:00:00.000Z'); // the last seven days
  });

  it('gives up beyond ten years, and on dates past', () => {
    expect(next('2040-01-01', '2026-01-01T00:00:00Z')).toBeNull();
    expect(next('2026-12-25', '2026-12-01T00:00:00Z')).toBe('2026-12-25T00:00:00.000Z');
    expect(next('2026-12-25', '2026-12-25T00:00:00Z')).toBeNull();
  });
});

describe('calendar times', () => {
  it('fills in what is missing: no time = midnight, no seconds = :00, no date = every day', () => {
    expect(next('12:30', '2026-01-01T12:30:00Z')).toBe('2026-01-02T12:30:00.000Z');
    expect(next('*-*-* 02:00:00', '2026-01-01T01:00:00Z')).toBe('2026-01-01T02:00:00.000Z');
  });

  it('repeats minutes and seconds without walking every second', () => {
    expect(chain('*:0/15', '2026-01-01T10:07:00Z', 4)).toEqual(['2026-01-01T10:15:00.000Z', '2026-01-01T10:30:00.000Z', '2026-01-01T10:45:00.000Z', '2026-01-01T11:00:00.000Z']);
    expect(chain('*:*:0/10', '2026-01-01T00:00:30.500Z', 4)).toEqual(['2026-01-01T00:00:40.000Z', '2026-01-01T00:00:50.000Z', '2026-01-01T00:01:00.000Z', '2026-01-01T00:01:10.000Z']);
    expect(chain('*:*:0/7.5', '2026-01-01T00:00:00Z', 3)).toEqual(['2026-01-01T00:00:07.500Z', '2026-01-01T00:00:15.000Z', '2026-01-01T00:00:22.500Z']);
    expect(chain('*-*-* 8..18/2:00', '2026-01-01T17:00:00Z', 3)).toEqual(['2026-01-01T18:00:00.000Z', '2026-01-02T08:00:00.000Z', '2026-01-02T10:00:00.000Z']);
    expect(next('*-*-* 23:59:59', '2026-12-31T23:59:58Z')).toBe('2026-12-31T23:59:59.000Z');
    expect(next('*-*-* *:*:*', '2026-12-31T23:59:59.250Z')).toBe('2027-01-01T00:00:00.000Z');
  });

  it('stays fast for dense expressions', () => {
    const started = performance.now();
    expect(chain('*:*:0/10', '2026-01-01T00:00:00Z', 500)).toHaveLength(500);
    expect(chain('minutely', '2026-01-01T00:00:00Z', 500).at(-1)).toBe('2026-01-01T08:20:00.000Z');
    expect(performance.now() - started).toBeLessThan(2000);
  });
});

describe('calendar time zones', () => {
  it('computes in the fallback zone unless the expression names one', () => {
    expect(next('daily', '2026-01-01T00:00:00Z', 'Europe/Berlin')).toBe('2026-01-01T23:00:00.000Z');
    expect(next('daily Europe/Berlin', '2026-01-01T00:00:00Z', 'UTC')).toBe('2026-01-01T23:00:00.000Z');
    expect(next('*-*-* 02:00 UTC', '2026-01-01T00:00:00Z', 'America/New_York')).toBe('2026-01-01T02:00:00.000Z');
    expect(next('Mon..Fri 09:00 America/New_York', '2026-07-03T12:00:00Z', 'Asia/Tokyo')).toBe('2026-07-03T13:00:00.000Z');
  });

  // Expected instants as `TZ=<zone> systemd-analyze calendar --base-time=<from>` (v252) answers.
  it('skips a time the spring-forward gap removes, as systemd does, but not the rest of that day', () => {
    expect(chain('*-*-* 02:30:00', '2026-03-28T12:00:00Z', 2, 'Europe/Berlin')).toEqual(['2026-03-30T00:30:00.000Z', '2026-03-31T00:30:00.000Z']);
    expect(next('*-*-* 02:30:00', '2026-03-08T00:00:00Z', 'America/New_York')).toBe('2026-03-09T06:30:00.000Z');
    expect(next('*-*-* 02,04:30', '2026-03-29T00:00:00Z', 'Europe/Berlin')).toBe('2026-03-29T02:30:00.000Z');
    expect(chain('*-*-* 02,06:30', '2026-10-03T13:00:00Z', 2, 'Australia/Sydney')).toEqual(['2026-10-03T19:30:00.000Z', '2026-10-04T15:30:00.000Z']);
    expect(chain('*:0/30', '2026-03-29T00:45:00Z', 2, 'Europe/Berlin')).toEqual(['2026-03-29T01:00:00.000Z', '2026-03-29T01:30:00.000Z']);
    expect(chain('*:0/15', '2026-10-03T15:20:00Z', 3, 'Australia/Lord_Howe')).toEqual(['2026-10-03T15:30:00.000Z', '2026-10-03T15:45:00.000Z', '2026-10-03T16:00:00.000Z']);
  });

  it('fires once in a repeated hour, at the earlier instant', () => {
    expect(chain('*-*-* 02:30:00', '2026-10-24T12:00:00Z', 2, 'Europe/Berlin')).toEqual(['2026-10-25T00:30:00.000Z', '2026-10-26T01:30:00.000Z']);
    // From inside the second pass, the repeated time is already past.
    expect(next('*-*-* 02:30:00', '2026-10-25T01:15:00Z', 'Europe/Berlin')).toBe('2026-10-26T01:30:00.000Z');
    expect(chain('*:0/30', '2026-10-25T00:15:00Z', 3, 'Europe/Berlin')).toEqual(['2026-10-25T00:30:00.000Z', '2026-10-25T02:00:00.000Z', '2026-10-25T02:30:00.000Z']);
    expect(chain('*-*-* 01:30', '2026-10-31T12:00:00Z', 2, 'America/New_York')).toEqual(['2026-11-01T05:30:00.000Z', '2026-11-02T06:30:00.000Z']);
  });
});

describe('calendar epoch', () => {
  it('elapses once at @seconds', () => {
    expect(next('@1700000000', '2023-01-01T00:00:00Z')).toBe('2023-11-14T22:13:20.000Z');
    expect(next('@1700000000', '2023-11-14T22:13:20Z')).toBeNull();
  });
});

describe('calendar errors', () => {
  it.each([
    ['', /empty/],
    ['*-13-01', /month "13"/],
    ['*-*-32', /day "32"/],
    ['25:00', /hour "25"/],
    ['*:60', /minute "60"/],
    ['Mon..Fry', /"Fry" is not a weekday/],
    ['Fri..Mon', /runs backwards/],
    ['*-*-5..3', /runs backwards/],
    ['*-*-1/0', /positive/],
    ['*-*-*/0', /"\*\/0"/],
    ['1-2-3-4', /"1-2-3-4"/],
    ['*-*-* 1:2:3:4', /"1:2:3:4"/],
    ['every day', /"every"/],
    ['*-*-1.5', /"1.5"/],
    ['@soon', /"@soon"/],
    ['@1.5', /"@1.5"/],
    ['*-*-*/2', /"\*\/2"/],
    ['*-*-1,*', /"\*"/],
    ['Mond', /"Mond"/],
    ['Mon, Wed 08:00', /"Mon,"/],
    ['Sun..Sat', /runs backwards/],
    ['2200-01-01', /year "2200"/],
    ['*-*-* 24:00', /hour "24"/],
    ['*-*-* 00:00:60', /second "60"/],
    ['daily Mars/Base', /unknown time zone "Mars\/Base"/],
    ['constructor', /"constructor" is not a weekday/],
  ])('%j is rejected, naming the bad part', (expr, message) => {
    expect(() => parseCalendar(expr)).toThrow(message);
  });
});
