/** Long text cut to a preview (first lines, bounded characters) with what was left out. Pure. */

/** "expand (12 more lines)", or characters when the cut fell inside a long line. */
export function moreLabel(c: Pick<Clipped, 'hiddenLines' | 'hiddenChars'>): string {
  if (c.hiddenLines > 0) return `${c.hiddenLines.toLocaleString('en-US')} more line${c.hiddenLines === 1 ? '' : 's'}`;
  return `${c.hiddenChars.toLocaleString('en-US')} more character${c.hiddenChars === 1 ? '' : 's'}`;
}

export interface Clipped {
  /** What to show collapsed. */
  shown: string;
  /** True when something was left out. */
  clipped: boolean;
  /** Lines not shown at all (a line cut short by `maxChars` counts as shown). */
  hiddenLines: number;
  hiddenChars: number;
  totalLines: number;
}

/** Lines in a text: "" is 0, "a" is 1, "a\n" is 1, "a\nb" is 2. */
export function countLines(text: string): number {
  if (text === '') return 0;
  let n = 1;
  let i = text.indexOf('\n');
  while (i >= 0) {
    if (i < text.length - 1) n++;
    i = text.indexOf('\n', i + 1);
  }
  return n;
}

/** Hidden lines below this many are shown instead of collapsed. */
const SLACK_LINES = 3;

/** The first `maxLines` lines of `text`, at most `maxChars` characters of them (a few lines more are not cut). */
export function clipText(text: string, maxLines: number, maxChars = maxLines * 200): Clipped {
  const totalLines = countLines(text);
  let end = 0;
  let lines = 0;
  while (lines < maxLines && end < text.length) {
    const nl = text.indexOf('\n', end);
    end = nl < 0 ? text.length : nl + 1;
    lines++;
  }
  let cut = end;
  if (cut > maxChars) cut = maxChars;
  const whole = { shown: text, clipped: false, hiddenLines: 0, hiddenChars: 0, totalLines };
  if (cut >= text.length) return whole;
  // Not worth a button: a few more short lines are shown as they are.
  if (totalLines - lines <= SLACK_LINES && text.length <= maxChars) return whole;
  // Don't leave half a surrogate pair.
  const code = text.charCodeAt(cut - 1);
  if (code >= 0xd800 && code <= 0xdbff) cut -= 1;
  const shown = text.slice(0, cut).replace(/\n$/, '');
  const shownLines = countLines(text.slice(0, cut));
  return {
    shown,
    clipped: true,
    hiddenLines: Math.max(0, totalLines - shownLines),
    hiddenChars: text.length - cut,
    totalLines,
  };
}
