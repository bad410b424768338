/** The table printed to stdout, and the JSON summary beside it. */
import type { ScenarioResult } from './result';
import { formatReads, readsCell, unreadSources } from './source-check';

const pad = (s: string, n: number): string => (s.length >= n ? s : s + ' '.repeat(n - s.length));

function headline(r: ScenarioResult): string {
  return r.figures
    .slice(0, 3)
    .map((f) => `${f.label} ${f.value} ${f.unit}`)
    .join(', ');
}

export function formatTable(results: ScenarioResult[]): string {
  const rows = results.map((r) => [
    r.title,
    r.error ? 'ERROR' : headline(r),
    r.ratio ? `${r.ratio.value}×` : '',
    r.goal,
    r.withinGoal === null ? '–' : r.withinGoal ? 'yes' : 'NO',
    r.check ? (r.check.ok ? 'OK' : 'MISMATCH') : '–',
    r.sources ? readsCell(r.sources) : '–',
  ]);
  const head = ['scenario', 'figures', 'ratio', 'goal', 'within goal', 'check', 'sources read'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => pad(c, widths[i])).join('  ').trimEnd();
  const out = [line(head), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line), ''];
  for (const r of results) {
    out.push(`${r.id}: ${r.title}`);
    if (r.error) out.push(`  error: ${r.error}`);
    if (r.figures.length) out.push(`  ${r.figures.map((f) => `${f.label} ${f.value} ${f.unit}`).join(' | ')}`);
    if (r.ratio) out.push(`  ratio ${r.ratio.value}× to ${r.ratio.baseline}; goal ${r.goal}`);
    if (r.check) out.push(`  check: ${r.check.detail}`);
    if (r.sources) out.push(`  sources: ${formatReads(r.sources)}`);
    for (const n of r.notes) out.push(`  ${n}`);
  }
  const unread = new Set(results.flatMap((r) => (r.sources ? unreadSources(r.sources) : [])));
  if (unread.size) out.push('', `note: no events from ${[...unread].join(', ')} files: their adapter is missing or claims nothing under the corpus (not a failure)`);
  return out.join('\n');
}
