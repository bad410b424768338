/**
 * `lantern stats`: cost by day, model and project, and tool latency, from the index alone. Opens the
 * SQLite file read-only and takes no lock, so it runs beside `lantern serve` (WAL readers never block
 * the writer); it never reads a transcript.
 */
import { Command, Option } from 'commander';
import path from 'node:path';
import { defaultDataDir } from '../../engine/data-dir';
import {
  checkSinceDate,
  costByDay,
  costByModel,
  costByProject,
  openReadonlyStore,
  storeFile,
  sumCosts,
  toolLatency,
  type CostTotals,
} from '../../engine/stats';
import { formatCost, formatCount, formatMs, renderTable } from '../text-table';

interface StatsFlags {
  json?: boolean;
  since?: string;
  dataDir?: string;
}

export function registerStats(program: Command): void {
  program
    .command('stats')
    .description('print cost by day, model and project, and tool latency, from the index (works while serve runs)')
    .option('--json', 'print the report as JSON')
    .option('--since <date>', 'only this local date (YYYY-MM-DD) and later', checkSinceDate)
    .addOption(new Option('--data-dir <dir>', 'where the store lives').env('LANTERN_DATA_DIR'))
    .action((flags: StatsFlags) => {
      const dataDir = flags.dataDir ? path.resolve(flags.dataDir) : defaultDataDir();
      process.stdout.write(statsReport(dataDir, flags.since, flags.json === true));
    });
}

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
