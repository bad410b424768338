/**
 * The user's cron jobs: a crontab file when one is configured (tests, or a machine where
 * `crontab -l` is not the truth), else what `crontab -l` prints. "No crontab for <user>" is an
 * empty schedule, not an error. Lines that are not jobs stay listed in the source's `error`
 * while the source is still `ok`: the other lines were read.
 */
import fs from 'node:fs/promises';
import type { JobSourceStatus } from '../../../shared/jobs';
import type { CommandRunner, JobReadResult } from '../types';
import { parseCrontab } from './crontab';

export interface ReadCronOptions {
  /** A crontab file to read instead of running `crontab -l`. */
  file: string | null;
  run: CommandRunner;
  home: string;
}

const CRONTAB_L = 'crontab -l';

/**
 * A reader that parses again only when the crontab's text changed: parsing compiles every
 * schedule, which is most of a check's cost, and a crontab changes a few times a year. The same
 * definitions also keep their memoised next runs (jobs-service.ts).
 */
export function createCronReader(): (opts: ReadCronOptions) => Promise<JobReadResult> {
  let last: { key: string; result: JobReadResult } | null = null;
  return async (opts) => {
    const path = opts.file ?? CRONTAB_L;
    const text = opts.file === null ? await crontabList(opts.run) : await readFile(opts.file);
    if (typeof text !== 'string') return { jobs: [], sources: [{ kind: 'cron', path, ok: false, error: text.error }] };
    const key = `${path}\0${opts.home}\0${text}`;
    if (last?.key === key) return last.result;
    const { jobs, problems } = parseCrontab(text, { source: path, home: opts.home });
    const source: JobSourceStatus = { kind: 'cron', path, ok: true };
    if (problems.length > 0) source.error = problems.join('; ');
    last = { key, result: { jobs, sources: [source] } };
    return last.result;
  };
}

export async function readCronJobs(opts: ReadCronOptions): Promise<JobReadResult> {
  return createCronReader()(opts);
}

async function readFile(file: string): Promise<string | { error: string }> {
  try {
    return await fs.readFile(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    return { error: code === 'ENOENT' ? `no such file: ${file}` : `cannot read ${file}: ${(err as Error).message}` };
  }
}

async function crontabList(run: CommandRunner): Promise<string | { error: string }> {
  const result = await run('crontab', ['-l']);
  if (result === null) return { error: 'crontab is not installed' };
  if (result.code === 0) return result.stdout;
  if (/no crontab for/i.test(result.stderr)) return '';
  if (result.code === null) return { error: `${CRONTAB_L} did not finish in time` };
  const firstLine = result.stderr.split('\n').find((l) => l.trim() !== '')?.trim();
  return { error: firstLine ?? `${CRONTAB_L} exited with status ${result.code}` };
}
