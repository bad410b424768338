/**
 * Bring one file's events into the store: from the stored offset to the last complete line,
 * in batches, each batch and its new offset in one transaction (STYLE.md practice 13).
 * A truncated or replaced file is read again from the start; its old events stay (history).
 * Files rewritten whole (`mode: 'rewrite'`) are read whole instead: ingest-document.ts.
 */
import type { SourceAdapter, SourceFile } from '../adapters/types';
import { newParseOutput } from '../adapters/types';
import type { Bus } from '../bus';
import type { Logger } from '../logger';
import type { Store } from '../store/store';
import type { FileRecord } from '../store/types';
import { classifyChange, headsAgree, statIdentitySync, type FileIdentity } from '../watch/file-identity';
import { readCompleteLinesSync } from '../watch/read-lines';
import { ingestDocument } from './ingest-document';

export interface IngestFileDeps {
  store: Store;
  bus: Bus;
  logger: Logger;
  /** Read size, and so about the bytes per transaction; smaller batches mean earlier visibility during a cold index. */
  batchBytes: number;
  /** Called after each committed batch with the bytes it covered. */
  onProgress?: (bytes: number) => void;
}

export interface IngestFileResult {
  bytes: number;
  lines: number;
  events: number;
  mtimeMs: number | null;
  /** Agents the committed batches changed, for liveness to look at right away. */
  agentIds: Set<string>;
}

/**
 * A path seen for the first time may be a file that moved (Codex archives a finished rollout into
 * `archived_sessions/`; a user reorganises folders): same inode, same first bytes, and its old path
 * gone or now another file. Its row moves to the new path and reading resumes where it stood: read
 * again from 0, every event of the session would be stored twice.
 */
function adoptMovedFile(deps: IngestFileDeps, adapter: string, path: string, id: FileIdentity): FileRecord | null {
  for (const old of deps.store.sameInodeFiles(id.ino, adapter, path)) {
    if (old.head === null || !headsAgree(old.head, id.head) || old.offset > id.size) continue;
    const there = old.deleted ? null : statIdentitySync(old.path);
    if (there && there.ino === id.ino) continue; // a hard link: both paths are live
    deps.store.moveFile(old.path, path);
    deps.logger.info('file moved: reading resumes where it stood', { from: old.path, to: path, offset: old.offset });
    return deps.store.getFile(path);
  }
  return null;
}

export async function ingestFile(deps: IngestFileDeps, adapter: SourceAdapter, file: SourceFile): Promise<IngestFileResult> {
  const { store, bus } = deps;
  const result: IngestFileResult = { bytes: 0, lines: 0, events: 0, mtimeMs: null, agentIds: new Set() };
  const id = statIdentitySync(file.path);
  let stored = store.getFile(file.path);
  if (!stored && id) stored = adoptMovedFile(deps, adapter.name, file.path, id);
  if (!id) {
    // Deleted (Claude Code's 30-day sweep): the history stays, only the file row is marked.
    if (stored && !stored.deleted) store.markFileDeleted(file.path);
    return result;
  }
  result.mtimeMs = id.mtimeMs;
  if (file.mode === 'rewrite') return ingestDocument(deps, adapter, file, stored, id, result);
  const change = classifyChange(stored && stored.ino !== null ? { ino: stored.ino, size: stored.size, head: stored.head ?? '', offset: stored.offset } : null, id);
  if (change === 'unchanged' && stored && !stored.error) return result;

  let reset = change === 'truncated' || change === 'replaced';
  const offset = reset ? 0 : (stored?.offset ?? 0);
  if (reset && stored && stored.offset > 0) {
    deps.logger.info('file read again from the start', { path: file.path, change });
  }
  const parser = adapter.createParser(file, reset ? null : (stored?.parserState ?? null));

  // Synchronous reads: from the page cache they cost microseconds, while each async read is a thread-pool
  // round trip that left the CPU idle a quarter of a cold index. A chunk is bounded by batchBytes, so
  // the event loop is never held longer than one batch's parse and commit.
  for (const chunk of readCompleteLinesSync(file.path, offset, { chunkBytes: deps.batchBytes })) {
    const out = newParseOutput();
    for (const line of chunk.lines) parser.parseLine(line.text, line.offset, out);
    parser.flush?.(out);
    let unparsed = 0;
    for (const e of out.events) if (e.kind === 'unparsed') unparsed++;
    const committed = store.commit(out, {
      path: file.path,
      adapter: adapter.name,
      offset: chunk.endOffset,
      size: Math.max(id.size, chunk.endOffset),
      ino: id.ino,
      mtimeMs: id.mtimeMs,
      head: id.head,
      linesAdded: chunk.lines.length,
      unparsedAdded: unparsed,
      parserState: parser.state(),
      reset,
    });
    reset = false;
    result.bytes += chunk.bytesRead;
    result.lines += chunk.lines.length;
    result.events += committed.events.length;
    if (committed.events.length) bus.emit('events', committed.events);
    for (const agent of committed.agents) {
      result.agentIds.add(agent.id);
      bus.emit('agent', agent);
    }
    deps.onProgress?.(chunk.bytesRead);
    // Let HTTP requests, hooks and SSE writes through between batches: everything above is synchronous.
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
  return result;
}
