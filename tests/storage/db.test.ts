import Database from 'better-sqlite3';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createApp, StartupError } from '../../src/app';
import { loadConfig } from '../../src/config';
import { silentLogger } from '../../src/log';
import { openDatabase } from '../../src/storage/db';
import { PLANS_DIR } from '../helpers/plans';
import { tempDir } from '../helpers/tmp';

describe('opening the database', () => {
  it('refuses a database left with rows that point to missing rows, and says how many', () => {
    const path = join(tempDir(), 'bot.sqlite');
    openDatabase(path).$client.close();
    // A line of a report whose report is gone (as a table rebuild with cascading deletes could leave).
    const raw = new Database(path);
    raw.pragma('foreign_keys = OFF');
    raw
      .prepare(
        'INSERT INTO report_items (report_id, task_code, status, result, figures) VALUES (?, ?, ?, ?, ?)',
      )
      .run(4242, 'NV3', 'done', '2 hội nghị', '[]');
    raw.close();

    expect(() => openDatabase(path)).toThrow(
      `database ${path}: 1 row(s) point to missing rows after migration`,
    );
    expect(() => createApp(loadConfig({ DATABASE_PATH: path, PLANS_DIR }), { logger: silentLogger })).toThrow(
      StartupError,
    );
    // Refused, not repaired: the row is still there for a person to look at.
    const check = new Database(path, { readonly: true });
    expect(check.prepare('SELECT COUNT(*) FROM report_items').pluck().get()).toBe(1);
    check.close();
  });

  it('commits with synchronous NORMAL by default, and FULL when asked', () => {
    const dir = tempDir();
    const normal = openDatabase(join(dir, 'a.sqlite'));
    const full = openDatabase(join(dir, 'b.sqlite'), { synchronous: 'FULL' });
    // SQLite's numbers: 1 is NORMAL, 2 is FULL.
    expect(normal.$client.pragma('synchronous', { simple: true })).toBe(1);
    expect(full.$client.pragma('synchronous', { simple: true })).toBe(2);
    normal.$client.close();
    full.$client.close();
    expect(loadConfig({}).SQLITE_SYNCHRONOUS).toBe('NORMAL');
    expect(loadConfig({ SQLITE_SYNCHRONOUS: 'full' }).SQLITE_SYNCHRONOUS).toBe('FULL');
    expect(() => loadConfig({ SQLITE_SYNCHRONOUS: 'OFF' })).toThrow(/SQLITE_SYNCHRONOUS/);
  });
});
