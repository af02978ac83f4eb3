import Database from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import type { BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import type * as Migrator from 'drizzle-orm/better-sqlite3/migrator';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as schema from './schema';

export type Db = BetterSQLite3Database<typeof schema> & { $client: Database.Database };

/**
 * The migrations folder of the project, wherever the process was started from: the nearest `drizzle/`
 * above this module, which is `src/storage/` when run from the sources and `dist/` when built.
 */
export const MIGRATIONS_DIR = findUp(dirname(fileURLToPath(import.meta.url)), 'drizzle/meta/_journal.json');

function findUp(from: string, marker: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, marker))) return join(dir, 'drizzle');
    if (dirname(dir) === dir) throw new Error(`no ${marker} above ${from}`);
  }
}

/**
 * How hard SQLite pushes each commit to the disk. `NORMAL` (WAL mode): a commit survives the process
 * crashing, but a power cut or an OS crash can lose the last commits before a checkpoint. `FULL`: the
 * WAL is flushed to the disk at every commit, so a commit survives those too, for a flush per commit.
 */
export type Synchronous = 'NORMAL' | 'FULL';

/**
 * Opens (creating if needed) the SQLite file, sets WAL and foreign keys, and applies the migrations.
 * `:memory:` is accepted for throwaway databases.
 */
export function openDatabase(path: string, options: { synchronous?: Synchronous } = {}): Db {
  if (path !== ':memory:') mkdirSync(dirname(resolve(path)), { recursive: true });
  const sqlite = new Database(path);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma(`synchronous = ${options.synchronous === 'FULL' ? 'FULL' : 'NORMAL'}`);
  sqlite.pragma('busy_timeout = 5000');
  const db = drizzle(sqlite, { schema }) as Db;
  // Table rebuilds in generated migrations must not cascade into child rows: migrate with foreign
  // keys off (the pragma is ignored inside the migrator's transaction), then prove nothing dangles.
  sqlite.pragma('foreign_keys = OFF');
  if (migrationsPending(sqlite)) {
    // drizzle's migrator (which reads and hashes every migration file) is loaded only when one is due.
    const { migrate } = createRequire(import.meta.url)(
      'drizzle-orm/better-sqlite3/migrator',
    ) as typeof Migrator;
    migrate(db, { migrationsFolder: MIGRATIONS_DIR });
  }
  const dangling = sqlite.pragma('foreign_key_check') as unknown[];
  if (dangling.length > 0) {
    sqlite.close();
    throw new Error(`database ${path}: ${dangling.length} row(s) point to missing rows after migration`);
  }
  sqlite.pragma('foreign_keys = ON');
  return db;
}

/**
 * Whether the journal has a migration this database has not had: drizzle applies, in order, those newer
 * than the newest it recorded (`__drizzle_migrations.created_at` is the journal's `when`).
 */
function migrationsPending(sqlite: Database.Database): boolean {
  const journal = JSON.parse(readFileSync(join(MIGRATIONS_DIR, 'meta/_journal.json'), 'utf8')) as {
    entries: { when: number }[];
  };
  const newest = Math.max(...journal.entries.map((e) => e.when));
  const recorded = sqlite
    .prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '__drizzle_migrations'")
    .get();
  if (!recorded) return true;
  const last = sqlite.prepare('SELECT MAX(created_at) AS at FROM __drizzle_migrations').get() as {
    at: number | string | null;
  };
  return last.at === null || Number(last.at) < newest;
}

/** Errors of SQLite that mean "cannot write now", as opposed to a bug in handling this message. */
const STORAGE_CODES = /^SQLITE_(BUSY|LOCKED|FULL|READONLY|IOERR|CANTOPEN|NOMEM|PROTOCOL)/;

export function isStorageFailure(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' && STORAGE_CODES.test(code);
}
