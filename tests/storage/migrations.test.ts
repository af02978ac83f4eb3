import Database from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MIGRATIONS_DIR, openDatabase } from '../../src/storage/db';
import { tempDir } from '../helpers/tmp';

/** The migrator runs only when the journal has a migration the database has not had, and then applies it. */
describe('migrations on open', () => {
  it('applies what a database from an older build lacks, and nothing twice', () => {
    const dir = tempDir();
    const path = join(dir, 'bot.sqlite');
    // The migrations as a build before the newest one shipped them.
    const older = join(dir, 'drizzle');
    cpSync(MIGRATIONS_DIR, older, { recursive: true });
    const journalFile = join(older, 'meta/_journal.json');
    const journal = JSON.parse(readFileSync(journalFile, 'utf8')) as { entries: { tag: string }[] };
    const all = journal.entries.length;
    writeFileSync(journalFile, JSON.stringify({ ...journal, entries: journal.entries.slice(0, -1) }));
    const sqlite = new Database(path);
    migrate(drizzle(sqlite), { migrationsFolder: older });
    const applied = (db: Database.Database) =>
      db.prepare('SELECT COUNT(*) FROM __drizzle_migrations').pluck().get() as number;
    expect(applied(sqlite)).toBe(all - 1);
    sqlite.close();

    const db = openDatabase(path).$client;
    expect(applied(db)).toBe(all);
    db.close();
    const again = openDatabase(path).$client;
    expect(applied(again)).toBe(all);
    again.close();
  });
});
