/**
 * Done-when of the engine issue, end to end: `lantern serve` pointed at a copy of the real corpus
 * (../shared/corpus/claude, third-party files used in place, never committed) lists every session and
 * sub-agent with token totals equal to ccusage's on the same files, and an appended line reaches an SSE
 * client. Skips itself where the corpus is absent.
 */
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AgentSummary, Health } from '../../src/shared/agents';
import { startServe, type Served } from '../helpers/cli-process';
import { ccusageJson, haveCcusage, type CcusageSessionTokens } from '../helpers/ccusage';
import { tempDir } from '../helpers/temp-dir';
import { waitFor } from '../helpers/wait-for';

const corpus = path.resolve(__dirname, '../../../shared/corpus/claude');
const present = fs.existsSync(corpus);
if (present && !haveCcusage) console.warn('ccusage comparison skipped: run `npm run peer:ccusage` first');

type CcusageSession = CcusageSessionTokens;

describe.skipIf(!present)('lantern serve on the real corpus', () => {
  const tmp = tempDir('lantern-corpus-');
  const claudeDir = path.join(tmp.path, 'claude');
  let served: Served;
  let token: string;

  beforeAll(async () => {
    fs.cpSync(corpus, claudeDir, { recursive: true });
    for (const f of fs.readdirSync(claudeDir, { recursive: true, withFileTypes: true })) {
      fs.chmodSync(path.join(f.parentPath, f.name), f.isDirectory() ? 0o755 : 0o644); // the corpus is read-only
    }
    served = await startServe(['--no-default-dirs', '--claude-dir', claudeDir, '--data-dir', path.join(tmp.path, 'data'), '--port', '0']);
    token = fs.readFileSync(path.join(tmp.path, 'data', 'token'), 'utf8').trim();
    await waitFor(async () => (await get<Health>('/api/health')).indexing.done, 15_000, 'the index');
  });
  afterAll(async () => {
    await served?.stop();
    tmp.cleanup();
  });

  async function get<T>(p: string): Promise<T> {
    const res = await fetch(served.url + p, { headers: { 'X-Token': token } });
    expect(res.status).toBe(200);
    return (await res.json()) as T;
  }

  it('prints where it listens and a login URL; the token file is private', () => {
    expect(served.stdout()).toMatch(/^Lantern listening on http:\/\/127\.0\.0\.1:\d+$/m);
    expect(served.openUrl).toBe(`${served.url}/?token=${encodeURIComponent(token)}`);
    expect(fs.statSync(path.join(tmp.path, 'data', 'token')).mode & 0o777).toBe(0o600);
  });

  it.skipIf(!haveCcusage)('lists every session and sub-agent with token totals equal to ccusage', async () => {
    const { agents } = await get<{ agents: AgentSummary[] }>('/api/agents');
    const sessionsOnDisk = fs.readdirSync(path.join(claudeDir, 'projects'), { recursive: true }).filter((f) => String(f).endsWith('.jsonl'));
    expect(agents.length).toBeGreaterThanOrEqual(sessionsOnDisk.length);
    expect(agents.filter((a) => a.parentId).length).toBeGreaterThanOrEqual(3); // new layout, orphan compaction, inline sidechains
    expect(agents.reduce((n, a) => n + a.counts.unparsed, 0)).toBe(0);

    const theirs = (ccusageJson(['claude', 'session'], { ...process.env, CLAUDE_CONFIG_DIR: claudeDir, HOME: tmp.path }) as { sessions: CcusageSession[] }).sessions;
    expect(theirs.length).toBeGreaterThan(0);
    const ours = new Map<string, CcusageSession>();
    for (const a of agents) {
      const s = ours.get(a.sessionId!) ?? { sessionId: a.sessionId!, inputTokens: 0, outputTokens: 0, cacheCreationTokens: 0, cacheReadTokens: 0 };
      s.inputTokens += a.usage.inputTokens;
      s.outputTokens += a.usage.outputTokens;
      s.cacheCreationTokens += a.usage.cacheCreationTokens;
      s.cacheReadTokens += a.usage.cacheReadTokens;
      ours.set(a.sessionId!, s);
    }
    for (const t of theirs) {
      const { sessionId, inputTokens, outputTokens, cacheCreationTokens, cacheReadTokens } = t;
      expect(ours.get(sessionId), `session ${sessionId}`).toEqual({ sessionId, inputTokens, outputTokens, cacheCreationTokens, cacheReadTokens });
    }
  });

  it('delivers a line appended to a corpus file to an SSE client', async () => {
    const file = path.join(claudeDir, 'projects', '-home-vwestberg-Claude', '0b903f4a-f843-4a76-90bb-df10400e0478.jsonl');
    let received = '';
    const req = http.get(`${served.url}/api/stream`, { headers: { 'X-Token': token } });
    const res = await new Promise<http.IncomingMessage>((resolve) => req.on('response', resolve));
    expect(res.headers['content-type']).toMatch(/text\/event-stream/);
    res.setEncoding('utf8').on('data', (d: string) => (received += d));
    const marker = `appended-${process.pid}`;
    const line = JSON.stringify({
      type: 'user',
      sessionId: '0b903f4a-f843-4a76-90bb-df10400e0478',
      cwd: '/home/vwestberg/Claude',
      uuid: 'e2e-append',
      timestamp: new Date().toISOString(),
      message: { role: 'user', content: marker },
    });
    await new Promise((r) => setTimeout(r, 100)); // the subscription is live once headers are sent
    fs.appendFileSync(file, line + '\n');
    await waitFor(() => received.includes(marker), 5000, 'the appended line on the stream');
    const message = received.split('\n\n').find((m) => m.includes(marker))!;
    expect(message).toMatch(/^id: \d+$/m);
    req.destroy();
  });
});
