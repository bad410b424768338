/**
 * A unified-style line diff for `--dry-run`. settings.json files are a few hundred lines at
 * most, so a plain LCS table is fast enough and spares a dependency; with our text patching
 * the changed lines are exactly the lines Lantern adds, updates or removes.
 */
type Op = { kind: ' ' | '-' | '+'; line: string };

const MAX_CELLS = 4_000_000;

function lineOps(a: string[], b: string[]): Op[] {
  // Trim the common head and tail first: the table then only covers the changed middle.
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head++;
  let tail = 0;
  while (tail < a.length - head && tail < b.length - head && a[a.length - 1 - tail] === b[b.length - 1 - tail]) tail++;
  const am = a.slice(head, a.length - tail);
  const bm = b.slice(head, b.length - tail);
  const mid: Op[] = [];
  if ((am.length + 1) * (bm.length + 1) > MAX_CELLS) {
    // Too big to align line by line: show it as one replacement, still correct.
    am.forEach((line) => mid.push({ kind: '-', line }));
    bm.forEach((line) => mid.push({ kind: '+', line }));
  } else {
    const w = bm.length + 1;
    const lcs = new Uint32Array((am.length + 1) * w);
    for (let i = am.length - 1; i >= 0; i--) {
      for (let j = bm.length - 1; j >= 0; j--) {
        lcs[i * w + j] = am[i] === bm[j] ? lcs[(i + 1) * w + j + 1] + 1 : Math.max(lcs[(i + 1) * w + j], lcs[i * w + j + 1]);
      }
    }
    let i = 0;
    let j = 0;
    while (i < am.length || j < bm.length) {
      if (i < am.length && j < bm.length && am[i] === bm[j]) {
        mid.push({ kind: ' ', line: am[i] });
        i++;
        j++;
      } else if (j < bm.length && (i >= am.length || lcs[i * w + j + 1] >= lcs[(i + 1) * w + j])) mid.push({ kind: '+', line: bm[j++] });
      else mid.push({ kind: '-', line: am[i++] });
    }
  }
  const same = (line: string): Op => ({ kind: ' ', line });
  return [...a.slice(0, head).map(same), ...mid, ...a.slice(a.length - tail).map(same)];
}

function splitLines(text: string): string[] {
  if (text === '') return [];
  const lines = text.split(/\r?\n/);
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}

/** `--- a`, `+++ b` and `@@` hunks with `context` lines around each change; '' when equal. */
export function unifiedDiff(before: string, after: string, nameBefore: string, nameAfter: string, context = 3): string {
  if (before === after) return '';
  const ops = lineOps(splitLines(before), splitLines(after));
  const out = [`--- ${nameBefore}`, `+++ ${nameAfter}`];
  let k = 0;
  while (k < ops.length) {
    if (ops[k].kind === ' ') {
      k++;
      continue;
    }
    // A hunk: from `context` lines before this change to `context` lines after the last change
    // that is no further than 2 * context unchanged lines from the previous one.
    const start = Math.max(0, k - context);
    let end = k;
    let gap = 0;
    for (let m = k; m < ops.length; m++) {
      if (ops[m].kind === ' ') {
        if (++gap > 2 * context) break;
      } else {
        gap = 0;
        end = m;
      }
    }
    end = Math.min(ops.length, end + context + 1);
    let aLine = 1 + ops.slice(0, start).filter((o) => o.kind !== '+').length;
    let bLine = 1 + ops.slice(0, start).filter((o) => o.kind !== '-').length;
    const hunk = ops.slice(start, end);
    const aCount = hunk.filter((o) => o.kind !== '+').length;
    const bCount = hunk.filter((o) => o.kind !== '-').length;
    if (aCount === 0) aLine--;
    if (bCount === 0) bLine--;
    out.push(`@@ -${aLine},${aCount} +${bLine},${bCount} @@`);
    for (const o of hunk) out.push(o.kind + o.line);
    k = end;
  }
  const noEol = (text: string) => text !== '' && !text.endsWith('\n');
  if (noEol(before) !== noEol(after)) out.push(`\\ end-of-file newline ${noEol(after) ? 'removed' : 'added'}`);
  return out.join('\n') + '\n';
}
