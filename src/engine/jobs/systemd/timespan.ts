/**
 * systemd time spans (man 7 systemd.time, "PARSING TIME SPANS"): `900`, `15min`, `1h 30m`,
 * `1.5h`, `5 minutes`. A bare number means seconds, as in every `On…Sec=` setting. Units are
 * case-sensitive because systemd's are: `m` is a minute, `M` a month.
 */

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

const UNITS: Record<string, number> = {
  ns: 1e-6,
  nsec: 1e-6,
  us: 1e-3,
  usec: 1e-3,
  'µs': 1e-3,
  ms: 1,
  msec: 1,
  s: SECOND,
  sec: SECOND,
  second: SECOND,
  seconds: SECOND,
  m: MINUTE,
  min: MINUTE,
  minute: MINUTE,
  minutes: MINUTE,
  h: HOUR,
  hr: HOUR,
  hour: HOUR,
  hours: HOUR,
  d: DAY,
  day: DAY,
  days: DAY,
  w: 7 * DAY,
  week: 7 * DAY,
  weeks: 7 * DAY,
  M: 30.44 * DAY,
  month: 30.44 * DAY,
  months: 30.44 * DAY,
  y: 365.25 * DAY,
  year: 365.25 * DAY,
  years: 365.25 * DAY,
};

/** Milliseconds, or null when the text is not a time span. */
export function parseTimespan(text: string): number | null {
  const s = text.trim();
  if (s === '') return null;
  const part = /\s*(\d+(?:\.\d*)?|\.\d+)\s*([a-zA-Zµ]*)/y;
  let total = 0;
  let at = 0;
  while (at < s.length) {
    part.lastIndex = at;
    const m = part.exec(s);
    if (!m) return null;
    const unit = m[2] === '' ? SECOND : Object.hasOwn(UNITS, m[2]) ? UNITS[m[2]] : null;
    if (unit === null) return null;
    total += Number(m[1]) * unit;
    at = part.lastIndex;
    if (/^\s*$/.test(s.slice(at))) break;
  }
  return Math.round(total * 1000) / 1000; // to the microsecond: `1M` is not 2630016000.0000005
}
