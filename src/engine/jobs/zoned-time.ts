/**
 * Wall-clock time in an IANA time zone, with nothing but `Intl`: schedulers think in local
 * calendar days ("02:00 every day in Europe/Berlin") while we compare instants. Converting a
 * wall-clock time back to an instant follows systemd (and glibc's `mktime` with `tm_isdst = -1`):
 * a time inside a spring-forward gap moves forward by the gap (02:30 that never happens → 03:30),
 * a time in a repeated fall-back hour takes the earlier of its two instants.
 */

export interface WallClock {
  year: number;
  /** 1-12. */
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

export interface ZonedParts extends WallClock {
  /** 0 = Sunday … 6 = Saturday. */
  weekday: number;
}

const DAY_MS = 86_400_000;
const formats = new Map<string, Intl.DateTimeFormat>();

function formatFor(timeZone: string): Intl.DateTimeFormat {
  let f = formats.get(timeZone);
  if (!f) {
    try {
      f = new Intl.DateTimeFormat('en-US', {
        timeZone,
        hourCycle: 'h23',
        era: 'short',
        year: 'numeric',
        month: 'numeric',
        day: 'numeric',
        hour: 'numeric',
        minute: 'numeric',
        second: 'numeric',
      });
    } catch {
      throw new RangeError(`Unknown time zone "${timeZone}" (expected an IANA name such as Europe/Berlin, or UTC)`);
    }
    formats.set(timeZone, f);
  }
  return f;
}

/** The machine's own zone, as Intl sees it (TZ, /etc/localtime). */
export function localTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

/** Whether `Intl` knows the zone name. */
export function isTimeZone(name: string): boolean {
  try {
    formatFor(name);
    return true;
  } catch {
    return false;
  }
}

/** Milliseconds since the epoch of a wall-clock time read as if it were UTC; handles years below 100. */
export function wallMs(w: WallClock): number {
  const d = new Date(0);
  d.setUTCFullYear(w.year, w.month - 1, w.day); // unlike Date.UTC, keeps years 0-99 as written
  return d.setUTCHours(w.hour, w.minute, w.second, 0);
}

/** Day of the week (0 = Sunday) of a calendar date, without any zone. */
export function weekdayOf(year: number, month: number, day: number): number {
  return new Date(wallMs({ year, month, day, hour: 0, minute: 0, second: 0 })).getUTCDay();
}

export function zonedParts(instant: Date, timeZone: string): ZonedParts {
  const out: Record<string, number> = {};
  let bc = false;
  for (const p of formatFor(timeZone).formatToParts(instant)) {
    if (p.type === 'era') bc = p.value.startsWith('B');
    else if (p.type !== 'literal') out[p.type] = Number(p.value);
  }
  const year = bc ? 1 - out.year : out.year;
  return { year, month: out.month, day: out.day, hour: out.hour, minute: out.minute, second: out.second, weekday: weekdayOf(year, out.month, out.day) };
}

/** The zone's offset from UTC at an instant, in milliseconds (east positive). */
export function zoneOffsetMs(instant: number, timeZone: string): number {
  const whole = Math.floor(instant / 1000) * 1000;
  return wallMs(zonedParts(new Date(whole), timeZone)) - whole;
}

export function instantFromZoned(parts: WallClock, timeZone: string): Date {
  return new Date(resolveWall(wallMs(parts), timeZone));
}

/**
 * The instant of a wall-clock time (as `wallMs`) in a zone. The offsets a day either side bracket
 * any transition near it; each offset that maps back onto itself is a real reading of the time.
 */
export function resolveWall(local: number, timeZone: string): number {
  const before = zoneOffsetMs(local - DAY_MS, timeZone);
  const after = zoneOffsetMs(local + DAY_MS, timeZone);
  const readings = [before, after].filter((o) => zoneOffsetMs(local - o, timeZone) === o).map((o) => local - o);
  if (readings.length > 0) return Math.min(...readings);
  return local - before; // in a gap: the old offset carries the time past the jump, as systemd does
}
