import Database from 'better-sqlite3';
import type { ChildProcess } from 'node:child_process';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app';
import { pendingIn } from '../../src/channels/journal';
import { loadConfig } from '../../src/config';
import { instantAt } from '../../src/core/time';
import { createLogger, silentLogger } from '../../src/log';
import type { Runtime } from '../../src/runtime';
import { startRuntime } from '../../src/runtime';
import { ANH, FakeZaloBot, sticker, text, UNIT_GROUP } from '../helpers/fakeZaloBot';
import { PLANS_DIR } from '../helpers/plans';
import { spawnBot, spawnNode } from '../helpers/spawnBot';
import { tempDir } from '../helpers/tmp';
import { waitFor } from '../helpers/wait';

/**
 * The Zalo Bot Platform hands an update over once. Each is written raw to the database first; while the
 * database refuses that write (read-only, full, locked by another process) it goes to the journal instead,
 * fsynced, and fetching goes on (polling), or the webhook answers 200. The journal hands the messages to
 * the bot once the database takes writes again, or at the next start after a kill -9: each exactly once, in
 * the order they came, none lost.
 */
const TOKEN = '1618033988749894:ZaloBot-durability-token';
const START = instantAt('2026-12-09', '09:00', 'Asia/Ho_Chi_Minh').getTime();
let realStart = Date.now();
const clock = () => new Date(START + (Date.now() - realStart));
const GROUP = `zalobot:${UNIT_GROUP.id}`;
const TROUBLE = 'Bot đang gặp sự cố lưu trữ dữ liệu';
const RECEIPT = 'Đã nhận báo cáo';

let runtime: Runtime | null = null;
let fake: FakeZaloBot | null = null;
let child: ChildProcess | null = null;
const releases: (() => Promise<void>)[] = [];

afterEach(async () => {
  await runtime?.stop();
  if (child && child.exitCode === null && child.signalCode === null) {
    const exited = new Promise((r) => child?.once('exit', r));
    child.kill('SIGKILL');
    await exited;
  }
  for (const release of releases.splice(0)) await release();
  await fake?.stop();
  const refused = fake?.refused ?? [];
  [runtime, fake, child] = [null, null, null];
  expect(refused, JSON.stringify(refused)).toEqual([]);
});

/**
 * The k-th report of the unit, two lines, each message different; long enough to need new pages, as on a
 * full disk what still fits in a half-empty page goes through.
 */
const DETAIL = 'tuyên truyền tại 12 tổ dân phố, '.repeat(150);
const report = (k: number) => `NV3: hoàn thành - lần ${k}, ${DETAIL}\nNV7: đang thực hiện - mô hình ${k}`;

/** The messages the Zalo Bot channel's journal holds for the bot, by their text. */
const journaled = (dir: string) => pendingIn(join(dir, 'journal', 'zalobot.ndjson')).map((m) => m.text);

const count = (db: Database.Database, sql: string) => db.prepare(sql).pluck().get() as number;

/** What the database holds of the reports: the texts stored, the reports by revision, their lines. */
function stored(db: Database.Database) {
  return {
    inbound: db
      .prepare("SELECT text FROM inbound WHERE dedupe_key LIKE 'zalobot:%' AND text LIKE 'NV3:%' ORDER BY id")
      .pluck()
      .all() as string[],
    byRevision: db
      .prepare('SELECT i.text FROM reports r JOIN inbound i ON i.id = r.inbound_id ORDER BY r.revision')
      .pluck()
      .all() as string[],
    items: count(db, 'SELECT COUNT(*) FROM report_items'),
    unprocessed: count(
      db,
      "SELECT COUNT(*) FROM inbound WHERE dedupe_key LIKE 'zalobot:%' AND processed_at IS NULL",
    ),
  };
}

/** Texts the bot sent to the unit's group. */
const toGroup = (api: FakeZaloBot) => api.sent(UNIT_GROUP.id).map((m) => m.text);
const receipts = (api: FakeZaloBot) => toGroup(api).filter((t) => t.includes(RECEIPT)).length;

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Another process that takes the database's write lock and holds it until its input closes. */
const LOCKER = `
const Database = require('better-sqlite3');
const db = new Database(process.argv[1]);
db.exec('BEGIN EXCLUSIVE');
process.stdout.write('locked\\n');
process.stdin.on('end', () => { db.exec('ROLLBACK'); db.close(); process.exit(0); });
process.stdin.resume();
`;

/** Takes the database's write lock in another process; resolves to what releases it (once). */
async function lockDatabase(path: string): Promise<() => Promise<void>> {
  const other = spawnNode(['-e', LOCKER, path], {}, ['pipe', 'pipe', 'inherit']);
  await new Promise<void>((resolve, reject) => {
    other.stdout?.on('data', (d: Buffer) => d.toString().includes('locked') && resolve());
    other.on('exit', (code) => reject(new Error(`the locking process ended (${code})`)));
  });
  let released: Promise<void> | null = null;
  const release = () =>
    (released ??= (async () => {
      const exited = new Promise((r) => other.once('exit', r));
      other.stdin?.end();
      await exited;
    })());
  releases.push(release);
  return release;
}

/** The database, with the unit's group registered, before the bot starts. */
function prepare(dir: string): string {
  const dbPath = join(dir, 'bot.sqlite');
  const setup = createApp(loadConfig({ DATABASE_PATH: dbPath, PLANS_DIR }), { logger: silentLogger });
  setup.deps.chats.bind(
    GROUP,
    { kind: 'group', title: 'Phòng KT-HT-ĐT', role: 'unit', unitId: 'phong-kt-ht-dt', via: 'test' },
    new Date(START),
  );
  setup.close();
  return dbPath;
}

interface Fault {
  name: string;
  /** Starts the fault on the running bot's database; resolves to what clears it. */
  start: (db: Database.Database, path: string) => Promise<() => Promise<void>>;
}

const faults: Fault[] = [
  {
    name: 'read-only database',
    start: async (db) => {
      db.pragma('query_only = ON');
      return async () => void db.pragma('query_only = OFF');
    },
  },
  {
    name: 'disk full',
    start: async (db) => {
      // The file may not grow, and what room is left inside it is taken, as on a full disk.
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
    start: async (db, path) => {
      // Each try against the lock blocks the bot for its busy timeout: 300 ms here instead of 5 s.
      db.pragma('busy_timeout = 300');
      const release = await lockDatabase(path);
      return async () => {
        await release();
        db.pragma('busy_timeout = 5000');
      };
    },
  },
];

/** The runtime `npm start` builds, polling or behind a webhook, against the local fake of the platform. */
async function boot(mode: 'polling' | 'webhook', env: Record<string, string> = {}) {
  realStart = Date.now();
  fake = new FakeZaloBot(TOKEN);
  const api = fake;
  const root = await api.start();
  const dir = tempDir();
  const dbPath = prepare(dir);
  const port = await freePort();
  const logs: string[] = [];
  runtime = await startRuntime(
    loadConfig({
      DATABASE_PATH: dbPath,
      PLANS_DIR,
      CONSOLE: 'off',
      ZALO_BOT_TOKEN: TOKEN,
      ZALO_BOT_API_ROOT: root,
      HTTP_PORT: String(port),
      ...(mode === 'webhook'
        ? {
            ZALO_BOT_WEBHOOK_URL: `http://127.0.0.1:${port}/zalobot`,
            ZALO_BOT_WEBHOOK_SECRET: 'bi-mat-cua-webhook',
          }
        : {}),
      ...env,
    }),
    {
      logger: createLogger('info', (line) => logs.push(line)),
      clock,
      schedule: false,
      storageBackoff: { firstMs: 200, maxMs: 400 },
      tuning: { zalobot: { minPollGapMs: 20, retryDelayMs: 50, storagePauseMs: 100 } },
    },
  );
  return { api, dir, dbPath, logs, rt: runtime };
}

describe('the Zalo Bot channel while the database refuses writes', () => {
  it('webhook: answers 503 only when neither the database nor the journal can keep the message; the platform trying again is handled once', async () => {
    // A journal that cannot be written: its folder cannot exist.
    const { api, rt } = await boot('webhook', { JOURNAL_DIR: '/dev/null/journal' });
    const db = rt.app.deps.db.$client;
    db.pragma('query_only = ON');
    const update = text(report(1), ANH, UNIT_GROUP);
    expect(await api.postToWebhook(update)).toBe(503);
    expect(await api.postToWebhook(update)).toBe(503);
    db.pragma('query_only = OFF');
    // The database takes it now: kept raw, handled; the same update once more is a duplicate.
    expect(await api.postToWebhook(update)).toBe(200);
    await api.waitFor(() => receipts(api) === 1, 10_000);
    expect(await api.postToWebhook(update)).toBe(200);
    await new Promise((r) => setTimeout(r, 300));
    expect(receipts(api)).toBe(1);
    expect(stored(db)).toEqual({ inbound: [report(1)], byRevision: [report(1)], items: 2, unprocessed: 0 });
  });

  for (const mode of ['polling', 'webhook'] as const)
    for (const fault of faults)
      it(`${fault.name} (${mode}): every message goes to the journal, fetching goes on, and each is handled once, in order, when it clears`, async () => {
        const { api, dir, dbPath, logs, rt } = await boot(mode);
        const db = rt.app.deps.db.$client;
        const deliver = async (k: number) => {
          if (mode === 'polling') api.push(text(report(k), ANH, UNIT_GROUP));
          else expect(await api.postToWebhook(text(report(k), ANH, UNIT_GROUP))).toBe(200);
        };

        // A first report goes the normal way: written raw, handled, nothing in the journal.
        await deliver(0);
        await api.waitFor(() => receipts(api) === 1, 10_000);
        expect(journaled(dir)).toEqual([]);

        const clear = await fault.start(db, dbPath);
        const n = 5;
        for (let k = 1; k <= n; k++) await deliver(k);
        // Every one was taken from the platform (polling went on) and is on disk in the journal, in order.
        await api.waitFor(() => api.pending === 0 && journaled(dir).length === n, 15_000);
        expect(journaled(dir)).toEqual(Array.from({ length: n }, (_, k) => report(k + 1)));
        // None of them reached the database; the group was told once that its messages wait.
        expect(stored(db).inbound).toEqual([report(0)]);
        expect(count(db, 'SELECT COUNT(*) FROM reports')).toBe(1);
        await new Promise((r) => setTimeout(r, 300));
        expect(toGroup(api).filter((t) => t.includes(TROUBLE))).toHaveLength(1);
        expect(receipts(api)).toBe(1);
        expect(logs.filter((l) => l.includes('messages go to the journal'))).toHaveLength(1);

        await clear();
        await api.waitFor(() => receipts(api) === n + 1, 20_000);
        // Once the fault is gone, the normal way again: raw first, and the journal stays empty.
        await deliver(n + 1);
        await api.waitFor(() => receipts(api) === n + 2, 10_000);
        await new Promise((r) => setTimeout(r, 300));
        const all = Array.from({ length: n + 2 }, (_, k) => report(k));
        expect(stored(db)).toEqual({ inbound: all, byRevision: all, items: 2 * (n + 2), unprocessed: 0 });
        expect(receipts(api)).toBe(n + 2);
        expect(toGroup(api).filter((t) => t.includes(TROUBLE))).toHaveLength(1);
        expect(journaled(dir)).toEqual([]);
        expect(statSync(join(dir, 'journal', 'zalobot.ndjson')).size).toBe(0);
        console.log(
          `zalobot ${mode}, ${fault.name}: ${n} messages taken during the fault, ${n} journaled, 0 stored meanwhile; after it cleared ${n} handled once each, in order; the next one went raw-first`,
        );
      }, 60_000);
});

describe('the Zalo Bot channel killed (-9) while the database refuses writes', () => {
  for (const mode of ['polling', 'webhook'] as const)
    it(`${mode}: what it took meanwhile is in the journal, and the next start handles each message once, in order`, async () => {
      fake = new FakeZaloBot(TOKEN);
      const api = fake;
      const root = await api.start();
      const dir = tempDir();
      const dbPath = prepare(dir);
      const env: Record<string, string> = {
        DATABASE_PATH: dbPath,
        PLANS_DIR,
        EXPORT_DIR: join(dir, 'exports'),
        ZALO_BOT_TOKEN: TOKEN,
        ZALO_BOT_API_ROOT: root,
        LOG_LEVEL: 'info',
        CONSOLE: 'off',
      };
      if (mode === 'webhook') {
        const port = await freePort();
        Object.assign(env, {
          HTTP_PORT: String(port),
          ZALO_BOT_WEBHOOK_URL: `http://127.0.0.1:${port}/zalobot`,
          ZALO_BOT_WEBHOOK_SECRET: 'webhook-secret-2026',
        });
      }
      const n = 6;
      const all = Array.from({ length: n }, (_, k) => report(k + 1));

      await start(env);
      // Another process takes the database's write lock and keeps it (the bot waits its 5 s busy timeout).
      const release = await lockDatabase(dbPath);
      for (let k = 1; k <= n; k++) {
        const update = text(report(k), ANH, UNIT_GROUP);
        if (mode === 'polling') api.push(update);
        else expect(await api.postToWebhook(update)).toBe(200);
      }
      await waitFor(() => api.pending === 0 && journaled(dir).length === n, 90_000, 50);
      const proc = child!;
      const exited = new Promise((r) => proc.once('exit', r));
      proc.kill('SIGKILL');
      await exited;
      await release();
      const journal = join(dir, 'journal', 'zalobot.ndjson');
      const kept = readFileSync(journal);
      expect(journaled(dir)).toEqual(all);
      const read = () => {
        const db = new Database(dbPath, { readonly: true });
        try {
          return { ...stored(db), reports: count(db, 'SELECT COUNT(*) FROM reports') };
        } finally {
          db.close();
        }
      };
      // Nothing of them reached the database, and the bot answered none.
      expect(read()).toEqual({ inbound: [], byRevision: [], items: 0, unprocessed: 0, reports: 0 });
      expect(receipts(api)).toBe(0);

      // The next start, the database taking writes: the journal's messages, in order, each once.
      await start(env);
      await api.waitFor(() => receipts(api) === n, 30_000);
      await stop();
      const after = read();
      expect(after).toEqual({ inbound: all, byRevision: all, items: 2 * n, unprocessed: 0, reports: n });
      expect(receipts(api)).toBe(n);
      expect(journaled(dir)).toEqual([]);

      // As if that run had died after storing them and before marking any done: the same journal again.
      writeFileSync(journal, kept);
      await start(env);
      await waitFor(() => journaled(dir).length === 0, 10_000);
      // Time for a reply that should not be, before counting.
      await new Promise((r) => setTimeout(r, 500));
      await stop();
      expect(read()).toEqual(after);
      expect(receipts(api)).toBe(n);
      console.log(
        `zalobot ${mode}, kill -9 with the database locked: ${n} messages taken, ${n} journaled, 0 stored before the kill; after the restart ${after.reports} reports, each once, in order; the same journal handed over again: 0 more`,
      );
    }, 180_000);
});

/** Spawns the bot as `npm start` runs it; resolves once it is ready. */
function start(env: Record<string, string>): Promise<void> {
  return new Promise((resolve, reject) => {
    const proc = spawnBot(env, ['ignore', 'ignore', 'pipe']);
    child = proc;
    let err = '';
    proc.stderr?.on('data', (d: Buffer) => {
      err += d.toString();
      if (/ INFO ready /.test(err)) resolve();
    });
    proc.on('exit', (code, signal) => {
      if (!/ INFO ready /.test(err)) reject(new Error(`bot exited ${code ?? signal} before ready:\n${err}`));
    });
  });
}

/**
 * Stops the spawned bot with SIGTERM; it must end cleanly. The bot takes the signal once it has started
 * (its handler is set after "ready"): first one round trip with it, a poll or a webhook call.
 */
async function stop(): Promise<void> {
  const api = fake!;
  if (api.webhook) expect(await api.postToWebhook(sticker(ANH))).toBe(200);
  else {
    const polls = api.count('getUpdates');
    await api.waitFor(() => api.count('getUpdates') > polls, 10_000);
  }
  const proc = child!;
  const exited = new Promise<number | null>((r) => proc.once('exit', (code) => r(code)));
  proc.kill('SIGTERM');
  expect(await exited).toBe(0);
}
