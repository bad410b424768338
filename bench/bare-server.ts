/**
 * The baseline of scenarios f and g: a bare `node:http` server on 127.0.0.1 that reads the body and
 * answers 200 `{}`. What any HTTP endpoint costs on this machine, before Lantern does anything.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { runChild } from './child-process';
import type { LoadArgs, LoadResult } from './load-client';

export interface BareServer {
  url: string;
  close(): Promise<void>;
}

export function startBareServer(): Promise<BareServer> {
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      Buffer.concat(chunks);
      res.writeHead(200, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': 2 });
      res.end('{}');
    });
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      resolve({
        url: `http://127.0.0.1:${port}`,
        close: () =>
          new Promise<void>((done) => {
            server.close(() => done());
            server.closeAllConnections();
          }),
      });
    });
  });
}

/** The load client (a child process) against a bare server started for it: the same-run baseline. */
export async function loadBareServer(load: Omit<LoadArgs, 'url' | 'token'>, timeoutMs: number): Promise<LoadResult> {
  const bare = await startBareServer();
  try {
    return await runChild<LoadResult>('http-load', { ...load, url: bare.url, token: 'none' }, timeoutMs);
  } finally {
    await bare.close();
  }
}
