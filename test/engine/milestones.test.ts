// @vitest-environment node
/**
 * Milestones end to end: the README's `report` shell function, run for real with bash + curl
 * against the real headless server, and every way a body can be wrong.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MilestonePhase } from '../../src/shared/events';
import { MILESTONE_LEVELS, MILESTONE_PHASES } from '../../src/shared/schemas/milestone';
import { startTestServer, type TestServer } from '../helpers/headless-server';
import { rawRequest } from '../helpers/http-raw-client';

/** The function exactly as the README gives it ("Reporting milestones"), so the docs cannot drift from what works. */
const README = fs.readFileSync(path.resolve(__dirname, '../../README.md'), 'utf8');
const REPORT_FN = README.slice(README.indexOf('report() {'), README.indexOf('\n}\n', README.indexOf('report() {')) + 2);

function report(t: TestServer, ...args: string[]): Promise<unknown> {
  return new Promise((resolve, reject) => {
    execFile('bash', ['-c', `${REPORT_FN}\nreport "$@"`, 'report', ...args], { env: { ...process.env, DASH: t.base, TOKEN: t.token }, timeout: 10_000 }, (err, stdout) =>
      err ? reject(err) : resolve(JSON.parse(stdout)),
    );
  });
}

const PR = 'https://github.com/acme/shop/pull/42';
const RAIL: MilestonePhase[] = ['setup', 'repro', 'fix', 'test', 'lint', 'pr', 'done'];

describe('POST /api/event with the report shell function', () => {
  it('is in the README as documented', () => {
    expect(REPORT_FN).toContain('curl -s -X POST "$DASH/api/event"');
    expect(REPORT_FN).toContain('-H "X-Token: $TOKEN" -H "Content-Type: application/json"');
    expect(REPORT_FN.endsWith('}')).toBe(true);
  });

  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer();
  });
  afterAll(async () => {
    await t.stop();
  });

  it('stores every phase on the rail, with progress, phases and the PR URL', async () => {
    const ids: number[] = [];
    for (const phase of RAIL) {
      const r = (await report(t, phase, 'ISSUE-7', 'info', `now at ${phase}`, phase === 'pr' ? PR : '')) as { ok: boolean; id: number };
      expect(r.ok).toBe(true);
      ids.push(r.id);
    }
    expect(new Set(ids).size).toBe(RAIL.length);
    const agent = (await t.agent('milestone:ISSUE-7'))!;
    expect(agent).toMatchObject({ source: 'milestone', title: 'ISSUE-7', state: 'done' });
    expect(agent.milestone).toEqual({
      issue: 'ISSUE-7',
      phase: 'done',
      level: 'info',
      title: 'now at done',
      prUrl: PR, // kept after later milestones without one
      progress: 1,
      phases: RAIL,
    });
    const events = (await t.events('milestone:ISSUE-7')).filter((e) => e.kind === 'milestone');
    expect(events.map((e) => e.id)).toEqual(ids);
    expect(events[5]).toMatchObject({ source: 'milestone', phase: 'pr', prUrl: PR, issue: 'ISSUE-7', level: 'info' });
    expect(events[0]).not.toHaveProperty('prUrl'); // "" means absent
  });

  it('tracks progress as the furthest rail position; blocked neither moves it nor ends the stream', async () => {
    await report(t, 'setup', 'ISSUE-8', 'info', 'cloning');
    await report(t, 'test', 'ISSUE-8', 'warning', 'tests are flaky');
    expect((await t.agent('milestone:ISSUE-8'))!.milestone!.progress).toBeCloseTo(3 / 6);
    await report(t, 'fix', 'ISSUE-8', 'error', 'the fix broke the build');
    let agent = (await t.agent('milestone:ISSUE-8'))!;
    expect(agent.milestone).toMatchObject({ phase: 'fix', level: 'error', phases: ['setup', 'test', 'fix'] });
    expect(agent.milestone!.progress).toBeCloseTo(3 / 6); // never goes back
    expect(agent.state).toBe('running'); // an error report is not the end
    await report(t, 'blocked', 'ISSUE-8', 'warning', 'need the staging password');
    agent = (await t.agent('milestone:ISSUE-8'))!;
    expect(agent).toMatchObject({ state: 'blocked', stateReason: 'input' });
    expect(agent.milestone!.progress).toBeCloseTo(3 / 6);
    await report(t, 'lint', 'ISSUE-8', 'success', 'lint clean');
    agent = (await t.agent('milestone:ISSUE-8'))!;
    expect(agent.state).toBe('running');
    expect(agent.milestone!.progress).toBeCloseTo(4 / 6);
    const statuses = (await t.events('milestone:ISSUE-8')).filter((e) => e.kind === 'status').map((e) => (e.kind === 'status' ? e.state : ''));
    expect(statuses).toEqual(['running', 'blocked', 'running']); // one status event per change
  });

  it('puts "-" and "" issues on the milestone:- stream, titled by the latest report', async () => {
    await report(t, 'setup', '-', 'info', 'first thing');
    await report(t, 'fix', '', 'success', 'second thing');
    const agent = (await t.agent('milestone:-'))!;
    expect(agent).toMatchObject({ title: 'second thing', milestone: { issue: '-', phase: 'fix', phases: ['setup', 'fix'] } });
    expect((await t.events('milestone:-')).filter((e) => e.kind === 'milestone')).toHaveLength(2);
  });

  it('joins a Claude session when `session` is given', async () => {
    const session = '0f0f0f0f-1111-4222-8333-444444444444';
    const res = await t.post('/api/event', { phase: 'pr', issue: 'ISSUE-9', level: 'success', title: 'PR opened', pr_url: PR, session });
    expect(res.status).toBe(200);
    const agent = (await t.agent(`claude:${session}`))!;
    expect(agent).toMatchObject({ source: 'claude', sessionId: session, state: 'running', milestone: { issue: 'ISSUE-9', prUrl: PR } });
    expect(agent.milestone!.progress).toBeCloseTo(5 / 6);
    expect(await t.agent('milestone:ISSUE-9')).toBeUndefined();
  });

  it('ignores unknown keys and a client time; the server stamps the event', async () => {
    const res = await t.post('/api/event', { phase: 'setup', issue: 'ISSUE-10', level: 'info', title: 'x', ts: '1999-01-01T00:00:00Z', extra: { a: 1 } });
    expect(res.status).toBe(200);
    const { id } = (await res.json()) as { id: number };
    const event = (await t.events('milestone:ISSUE-10')).find((e) => e.id === id)!;
    expect(event.ts.startsWith('1999')).toBe(false);
    expect(event).not.toHaveProperty('extra');
  });
});

describe('POST /api/event rejects bad input with a JSON 4xx and stores nothing', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer();
  });
  afterAll(async () => {
    await t.stop();
  });
  const ok = { phase: 'fix', issue: 'I-1', level: 'info', title: 'fixing' };

  it.each([
    ['unknown phase', { ...ok, phase: 'deploy' }, /phase "deploy" is not one of setup, repro/, [...MILESTONE_PHASES]],
    ['unknown level', { ...ok, level: 'fatal' }, /level "fatal" is not one of info/, [...MILESTONE_LEVELS]],
    ['missing phase', { issue: 'I-1', level: 'info', title: 't' }, /phase is required/, [...MILESTONE_PHASES]],
    ['missing title', { phase: 'fix', issue: 'I-1', level: 'info' }, /title is required/, expect.stringMatching(/non-empty string/)],
    ['blank title', { ...ok, title: '   ' }, /title must be a non-empty string/, expect.stringMatching(/non-empty string/)],
    ['title of the wrong type', { ...ok, title: 42 }, /title must be a non-empty string, got number 42/, expect.any(String)],
    ['pr_url not http(s)', { ...ok, pr_url: 'javascript:alert(1)' }, /pr_url "javascript:alert\(1\)" is not accepted/, expect.stringMatching(/http\(s\)/)],
    ['issue object', { ...ok, issue: { a: 1 } }, /issue object/, expect.any(String)],
    ['session with a slash', { ...ok, session: 'a/b' }, /session "a\/b" is not accepted/, expect.any(String)],
    ['not an object', [ok], /must be a JSON object, got array/, expect.objectContaining({ phase: [...MILESTONE_PHASES] })],
  ])('%s → 400 naming what is accepted', async (_name, body, detail, accepted) => {
    const res = await t.post('/api/event', body);
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toBe('application/json');
    const err = (await res.json()) as { error: string; detail: string; accepted: unknown };
    expect(err.error).toBe('invalid milestone');
    expect(err.detail).toMatch(detail);
    expect(err.accepted).toEqual(accepted);
  });

  it('malformed JSON → 400, not JSON → 415, over 1 MiB → 413', async () => {
    const bad = await t.post('/api/event', '{"phase":"fix",');
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ error: 'bad json' });
    const form = await t.post('/api/event', 'phase=fix', { 'Content-Type': 'application/x-www-form-urlencoded' });
    expect(form.status).toBe(415);
    expect(await form.json()).toMatchObject({ error: 'unsupported media type', accepted: ['application/json'] });
    const big = await t.post('/api/event', { ...ok, title: 'x'.repeat(1024 * 1024 + 10) });
    expect(big.status).toBe(413);
    expect(await big.json()).toMatchObject({ error: 'payload too large', accepted: { maxBytes: 1024 * 1024 } });
  });

  it('no or wrong token → 401; foreign Origin or Host → 403', async () => {
    const body = JSON.stringify(ok);
    const noToken = await fetch(`${t.base}/api/event`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body });
    expect(noToken.status).toBe(401);
    expect(await noToken.json()).toMatchObject({ error: 'unauthorized' });
    const wrong = await t.post('/api/event', ok, { 'X-Token': 'nope' });
    expect(wrong.status).toBe(401);
    const origin = await t.post('/api/event', ok, { Origin: 'https://evil.example' });
    expect(origin.status).toBe(403);
    expect(await origin.json()).toMatchObject({ error: 'forbidden origin' });
    const host = await rawRequest(t.port, '/api/event', {
      method: 'POST',
      headers: { Host: 'evil.example', 'Content-Type': 'application/json', 'X-Token': t.token },
      body,
    });
    expect(host.status).toBe(403);
    expect(JSON.parse(host.body)).toMatchObject({ error: 'forbidden host' });
  });

  it('stored nothing invalid, and loses nothing valid', async () => {
    const health = await t.get<{ totals: { agents: number; events: number } }>('/api/health');
    expect(health.totals).toMatchObject({ agents: 0, events: 0 });
    const ids: number[] = [];
    for (let i = 0; i < 20; i++) {
      const res = await t.post('/api/event', { ...ok, title: `report ${i}` });
      expect(res.status).toBe(200);
      ids.push(((await res.json()) as { id: number }).id);
    }
    const stored = (await t.events('milestone:I-1')).filter((e) => e.kind === 'milestone');
    expect(stored.map((e) => e.id)).toEqual(ids);
    expect(stored.map((e) => (e.kind === 'milestone' ? e.title : ''))).toEqual(ids.map((_, i) => `report ${i}`));
  });
});
