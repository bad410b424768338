/** Plain aligned text tables for terminal reports: first column left-aligned, the rest right-aligned. */

export function renderTable(header: string[], rows: string[][], footer?: string[]): string {
  const all = footer ? [header, ...rows, footer] : [header, ...rows];
  const widths = header.map((_, i) => Math.max(...all.map((r) => (r[i] ?? '').length)));
  const line = (r: string[]) =>
    r
      .map((cell, i) => (i === 0 ? cell.padEnd(widths[i]) : cell.padStart(widths[i])))
      .join('  ')
      .trimEnd();
  const out = [line(header), ...rows.map(line)];
  if (footer) out.push(widths.map((w) => '-'.repeat(w)).join('  '), line(footer));
  return out.join('\n') + '\n';
}

export const formatCount = (n: number): string => n.toLocaleString('en-US');

/** USD; unpriced requests are said, never shown as $0. */
export function formatCost(costUsd: number | null, unpricedRequests: number): string {
  if (costUsd === null) return 'unpriced';
  const text = `$${costUsd.toFixed(costUsd !== 0 && Math.abs(costUsd) < 1 ? 4 : 2)}`;
  return unpricedRequests > 0 ? `${text} + unpriced` : text;
}

export function formatMs(ms: number | null): string {
  if (ms === null) return '—';
  if (ms < 1000) return `${ms} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  return `${(ms / 60_000).toFixed(1)} min`;
}
