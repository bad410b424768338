/**
 * `node:http` clients for what `fetch` cannot do: set `Host`, send a raw path that fetch would
 * normalise (`/%2e%2e/`), and read an SSE stream byte by byte (pausing it to play a slow client).
 */
import { request, type IncomingHttpHeaders, type IncomingMessage, type ClientRequest } from 'node:http';

export interface RawResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

export function rawRequest(
  port: number,
  path: string,
  opts: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method: opts.method ?? 'GET', headers: opts.headers, agent: false }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(opts.body);
  });
}

export interface SseMessage {
  id: string | undefined;
  /** The `event:` name of a named message (burn_tick, agent, settings); undefined for stored events. */
  event: string | undefined;
  data: string;
}

export interface SseClient {
  req: ClientRequest;
  res: IncomingMessage;
  messages: SseMessage[];
  comments: string[];
  /** Every `retry:` value seen. */
  retries: number[];
  /** Everything received, in order. */
  raw: string;
  /** Ids of received messages as numbers. */
  ids(): number[];
  ended: boolean;
  close(): void;
}

/** Opens `path` as an SSE stream and parses it as it arrives. Resolves once the headers are in. */
export function openSse(port: number, path: string, headers: Record<string, string> = {}): Promise<SseClient> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, headers: { Accept: 'text/event-stream', ...headers }, agent: false });
    req.on('response', (res) => {
      const client: SseClient = {
        req,
        res,
        messages: [],
        comments: [],
        retries: [],
        raw: '',
        ids: () => client.messages.map((m) => Number(m.id)),
        ended: false,
        close: () => req.destroy(),
      };
      let pending = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        client.raw += chunk;
        pending += chunk;
        let cut: number;
        while ((cut = pending.indexOf('\n\n')) >= 0) {
          const block = pending.slice(0, cut);
          pending = pending.slice(cut + 2);
          let id: string | undefined;
          let event: string | undefined;
          const data: string[] = [];
          for (const line of block.split('\n')) {
            if (line.startsWith(':')) client.comments.push(line.slice(1).trim());
            else if (line.startsWith('id: ')) id = line.slice(4);
            else if (line.startsWith('event: ')) event = line.slice(7);
            else if (line.startsWith('data: ')) data.push(line.slice(6));
            else if (line.startsWith('retry: ')) client.retries.push(Number(line.slice(7)));
          }
          if (data.length) client.messages.push({ id, event, data: data.join('\n') });
        }
      });
      const end = () => (client.ended = true);
      res.on('end', end).on('close', end).on('error', end);
      resolve(client);
    });
    // After the headers, a dropped client's ECONNRESET lands here as a no-op; tests read `ended`.
    req.on('error', reject);
    req.end();
  });
}
