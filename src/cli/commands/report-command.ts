/**
 * `lantern report <phase> <issue|-> <level> <title> [pr_url]`: posts a milestone to a running
 * Lantern (`POST /api/event`) and prints the stored event id. The `report` shell function in the
 * README does the same with curl; this one finds the server and the token by itself, and never
 * hangs a script: one 3 s timeout, one clear line on failure, exit 1.
 */
import { Command, Option } from 'commander';
import fs from 'node:fs';
import path from 'node:path';
import { defaultDataDir } from '../../engine/data-dir';
import { tokenPath } from '../../engine/token-file';
import { DEFAULT_PORT } from './serve-command';

const TIMEOUT_MS = 3000;

interface ReportFlags {
  url?: string;
  token?: string;
  session?: string;
  dataDir?: string;
}

/** The URL a running `lantern serve` wrote into its lock file, if any. */
function lockUrl(dataDir: string): string | null {
  try {
    const owner = JSON.parse(fs.readFileSync(path.join(dataDir, 'lantern.lock'), 'utf8')) as { url?: unknown };
    return typeof owner.url === 'string' && owner.url ? owner.url : null;
  } catch {
    return null;
  }
}

/** `--url` / `LANTERN_URL`, else the running server's lock, else the default port on loopback. */
export function resolveUrl(flags: ReportFlags, dataDir: string, env: NodeJS.ProcessEnv = process.env): string {
  const url = flags.url || lockUrl(dataDir) || `http://127.0.0.1:${env.LANTERN_PORT || DEFAULT_PORT}`;
  return url.replace(/\/+$/, '');
}

/** `--token` / `LANTERN_TOKEN`, else `<data dir>/token`; never creates one (that is the server's job). */
export function resolveToken(flags: ReportFlags, dataDir: string): string {
  if (flags.token) return flags.token;
  const file = tokenPath(dataDir);
  try {
    const token = fs.readFileSync(file, 'utf8').trim();
    if (token) return token;
  } catch {
    // fall through to the error below
  }
  throw new Error(`no token: pass --token or set LANTERN_TOKEN (no readable token in ${file}; has \`lantern serve\` run with this data dir?)`);
}

function describeFailure(err: unknown, url: string): string {
  const e = err as { name?: string; message?: string; cause?: { code?: string; message?: string } };
  if (e.name === 'TimeoutError' || e.name === 'AbortError') return `Lantern at ${url} did not answer within ${TIMEOUT_MS / 1000} s`;
  const why = e.cause?.code ?? e.cause?.message ?? e.message ?? String(err);
  return `cannot reach Lantern at ${url} (${why}); is \`lantern serve\` running? (--url / LANTERN_URL to point elsewhere)`;
}

async function report(phase: string, issue: string, level: string, title: string, prUrl: string | undefined, flags: ReportFlags): Promise<void> {
  const dataDir = flags.dataDir ? path.resolve(flags.dataDir) : defaultDataDir();
  const url = resolveUrl(flags, dataDir);
  const token = resolveToken(flags, dataDir);
  const body = { phase, issue, level, title, ...(prUrl ? { pr_url: prUrl } : {}), ...(flags.session ? { session: flags.session } : {}) };
  let res: Response;
  let text: string;
  try {
    res = await fetch(`${url}/api/event`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-Token': token },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
    text = await res.text();
  } catch (err) {
    throw new Error(describeFailure(err, url));
  }
  if (!res.ok) {
    // The server's error body says what is wrong and what is accepted: show it as is.
    process.stderr.write(`lantern: ${res.status} from ${url}/api/event: ${text.trim() || res.statusText}\n`);
    process.exitCode = 1;
    return;
  }
  let id: unknown;
  try {
    id = (JSON.parse(text) as { id?: unknown }).id;
  } catch {
    id = undefined;
  }
  if (typeof id !== 'number') throw new Error(`unexpected answer from ${url}/api/event: ${text.slice(0, 200)}`);
  process.stdout.write(`${id}\n`);
}

export function registerReport(program: Command): void {
  program
    .command('report')
    .description('report a milestone (setup, repro, fix, test, lint, pr, blocked, done) to a running Lantern')
    .argument('<phase>', 'setup | repro | fix | test | lint | pr | blocked | done')
    .argument('<issue>', 'the issue this is about; "-" for none')
    .argument('<level>', 'info | success | warning | error')
    .argument('<title>', 'one line saying what happened')
    .argument('[pr_url]', 'the pull request, once there is one')
    .addOption(new Option('--url <url>', 'Lantern base URL (default: the running server of the data dir, else http://127.0.0.1:$LANTERN_PORT or 4747)').env('LANTERN_URL'))
    .addOption(new Option('--token <token>', 'API token (default: <data dir>/token)').env('LANTERN_TOKEN'))
    .addOption(new Option('--session <id>', 'attach the milestone to this Claude Code session').env('LANTERN_SESSION_ID'))
    .addOption(new Option('--data-dir <dir>', 'where the running server keeps its token and lock').env('LANTERN_DATA_DIR'))
    .action((phase: string, issue: string, level: string, title: string, prUrl: string | undefined, flags: ReportFlags) =>
      report(phase, issue, level, title, prUrl, flags),
    );
}
