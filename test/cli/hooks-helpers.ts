/** Shared setup for the `lantern hooks` tests: a temp home with a Claude dir and a data dir. */
import fs from 'node:fs';
import path from 'node:path';
import type { HooksIo, HooksOptions } from '../../src/cli/hooks/hooks-context';

export const FIXTURES = path.resolve(__dirname, '../fixtures/claude-settings');
export const FIXTURE_FILES = fs.readdirSync(FIXTURES).filter((f) => f.endsWith('.json'));
export const TOKEN = 'hooks-test-token-0123456789';

export function captureIo(): HooksIo & { stdout: () => string; stderr: () => string } {
  let out = '';
  let err = '';
  return { out: (t) => void (out += t), err: (t) => void (err += t), stdout: () => out, stderr: () => err };
}

export interface Home {
  claudeDir: string;
  dataDir: string;
  settings: string;
  opts(extra?: Partial<HooksOptions>): HooksOptions;
  /** Files in the Claude dir other than settings.json (backups, leftovers). */
  others(): string[];
}

export function makeHome(root: string, name: string): Home {
  const base = path.join(root, name);
  const claudeDir = path.join(base, 'claude');
  const dataDir = path.join(base, 'data');
  fs.mkdirSync(claudeDir, { recursive: true, mode: 0o700 });
  return {
    claudeDir,
    dataDir,
    settings: path.join(claudeDir, 'settings.json'),
    opts: (extra = {}) => ({ claudeDir, dataDir, port: 4747, token: TOKEN, env: {}, home: base, ...extra }),
    others: () => fs.readdirSync(claudeDir).filter((f) => f !== 'settings.json'),
  };
}

export function modeOf(file: string): number {
  return fs.statSync(file).mode & 0o777;
}
