/**
 * launchd's StartCalendarInterval as cron expressions: a dict (or an array of dicts) of Month,
 * Day, Weekday, Hour, Minute, each an integer, a missing key meaning "every". launchd.plist(5)
 * says the semantics "are similar to crontab(5)", so Day and Weekday together match either, and
 * Weekday 0 and 7 are both Sunday.
 */

export interface CalendarEntry {
  /** `minute hour day month weekday`. */
  cron: string;
  /** As written, big units first: `Weekday=1 Hour=9 Minute=0`. */
  text: string;
}

export interface CalendarRead {
  entries: CalendarEntry[];
  problems: string[];
}

/** Schedule-text order, with the ranges launchd accepts. */
const KEYS = [
  { key: 'Month', min: 1, max: 12 },
  { key: 'Day', min: 1, max: 31 },
  { key: 'Weekday', min: 0, max: 7 },
  { key: 'Hour', min: 0, max: 23 },
  { key: 'Minute', min: 0, max: 59 },
] as const;

type Key = (typeof KEYS)[number]['key'];

export function readCalendarInterval(value: unknown): CalendarRead {
  const dicts = Array.isArray(value) ? value : [value];
  const read: CalendarRead = { entries: [], problems: [] };
  dicts.forEach((dict, i) => {
    const where = Array.isArray(value) ? `StartCalendarInterval[${i}]` : 'StartCalendarInterval';
    if (!isDict(dict)) {
      read.problems.push(`${where} is not a dictionary`);
      return;
    }
    const entry = calendarEntry(dict, where, read.problems);
    if (entry) read.entries.push(entry);
  });
  return read;
}

function calendarEntry(dict: Record<string, unknown>, where: string, problems: string[]): CalendarEntry | null {
  const unknown = Object.keys(dict).filter((k) => !KEYS.some((d) => d.key === k));
  if (unknown.length > 0) problems.push(`${where}: unknown key ${unknown.join(', ')}`);
  const values: Partial<Record<Key, number>> = {};
  for (const { key, min, max } of KEYS) {
    const v = dict[key];
    if (v === undefined) continue;
    if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) {
      problems.push(`${where}: ${key} must be an integer ${min}-${max}, got ${JSON.stringify(v)}`);
      return null;
    }
    values[key] = v;
  }
  const field = (key: Key): string => (values[key] === undefined ? '*' : String(key === 'Weekday' ? values[key] % 7 : values[key]));
  const text = KEYS.filter(({ key }) => values[key] !== undefined)
    .map(({ key }) => `${key}=${values[key]}`)
    .join(' ');
  return {
    cron: [field('Minute'), field('Hour'), field('Day'), field('Month'), field('Weekday')].join(' '),
    text: text || 'every minute',
  };
}

export function isDict(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Date) && !(v instanceof Uint8Array);
}
