import Database from 'better-sqlite3';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { pendingIn } from '../../src/channels/journal';
import { instantAt } from '../../src/core/time';
import { createLogger } from '../../src/log';
import { ConsoleSession } from '../helpers/console';
import { feed, runBot, scriptArgs, spawnBot, spawnNode } from '../helpers/spawnBot';
import { PLANS_DIR } from '../helpers/plans';
import { tempDir } from '../helpers/tmp';
import { waitFor } from '../helpers/wait';

/**
 * Storage faults. Promise: when the database refuses writes (read-only, locked by another process, disk
 * full) the bot says so clearly, writes no half of a report, and keeps nothing it acknowledged only in
 * memory: a channel whose platform redelivers leaves the message with the platform, and the console
 * and Zalo, which cannot, write it to their journal (fsynced) before anything else. After one refusal the
 * bot backs off and refuses without trying the database, instead of waiting out the lock on every
 * message. Once the fault clears, or at the next start after a kill -9, every message is handled
 * exactly once. A backup taken while the bot writes is a consistent copy.
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
  /** Starts the fault; resolves to what clears it. */
  start: (s: ConsoleSession) => Promise<() => Promise<void>>;
}

/** The messages a journal holds for the bot (taken in, not yet stored), by their text. */
const backlog = (dir: string, channel = 'console') =>
  pendingIn(join(dir, 'journal', `${channel}.ndjson`)).map((m) => m.text);

/** Another process that takes the database's write lock and holds it until its input closes. */
const LOCKER = `
const Database = require('better-sqlite3');
const db = new Database(process.argv[1]);
db.exec('BEGIN EXCLUSIVE');
process.stdout.write('locked\\n');
process.stdin.on('end', () => { db.exec('ROLLBACK'); db.close(); process.exit(0); });
process.stdin.resume();
`;

const faults: Fault[] = [
  {
    name: 'read-only database',
    start: async (s) => {
      // The bot's connection may only read, as on a file turned read-only (root ignores file modes).
      const db = s.deps.db.$client;
      db.pragma('query_only = ON');
      return async () => void db.pragma('query_only = OFF');
    },
  },
  {
    name: 'disk full',
    start: async (s) => {
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
      return async () => {
        db.exec('DROP TABLE filler');
        db.pragma('max_page_count = 1073741823');
      };
    },
  },
  {
    name: 'locked by another process',
    start: async (s) => {
      // Another process holds the write lock past the bot's busy timeout (shortened from 5 s to 300 ms
      // for the test: each try against the lock blocks the bot that long).
      const db = s.deps.db.$client;
      db.pragma('busy_timeout = 300');
      const release = await lockDatabase(join(s.dir, 'bot.sqlite'));
      return async () => {
        await release();
        db.pragma('busy_timeout = 5000');
      };
    },
  },
];

/** Takes the database's write lock in another process; resolves to what releases it. */
async function lockDatabase(path: string): Promise<() => Promise<void>> {
  const other = spawnNode(['-e', LOCKER, path], {}, ['pipe', 'pipe', 'inherit']);
  await new Promise<void>((resolve, reject) => {
    other.stdout?.on('data', (d: Buffer) => d.toString().includes('locked') && resolve());
    other.on('exit', (code) => reject(new Error(`the locking process ended (${code})`)));
  });
  return async () => {
    const exited = new Promise((r) => other.once('exit', r));
    other.stdin?.end();
    await exited;
  };
}

describe('storage faults', () => {
  for (const fault of faults) {
    it(`${fault.name}: says so, writes nothing half, keeps the messages in the journal, tries the database once, and handles them when it clears`, async () => {
      const logs: string[] = [];
      session = await ConsoleSession.start(NOW, {
        logger: createLogger('info', (line) => logs.push(line)),
        // Long enough that both messages fall within the first wait, on a loaded machine too.
        storageBackoff: { firstMs: 5_000, maxMs: 5_000 },
      });
      const s = session;
      await s.say(':as phong kinh te');
      const db = s.deps.db.$client;
      const before = {
        reports: count(db, 'SELECT COUNT(*) FROM reports'),
        inbound: count(db, 'SELECT COUNT(*) FROM inbound'),
      };
      const tries = () => logs.filter((l) => l.includes('storage refuses writes')).length;

      // A notice falls due during the fault: the outbox sender meets the fault too.
      const chatId = db
        .prepare("SELECT id FROM chats WHERE id LIKE 'console:%' AND role = 'unit'")
        .pluck()
        .get() as string;
      s.deps.outbox.enqueue(
        {
          dedupeKey: 'notice-in-fault',
          chatId,
          kind: 'notice',
          payload: { text: 'Thông báo giữa lúc lỗi lưu trữ' },
          dueAt: new Date(NOW.getTime() + 60_000),
        },
        s.now,
      );
      const clear = await fault.start(s);
      s.now = new Date(NOW.getTime() + 61_000);
      s.deps.wake();
      await new Promise((r) => setTimeout(r, 200));
      // Long enough to need new pages: on a full disk, what still fits in a half-empty page goes through.
      const detail = 'tuyên truyền tại 12 tổ dân phố, '.repeat(150);
      const report = `NV3: hoàn thành - tổ chức 2 hội nghị, ${detail}\nNV7: đang thực hiện - đăng ký mô hình`;
      const said = await s.say(report);
      expect(said).toContain('Bot đang gặp sự cố lưu trữ dữ liệu');
      expect(said).not.toContain('Đã nhận');
      expect(tries()).toBe(1);
      // A second message in the fault waits behind the first, the chat is told only once, and the
      // database is not tried again within the wait (no second wait on a lock).
      const second = await s.say('Vướng mắc: thiếu kinh phí in tài liệu');
      expect(second).not.toContain('sự cố lưu trữ');
      expect(tries()).toBe(1);
      // Nothing of them is in the database; both are on disk, in order, in the console's journal.
      expect(count(db, 'SELECT COUNT(*) FROM reports')).toBe(before.reports);
      expect(count(db, 'SELECT COUNT(*) FROM inbound')).toBe(before.inbound);
      expect(count(db, 'SELECT COUNT(*) FROM report_items')).toBe(0);
      expect(backlog(s.dir)).toEqual([report, 'Vướng mắc: thiếu kinh phí in tài liệu']);

      await clear();
      // The journal hands the messages over again once the wait is over and the database takes them.
      await waitFor(() => /Đã ghi nhận vướng mắc số 1/.test(s.transcript), 60_000);
      await waitFor(() => s.transcript.includes('Thông báo giữa lúc lỗi lưu trữ'), 60_000);
      const receipt = s.transcript.indexOf('Đã nhận báo cáo');
      expect(receipt).toBeGreaterThan(0);
      expect(receipt).toBeLessThan(s.transcript.indexOf('Đã ghi nhận vướng mắc số 1'));
      expect(count(db, 'SELECT COUNT(*) FROM reports')).toBe(before.reports + 1);
      expect(count(db, 'SELECT COUNT(*) FROM report_items')).toBe(2);
      expect(count(db, 'SELECT COUNT(*) FROM inbound')).toBe(before.inbound + 2);
      expect(s.deps.outbox.get('notice-in-fault')?.status).toBe('sent');
      expect(backlog(s.dir)).toEqual([]);
      expect(statSync(join(s.dir, 'journal', 'console.ndjson')).size).toBe(0);
      console.log(
        `storage fault "${fault.name}": 2 messages refused and kept in the journal (database tried ${tries()} time(s) for them), 2 handled after recovery, 1 notice due in the fault sent after it, 0 half-written`,
      );
    });
  }

  it('kill -9 while the database refuses writes: after the restart every message taken in is handled exactly once', async () => {
    const dir = tempDir();
    const dbPath = join(dir, 'bot.sqlite');
    const env = { DATABASE_PATH: dbPath, PLANS_DIR, CONSOLE: 'on', LOG_LEVEL: 'warn', TZ: 'UTC' };
    const units = ['phong kinh te', 'van phong hdnd', 'cong an', 'tram y te', 'ban chqs'];
    // A first run binds the units' console chats (binding is a write) and ends.
    const setup = await runBot(units.map((u) => `:as ${u}\n`).join(''), env);
    expect(setup.code, setup.stderr).toBe(0);

    const child = spawnBot(env);
    let out = '';
    child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
    const exited = new Promise((r) => child.once('exit', r));
    const n = 20;
    const text = (k: number) => `NV3: hoàn thành - lần ${k}\nNV7: đang thực hiện - mô hình ${k}`;
    let release: () => Promise<void> = async () => {};
    try {
      await waitFor(() => out.includes('Đang ở'), 30_000);
      // Once the bot runs, another process takes the database's write lock and keeps it.
      release = await lockDatabase(dbPath);
      for (let k = 0; k < n; k++)
        feed(child, `:as ${units[k % units.length]}\n${text(k).replace('\n', '\\\n')}\n`);
      // Every message is on disk before the bot answers anything; none reached the database.
      await waitFor(() => backlog(dir).length === n, 120_000, 50);
      expect(out).toContain('Bot đang gặp sự cố lưu trữ dữ liệu');
    } finally {
      child.kill('SIGKILL');
      await exited;
      await release();
    }
    expect(child.stdinErrors).toEqual([]);
    expect(backlog(dir)).toEqual(Array.from({ length: n }, (_, k) => text(k)));
    const journal = join(dir, 'journal', 'console.ndjson');
    const kept = readFileSync(journal);
    const reports = () => {
      const db = new Database(dbPath, { readonly: true });
      try {
        return {
          reports: count(db, 'SELECT COUNT(*) FROM reports'),
          items: count(db, 'SELECT COUNT(*) FROM report_items'),
          inbound: db
            .prepare("SELECT text FROM inbound WHERE text LIKE 'NV3: hoàn thành - lần %' ORDER BY id")
            .pluck()
            .all() as string[],
        };
      } finally {
        db.close();
      }
    };
    expect(reports().reports).toBe(0);

    // The database takes writes again; the next start hands the journal to the bot before any new line.
    const again = await runBot('', env, 60_000);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout.match(/Đã nhận báo cáo/g)).toHaveLength(n);
    const after = reports();
    expect(after.inbound).toEqual(Array.from({ length: n }, (_, k) => text(k)));
    expect(after.reports).toBe(n);
    expect(after.items).toBe(2 * n);
    expect(backlog(dir)).toEqual([]);

    // As if that run had died after storing them and before marking any done: the same journal again.
    writeFileSync(journal, kept);
    const third = await runBot('', env, 60_000);
    expect(third.code, third.stderr).toBe(0);
    expect(third.stdout).not.toContain('Đã nhận báo cáo');
    expect(reports()).toEqual(after);
    console.log(
      `kill -9 in a storage fault: ${n} messages journaled and refused, 0 stored before the kill; after the restart ${after.reports} reports, each once; the same journal handed over again: 0 more`,
    );
  });

  it('refuses to start on a database it cannot open, with a clear message', async () => {
    const r = await runBot('', { DATABASE_PATH: '/dev/null/bot.sqlite', PLANS_DIR, CONSOLE: 'on' });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/bot\.sqlite/);
    expect(r.stderr).not.toMatch(/^\s+at /m); // a message, not a stack trace
  });

  it('takes a consistent backup with `npm run backup` while the bot is writing: a prefix of its history', async () => {
    const dir = tempDir();
    const dbPath = join(dir, 'bot.sqlite');
    // The real bot, as `npm start` runs it, fed reports continuously on its console.
    const child = spawnBot({ DATABASE_PATH: dbPath, PLANS_DIR, CONSOLE: 'on', LOG_LEVEL: 'warn' }, [
      'pipe',
      'ignore',
      'pipe',
    ]);
    const units = ['phong kinh te', 'van phong hdnd', 'cong an', 'tram y te', 'ban chqs'];
    let n = 0;
    const feeder = setInterval(() => {
      for (let k = 0; k < 20; k++, n++)
        feed(
          child,
          `:as ${units[n % units.length]}\nNV3: hoàn thành - lần ${n}\\\nNV7: đang thực hiện - mô hình ${n}\n`,
        );
    }, 20);
    const exited = new Promise((r) => child.once('exit', r));
    /** Each report with its lines, in id order: what a copy must hold a prefix of. */
    const history = (db: Database.Database) =>
      db
        .prepare(
          `SELECT r.id, r.unit_id, r.period_id, r.revision, r.inbound_id,
             (SELECT group_concat(i.task_code || '=' || i.status || ':' || i.result, '|')
                FROM report_items i WHERE i.report_id = r.id) AS items
           FROM reports r ORDER BY r.id`,
        )
        .all() as { id: number; items: string }[];
    const copies: { path: string; reports: number; writtenMeanwhile: number }[] = [];
    try {
      const live = () => {
        try {
          const db = new Database(dbPath, { readonly: true, fileMustExist: true });
          try {
            return count(db, 'SELECT COUNT(*) FROM reports');
          } finally {
            db.close();
          }
        } catch {
          return 0;
        }
      };
      await waitFor(() => live() > 200, 60_000);
      for (let i = 0; i < 4; i++) {
        const target = join(dir, `backup-${i}.sqlite`);
        const before = live();
        // `npm run backup -- <file>`, as the administrator runs it.
        const r = await runBackup(target, dbPath);
        expect(r.code, r.stderr).toBe(0);
        expect(r.stdout).toContain('Đã sao lưu');
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
          copies.push({
            path: target,
            reports: count(copy, 'SELECT COUNT(*) FROM reports'),
            writtenMeanwhile: 0,
          });
        } finally {
          copy.close();
        }
        copies.at(-1)!.writtenMeanwhile = live() - before;
      }
    } finally {
      // Stop feeding before the kill, so no write is left to meet a dead process.
      clearInterval(feeder);
      child.kill('SIGKILL');
      await exited;
    }
    expect(child.stdinErrors).toEqual([]);
    // Each copy is exactly the start of the bot's final history: same reports, same lines, nothing missing.
    const final = new Database(dbPath, { readonly: true, fileMustExist: true });
    const whole = history(final);
    final.close();
    for (const c of copies) {
      const copy = new Database(c.path, { readonly: true });
      const held = history(copy);
      copy.close();
      expect(held).toEqual(whole.slice(0, held.length));
    }
    console.log(
      `backup while writing: ${copies.length} copies by npm run backup of ${copies.map((c) => c.reports).join(', ')} reports (${copies.map((c) => c.writtenMeanwhile).join(', ')} written while each backup command ran), each a prefix of the final ${whole.length}`,
    );
    expect(copies.every((c) => c.writtenMeanwhile > 0)).toBe(true);
    expect(copies.at(-1)!.reports).toBeGreaterThan(copies[0]!.reports);
  });
});

/** Runs the backup command as `npm run backup -- <file>` does: its script, read from package.json. */
function runBackup(
  target: string,
  databasePath: string,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const p = spawnNode([...scriptArgs('backup'), target], { DATABASE_PATH: databasePath, PLANS_DIR }, [
      'ignore',
      'pipe',
      'pipe',
    ]);
    let stdout = '';
    let stderr = '';
    p.stdout?.on('data', (d: Buffer) => (stdout += d.toString()));
    p.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
    p.on('error', reject);
    p.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}
