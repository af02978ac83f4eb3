import Database from 'better-sqlite3';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { backupDatabase } from '../../src/cli/backup';
import { instantAt } from '../../src/core/time';
import { ConsoleSession } from '../helpers/console';
import { runBot, ROOT } from '../helpers/spawnBot';
import { PLANS_DIR } from '../helpers/plans';
import { tempDir } from '../helpers/tmp';
import { waitFor } from '../helpers/wait';

/**
 * Storage faults. Promise: when the database refuses writes (read-only, locked by another process, disk
 * full) the bot says so clearly, writes no half of a report, keeps the message, and handles it once the
 * fault clears; a backup taken while the bot writes is a consistent copy.
 */
const NOW = instantAt('2026-06-05', '09:00', 'Asia/Ho_Chi_Minh');
let session: ConsoleSession | null = null;

afterEach(async () => {
  await session?.stop();
  session = null;
});

const count = (db: Database.Database, sql: string) => db.prepare(sql).pluck().get() as number;

interface Fault {
  name: string;
  start: (s: ConsoleSession) => () => void;
}

const faults: Fault[] = [
  {
    name: 'read-only database',
    start: (s) => {
      const db = s.deps.db.$client;
      db.pragma('query_only = ON');
      return () => db.pragma('query_only = OFF');
    },
  },
  {
    name: 'disk full',
    start: (s) => {
      // The file may not grow, and what room is left inside it is taken, as on a full disk.
      const db = s.deps.db.$client;
      db.exec('CREATE TABLE IF NOT EXISTS filler (x BLOB)');
      db.pragma(`max_page_count = ${db.pragma('page_count', { simple: true }) as number}`);
      const fill = db.prepare('INSERT INTO filler VALUES (randomblob(?))');
      for (const size of [4000, 1000, 200, 20])
        for (;;) {
          try {
            fill.run(size);
          } catch (err) {
            if ((err as { code?: string }).code !== 'SQLITE_FULL') throw err;
            break;
          }
        }
      return () => {
        db.exec('DROP TABLE filler');
        db.pragma('max_page_count = 1073741823');
      };
    },
  },
  {
    name: 'locked by another process',
    start: (s) => {
      // Another connection (as another process would) holds the write lock past the bot's busy timeout.
      const other = new Database(join(s.dir, 'bot.sqlite'));
      other.exec('BEGIN EXCLUSIVE');
      return () => {
        other.exec('ROLLBACK');
        other.close();
      };
    },
  },
];

describe('storage faults', () => {
  for (const fault of faults) {
    it(`${fault.name}: says so, writes nothing half, and handles the message when it clears`, async () => {
      session = await ConsoleSession.start(NOW);
      const s = session;
      await s.say(':as phong kinh te');
      const db = s.deps.db.$client;
      const before = {
        reports: count(db, 'SELECT COUNT(*) FROM reports'),
        inbound: count(db, 'SELECT COUNT(*) FROM inbound'),
      };

      const clear = fault.start(s);
      // Long enough to need new pages: on a full disk, what still fits in a half-empty page goes through.
      const detail = 'tuyên truyền tại 12 tổ dân phố, '.repeat(150);
      const said = await s.say(
        `NV3: hoàn thành - tổ chức 2 hội nghị, ${detail}\nNV7: đang thực hiện - đăng ký mô hình`,
      );
      expect(said).toContain('Bot đang gặp sự cố lưu trữ dữ liệu');
      expect(said).not.toContain('Đã nhận');
      // A second message in the fault waits behind the first, and the chat is told only once.
      const second = await s.say('Vướng mắc: thiếu kinh phí in tài liệu');
      expect(second).not.toContain('sự cố lưu trữ');
      if (fault.name !== 'locked by another process') {
        expect(count(db, 'SELECT COUNT(*) FROM reports')).toBe(before.reports);
        expect(count(db, 'SELECT COUNT(*) FROM inbound')).toBe(before.inbound);
        expect(count(db, 'SELECT COUNT(*) FROM report_items')).toBe(0);
      }

      clear();
      await waitFor(() => /Đã ghi nhận vướng mắc số 1/.test(s.transcript));
      const receipt = s.transcript.indexOf('Đã nhận báo cáo');
      expect(receipt).toBeGreaterThan(0);
      expect(receipt).toBeLessThan(s.transcript.indexOf('Đã ghi nhận vướng mắc số 1'));
      expect(count(db, 'SELECT COUNT(*) FROM reports')).toBe(before.reports + 1);
      expect(count(db, 'SELECT COUNT(*) FROM report_items')).toBe(2);
      expect(count(db, 'SELECT COUNT(*) FROM inbound')).toBe(before.inbound + 2);
      console.log(`storage fault "${fault.name}": 2 messages held, 2 handled after recovery, 0 half-written`);
    });
  }

  it('refuses to start on a database it cannot open, with a clear message', async () => {
    const r = await runBot('', { DATABASE_PATH: '/dev/null/bot.sqlite', PLANS_DIR, CONSOLE: 'on' });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/bot\.sqlite/);
    expect(r.stderr).not.toMatch(/^\s+at /m); // a message, not a stack trace
  });

  it('takes a consistent backup while the bot is writing', async () => {
    const dir = tempDir();
    const dbPath = join(dir, 'bot.sqlite');
    // The real bot, as `npm start` runs it, fed reports continuously on its console.
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      cwd: ROOT,
      env: {
        PATH: process.env.PATH ?? '',
        HOME: process.env.HOME ?? '',
        ENV_FILE: '',
        DATABASE_PATH: dbPath,
        PLANS_DIR,
        CONSOLE: 'on',
        LOG_LEVEL: 'warn',
      },
      stdio: ['pipe', 'ignore', 'pipe'],
    });
    const units = ['phong kinh te', 'van phong hdnd', 'cong an', 'tram y te', 'ban chqs'];
    let n = 0;
    const feed = setInterval(() => {
      for (let k = 0; k < 20; k++, n++)
        child.stdin.write(
          `:as ${units[n % units.length]}\nNV3: hoàn thành - lần ${n}\\\nNV7: đang thực hiện - mô hình ${n}\n`,
        );
    }, 20);
    try {
      const live = () => {
        const db = new Database(dbPath, { readonly: true, fileMustExist: true });
        try {
          return count(db, 'SELECT COUNT(*) FROM reports');
        } catch {
          return 0;
        } finally {
          db.close();
        }
      };
      await waitFor(() => {
        try {
          return live() > 200;
        } catch {
          return false;
        }
      }, 60_000);
      const copies: number[] = [];
      for (let i = 0; i < 5; i++) {
        const target = join(dir, `backup-${i}.sqlite`);
        const r = backupDatabase(dbPath, target);
        expect(r.bytes).toBeGreaterThan(0);
        const copy = new Database(target, { readonly: true });
        try {
          expect(copy.pragma('integrity_check', { simple: true })).toBe('ok');
          expect(copy.pragma('foreign_key_check')).toEqual([]);
          // No half-written report: every report has its two lines, and every stored reply its report.
          expect(
            count(
              copy,
              'SELECT COUNT(*) FROM reports r WHERE (SELECT COUNT(*) FROM report_items i WHERE i.report_id = r.id) <> 2',
            ),
          ).toBe(0);
          expect(
            count(
              copy,
              "SELECT COUNT(*) FROM inbound WHERE outcome LIKE 'report%' AND id NOT IN (SELECT inbound_id FROM reports WHERE inbound_id IS NOT NULL)",
            ),
          ).toBe(0);
          // A prefix of the live history: ids without gaps.
          expect(count(copy, 'SELECT COUNT(*) FROM reports')).toBe(
            count(copy, 'SELECT COALESCE(MAX(id), 0) FROM reports'),
          );
          copies.push(count(copy, 'SELECT COUNT(*) FROM reports'));
        } finally {
          copy.close();
        }
        await new Promise((r) => setTimeout(r, 100));
      }
      console.log(`backup while writing: 5 copies of ${copies.join(', ')} reports, all consistent`);
      expect(copies.at(-1)).toBeGreaterThan(copies[0]!);
    } finally {
      clearInterval(feed);
      child.kill('SIGKILL');
    }
  });
});
