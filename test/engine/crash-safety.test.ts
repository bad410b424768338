import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../src/engine/store/store';
import { testStoreOptions } from '../helpers/store-options';
import { sessionLines } from '../helpers/claude-lines';
import { tempDir } from '../helpers/temp-dir';

// A real child process is SIGKILLed in the middle of indexing, then restarted: the store must end
// up exactly as a clean index of the same files, with nothing lost and nothing counted twice.

const tmp = tempDir('lantern-crash-');
const childJs = path.join(tmp.path, 'index-child.mjs');
const claudeDir = path.join(tmp.path, 'claude');

beforeAll(async () => {
  await build({
    entryPoints: [path.resolve(__dirname, '../helpers/index-child.ts')],
    outfile: childJs,
    bundle: true,
    platform: 'node',
    format: 'esm',
    packages: 'external',
    logLevel: 'error',
    nodePaths: [path.resolve(__dirname, '../../node_modules')],
  });
  // Resolve external packages from the repo: put the bundle where node_modules is found.
  fs.symlinkSync(path.resolve(__dirname, '../../node_modules'), path.join(tmp.path, 'node_modules'));
  for (let p = 0; p < 4; p++) {
    const project = path.join(claudeDir, 'projects', `-home-dev-p${p}`);
    fs.mkdirSync(project, { recursive: true });
    for (let s = 0; s < 5; s++) {
      const id = `${p}${s}000000-0000-4000-8000-000000000000`;
      const lines: string[] = [];
      for (let n = 0; n < 30; n++) lines.push(...sessionLines(id, n, `/home/dev/p${p}`));
      fs.writeFileSync(path.join(project, `${id}.jsonl`), lines.join('\n') + '\n');
    }
  }
});
afterAll(() => tmp.cleanup());

function runChild(dataDir: string, killAfterBatches: number | null): Promise<{ killed: boolean; batches: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [childJs, dataDir, claudeDir], { stdio: ['ignore', 'pipe', 'inherit'] });
    let batches = 0;
    let killed = false;
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      batches += chunk.split('\n').filter((l) => l === 'batch').length;
      if (killAfterBatches !== null && !killed && batches >= killAfterBatches) {
        killed = true;
        child.kill('SIGKILL');
      }
    });
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (signal === 'SIGKILL' || code === 0) resolve({ killed: signal === 'SIGKILL', batches });
      else reject(new Error(`child exited with ${code ?? signal}`));
    });
  });
}

function snapshot(dataDir: string) {
  const store = openStore(dataDir, testStoreOptions());
  try {
    const agents = store
      .listAgents()
      .map((a) => ({ id: a.id, usage: a.usage, counts: a.counts, title: a.title }))
      .sort((x, y) => x.id.localeCompare(y.id));
    const kinds: Record<string, number> = {};
    for (let after = 0; ; ) {
      const page = store.eventsAfter(after, 1000);
      if (!page.length) break;
      for (const e of page) if (e.kind !== 'status') kinds[e.kind] = (kinds[e.kind] ?? 0) + 1;
      after = page[page.length - 1].id;
    }
    return { agents: agents.map((a) => ({ ...a, counts: { ...a.counts, events: undefined } })), kinds, files: store.allFiles().map((f) => [f.path, f.offset, f.lines]).sort() };
  } finally {
    store.close();
  }
}

describe('crash safety', () => {
  it('a SIGKILL at any point mid-index, then a restart, equals a clean index', async () => {
    const clean = path.join(tmp.path, 'clean');
    expect((await runChild(clean, null)).killed).toBe(false);
    const expected = snapshot(clean);
    expect(expected.agents).toHaveLength(20);

    const crashed = path.join(tmp.path, 'crashed');
    for (const at of [1, 7, 23]) {
      const r = await runChild(crashed, at);
      expect(r.killed).toBe(true);
    }
    expect((await runChild(crashed, null)).killed).toBe(false);
    expect(snapshot(crashed)).toEqual(expected);
  }, 60_000);
});
