/**
 * The agents in one LaunchAgents directory: every `*.plist`, each read on its own so one broken
 * file cannot hide the others. The directory is one source; files that could not be read are named
 * in its `error` (`a.plist: not a plist (…); b.plist: no Label`) while it stays `ok`. A missing
 * directory is not an error: nothing is scheduled there.
 *
 * Binary plists (`bplist00`) are converted by `plutil`, which every Mac has, in a process with a
 * timeout; without plutil (not macOS) the file is skipped. Files over 1 MB are skipped unread: an
 * agent plist is a few hundred bytes.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { parse as parsePlist } from 'plist';
import type { JobSourceStatus } from '../../../shared/jobs';
import type { CommandRunner, JobDefinition, JobReadResult } from '../types';
import { launchdJobFromPlist } from './plist-job';

export interface ReadLaunchdOptions {
  dir: string;
  run: CommandRunner;
  home: string;
}

export const MAX_PLIST_BYTES = 1024 * 1024;
const BINARY_MAGIC = 'bplist00';

export async function readLaunchdJobs(opts: ReadLaunchdOptions): Promise<JobReadResult> {
  let names: string[];
  try {
    names = (await fs.readdir(opts.dir)).filter((n) => n.endsWith('.plist')).sort();
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return { jobs: [], sources: [{ kind: 'launchd', path: opts.dir, ok: true }] };
    return { jobs: [], sources: [{ kind: 'launchd', path: opts.dir, ok: false, error: `cannot read ${opts.dir}: ${(err as Error).message}` }] };
  }
  const jobs: JobDefinition[] = [];
  const errors: string[] = [];
  for (const name of names) {
    const file = path.join(opts.dir, name);
    const read = await readPlistFile(file, opts.run);
    const job = 'error' in read ? null : launchdJobFromPlist(read.value, { source: file, home: opts.home });
    if ('error' in read) errors.push(`${name}: ${read.error}`);
    else if (!job) errors.push(`${name}: no Label`);
    else if (jobs.some((j) => j.id === job.id)) errors.push(`${name}: Label ${job.label} is already used by another plist`);
    else jobs.push(job);
  }
  const source: JobSourceStatus = { kind: 'launchd', path: opts.dir, ok: true };
  if (errors.length > 0) source.error = errors.join('; ');
  return { jobs, sources: [source] };
}

async function readPlistFile(file: string, run: CommandRunner): Promise<{ value: unknown } | { error: string }> {
  let bytes: Buffer;
  try {
    const stat = await fs.stat(file);
    if (!stat.isFile()) return { error: 'not a file' };
    if (stat.size > MAX_PLIST_BYTES) return { error: `larger than ${MAX_PLIST_BYTES / 1024 / 1024} MB, skipped` };
    bytes = await fs.readFile(file);
  } catch (err) {
    return { error: `cannot read: ${(err as Error).message}` };
  }
  let xml = bytes.toString('utf8');
  if (bytes.subarray(0, BINARY_MAGIC.length).toString('latin1') === BINARY_MAGIC) {
    const converted = await run('plutil', ['-convert', 'xml1', '-o', '-', file]);
    if (converted === null) return { error: 'a binary plist, and no plutil to convert it' };
    if (converted.code !== 0) return { error: `plutil could not convert it: ${converted.stderr.trim().split('\n')[0] || `status ${converted.code}`}` };
    xml = converted.stdout;
  }
  return parseXmlPlist(xml);
}

/**
 * plist's XML parser (xmldom 0.9) reports every problem on `console.error` before it throws (fatal)
 * or reads on (error, warning), and plist 5 passes it no `onError` to change that. Take the reports
 * here: a broken file is an error on the source, not a line on the app's stderr at every refresh,
 * and an `error`-level report fails the file rather than leaving a half-read job.
 */
function parseXmlPlist(xml: string): { value: unknown } | { error: string } {
  const reports: string[] = [];
  const consoleError = console.error;
  console.error = (...args: unknown[]) => void reports.push(args.map(String).join(' '));
  try {
    const value = parsePlist(xml);
    const fatal = reports.find((r) => /^\[xmldom (error|fatalError)\]/.test(r));
    return fatal ? { error: `not a plist (${firstLine(fatal.replace(/^\[xmldom \w+\]\s*/, ''))})` } : { value };
  } catch (err) {
    return { error: `not a plist (${firstLine((err as Error).message)})` };
  } finally {
    console.error = consoleError;
  }
}

function firstLine(s: string): string {
  return s.split('\n')[0].trim().slice(0, 120);
}
