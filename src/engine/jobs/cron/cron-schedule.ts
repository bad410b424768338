/**
 * Next runs of a 5-field cron expression, computed the way Vixie cron and cronie run them, by
 * croner. Shared by the crontab reader and launchd's StartCalendarInterval (whose man page says its
 * semantics "are similar to crontab(5)").
 *
 * The options are set explicitly because croner's defaults are not cron's:
 * - `domAndDow: false`: day-of-month and day-of-week both restricted means either matches (cron's OR).
 *   Cron's exception, a field that *starts* with `*` (`*\/2`) turning the OR into an AND, is applied
 *   here with croner's `+` day-of-week prefix.
 * - `fixedTimeRule: 'no-wildcard'`: a job at a fixed time (`30 2 * * *`) that falls in a DST gap runs
 *   right after the change, and once in a repeated hour; a wildcard job (`*\/15 * * * *`) skips the gap
 *   and runs in both copies of the repeated hour. Vixie cron calls a job wild when its minute or
 *   hour starts with `*`; croner's rule also counts steps (`0 *\/2`) as wild, a rare difference.
 */
import { Cron, type CronOptions } from 'croner';

/** `null` for `@reboot`: it runs at boot, which no clock can predict. */
export const CRON_NICKNAMES: Readonly<Record<string, string | null>> = {
  '@reboot': null,
  '@yearly': '0 0 1 1 *',
  '@annually': '0 0 1 1 *',
  '@monthly': '0 0 1 * *',
  '@weekly': '0 0 * * 0',
  '@daily': '0 0 * * *',
  '@midnight': '0 0 * * *',
  '@hourly': '0 * * * *',
};

export type NextRunIn = (from: Date, timeZone: string) => Date | null;

const OPTIONS: CronOptions = { paused: true, mode: '5-part', domAndDow: false, fixedTimeRule: 'no-wildcard' };

/**
 * Compiles `minute hour day-of-month month day-of-week` (names such as `jan`, `mon` allowed).
 * Throws an Error with a short reason when the expression is not valid. The returned function gives
 * the first run strictly after `from`, or null (an unknown time zone, a date that never comes).
 */
export function compileCron(expression: string): NextRunIn {
  const pattern = withCronDayRule(expression.trim());
  try {
    new Cron(pattern, { ...OPTIONS, timezone: 'UTC' });
  } catch (err) {
    throw new Error(String((err as Error).message ?? err).replace(/^CronPattern:\s*/, ''));
  }
  return (from, timeZone) => {
    try {
      return new Cron(pattern, { ...OPTIONS, timezone: timeZone }).nextRun(from);
    } catch {
      return null; // an unknown zone: say "unknown" rather than guess
    }
  };
}

/** Whether `zone` is an IANA zone this runtime knows. */
export function isKnownTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** Cron ANDs the two day fields when either starts with `*` but is not just `*` (Vixie cron's DOM_STAR / DOW_STAR flags). */
function withCronDayRule(expression: string): string {
  const fields = expression.split(/\s+/);
  if (fields.length !== 5) return expression;
  const [dom, dow] = [fields[2], fields[4]];
  const restricted = dom !== '*' && dow !== '*';
  if (restricted && (dom.startsWith('*') || dow.startsWith('*'))) fields[4] = `+${dow}`;
  return fields.join(' ');
}
