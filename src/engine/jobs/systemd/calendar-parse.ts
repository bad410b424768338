/**
 * Parsing systemd calendar event expressions (man 7 systemd.time, "CALENDAR EVENTS") into
 * per-field value sets. Written here because no JavaScript library covers the grammar: `~`
 * (days from the month's end), repetitions on every field, fractional seconds, a zone suffix.
 * `calendar.ts` searches the result for the next elapse.
 */
import { isTimeZone } from '../zoned-time';

/** `start`, `start..end`, `start/repeat` or `start..end/repeat`; a bare range repeats every 1. */
export interface CalendarComponent {
  start: number;
  end: number | null;
  /** 0 = the start value only. */
  repeat: number;
}

/** Null = `*`: any value. */
export type CalendarField = CalendarComponent[] | null;

export interface CalendarSpec {
  /** Bit n set = weekday n (0 = Sunday) allowed; null = any day of the week. */
  weekdays: number | null;
  year: CalendarField;
  month: CalendarField;
  day: CalendarField;
  /** `~`: day values count back from the month's end (`~1` = the last day). */
  endOfMonth: boolean;
  hour: CalendarField;
  minute: CalendarField;
  /** In milliseconds (seconds may have fractions). */
  second: CalendarField;
  /** A zone suffix (`UTC`, `Europe/Berlin`): it beats the caller's zone. */
  timeZone: string | null;
  /** `@1700000000`: one instant (ms), every other field unused. */
  epoch: number | null;
}

const SHORTHANDS: Record<string, string> = {
  minutely: '*-*-* *:*:00',
  hourly: '*-*-* *:00:00',
  daily: '*-*-* 00:00:00',
  monthly: '*-*-01 00:00:00',
  weekly: 'Mon *-*-* 00:00:00',
  yearly: '*-01-01 00:00:00',
  annually: '*-01-01 00:00:00',
  quarterly: '*-01,04,07,10-01 00:00:00',
  semiannually: '*-01,07-01 00:00:00',
  'semi-annually': '*-01,07-01 00:00:00',
};

const WEEKDAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];

interface FieldRules {
  name: string;
  min: number;
  max: number;
  /** Seconds: values may have fractions, stored in milliseconds. */
  scale?: number;
  /** Years: two digits mean 1970-2069, as systemd reads them. */
  twoDigitYear?: boolean;
}

const YEAR: FieldRules = { name: 'year', min: 1970, max: 2199, twoDigitYear: true };
const MONTH: FieldRules = { name: 'month', min: 1, max: 12 };
const DAY: FieldRules = { name: 'day', min: 1, max: 31 };
const HOUR: FieldRules = { name: 'hour', min: 0, max: 23 };
const MINUTE: FieldRules = { name: 'minute', min: 0, max: 59 };
const SECOND: FieldRules = { name: 'second', min: 0, max: 59_999, scale: 1000 };

export function parseCalendar(expr: string): CalendarSpec {
  const fail = (what: string): never => {
    throw new Error(`Bad calendar expression "${expr}": ${what}`);
  };
  const tokens = expr.trim().split(/\s+/).filter(Boolean);
  if (tokens.length === 0) fail('it is empty');

  const spec: CalendarSpec = { weekdays: null, year: null, month: null, day: null, endOfMonth: false, hour: null, minute: null, second: null, timeZone: null, epoch: null };
  const last = tokens[tokens.length - 1];
  if (tokens.length > 1 && looksLikeZone(last)) {
    spec.timeZone = /^utc$/i.test(last) ? 'UTC' : last;
    tokens.pop();
  } else if (tokens.length > 1 && /^[A-Za-z]+\/[A-Za-z_/+-]+$/.test(last)) fail(`unknown time zone "${last}"`);

  if (tokens.length === 1 && tokens[0].startsWith('@')) {
    if (!/^@\d+$/.test(tokens[0])) fail(`"${tokens[0]}" is not @<whole seconds since 1970>`);
    return { ...spec, epoch: Number(tokens[0].slice(1)) * 1000 };
  }
  const word = tokens[0].toLowerCase();
  if (tokens.length === 1 && Object.hasOwn(SHORTHANDS, word)) tokens.splice(0, 1, ...SHORTHANDS[word].split(' '));

  // Weekdays first, in one token: `Mon`, `Mon..Fri`, `Sat,Sun`.
  if (/^[a-z]/i.test(tokens[0] ?? '')) spec.weekdays = parseWeekdays(tokens.shift()!, fail);

  let date: string | undefined;
  let time: string | undefined;
  for (const token of tokens) {
    if (token.includes(':') && time === undefined) time = token;
    else if (!token.includes(':') && date === undefined && time === undefined) date = token;
    else fail(`unexpected "${token}"`);
  }
  if (date !== undefined) parseDate(date, spec, fail);
  if (time !== undefined) parseTime(time, spec, fail);
  else spec.hour = spec.minute = spec.second = [{ start: 0, end: null, repeat: 0 }];
  return spec;
}

function looksLikeZone(token: string): boolean {
  if (/^utc$/i.test(token)) return true;
  if (!/^[A-Za-z][A-Za-z0-9_+\-/]*$/.test(token) || Object.hasOwn(SHORTHANDS, token.toLowerCase())) return false;
  return isTimeZone(token);
}

function parseWeekdays(words: string, fail: (what: string) => never): number {
  let mask = 0;
  const day = (word: string): number => {
    const w = word.toLowerCase();
    const i = WEEKDAYS.findIndex((full) => w === full || w === full.slice(0, 3));
    if (i < 0) fail(`"${word}" is not a weekday`);
    return i;
  };
  for (const item of words.split(',')) {
    if (item === '') fail(`empty weekday in "${words}"`);
    const [from, to, extra] = item.split('..');
    if (extra !== undefined) fail(`bad weekday range "${item}"`);
    const a = day(from);
    if (to === undefined) {
      mask |= 1 << a;
      continue;
    }
    // Ranges run through systemd's Monday-first week: `Fri..Mon` and `Sun..Sat` are backwards.
    const b = day(to);
    const mondayFirst = (d: number): number => (d + 6) % 7;
    if (mondayFirst(b) < mondayFirst(a)) fail(`weekday range "${item}" runs backwards`);
    for (let d = mondayFirst(a); d <= mondayFirst(b); d++) mask |= 1 << ((d + 1) % 7);
  }
  return mask;
}

function parseDate(text: string, spec: CalendarSpec, fail: (what: string) => never): void {
  const tilde = text.indexOf('~');
  let parts: string[];
  if (tilde >= 0) {
    parts = [...text.slice(0, tilde).split('-'), text.slice(tilde + 1)];
    spec.endOfMonth = true;
  } else parts = text.split('-');
  if (parts.length === 2) parts.unshift('*');
  if (parts.length !== 3) fail(`date "${text}" is not year-month-day or month-day`);
  spec.year = parseField(parts[0], YEAR, fail);
  spec.month = parseField(parts[1], MONTH, fail);
  spec.day = parseField(parts[2], DAY, fail);
}

function parseTime(text: string, spec: CalendarSpec, fail: (what: string) => never): void {
  const parts = text.split(':');
  if (parts.length === 2) parts.push('00');
  if (parts.length !== 3) fail(`time "${text}" is not hour:minute[:second]`);
  spec.hour = parseField(parts[0], HOUR, fail);
  spec.minute = parseField(parts[1], MINUTE, fail);
  spec.second = parseField(parts[2], SECOND, fail);
}

function parseField(text: string, rules: FieldRules, fail: (what: string) => never): CalendarField {
  // `*` stands alone: systemd rejects `*/2` and `1,*`. For seconds it means every whole second.
  if (text === '*') return rules.scale ? [{ start: 0, end: null, repeat: rules.scale }] : null;
  return text.split(',').map((item) => parseComponent(item, rules, fail));
}

function parseComponent(item: string, rules: FieldRules, fail: (what: string) => never): CalendarComponent {
  const m = /^([\d.]+?)(?:\.\.([\d.]+?))?(?:\/([\d.]+))?$/.exec(item);
  if (!m) fail(`${rules.name} "${item}" is not a value, a range a..b or a repetition a/n`);
  const [, startText, endText, repeatText] = m!;
  const value = (t: string, isRepeat = false): number => {
    if (!/^\d+(\.\d+)?$/.test(t) || (t.includes('.') && !rules.scale)) fail(`${rules.name} "${t}" in "${item}" is not a number`);
    let v = Number(t);
    if (rules.twoDigitYear && !isRepeat && v < 100) v += v < 70 ? 2000 : 1900;
    return Math.round(v * (rules.scale ?? 1));
  };
  const start = value(startText);
  const end = endText === undefined ? null : value(endText);
  let repeat = repeatText === undefined ? 0 : value(repeatText, true);
  if (repeatText !== undefined && repeat <= 0) fail(`${rules.name} "${item}": the repetition must be positive`);
  if (end !== null && repeat === 0) repeat = rules.scale ?? 1;
  for (const v of [start, end]) {
    if (v !== null && (v < rules.min || v > rules.max)) fail(`${rules.name} "${item}" is outside ${rules.min}..${rules.scale ? rules.max / rules.scale : rules.max}`);
  }
  if (end !== null && end < start) fail(`${rules.name} range "${item}" runs backwards`);
  return { start, end, repeat };
}
