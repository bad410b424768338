/**
 * Files an agent rewrites whole on every change (`mode: 'rewrite'`, e.g. Gemini CLI's legacy `session-*.json`)
 * cannot be tailed: each change is read whole and handed to the parser with the state saved after the previous
 * read, so the parser emits only what is new (adapters/types.ts `parseDocument`). Usage records carry stable keys
 * and the store keeps the largest per key, so reading the same document again changes no total. Events, state
 * and the file's identity go in one transaction, like a batch of appended lines.
 */
import { readFileSync } from 'node:fs';
import type { SourceAdapter, SourceFile } from '../adapters/types';
import { newParseOutput } from '../adapters/types';
import type { FileRecord } from '../store/store';
import type { FileIdentity } from '../watch/file-identity';
import type { IngestFileDeps, IngestFileResult } from './ingest-file';

/** A rewritten file larger than this is not read (a session document is a few MB at most). */
export const MAX_DOCUMENT_BYTES = 64 * 1024 * 1024;

/** Read whole before, and not touched since: same inode, size and mtime. */
function unchanged(stored: FileRecord | null, id: FileIdentity): boolean {
  return (
    stored !== null &&
    !stored.error &&
    !stored.deleted &&
    stored.ino === id.ino &&
    stored.size === id.size &&
    stored.offset === id.size &&
    stored.mtimeMs === Math.round(id.mtimeMs)
  );
}

export function ingestDocument(
  deps: IngestFileDeps,
  adapter: SourceAdapter,
  file: SourceFile,
  stored: FileRecord | null,
  id: FileIdentity,
  result: IngestFileResult,
): IngestFileResult {
  // Unchanged, or emptied by a writer about to write it again (truncate, then write): its next change is read.
  if (unchanged(stored, id) || id.size === 0) return result;
  if (id.size > MAX_DOCUMENT_BYTES) throw new Error(`rewritten file too large to read whole (${id.size} bytes, limit ${MAX_DOCUMENT_BYTES})`);
  const parser = adapter.createParser(file, stored?.parserState ?? null);
  if (!parser.parseDocument) throw new Error(`the ${adapter.name} adapter cannot read files that are rewritten whole`);
  const buf = readFileSync(file.path);
  const out = newParseOutput();
  // A failure is recorded as the file's error (health, log) and cleared by the next good read.
  if (!parser.parseDocument(buf.toString('utf8'), out)) throw new Error('not a complete document (being rewritten?); read again on its next change');
  let lines = 0;
  for (let i = buf.indexOf(10); i !== -1; i = buf.indexOf(10, i + 1)) lines++;
  if (buf.length && buf[buf.length - 1] !== 10) lines++;
  let unparsed = 0;
  for (const e of out.events) if (e.kind === 'unparsed') unparsed++;
  const committed = deps.store.commit(out, {
    path: file.path,
    adapter: adapter.name,
    offset: buf.length,
    size: buf.length,
    ino: id.ino,
    mtimeMs: id.mtimeMs,
    head: id.head,
    linesAdded: lines,
    unparsedAdded: unparsed,
    parserState: parser.state(),
    reset: true, // counters describe the latest version of the document
  });
  result.bytes = buf.length;
  result.lines = lines;
  result.events = committed.events.length;
  if (committed.events.length) deps.bus.emit('events', committed.events);
  for (const agent of committed.agents) {
    result.agentIds.add(agent.id);
    deps.bus.emit('agent', agent);
  }
  deps.onProgress?.(buf.length);
  return result;
}
