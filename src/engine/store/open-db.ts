/** Opens (or creates) Lantern's SQLite file with the settings the write path was measured with. */
import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { migrate } from './migrations';

/**
 * `new Database(file, options)` loading the compiled module `nativeBinding` when given (the tray app
 * passes better-sqlite3's Electron build, kept apart from the Node build that tests and `lantern serve`
 * load). A module that is missing or built for another runtime fails here with its path named.
 */
export function newDatabase(file: string, options: Database.Options = {}, nativeBinding?: string): Database.Database {
  try {
    return new Database(file, { ...options, nativeBinding });
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (nativeBinding === undefined || (code !== 'MODULE_NOT_FOUND' && code !== 'ERR_DLOPEN_FAILED')) throw err;
    const why = code === 'MODULE_NOT_FOUND' ? 'no such file' : (err as Error).message;
    throw new Error(`cannot load better-sqlite3's native module ${nativeBinding} (nativeBinding): ${why}`, { cause: err });
  }
}

export function openDatabase(dataDir: string, nativeBinding?: string): { db: Database.Database; path: string } {
  fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const dbPath = path.join(dataDir, 'lantern.db');
  const db = newDatabase(dbPath, {}, nativeBinding);
  // Tool results make many rows of tens of KB: 16 KiB pages keep most of them out of overflow chains
  // and halve the write cost of a cold index (measured: ~2x over 4 KiB). Only takes effect on a new file.
  db.pragma('page_size = 16384');
  db.pragma('journal_mode = WAL');
  // Checkpoint every ~64 MB of WAL instead of every 4 MB: each checkpoint fsyncs the database file,
  // which dominated a cold index. The WAL is truncated back on close.
  db.pragma('wal_autocheckpoint = 4000');
  // NORMAL in WAL mode is durable against process crashes (SIGKILL); only an OS crash or power
  // loss can drop the last transactions, and then the offsets roll back with them.
  db.pragma('synchronous = NORMAL');
  db.pragma('busy_timeout = 5000');
  db.pragma('cache_size = -16000');
  try {
    migrate(db);
  } catch (err) {
    db.close();
    throw err;
  }
  return { db, path: dbPath };
}
