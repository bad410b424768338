import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { sessionLines } from '../helpers/claude-lines';
import { runCli, startServe } from '../helpers/cli-process';
import { tempDir } from '../helpers/temp-dir';

const tmp = tempDir('lantern-cli-');
afterAll(() => tmp.cleanup());

function claudeTree(): string {
  const dir = path.join(tmp.path, 'claude');
  const project = path.join(dir, 'projects', '-home-dev-app');
  fs.mkdirSync(project, { recursive: true });
  const s = '33333333-3333-4333-8333-333333333333';
  fs.writeFileSync(path.join(project, `${s}.jsonl`), sessionLines(s, 1, '/home/dev/app').join('\n') + '\nnot json\n');
  return dir;
}

describe('lantern CLI', () => {
  const claudeDir = claudeTree();
  const src = ['--no-default-dirs', '--claude-dir', claudeDir];

  it('index --json prints a summary that counts unparsed lines', async () => {
    const r = await runCli(['index', ...src, '--data-dir', path.join(tmp.path, 'index-data'), '--json']);
    expect(r.code).toBe(0);
    const summary = JSON.parse(r.stdout);
    expect(summary).toMatchObject({ files: 1, lines: 5, unparsed: 1, agents: 1, fileErrors: 0 });
    expect(summary.mbPerSec).toBeGreaterThanOrEqual(0);
  });

  it('a busy port is one clear line and exit 1; a second owner of a data dir is refused', async () => {
    const served = await startServe([...src, '--data-dir', path.join(tmp.path, 'a'), '--port', '0']);
    try {
      const port = new URL(served.url).port;
      const busy = await runCli(['serve', ...src, '--data-dir', path.join(tmp.path, 'b'), '--port', port]);
      expect(busy.code).toBe(1);
      expect(busy.stderr.trim().split('\n').filter((l) => l.startsWith('lantern:'))).toEqual([
        `lantern: Port ${port} on 127.0.0.1 is already in use (another Lantern?). Use --port or LANTERN_PORT.`,
      ]);
      const locked = await runCli(['index', ...src, '--data-dir', path.join(tmp.path, 'a')]);
      expect(locked.code).toBe(1);
      expect(locked.stderr).toMatch(/Another Lantern \(serve, pid \d+, http:\/\/127\.0\.0\.1:\d+\) already owns/);
    } finally {
      await served.stop();
    }
  });

  it('honours LANTERN_PORT, LANTERN_DATA_DIR and LANTERN_TOKEN', async () => {
    const dataDir = path.join(tmp.path, 'env-data');
    const served = await startServe([...src], { LANTERN_PORT: '0', LANTERN_DATA_DIR: dataDir, LANTERN_TOKEN: 'env-token-0123456789' });
    try {
      const ok = await fetch(`${served.url}/api/health`, { headers: { Authorization: 'Bearer env-token-0123456789' } });
      expect(ok.status).toBe(200);
      const bad = await fetch(`${served.url}/api/health`, { headers: { 'X-Token': 'wrong' } });
      expect(bad.status).toBe(401);
      expect(fs.existsSync(path.join(dataDir, 'lantern.db'))).toBe(true);
    } finally {
      await served.stop();
    }
  });

  it('rejects a bad flag value with a clear message', async () => {
    const r = await runCli(['serve', '--port', 'eighty']);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/--port must be a whole number 0-65535, got "eighty"/);
    const hook = await runCli(['serve', '--port', '0', '--no-default-dirs', '--no-jobs', '--notify-webhook', 'ftp://example.com/hook']);
    expect(hook.code).not.toBe(0);
    expect(hook.stderr).toMatch(/--notify-webhook must be an http:\/\/ or https:\/\/ URL, got "ftp:\/\/example.com\/hook"/);
    const jobs = await runCli(['serve', '--port', '0', '--jobs-interval', '0']);
    expect(jobs.code).not.toBe(0);
    expect(jobs.stderr).toMatch(/--jobs-interval must be a whole number of seconds 1-3600, got "0"/);
  });
});
