/** Where commands that point at the server (hooks) expect it: settings.json's port, else 4747. */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { savedPort } from '../../src/cli/saved-port';
import { tempDir } from '../helpers/temp-dir';

const dirs: Array<{ cleanup(): void }> = [];
afterEach(() => dirs.splice(0).forEach((d) => d.cleanup()));

function dataDir(settings?: string): string {
  const d = tempDir('lantern-saved-port-');
  dirs.push(d);
  if (settings !== undefined) fs.writeFileSync(path.join(d.path, 'settings.json'), settings);
  return d.path;
}

describe('savedPort', () => {
  it('is the saved port, else 4747', () => {
    expect(savedPort(dataDir(JSON.stringify({ port: 5005 })))).toBe(5005);
    expect(savedPort(dataDir())).toBe(4747);
    expect(savedPort(dataDir('not json'))).toBe(4747);
    expect(savedPort(dataDir(JSON.stringify({ port: 'x', runningWindowSec: 30 })))).toBe(4747);
  });
});
