/** The options every `lantern hooks` action shares, resolved once: which files, which port, which token. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { defaultDataDir } from '../../engine/data-dir';
import { loadOrCreateToken, tokenPath } from '../../engine/token-file';
import { settingsPath } from './claude-settings';

export interface HooksOptions {
  claudeDir?: string;
  dataDir?: string;
  port: number;
  /** From `--token` / `LANTERN_TOKEN`; otherwise the data dir's token file. */
  token?: string;
  dryRun?: boolean;
  env?: NodeJS.ProcessEnv;
  home?: string;
  now?: () => Date;
}

/** Where the command's output goes; the CLI passes stdout/stderr, tests collect strings. */
export interface HooksIo {
  out(text: string): void;
  err(text: string): void;
}

export interface HooksContext {
  settingsFile: string;
  dataDir: string;
  port: number;
  explicitToken: string | null;
  /** Where the token comes from, for messages. */
  tokenSource: string;
}

export function hooksContext(opts: HooksOptions): HooksContext {
  const env = opts.env ?? process.env;
  const dataDir = opts.dataDir ? path.resolve(opts.dataDir) : defaultDataDir(env);
  const explicitToken = opts.token ? opts.token : null;
  return {
    settingsFile: settingsPath(opts.claudeDir, env, opts.home ?? os.homedir()),
    dataDir,
    port: opts.port,
    explicitToken,
    tokenSource: explicitToken ? '--token / LANTERN_TOKEN' : tokenPath(dataDir),
  };
}

/** The token Lantern serves with, without creating one (status, dry runs). */
export function peekToken(ctx: HooksContext): string | null {
  if (ctx.explicitToken) return ctx.explicitToken;
  try {
    const t = fs.readFileSync(tokenPath(ctx.dataDir), 'utf8').trim();
    return t.length >= 16 ? t : null;
  } catch {
    return null;
  }
}

/** The token, created in the data dir when there is none yet (as `lantern serve` would). */
export function ensureToken(ctx: HooksContext): string {
  return loadOrCreateToken(ctx.dataDir, ctx.explicitToken);
}
