/**
 * (f) `POST /api/event` throughput and latency with 0, 10 and 100 SSE subscribers. The client runs
 * in a child process (keep-alive sockets, a fixed number in flight, a bounded count and a time
 * cap); the subscribers in another child, which checks by id that every event committed between
 * two fence milestones reached every stream. Baseline: the same client against a bare `node:http`
 * server that reads the body and answers 200 `{}`.
 */
import os from 'node:os';
import { loadBareServer } from '../bare-server';
import { deliveryProblem, loadWithSubscribers, startIngestHost, type LoadRun } from '../ingest-host';
import type { LoadArgs, LoadResult } from '../load-client';
import type { Figure, ScenarioResult } from '../result';
import { round } from '../stats';

const SUBSCRIBERS = [0, 10, 100] as const;
const POSTS = 20_000;
const WARMUP = 1_000;
const CONCURRENCY = 16;
const TIME_CAP_MS = 30_000;
const CHILD_TIMEOUT_MS = TIME_CAP_MS * 2 + 30_000;
const GOAL_PER_SEC = 14_000;
const GOAL_P95_MS = 5;
const GOAL_AT = 10;

const load = (firstIndex: number): Omit<LoadArgs, 'url' | 'token'> => ({
  path: '/api/event',
  kind: 'milestone',
  concurrency: CONCURRENCY,
  warmup: WARMUP,
  count: POSTS,
  firstIndex,
  timeCapMs: TIME_CAP_MS,
});

const describe = (r: LoadResult): string =>
  `${r.answered}/${r.asked} in ${round(r.elapsedMs / 1000, 2)} s${r.timedOut ? ' (time cap hit)' : ''}, ${Math.round(r.perSec)} events/s, ` +
  `p50 ${round(r.p50, 2)} / p95 ${round(r.p95, 2)} / p99 ${round(r.p99, 2)} / max ${round(r.max, 1)} ms, ` +
  `statuses ${JSON.stringify(r.statuses)}${r.errors ? `, ${r.errors} errors (${r.firstError})` : ''}`;

export async function runEventIngest(): Promise<ScenarioResult> {
  const baseline = await loadBareServer(load(0), CHILD_TIMEOUT_MS);

  const ih = await startIngestHost('lantern-bench-event-');
  const runs = new Map<number, LoadRun>();
  try {
    for (const [n, subscribers] of SUBSCRIBERS.entries()) {
      process.stderr.write(`bench: event-ingest with ${subscribers} SSE subscribers…\n`);
      runs.set(subscribers, await loadWithSubscribers(ih, subscribers, load(n * (POSTS + WARMUP)), CHILD_TIMEOUT_MS));
    }
  } finally {
    await ih.dispose();
  }

  const at = (n: number) => runs.get(n) as LoadRun;
  const goalRun = at(GOAL_AT).load;
  const figures: Figure[] = [
    { label: `${GOAL_AT} subs`, value: Math.round(goalRun.perSec), unit: 'events/s' },
    { label: `${GOAL_AT} subs p95`, value: round(goalRun.p95, 2), unit: 'ms' },
    { label: 'bare', value: Math.round(baseline.perSec), unit: 'req/s' },
  ];
  for (const n of SUBSCRIBERS) if (n !== GOAL_AT) figures.push({ label: `${n} subs`, value: Math.round(at(n).load.perSec), unit: 'events/s' }, { label: `${n} subs p95`, value: round(at(n).load.p95, 2), unit: 'ms' });
  figures.push({ label: 'bare p95', value: round(baseline.p95, 2), unit: 'ms' });

  const problems: string[] = [];
  for (const n of SUBSCRIBERS) {
    const r = at(n);
    const non200 = r.load.answered - (r.load.statuses['200'] ?? 0);
    if (non200 || r.load.errors) problems.push(`${n} subs: ${non200} answers were not 200, ${r.load.errors} requests failed`);
    const lost = deliveryProblem(`${n} subs`, r.sse);
    if (lost) problems.push(lost);
  }
  const delivered = SUBSCRIBERS.filter((n) => n > 0)
    .map((n) => `${n} × ${at(n).sse?.expected ?? 0}`)
    .join(', ');
  const cores = os.cpus().length;

  return {
    id: 'event-ingest',
    title: `POST /api/event, ${SUBSCRIBERS.join('/')} SSE subs`,
    figures,
    ratio: { value: round(goalRun.perSec / baseline.perSec, 2), baseline: `a bare node:http server answering 200 {} (events/s at ${GOAL_AT} subscribers ÷ bare req/s; higher is better)` },
    goal: `≥ ${GOAL_PER_SEC} events/s at ${GOAL_AT} subs, p95 ≤ ${GOAL_P95_MS} ms`,
    withinGoal: goalRun.perSec >= GOAL_PER_SEC && goalRun.p95 <= GOAL_P95_MS,
    check: problems.length
      ? { ok: false, detail: `MISMATCH: ${problems.join('; ')}` }
      : { ok: true, detail: `OK: every POST answered 200 and every event between the fences reached every SSE stream (streams × events: ${delivered})` },
    notes: [
      `client: a child process, ${CONCURRENCY} requests in flight over ${CONCURRENCY} keep-alive sockets, ${WARMUP} untimed then ${POSTS} timed posts per setting, ${TIME_CAP_MS / 1000} s cap; SSE subscribers in a second child`,
      `this machine has ${cores} core${cores === 1 ? '' : 's'}: the server, the load child and the subscriber child share ${cores === 1 ? 'it' : 'them'}, so the figures are a floor for what the server alone could do`,
      `bare: ${describe(baseline)}`,
      ...SUBSCRIBERS.map((n) => `${n} subs: ${describe(at(n).load)}${at(n).sse ? `; streams read ${round((at(n).sse?.bytes ?? 0) / 1e6, 1)} MB` : ''}`),
      ...ih.log().map((l) => `host: ${l}`),
    ],
  };
}
