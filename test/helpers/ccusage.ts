/**
 * The peer whose totals Lantern must equal: ccusage 20.0.24, installed by `npm run peer:ccusage`
 * (.ci/run does). Without it the comparisons cannot run here, and say so.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

export const CCUSAGE_BIN = path.resolve(__dirname, '../../node_modules/.bin/ccusage');
export const haveCcusage = fs.existsSync(CCUSAGE_BIN);

/** `ccusage <args…> --json --offline` under `env`, parsed. */
export function ccusageJson(args: string[], env: NodeJS.ProcessEnv): unknown {
  return JSON.parse(execFileSync(CCUSAGE_BIN, [...args, '--json', '--offline'], { env: { NO_COLOR: '1', ...env }, encoding: 'utf8' }));
}

/** One session's token totals as `ccusage <agent> session --json` lists them. */
export interface CcusageSessionTokens {
  sessionId: string;
  inputTokens: number;
  outputTokens: number;
  cacheCreationTokens: number;
  cacheReadTokens: number;
}
