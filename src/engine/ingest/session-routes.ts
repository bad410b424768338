/**
 * Sessions over HTTP: which are live (`lantern run` sidecars and Claude Code's registry), and the
 * raw transcript of one, tail first, from the live file or from the archive `lantern run` keeps
 * after Claude Code's 30-day cleanup deleted the original.
 */
import type { EngineApi } from '../../shared/contract';
import { archivePathOf, SESSION_ID } from '../sidecars/sidecar-file';
import { findClaudeTranscript, isFile } from '../sidecars/transcripts';
import { HttpError } from './respond';
import type { AddRoute } from './route-context';
import { readTranscriptWindow } from './transcript-tail';

export interface SessionRouteDeps {
  api: Pick<EngineApi, 'listActiveSessions'>;
  dataDir: string;
  /** The store's transcript path for a session (agent `claude:<id>`), if it has one. */
  transcriptOf(sessionId: string): string | null;
  /** Claude Code roots searched when the store does not know the session (yet). */
  claudeRoots: readonly string[];
}

export const DEFAULT_TAIL_BYTES = 200 * 1024;
export const MAX_TAIL_BYTES = 10 * 1024 * 1024;

function intParam(query: URLSearchParams, name: string, min: number, max: number): number | null {
  const raw = query.get(name);
  if (raw === null) return null;
  const n = Number(raw);
  if (raw.trim() === '' || !Number.isInteger(n) || n < min || n > max) {
    throw new HttpError(400, 'bad query', `${name} must be a whole number from ${min} to ${max}`, { [name]: `${min}..${max}` });
  }
  return n;
}

/** Live file first (store, then a search of the roots), then the archive. */
function resolveTranscript(deps: SessionRouteDeps, id: string): { path: string; source: 'live' | 'archive' } | null {
  const known = deps.transcriptOf(id);
  if (known && isFile(known)) return { path: known, source: 'live' };
  const found = findClaudeTranscript(deps.claudeRoots, id);
  if (found) return { path: found, source: 'live' };
  const archived = archivePathOf(deps.dataDir, id);
  return isFile(archived) ? { path: archived, source: 'archive' } : null;
}

export function registerSessionRoutes(server: { addRoute: AddRoute }, deps: SessionRouteDeps): void {
  server.addRoute('GET', '/api/sessions/active', () => deps.api.listActiveSessions());

  server.addRoute('GET', '/api/sessions/:sessionId/transcript', async ({ params, query, res }) => {
    const id = params.sessionId;
    // Strict: the id becomes part of file paths. Anything with `/`, `..` or `%` never gets that far.
    if (!SESSION_ID.test(id)) throw new HttpError(400, 'bad session id', 'a session id is 1-128 letters, digits, "-" or "_"', '[A-Za-z0-9_-]{1,128}');
    const bytes = intParam(query, 'bytes', 1, MAX_TAIL_BYTES) ?? DEFAULT_TAIL_BYTES;
    const since = intParam(query, 'since', 0, Number.MAX_SAFE_INTEGER);
    const found = resolveTranscript(deps, id);
    if (!found) throw new HttpError(404, 'not found', `no transcript for session ${JSON.stringify(id)}`);
    let window;
    try {
      window = await readTranscriptWindow(found.path, since, bytes);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') throw new HttpError(404, 'not found', `transcript for session ${JSON.stringify(id)} vanished`);
      throw err;
    }
    res.writeHead(200, {
      'Content-Type': 'application/x-ndjson; charset=utf-8',
      'Content-Length': String(window.bytes.length),
      'Cache-Control': 'no-store',
      'X-Transcript-Size': String(window.size),
      'X-Transcript-Offset': String(window.offset),
      'X-Transcript-Path': encodeURI(found.path),
      'X-Transcript-Source': found.source,
    });
    res.end(window.bytes);
  });
}
