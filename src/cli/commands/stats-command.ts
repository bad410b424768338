/**
 * `lantern stats`: cost by day, model and project, and tool latency, from the index alone. Opens the
 * SQLite file read-only and takes no lock, so it runs beside `lantern serve` (WAL readers never block
 * the writer); it never reads a transcript.
 */
import { Command, Option } from 'commander';
import path from 'node:path';
import { defaultDataDir } from '../../engine/data-dir';
import { checkSinceDate } from '../../engine/stats/cost-report';

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
    .action(async (flags: StatsFlags) => {
      const dataDir = flags.dataDir ? path.resolve(flags.dataDir) : defaultDataDir();
      const { statsReport } = await import('../stats-report');
      process.stdout.write(statsReport(dataDir, flags.since, flags.json === true));
    });
}
