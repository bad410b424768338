/**
 * The HTTP client of scenarios f and g, run in a child process (dist/bench-child.js `http-load`) so
 * its CPU is not charged to the server's event loop: keep-alive sockets, a fixed number of requests
 * in flight, a bounded count and a time cap. Latency is per request, from just before
 * `http.request` to the end of the response body.
 */
import http from 'node:http';
import { bodyFor, type PayloadKind } from './ingest-payloads';

export interface LoadArgs {
  url: string;
  path: string;
  token: string;
  kind: PayloadKind;
  /** Requests in flight at once (1 = sequential, as Claude Code sends hooks). */
  concurrency: number;
  /** Untimed requests first (JIT, sockets), then `count` timed ones. */
  warmup: number;
  count: number;
  /** Body indices start here, so runs against the same server do not repeat themselves. */
  firstIndex: number;
  timeCapMs: number;
}

export interface LoadResult {
  /** Timed requests answered (2xx or not); fewer than asked when the time cap hit. */
  answered: number;
  asked: number;
  timedOut: boolean;
  /** Status code → count, timed requests only. */
  statuses: Record<string, number>;
  /** Requests that got no answer (warm-up included). */
  errors: number;
  firstError: string | null;
  elapsedMs: number;
  perSec: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

interface Answer {
  status: number;
  ms: number;
}

function quantile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

export async function runLoad(args: LoadArgs): Promise<LoadResult> {
  const target = new URL(args.path, args.url);
  const agent = new http.Agent({ keepAlive: true, maxSockets: args.concurrency });
  const post = (body: string) =>
    new Promise<Answer>((resolve, reject) => {
      const t0 = performance.now();
      const req = http.request(
        target,
        {
          method: 'POST',
          agent,
          headers: { 'X-Token': args.token, 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) },
        },
        (res) => {
          res.on('data', () => {});
          res.on('end', () => resolve({ status: res.statusCode ?? 0, ms: performance.now() - t0 }));
          res.on('error', reject);
        },
      );
      req.setTimeout(10_000, () => req.destroy(new Error('request timed out after 10 s')));
      req.on('error', reject);
      req.end(body);
    });

  const bodies = Array.from({ length: args.warmup + args.count }, (_, i) => bodyFor(args.kind, args.firstIndex + i));
  const latencies = new Float64Array(args.count);
  const statuses: Record<string, number> = {};
  let errors = 0;
  let firstError: string | null = null;
  let answered = 0;

  /** Sends bodies[from..to) with `concurrency` in flight; false when the deadline cut it short. */
  const drive = async (from: number, to: number, deadline: number, timed: boolean): Promise<boolean> => {
    let next = from;
    const worker = async () => {
      while (next < to && performance.now() < deadline) {
        const i = next++;
        try {
          const a = await post(bodies[i]);
          if (!timed) continue;
          latencies[answered++] = a.ms;
          statuses[a.status] = (statuses[a.status] ?? 0) + 1;
        } catch (err) {
          errors++;
          firstError ??= err instanceof Error ? err.message : String(err);
        }
      }
    };
    await Promise.all(Array.from({ length: args.concurrency }, worker));
    return next >= to;
  };

  try {
    await drive(0, args.warmup, performance.now() + args.timeCapMs, false);
    const started = performance.now();
    const finished = await drive(args.warmup, args.warmup + args.count, started + args.timeCapMs, true);
    const elapsedMs = performance.now() - started;
    const sorted = latencies.slice(0, answered).sort();
    return {
      answered,
      asked: args.count,
      timedOut: !finished,
      statuses,
      errors,
      firstError,
      elapsedMs,
      perSec: (answered / elapsedMs) * 1000,
      p50: quantile(sorted, 50),
      p95: quantile(sorted, 95),
      p99: quantile(sorted, 99),
      max: sorted.length ? sorted[sorted.length - 1] : Number.NaN,
    };
  } finally {
    agent.destroy();
  }
}
