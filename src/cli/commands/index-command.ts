import { Command } from 'commander';
import type { IndexProgress } from '../../engine';
import { addSourceOptions, engineOptions, type SourceFlags } from '../source-options';
import { renderProgress } from '../progress-bar';

interface IndexFlags extends SourceFlags {
  json?: boolean;
}

export function registerIndex(program: Command): void {
  const cmd = program
    .command('index')
    .description('index every agent file once, print a summary, and exit')
    .option('--json', 'print the summary as JSON');
  addSourceOptions(cmd).action(async (flags: IndexFlags) => {
    const { createEngine } = await import('../../engine');
    const engine = createEngine(engineOptions(flags, 'index'));
    const tty = !flags.json && process.stderr.isTTY === true;
    const started = process.hrtime.bigint();
    try {
      const r = await engine.index(tty ? (p: IndexProgress) => process.stderr.write('\r' + renderProgress(p)) : undefined);
      if (tty) process.stderr.write('\n');
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      const totals = engine.store.totals();
      const summary = {
        files: r.files,
        lines: r.lines,
        events: r.events,
        unparsed: totals.unparsed,
        agents: totals.agents,
        fileErrors: totals.fileErrors,
        bytes: r.bytesDone,
        seconds: Number(seconds.toFixed(3)),
        mbPerSec: Number((r.bytesDone / 1e6 / Math.max(seconds, 1e-9)).toFixed(1)),
        dataDir: engineOptions(flags, 'index').dataDir,
      };
      if (flags.json) process.stdout.write(JSON.stringify(summary) + '\n');
      else {
        process.stdout.write(
          `Indexed ${summary.files} files: ${summary.lines} lines, ${summary.events} new events, ${summary.unparsed} unparsed, ` +
            `${summary.agents} agents, ${(summary.bytes / 1e6).toFixed(1)} MB in ${summary.seconds} s (${summary.mbPerSec} MB/s)\n`,
        );
        if (summary.fileErrors) process.stdout.write(`${summary.fileErrors} files could not be read (see /api/health)\n`);
      }
    } finally {
      await engine.stop();
    }
  });
}
