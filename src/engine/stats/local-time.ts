/** Local calendar arithmetic in the process time zone (the same zone SQLite's 'localtime' uses). */

/** Local midnight starting the day that contains `t`. */
export function localMidnight(t: number): number {
  const d = new Date(t);
  return new Date(d.getFullYear(), d.getMonth(), d.getDate()).getTime();
}

/** Local midnight starting the next day (23, 24 or 25 hours later around DST changes). */
export function nextLocalMidnight(t: number): number {
  const d = new Date(t);
  return new Date(d.getFullYear(), d.getMonth(), d.getDate() + 1).getTime();
}

/** Local midnight starting the 1st of the month that contains `t`. */
export function localMonthStart(t: number): number {
  const d = new Date(t);
  return new Date(d.getFullYear(), d.getMonth(), 1).getTime();
}

export function daysInLocalMonth(t: number): number {
  const d = new Date(t);
  return new Date(d.getFullYear(), d.getMonth() + 1, 0).getDate();
}
