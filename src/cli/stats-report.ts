/**
 * The text and JSON of `lantern stats`, from the index alone (loaded only when the command runs).
 */
import {
  costByDay,
  costByModel,
  costByProject,
  openReadonlyStore,
  storeFile,
  sumCosts,
  toolLatency,
  type CostTotals,
} from '../engine/stats';
import { formatCost, formatCount, formatMs, renderTable } from './text-table';



export function statsReport(dataDir: string, since: string | undefined, json: boolean): string {
  const db = openReadonlyStore(storeFile(dataDir));
  try {
    const filter = since === undefined ? {} : { since };
    const daily = costByDay(db, filter);
    const models = costByModel(db, filter);
    const projects = costByProject(db, filter);
    const [y, m, d] = (since ?? '').split('-').map(Number);
    const tools = toolLatency(db, { startMs: since === undefined ? null : new Date(y, m - 1, d).getTime() });
    const timeZone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    const total = sumCosts(daily);
    if (json) return JSON.stringify({ timeZone, since: since ?? null, total, daily, models, projects, tools }, null, 2) + '\n';

    const header = ['requests', 'input', 'output', 'cache write', 'cache read', 'cost'];
    const cells = (r: CostTotals) => [
      formatCount(r.requests),
      formatCount(r.inputTokens),
      formatCount(r.outputTokens),
      formatCount(r.cacheCreationTokens),
      formatCount(r.cacheReadTokens),
      formatCost(r.costUsd, r.unpricedRequests),
    ];
    const footer = ['total', ...cells(total)];
    let out = `Cost by day (${timeZone}${since ? `, since ${since}` : ''})\n`;
    out += renderTable(['date', ...header], daily.map((r) => [r.date, ...cells(r)]), footer);
    out += '\nCost by model\n' + renderTable(['model', ...header], models.map((r) => [r.model, ...cells(r)]), footer);
    out += '\nCost by project\n' + renderTable(['project', ...header], projects.map((r) => [r.project, ...cells(r)]), footer);
    out += '\nTool latency (nearest-rank percentiles of finished calls)\n';
    out += renderTable(
      ['tool', 'calls', 'errors', 'interrupted', 'p50', 'p95', 'p99'],
      tools.map((t) => [t.name, formatCount(t.count), formatCount(t.errors), formatCount(t.interrupted), formatMs(t.p50Ms), formatMs(t.p95Ms), formatMs(t.p99Ms)]),
    );
    if (daily.length === 0) out += '\nNo usage in the index yet.\n';
    return out;
  } finally {
    db.close();
  }
}
