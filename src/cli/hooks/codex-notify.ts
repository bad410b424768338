/**
 * `lantern hooks codex-notify <json>`: the program `install --codex` puts in Codex's `notify`. Codex
 * runs it after every turn with the turn's JSON as the last argument. It starts the user's own notify
 * program first (`--chain`, detached: it must run whatever becomes of Lantern), then posts the JSON
 * to `POST /api/hooks/codex` and exits 0 in every case, within `timeoutMs` at most.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { defaultDataDir } from '../../engine/data-dir';
import { tokenPath } from '../../engine/token-file';
import { codexHookUrl, isStringArray } from './codex-hooks-config';

export interface CodexNotifyOptions {
  port: number;
  dataDir?: string;
  token?: string;
  /** The user's own notify argv, as JSON. */
  chain?: string;
  timeoutMs?: number;
  env?: NodeJS.ProcessEnv;
}

function startChained(chain: string | undefined, payload: string | undefined): void {
  if (!chain) return;
  try {
    const argv: unknown = JSON.parse(chain);
    if (!isStringArray(argv) || argv.length === 0) return;
    const child = spawn(argv[0], [...argv.slice(1), ...(payload === undefined ? [] : [payload])], { detached: true, stdio: 'ignore' });
    child.on('error', () => undefined);
    child.unref();
  } catch {
    // a broken chain must not keep the turn from reaching Lantern
  }
}

function readToken(opts: CodexNotifyOptions): string | null {
  if (opts.token) return opts.token;
  const dir = opts.dataDir ? path.resolve(opts.dataDir) : defaultDataDir(opts.env ?? process.env);
  try {
    return fs.readFileSync(tokenPath(dir), 'utf8').trim() || null;
  } catch {
    return null;
  }
}

/** Always 0: Codex gains nothing from a failure here, and Lantern may simply not be running. */
export async function runCodexNotify(payload: string | undefined, opts: CodexNotifyOptions): Promise<number> {
  startChained(opts.chain, payload);
  if (payload === undefined) return 0;
  const token = readToken(opts);
  try {
    const res = await fetch(codexHookUrl(opts.port), {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', ...(token ? { 'X-Token': token } : {}) },
      body: payload,
      signal: AbortSignal.timeout(opts.timeoutMs ?? 1500),
    });
    await res.body?.cancel();
  } catch {
    // not running, or too slow: the turn is in the rollout anyway
  }
  return 0;
}
