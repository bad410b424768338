/**
 * A read-only connection to the store's SQLite file, for stats: `lantern stats` while `lantern serve`
 * holds the data dir (no lock taken: WAL lets readers run beside the writer), and the engine's own
 * stats reads, which then never share a connection with the write path.
 */
import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { MIGRATIONS } from '../store/migrations';
import { newDatabase } from '../store/open-db';

/** The first schema with the usage rollup and priced usage (migration 3); later ones only add indexes stats can do without. */
const MIN_SCHEMA = 3;

export class NoIndexError extends Error {
  constructor(dataDir: string) {
    super(`no index in ${dataDir}: run \`lantern index\` first (or pass the --data-dir that \`lantern serve\` uses)`);
    this.name = 'NoIndexError';
  }
}

/** `nativeBinding`: better-sqlite3's compiled module to load (see `EngineOptions.nativeBinding`). */
export function openReadonlyStore(dbPath: string, nativeBinding?: string): Database.Database {
  if (!fs.existsSync(dbPath)) throw new NoIndexError(path.dirname(dbPath));
  const db = newDatabase(dbPath, { readonly: true, fileMustExist: true }, nativeBinding);
  db.pragma('busy_timeout = 5000');
  const version = db.pragma('user_version', { simple: true }) as number;
  if (version < MIN_SCHEMA || version > MIGRATIONS.length) {
    db.close();
    const why = version > MIGRATIONS.length ? 'a newer Lantern wrote it; upgrade Lantern' : 'an older Lantern wrote it; run `lantern index` to upgrade it';
    throw new Error(`cannot read the index at ${dbPath} (schema ${version}, this build reads ${MIGRATIONS.length}): ${why}`);
  }
  return db;
}

export const storeFile = (dataDir: string) => path.join(dataDir, 'lantern.db');
