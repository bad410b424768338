// `npm run screenshots`: the README's screenshots, made from the running app. Writes a small demo
// history of our own (never a real user's files) into a temp Claude dir, and a demo crontab and
// systemd timer with one job running for real, starts the built `lantern serve` on it, posts a permission request and a few milestones, and photographs each
// view with Debian's Chromium into docs/screenshots/. Needs /usr/bin/chromium (or LANTERN_CHROMIUM).
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outDir = path.join(root, 'docs', 'screenshots');
const tmp = mkdtempSync(path.join(os.tmpdir(), 'lantern-shots-'));
const claudeDir = path.join(tmp, 'claude');
const now = Date.now();
const at = (minutesAgo) => new Date(now - minutesAgo * 60_000).toISOString();

let n = 0;
const id = (p) => `${p}_${String(++n).padStart(6, '0')}`;
const usage = (out) => ({ input_tokens: 12, output_tokens: out, cache_creation_input_tokens: 2400, cache_read_input_tokens: 38_000 });

/** One session's lines from a small script of steps, `minutes` ago and onwards. */
function session(sessionId, cwd, minutes, steps, extra = {}) {
  let t = minutes;
  const base = () => ({ sessionId, cwd, version: '2.1.97', gitBranch: 'main', uuid: crypto.randomUUID(), timestamp: at((t -= 0.4)), ...extra });
  const assistant = (content, stop, out) => ({ ...base(), type: 'assistant', requestId: id('req'), message: { id: id('msg'), model: 'claude-sonnet-4-6', role: 'assistant', type: 'message', content, stop_reason: stop, usage: usage(out) } });
  const lines = [];
  for (const s of steps) {
    if (s.prompt) lines.push({ ...base(), type: 'user', message: { role: 'user', content: s.prompt } });
    if (s.think) lines.push(assistant([{ type: 'thinking', thinking: s.think, signature: 'x' }], null, 90));
    if (s.say) lines.push(assistant([{ type: 'text', text: s.say }], 'end_turn', 420));
    if (s.tool) {
      const useId = id('toolu');
      lines.push(assistant([{ type: 'tool_use', id: useId, name: s.tool, input: s.input }], 'tool_use', 160));
      lines.push({ ...base(), type: 'user', message: { role: 'user', content: [{ type: 'tool_result', tool_use_id: useId, content: s.output, is_error: s.error === true }] }, toolUseResult: { durationMs: s.ms ?? 800 } });
    }
  }
  return lines.map((l) => JSON.stringify(l)).join('\n') + '\n';
}

function write(project, sessionId, text, mtimeMinutesAgo) {
  const dir = path.join(claudeDir, 'projects', project);
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${sessionId}.jsonl`);
  writeFileSync(file, text);
  const t = new Date(now - mtimeMinutesAgo * 60_000);
  utimesSync(file, t, t);
  return file;
}

const PAY = '7d1f3c2a-0b4e-4c57-9a61-5f0e8d2b1a01';
write('-home-dev-payments-api', PAY, session(PAY, '/home/dev/payments-api', 50, [
  { prompt: 'The nightly run shows `test_refund_idempotency` failing about one time in five. Find out why and fix it.' },
  { think: 'Intermittent: probably ordering or time. Run the test in a loop first.' },
  { tool: 'Bash', input: { command: 'npm test -- refund --repeat 20', description: 'Repeat the refund tests' }, output: '\u001b[32m✓\u001b[0m refunds a captured charge\n\u001b[31m✗\u001b[0m test_refund_idempotency (4 of 20)\n  expected 1 refund, got 2\n\nTests: 1 failed, 19 passed', error: true, ms: 14_200 },
  { tool: 'Read', input: { file_path: '/home/dev/payments-api/src/refunds/create.ts' }, output: 'export async function createRefund(req) {\n  const existing = await findByKey(req.idempotencyKey);\n  if (existing) return existing;\n  …', ms: 40 },
  { say: 'Found it: the idempotency check and the insert are **not in one transaction**, so two retries that arrive together both miss `findByKey` and both insert.\n\nPlan:\n1. Take a row lock on the key (`SELECT … FOR UPDATE`).\n2. Add a unique index on `idempotency_key` as a backstop.\n3. Re-run the loop.' },
  { tool: 'Edit', input: { file_path: '/home/dev/payments-api/src/refunds/create.ts', old_string: 'const existing = await findByKey', new_string: 'const existing = await tx.findByKeyForUpdate' }, output: 'The file has been updated.', ms: 120 },
  { tool: 'Bash', input: { command: 'npm test -- refund --repeat 50', description: 'Repeat the refund tests' }, output: '\u001b[32m✓\u001b[0m 50 of 50 passed', ms: 31_800 },
]), 0.2);
const SUB = 'agent-a3f9c1d2e4b5';
const subDir = path.join(claudeDir, 'projects', '-home-dev-payments-api', PAY, 'subagents');
mkdirSync(subDir, { recursive: true });
writeFileSync(path.join(subDir, `${SUB}.jsonl`), session(PAY, '/home/dev/payments-api', 30, [
  { prompt: 'Search the codebase for other writes keyed by an idempotency key that are not in a transaction.' },
  { tool: 'Grep', input: { pattern: 'idempotencyKey', path: 'src' }, output: 'src/refunds/create.ts\nsrc/payouts/create.ts\nsrc/charges/capture.ts', ms: 210 },
  { say: 'Two more: `payouts/create.ts` has the same race; `charges/capture.ts` is safe (it already locks).' },
], { isSidechain: true, agentId: SUB }));

const WEB = '2b8e6f14-93c7-4d0a-8e25-c41f7a9d3b02';
write('-home-dev-web-dashboard', WEB, session(WEB, '/home/dev/web-dashboard', 12, [
  { prompt: 'Upgrade the chart library to v5 and fix what breaks.' },
  { tool: 'Bash', input: { command: 'npm install chart-lib@5', description: 'Upgrade' }, output: 'added 3 packages, changed 1 package', ms: 6400 },
  { tool: 'Bash', input: { command: 'npm run typecheck' }, output: 'src/charts/Burn.tsx(14,7): error TS2322: Type \'string\' is not assignable to type \'Scale\'.', error: true, ms: 9100 },
  { say: 'One type error from the new `Scale` type. I will fix it and then clear the build output to rebuild from scratch.' },
]), 3);

const INFRA = '5c0a9e77-1d2f-4b3e-a6c8-0e9f1b2d3c03';
write('-home-dev-infra', INFRA, session(INFRA, '/home/dev/infra', 200, [
  { prompt: 'Why did last night’s backup job take 3 hours?' },
  { tool: 'Bash', input: { command: 'journalctl --user -u backup --since yesterday | tail -20' }, output: 'backup[2211]: compressing 41 GB …\nbackup[2211]: done in 2h58m', ms: 1800 },
  { say: 'The job compressed 41 GB with `gzip -9` on one core. Switching to `zstd -T0` should bring it under 20 minutes.' },
]), 180);

// Scheduled jobs (the Jobs view): a demo crontab, a systemd timer, a log, and one job running for real.
const jobsDir = path.join(tmp, 'jobs');
const unitDir = path.join(jobsDir, 'systemd');
mkdirSync(unitDir, { recursive: true });
const triageLog = path.join(jobsDir, 'triage.log');
writeFileSync(triageLog, ['02:00:01 triage: 14 new issues', '02:00:09 labelled 9, asked for repro on 3', '\u001b[33mwarn\u001b[0m 2 issues look like duplicates of #4410', '02:03:12 done in 3m11s, $0.42'].join('\n') + '\n');
const reviewCommand = `sleep 600 && lantern run --tag nightly-review -- claude -p "Review yesterday's commits" >> ${path.join(jobsDir, 'review.log')} 2>&1`;
writeFileSync(path.join(jobsDir, 'crontab'), [
  '# issue triage',
  `*/30 * * * * cd ~/payments-api && claude -p "Triage new issues" >> ${triageLog} 2>&1`,
  '# nightly review',
  `0 3 * * * ${reviewCommand}`,
  '0 4 * * * /usr/bin/restic backup ~/code',
  '',
].join('\n'));
writeFileSync(path.join(unitDir, 'deps.timer'), '[Unit]\nDescription=Dependency bumps\n[Timer]\nOnCalendar=Mon *-*-* 06:00:00\n');
writeFileSync(path.join(unitDir, 'deps.service'), '[Service]\nExecStart=/usr/local/bin/codex exec "bump minor versions and open a PR"\n');
const runningJob = spawn('/bin/sh', ['-c', reviewCommand], { detached: true, stdio: 'ignore' });

// Only this script's own files are overwritten: the tray icons and the notification are made elsewhere.
mkdirSync(outDir, { recursive: true });

const serve = spawn(process.execPath, [path.join(root, 'bin', 'lantern.js'), 'serve', '--port', process.env.LANTERN_PORT ?? '4757', '--data-dir', path.join(tmp, 'data'), '--claude-dir', claudeDir, '--no-default-dirs', '--crontab', path.join(jobsDir, 'crontab'), '--systemd-user-dir', unitDir, '--jobs-interval', '1'], { stdio: ['ignore', 'pipe', 'inherit'] });
const openUrl = await new Promise((resolve, reject) => {
  let out = '';
  serve.stdout.on('data', (d) => {
    out += d;
    const m = /^Open (\S+)$/m.exec(out);
    if (m) resolve(m[1]);
  });
  serve.on('exit', (code) => reject(new Error(`lantern serve exited with ${code}`)));
});
const base = new URL(openUrl).origin;
const token = new URL(openUrl).searchParams.get('token');
const api = (p, body) => fetch(base + p, { method: body ? 'POST' : 'GET', headers: { 'X-Token': token, 'Content-Type': 'application/json' }, body: body && JSON.stringify(body) });

try {
  for (;;) {
    const h = await (await api('/api/health')).json();
    if (h.indexing.done) break;
    await new Promise((r) => setTimeout(r, 200));
  }
  await api('/api/hooks/claude', { hook_event_name: 'PermissionRequest', session_id: WEB, cwd: '/home/dev/web-dashboard', tool_name: 'Bash', tool_input: { command: 'rm -rf dist && npm run build' } });
  const milestone = (issue, phase, level, title, pr_url) => api('/api/event', { issue, phase, level, title, ...(pr_url ? { pr_url } : {}) });
  for (const p of ['setup', 'repro', 'fix', 'test']) await milestone('PAY-142', p, p === 'repro' ? 'warning' : 'info', `Refund idempotency: ${p}`);
  for (const p of ['setup', 'repro']) await milestone('WEB-88', p, 'info', `Chart library v5: ${p}`);
  await milestone('WEB-88', 'blocked', 'warning', 'Needs a decision: drop IE-era date adapter?');
  for (const p of ['setup', 'repro', 'fix', 'test', 'lint']) await milestone('INFRA-12', p, 'success', `Backup compression: ${p}`);
  await milestone('INFRA-12', 'pr', 'success', 'PR opened', 'https://github.com/example/infra/pull/512');

  const browser = await chromium.launch({
    executablePath: process.env.LANTERN_CHROMIUM ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const shoot = async (scheme) => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 720 }, colorScheme: scheme, reducedMotion: 'reduce' });
    await page.goto(openUrl);
    await page.waitForSelector('[data-testid="agent-row"]');
    await page.waitForTimeout(400);
    const snap = async (name) => {
      await page.waitForTimeout(400);
      await page.screenshot({ path: path.join(outDir, `${name}${scheme === 'light' ? '-light' : ''}.png`) });
    };
    await snap('agents');
    if (scheme === 'light') return page.close();
    await page.locator(`[data-testid="agent-row"][data-agent-id="claude:${PAY}"]`).click();
    await page.keyboard.press('Enter');
    await page.waitForSelector('[data-testid="card"]');
    await snap('replay');
    await page.keyboard.press('Escape');
    for (const [key, name] of [['2', 'issues'], ['3', 'live'], ['4', 'settings']]) {
      await page.locator('[data-testid="agent-list"], body').first().focus().catch(() => {});
      await page.keyboard.press(key);
      await snap(name);
    }
    await page.keyboard.press('5');
    await page.waitForSelector('[data-testid="job-row"][data-running="true"]');
    await snap('jobs');
    await page.locator('[data-testid="job-row"]', { hasText: 'issue triage' }).click();
    await page.waitForSelector('[data-testid="job-log-lines"]');
    await snap('jobs-log');
    await page.keyboard.press('Escape');
    await page.keyboard.press('?');
    await snap('keys');
    await page.close();
  };
  await shoot('dark');
  await shoot('light');
  await browser.close();
  console.log(`screenshots written to ${path.relative(root, outDir)}/`);
} finally {
  try {
    process.kill(-runningJob.pid, 'SIGTERM');
  } catch {
    // already gone
  }
  serve.kill('SIGTERM');
  await new Promise((r) => serve.once('exit', r));
  rmSync(tmp, { recursive: true, force: true });
}
