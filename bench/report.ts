/** The table printed to stdout, and the JSON summary beside it. */
import type { ScenarioResult } from './result';

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
  ]);
  const head = ['scenario', 'figures', 'ratio', 'goal', 'within goal', 'check'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => pad(c, widths[i])).join('  ').trimEnd();
  const out = [line(head), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line), ''];
  for (const r of results) {
    out.push(`${r.id}: ${r.title}`);
    if (r.error) out.push(`  error: ${r.error}`);
    if (r.figures.length) out.push(`  ${r.figures.map((f) => `${f.label} ${f.value} ${f.unit}`).join(' | ')}`);
    if (r.ratio) out.push(`  ratio ${r.ratio.value}× to ${r.ratio.baseline}; goal ${r.goal}`);
    if (r.check) out.push(`  check: ${r.check.detail}`);
    for (const n of r.notes) out.push(`  ${n}`);
  }
  return out.join('\n');
}
