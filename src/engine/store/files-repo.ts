/** The `files` table: where reading stands in every tailed file, with its identity and parser state. */
import type Database from 'better-sqlite3';
import type { ParserState } from '../adapters/types';
import type { FileCommit, FileRecord } from './types';

export function createFilesRepo(db: Database.Database) {
  const st = {
    get: db.prepare('SELECT * FROM files WHERE path = ?'),
    all: db.prepare('SELECT * FROM files'),
    // Everything but the parser state, which can hold thousands of keys per file: a warm start
    // only compares identities, and parsing every state cost most of it.
    identities: db.prepare('SELECT path, adapter, offset, size, ino, mtime_ms, head, lines, unparsed, NULL AS parser_state, error, deleted FROM files'),
    upsert: db.prepare(
      `INSERT INTO files (path, adapter, offset, size, ino, mtime_ms, head, lines, unparsed, parser_state, error, deleted)
       VALUES (@path, @adapter, @offset, @size, @ino, @mtimeMs, @head, @lines, @unparsed, @parserState, NULL, 0)
       ON CONFLICT(path) DO UPDATE SET adapter = excluded.adapter, offset = excluded.offset, size = excluded.size,
         ino = excluded.ino, mtime_ms = excluded.mtime_ms, head = excluded.head,
         lines = CASE WHEN @reset THEN excluded.lines ELSE files.lines + excluded.lines END,
         unparsed = CASE WHEN @reset THEN excluded.unparsed ELSE files.unparsed + excluded.unparsed END,
         parser_state = excluded.parser_state, error = NULL, deleted = 0`,
    ),
    setError: db.prepare(`INSERT INTO files (path, adapter, error) VALUES (?, ?, ?) ON CONFLICT(path) DO UPDATE SET error = excluded.error`),
    markDeleted: db.prepare('UPDATE files SET deleted = 1 WHERE path = ?'),
    byIno: db.prepare('SELECT * FROM files WHERE ino = ? AND adapter = ? AND path != ?'),
    rename: db.prepare('UPDATE files SET path = @to, deleted = 0 WHERE path = @from'),
    renameTranscript: db.prepare('UPDATE agents SET transcript = @to WHERE transcript = @from'),
    counts: db.prepare('SELECT count(*) AS files, sum(error IS NOT NULL) AS errors FROM files'),
  };
  return {
    get(p: string): FileRecord | null {
      const r = st.get.get(p) as Record<string, unknown> | undefined;
      return r ? fileFromDb(r) : null;
    },
    all: (): FileRecord[] => (st.all.all() as Record<string, unknown>[]).map(fileFromDb),
    /** Every file without its parser state (`parserState` is null). */
    identities: (): FileRecord[] => (st.identities.all() as Record<string, unknown>[]).map(fileFromDb),
    /** Called inside the batch's transaction. */
    upsert(f: FileCommit): void {
      st.upsert.run({
        path: f.path,
        adapter: f.adapter,
        offset: f.offset,
        size: f.size,
        ino: f.ino,
        mtimeMs: Math.round(f.mtimeMs),
        head: f.head,
        lines: f.linesAdded,
        unparsed: f.unparsedAdded,
        parserState: f.parserState ? JSON.stringify(f.parserState) : null,
        reset: f.reset ? 1 : 0,
      });
    },
    setError: (p: string, adapter: string, error: string | null) => void st.setError.run(p, adapter, error),
    markDeleted: (p: string) => void st.markDeleted.run(p),
    /** Rows of other paths with this inode and adapter: candidates for a file that moved here. */
    sameInode: (ino: string, adapter: string, exceptPath: string): FileRecord[] => (st.byIno.all(ino, adapter, exceptPath) as Record<string, unknown>[]).map(fileFromDb),
    /** Moves a row (and the transcript path of the agents read from it) to the file's new path. */
    rename: db.transaction((from: string, to: string) => {
      st.rename.run({ from, to });
      st.renameTranscript.run({ from, to });
    }),
    counts(): { files: number; errors: number } {
      const c = st.counts.get() as { files: number; errors: number | null };
      return { files: c.files, errors: c.errors ?? 0 };
    },
  };
}

function fileFromDb(r: Record<string, unknown>): FileRecord {
  return {
    path: r.path as string,
    adapter: r.adapter as string,
    offset: r.offset as number,
    size: r.size as number,
    ino: r.ino as string | null,
    mtimeMs: r.mtime_ms as number | null,
    head: r.head as string | null,
    lines: r.lines as number,
    unparsed: r.unparsed as number,
    parserState: r.parser_state ? (JSON.parse(r.parser_state as string) as ParserState) : null,
    error: r.error as string | null,
    deleted: r.deleted === 1,
  };
}
