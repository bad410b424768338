/**
 * When a systemd `OnCalendar=` expression next elapses. The search walks local calendar days in
 * the expression's zone, jumping over whole years and months that cannot match (so `*-02-29`
 * costs a handful of steps), and inside a matching day jumps field by field to the first matching
 * time (so `*:*:0/10` never iterates seconds).
 *
 * Clock changes follow what systemd does (checked against `systemd-analyze calendar
 * --base-time=…`, v252): a time in a repeated fall-back hour fires once, at the earlier instant;
 * a time that a spring-forward gap skips does not fire that day at all
 * (https://github.com/systemd/systemd/issues/5595, still open), while the day's later times do
 * (https://github.com/systemd/systemd/issues/13745). Unlike zoned-time.ts's `instantFromZoned`,
 * which moves such a time forward by the gap.
 */
import { resolveWall, wallMs, weekdayOf, zoneOffsetMs, zonedParts } from '../zoned-time';
import type { CalendarField, CalendarSpec } from './calendar-parse';

export { parseCalendar, type CalendarComponent, type CalendarField, type CalendarSpec } from './calendar-parse';

/** Beyond this, an expression that still has not matched (`2099-*-*`) counts as never. */
const SEARCH_YEARS = 10;
const MINUTE_MS = 60_000;
const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;
/** Wider than any clock change (30 min on Lord Howe, 2 h for historic double summer time). */
const SHIFT_WINDOW_MS = 3 * HOUR_MS;

interface CalendarDate {
  year: number;
  month: number;
  day: number;
}

/** The first elapse strictly after `from`; null when none within ten years. */
export function nextElapse(spec: CalendarSpec, from: Date, fallbackTimeZone: string): Date | null {
  const after = from.getTime();
  if (spec.epoch !== null) return spec.epoch > after ? new Date(spec.epoch) : null;
  const zone = spec.timeZone ?? fallbackTimeZone;
  const now = zonedParts(from, zone);
  const fromTimeOfDay = ((now.hour * 60 + now.minute) * 60 + now.second) * 1000 + (((after % 1000) + 1000) % 1000);
  const lastYear = now.year + SEARCH_YEARS;

  for (let date = nextDate(spec, now, lastYear); date; date = nextDate(spec, dayAfter(date), lastYear)) {
    const today = date.year === now.year && date.month === now.month && date.day === now.day;
    const hit = earliestOnDay(spec, date, zone, after, today ? fromTimeOfDay : null);
    if (hit !== null) return new Date(hit);
  }
  return null;
}

/** The smallest value ≥ `v` (and ≤ `max`) the field allows. */
function nextValue(field: CalendarField, v: number, max: number): number | null {
  if (field === null) return v <= max ? v : null;
  let best: number | null = null;
  for (const c of field) {
    let k: number;
    if (c.start >= v) k = c.start;
    else if (c.repeat > 0) k = c.start + Math.ceil((v - c.start) / c.repeat) * c.repeat;
    else continue;
    if (c.end !== null && k > c.end) continue;
    if (best === null || k < best) best = k;
  }
  return best !== null && best <= max ? best : null;
}

function daysInMonth(year: number, month: number): number {
  return new Date(wallMs({ year, month: month + 1, day: 0, hour: 0, minute: 0, second: 0 })).getUTCDate();
}

/** With `~`, `~1` is the month's last day and a repetition runs forward from the counted-back day. */
function dayField(spec: CalendarSpec, dim: number): CalendarField {
  if (!spec.endOfMonth || spec.day === null) return spec.day;
  return spec.day.map((c) => {
    const start = dim + 1 - c.start;
    if (c.end === null) return { start, end: null, repeat: c.repeat };
    const end = dim + 1 - c.end;
    return { start: Math.min(start, end), end: Math.max(start, end), repeat: c.repeat };
  });
}

/** The first date on or after `d` that the date and weekday fields allow, up to the end of `lastYear`. */
function nextDate(spec: CalendarSpec, d: CalendarDate, lastYear: number): CalendarDate | null {
  let { year, month, day } = d;
  for (;;) {
    const y = nextValue(spec.year, year, lastYear);
    if (y === null) return null;
    if (y !== year) [year, month, day] = [y, 1, 1];
    const m = nextValue(spec.month, month, 12);
    if (m === null) {
      [year, month, day] = [year + 1, 1, 1];
      continue;
    }
    if (m !== month) [month, day] = [m, 1];
    const dim = daysInMonth(year, month);
    const dd = nextValue(dayField(spec, dim), day, dim);
    if (dd === null) {
      [year, month, day] = month === 12 ? [year + 1, 1, 1] : [year, month + 1, 1];
      continue;
    }
    day = dd;
    if (spec.weekdays !== null && !(spec.weekdays & (1 << weekdayOf(year, month, day)))) {
      day++; // past the month's end, nextValue answers null and we roll over
      continue;
    }
    return { year, month, day };
  }
}

function dayAfter(d: CalendarDate): CalendarDate {
  const next = new Date(wallMs({ ...d, hour: 0, minute: 0, second: 0 }) + DAY_MS);
  return { year: next.getUTCFullYear(), month: next.getUTCMonth() + 1, day: next.getUTCDate() };
}

/** The first time of day (ms since local midnight) at or after `t` that the time fields allow. */
function firstTimeAtOrAfter(spec: CalendarSpec, t: number): number | null {
  let h = Math.floor(t / HOUR_MS);
  let m = Math.floor((t % HOUR_MS) / MINUTE_MS);
  let s = t % MINUTE_MS;
  while (h <= 23) {
    const hh = nextValue(spec.hour, h, 23);
    if (hh === null) return null;
    if (hh !== h) [h, m, s] = [hh, 0, 0];
    const mm = nextValue(spec.minute, m, 59);
    if (mm === null) {
      [h, m, s] = [h + 1, 0, 0];
      continue;
    }
    if (mm !== m) [m, s] = [mm, 0];
    const ss = nextValue(spec.second, s, MINUTE_MS - 1);
    if (ss === null) {
      [m, s] = [m + 1, 0];
      continue;
    }
    return h * HOUR_MS + m * MINUTE_MS + ss;
  }
  return null;
}

/** The earliest instant on a local day, after `after`; `fromTimeOfDay` is set on the day `after` falls in. */
function earliestOnDay(spec: CalendarSpec, date: CalendarDate, zone: string, after: number, fromTimeOfDay: number | null): number | null {
  const midnight = wallMs({ ...date, hour: 0, minute: 0, second: 0 });
  const clock = dayClock(midnight, zone);
  if (clock.change === null) {
    // One offset all day: local order is instant order, so the first time after `from` is the answer.
    const t = firstTimeAtOrAfter(spec, fromTimeOfDay === null ? 0 : fromTimeOfDay + 1);
    return t === null ? null : midnight + t - clock.before;
  }
  // A clock change today: local order and instant order disagree near it, so compare instants
  // over a window wider than the change.
  let best: number | null = null;
  let bestTime = 0;
  const start = fromTimeOfDay === null ? 0 : Math.max(0, fromTimeOfDay - SHIFT_WINDOW_MS);
  for (let t = firstTimeAtOrAfter(spec, start); t !== null; t = firstTimeAtOrAfter(spec, t + 1)) {
    if (best !== null && t > bestTime + SHIFT_WINDOW_MS) break;
    const instant = clock.resolve(midnight + t);
    if (instant !== null && instant > after && (best === null || instant < best)) [best, bestTime] = [instant, t];
  }
  return best;
}

interface DayClock {
  /** The offset at the day's start. */
  before: number;
  /** The instant the offset changes, or null when it does not change this day. */
  change: number | null;
  /** A wall-clock time of this day (as `wallMs`) to its instant, systemd's way: null when the clock skips it. */
  resolve(local: number): number | null;
}

/** A day's offsets, found once so that resolving each candidate time is plain arithmetic. */
function dayClock(midnight: number, zone: string): DayClock {
  const start = resolveWall(midnight, zone);
  const end = resolveWall(midnight + DAY_MS, zone);
  const before = zoneOffsetMs(start, zone);
  const afterOffset = zoneOffsetMs(end, zone);
  if (before === afterOffset) return { before, change: null, resolve: (local) => local - before };
  let lo = start;
  let hi = end;
  while (hi - lo > 1000) {
    const mid = Math.floor((lo + hi) / 2000) * 1000;
    if (zoneOffsetMs(mid, zone) === before) lo = mid;
    else hi = mid;
  }
  const change = hi;
  return {
    before,
    change,
    resolve(local) {
      const readings = [local - before, local - afterOffset].filter((t, i) => (i === 0 ? t < change : t >= change));
      return readings.length > 0 ? Math.min(...readings) : null;
    },
  };
}
