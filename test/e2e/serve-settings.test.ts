/**
 * `lantern serve` and settings.json: without --port (or LANTERN_PORT) it listens on the saved port;
 * flags that were given are overrides for the run and say so in GET /api/settings.
 */
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { SettingsView } from '../../src/shared/settings';
import { startServe } from '../helpers/cli-process';
import { tempDir } from '../helpers/temp-dir';

const tmp = tempDir('lantern-serve-settings-');
afterAll(() => tmp.cleanup());

/** A port that was free a moment ago. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

async function settingsOf(openUrl: string): Promise<SettingsView> {
  const url = new URL(openUrl);
  const res = await fetch(`${url.origin}/api/settings`, { headers: { 'X-Token': url.searchParams.get('token') ?? '' } });
  expect(res.status).toBe(200);
  return (await res.json()) as SettingsView;
}

describe('lantern serve with settings.json', () => {
  const claudeDir = path.join(tmp.path, 'claude');
  fs.mkdirSync(path.join(claudeDir, 'projects'), { recursive: true });
  const src = ['--no-default-dirs', '--claude-dir', claudeDir];

  it('listens on the saved port when no --port or LANTERN_PORT is given', async () => {
    expect(process.env.LANTERN_PORT).toBeUndefined();
    const dataDir = path.join(tmp.path, 'saved-port');
    fs.mkdirSync(dataDir, { recursive: true });
    const port = await freePort();
    fs.writeFileSync(path.join(dataDir, 'settings.json'), JSON.stringify({ port, runningWindowSec: 120 }));
    const served = await startServe([...src, '--data-dir', dataDir]);
    try {
      expect(new URL(served.url).port).toBe(String(port));
      const view = await settingsOf(served.openUrl);
      expect(view.settings).toMatchObject({ port, runningWindowSec: 120, claudeDirs: [claudeDir] });
      expect(view.overridden).toEqual(['claudeDirs']);
    } finally {
      await served.stop();
    }
  });

  it('lets --port and --running-window win for the run, marked overridden', async () => {
    const dataDir = path.join(tmp.path, 'flags');
    fs.mkdirSync(dataDir, { recursive: true });
    fs.writeFileSync(path.join(dataDir, 'settings.json'), JSON.stringify({ port: 1, runningWindowSec: 120 }));
    const served = await startServe([...src, '--data-dir', dataDir, '--port', '0', '--running-window', '45']);
    try {
      const view = await settingsOf(served.openUrl);
      expect(view.settings).toMatchObject({ port: 0, runningWindowSec: 45 });
      expect([...view.overridden].sort()).toEqual(['claudeDirs', 'port', 'runningWindowSec']);
    } finally {
      await served.stop();
    }
  });
});
