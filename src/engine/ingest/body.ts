/**
 * Request bodies for the ingest routes: JSON only, size-limited, and every way they can be wrong
 * is a specific 4xx (DESIGN.md "JSON only; body size limit"). Requiring `application/json` also
 * forces a browser to preflight, which a foreign Origin then fails.
 */
import type { IncomingMessage } from 'node:http';
import { HttpError } from './respond';

export const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;

export function tooLarge(limit: number): HttpError {
  // `Connection: close` so Node drops the rest of an oversized upload instead of reading it.
  return new HttpError(413, 'payload too large', `the body exceeds ${limit} bytes`, { maxBytes: limit }, { Connection: 'close' });
}

function isJsonMediaType(contentType: string | undefined): boolean {
  return contentType?.split(';')[0].trim().toLowerCase() === 'application/json';
}

/**
 * Collects the body up to `limit`. Listeners rather than `for await`: leaving an async iterator
 * early destroys the request, and with it the socket the 413 must still be written to.
 */
function collect(req: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const stop = () => {
      req.off('data', onData).off('end', onEnd).off('error', onError).off('close', onClose);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) return void chunks.push(chunk);
      stop();
      req.pause();
      reject(tooLarge(limit));
    };
    const onEnd = () => {
      stop();
      resolve(Buffer.concat(chunks));
    };
    const onError = (err: Error) => {
      stop();
      reject(new HttpError(400, 'bad request', `reading the body failed: ${err.message}`));
    };
    // A client that hangs up mid-body must not leave the handler waiting forever.
    const onClose = () => onError(new Error('the client closed the connection'));
    if (req.readableEnded) return reject(new HttpError(500, 'internal error', 'the body was already read'));
    req.on('data', onData).on('end', onEnd).on('error', onError).on('close', onClose);
  });
}

/** Reads and parses the body; rejects with an `HttpError` (415, 413 or 400) when it is not acceptable. */
export async function readJsonBody(req: IncomingMessage, limit: number = DEFAULT_MAX_BODY_BYTES): Promise<unknown> {
  if (!isJsonMediaType(req.headers['content-type'])) {
    throw new HttpError(415, 'unsupported media type', `Content-Type is "${req.headers['content-type'] ?? '(none)'}"`, ['application/json']);
  }
  return parseJsonBytes(await readBody(req, limit));
}

/** The raw body, at most `limit` bytes (413 beyond, also when Content-Length says so up front). */
export async function readBody(req: IncomingMessage, limit: number = DEFAULT_MAX_BODY_BYTES): Promise<Buffer> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) throw tooLarge(limit);
  return collect(req, limit);
}

/** UTF-8 JSON bytes → a value; a 400 `bad json` saying why not. */
export function parseJsonBytes(raw: Buffer): unknown {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(raw);
  } catch {
    throw new HttpError(400, 'bad json', 'the body is not valid UTF-8');
  }
  if (text.trim() === '') throw new HttpError(400, 'bad json', 'the body is empty; expected a JSON value');
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    throw new HttpError(400, 'bad json', err instanceof Error ? err.message : String(err));
  }
}
