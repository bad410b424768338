/**
 * (g) `POST /api/hooks/claude` answer time for a mix of hook payloads from a few sessions, one
 * request at a time as Claude Code sends them, alone and with 10 SSE subscribers (which check by
 * id that every event the hooks produced reached every stream). The client runs in a child
 * process. Baseline: the same client against a bare `node:http` server answering 200 `{}`.
 */
import { loadBareServer } from '../bare-server';
import { deliveryProblem, loadWithSubscribers, startIngestHost, type LoadRun } from '../ingest-host';
import { HOOK_MIX, HOOK_SESSIONS } from '../ingest-payloads';
import type { LoadArgs, LoadResult } from '../load-client';
import type { ScenarioResult } from '../result';
import { round } from '../stats';

const REQUESTS = 2_000;
const WARMUP = 200;
const SUBSCRIBERS = 10;
const TIME_CAP_MS = 60_000;
const CHILD_TIMEOUT_MS = TIME_CAP_MS * 2 + 30_000;
/** DESIGN.md: hooks are answered "in well under 5 ms"; read as p99. */
const GOAL_P99_MS = 5;

const load = (firstIndex: number): Omit<LoadArgs, 'url' | 'token'> => ({
  path: '/api/hooks/claude',
  kind: 'hooks',
  concurrency: 1,
  warmup: WARMUP,
  count: REQUESTS,
  firstIndex,
  timeCapMs: TIME_CAP_MS,
});

const describe = (r: LoadResult): string =>
  `${r.answered}/${r.asked}${r.timedOut ? ' (time cap hit)' : ''}, p50 ${round(r.p50, 3)} / p95 ${round(r.p95, 3)} / p99 ${round(r.p99, 3)} / max ${round(r.max, 2)} ms, ` +
  `statuses ${JSON.stringify(r.statuses)}${r.errors ? `, ${r.errors} errors (${r.firstError})` : ''}`;

export async function runHookAnswer(): Promise<ScenarioResult> {
  const baseline = await loadBareServer(load(0), CHILD_TIMEOUT_MS);

  const ih = await startIngestHost('lantern-bench-hooks-');
  let alone: LoadRun;
  let watched: LoadRun;
  try {
    alone = await loadWithSubscribers(ih, 0, load(0), CHILD_TIMEOUT_MS);
    watched = await loadWithSubscribers(ih, SUBSCRIBERS, load(REQUESTS + WARMUP), CHILD_TIMEOUT_MS);
  } finally {
    await ih.dispose();
  }

  const a = alone.load;
  const w = watched.load;
  const problems: string[] = [];
  for (const [label, r] of [['alone', a], [`${SUBSCRIBERS} subs`, w]] as const) {
    const non204 = r.answered - (r.statuses['204'] ?? 0);
    if (non204 || r.errors) problems.push(`${label}: ${non204} answers were not 204, ${r.errors} requests failed`);
  }
  const lost = deliveryProblem(`${SUBSCRIBERS} subs`, watched.sse);
  if (lost) problems.push(lost);

  return {
    id: 'hook-answer',
    title: 'hook answer, sequential',
    figures: [
      { label: 'p50', value: round(a.p50, 3), unit: 'ms' },
      { label: 'p95', value: round(a.p95, 3), unit: 'ms' },
      { label: 'p99', value: round(a.p99, 3), unit: 'ms' },
      { label: `${SUBSCRIBERS} subs p50`, value: round(w.p50, 3), unit: 'ms' },
      { label: `${SUBSCRIBERS} subs p95`, value: round(w.p95, 3), unit: 'ms' },
      { label: `${SUBSCRIBERS} subs p99`, value: round(w.p99, 3), unit: 'ms' },
      { label: 'bare p50', value: round(baseline.p50, 3), unit: 'ms' },
      { label: 'bare p95', value: round(baseline.p95, 3), unit: 'ms' },
      { label: 'bare p99', value: round(baseline.p99, 3), unit: 'ms' },
    ],
    ratio: { value: round(a.p95 / baseline.p95, 1), baseline: 'p95 of a bare node:http server answering 200 {} (hook p95 alone ÷ bare p95)' },
    goal: `p99 < ${GOAL_P99_MS} ms (alone and with ${SUBSCRIBERS} subs)`,
    withinGoal: a.p99 < GOAL_P99_MS && w.p99 < GOAL_P99_MS,
    check: problems.length
      ? { ok: false, detail: `MISMATCH: ${problems.join('; ')}` }
      : { ok: true, detail: `OK: every hook answered 204 and all ${watched.sse?.expected ?? 0} events between the fences reached each of the ${SUBSCRIBERS} SSE streams` },
    notes: [
      `${REQUESTS} timed requests after ${WARMUP} untimed, one at a time over one keep-alive socket, from a child process; ${HOOK_SESSIONS} sessions taking turns, each turn ${HOOK_MIX}`,
      `bare: ${describe(baseline)}`,
      `alone: ${describe(a)}`,
      `${SUBSCRIBERS} subs: ${describe(w)}`,
      ...ih.log().map((l) => `host: ${l}`),
    ],
  };
}
