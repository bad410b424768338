/**
 * SSE subscribers for scenarios f and g, run in a child process (dist/bench-child.js `sse-subscribers`)
 * so parsing the streams is not charged to the server's event loop. Protocol on stdio: connect
 * `clients` streams, print `{"ready":true}`; read one line `{"after":A,"until":U}` (two fence
 * events the parent posted around its run); then replay the store from A to U on one more stream
 * (what every subscriber should have received), wait for every live stream to reach U, and compare
 * by id. Ids are found by scanning bytes for frame starts, never by parsing the JSON.
 */
import http from 'node:http';

export interface SubscriberArgs {
  url: string;
  token: string;
  clients: number;
  /** How long the live streams may take to reach the last fence after the replay did. */
  graceMs: number;
}

export interface SubscriberResult {
  clients: number;
  /** Events in the store between the fences (the replay). */
  expected: number;
  /** Sum over clients of expected ids a client never received. */
  missing: number;
  /** Clients that missed at least one. */
  clientsMissing: number;
  /** Ids received out of order or twice (the hub promises neither happens). */
  disorder: number;
  /** Streams that ended before the check (e.g. dropped as too slow). */
  closedEarly: number;
  bytes: number;
}

const FRAME = Buffer.from('\n\nid: ');

interface Stream {
  ids: number[];
  lastId: number;
  disorder: number;
  ended: boolean;
  bytes: number;
  close(): void;
}

/** Opens /api/stream (optionally replaying after `after`); resolves once the first bytes arrived. */
function open(args: SubscriberArgs, after: number | null, onId?: (id: number) => void): Promise<Stream> {
  return new Promise((resolve, reject) => {
    const path = after === null ? '/api/stream' : `/api/stream?after=${after}`;
    const s: Stream = { ids: [], lastId: -1, disorder: 0, ended: false, bytes: 0, close: () => req.destroy() };
    let carry = Buffer.alloc(0);
    const req = http.get(new URL(path, args.url), { headers: { 'X-Token': args.token, Accept: 'text/event-stream' } }, (res) => {
      if (res.statusCode !== 200) {
        res.resume();
        return reject(new Error(`/api/stream answered ${res.statusCode}`));
      }
      // The first frame follows `retry: …\n\n`, so every id line is preceded by a blank line.
      res.on('data', (chunk: Buffer) => {
        s.bytes += chunk.length;
        const buf = carry.length ? Buffer.concat([carry, chunk]) : chunk;
        let at = 0;
        let keep = Math.max(0, buf.length - (FRAME.length - 1));
        for (;;) {
          const i = buf.indexOf(FRAME, at);
          if (i < 0) break;
          const start = i + FRAME.length;
          const eol = buf.indexOf(10, start);
          if (eol < 0) {
            keep = i;
            break;
          }
          const id = Number(buf.toString('latin1', start, eol));
          if (id <= s.lastId) s.disorder++;
          s.lastId = Math.max(s.lastId, id);
          s.ids.push(id);
          onId?.(id);
          at = eol;
          keep = Math.max(keep, eol);
        }
        carry = Buffer.from(buf.subarray(keep));
        resolve(s);
      });
      res.on('close', () => (s.ended = true));
    });
    req.on('error', (err) => {
      s.ended = true;
      reject(err);
    });
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function readLine(): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    process.stdin.setEncoding('utf8');
    process.stdin.on('data', (d: string) => {
      text += d;
      const nl = text.indexOf('\n');
      if (nl >= 0) resolve(text.slice(0, nl));
    });
    process.stdin.on('end', () => reject(new Error('stdin closed before the fences were sent')));
  });
}

export async function runSubscribers(args: SubscriberArgs): Promise<SubscriberResult> {
  const live: Stream[] = [];
  for (let c = 0; c < args.clients; c++) live.push(await open(args, null));
  process.stdout.write('{"ready":true}\n');
  const { after, until } = JSON.parse(await readLine()) as { after: number; until: number };

  let reached!: () => void;
  const done = new Promise<void>((r) => (reached = r));
  const replay = await open(args, after, (id) => id >= until && reached());
  await Promise.race([done, sleep(60_000)]);
  replay.close();
  const expected = new Set(replay.ids.filter((id) => id > after && id <= until));
  if (!expected.has(until)) throw new Error(`the replay did not reach the last fence ${until}`);

  const deadline = performance.now() + args.graceMs;
  while (performance.now() < deadline && live.some((s) => s.lastId < until && !s.ended)) await sleep(10);

  let missing = 0;
  let clientsMissing = 0;
  for (const s of live) {
    let got = 0;
    for (const id of s.ids) if (expected.has(id)) got++;
    missing += expected.size - got;
    if (got < expected.size) clientsMissing++;
  }
  const result: SubscriberResult = {
    clients: args.clients,
    expected: expected.size,
    missing,
    clientsMissing,
    disorder: live.reduce((n, s) => n + s.disorder, 0),
    closedEarly: live.filter((s) => s.ended).length,
    bytes: live.reduce((n, s) => n + s.bytes, 0),
  };
  for (const s of live) s.close();
  return result;
}
