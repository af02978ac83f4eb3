import Database from 'better-sqlite3';
import type { ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { PNG } from 'pngjs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app';
import { loadConfig } from '../../src/config';
import { silentLogger } from '../../src/log';
import type { ApiCall } from '../helpers/fakeTelegram';
import { FakeBotApi } from '../helpers/fakeTelegram';
import { PLANS_DIR } from '../helpers/plans';
import { feed, runBot, spawnBot } from '../helpers/spawnBot';
import { tempDir } from '../helpers/tmp';
import * as f from '../telegram/fixtures/updates';
import { waitFor } from '../helpers/wait';

/**
 * Crashes. The real bot process (started as `npm start` starts it) is killed with SIGKILL at random
 * points, 20 times, while it stores 500 replies and while it drains 500 outbox messages, and restarted
 * each time. The fake Bot API takes a message as soon as it arrives and answers a little later, as the
 * real one does, so kills fall between "the platform has it" and "the bot knows it". Half the kills come
 * at a random instant, half at the arrival of a random send. Promises checked, with the reason for every
 * repeat:
 * - every report is stored once and unchanged, whatever is redelivered, and every one is acknowledged:
 *   a receipt is sent at least once, and again exactly once for each kill that fell while the platform
 *   had it and the bot had not recorded that (a receipt is written with its report, and one not
 *   confirmed when the process died is sent by the next run);
 * - every outbox message is delivered at least once, in order per chat, and again exactly once for each
 *   kill that caught it in flight — at most one per kill, as the sender sends one at a time.
 */
const TOKEN = '123456:TEST-token';
const KILLS = 20;
let api: FakeBotApi | null = null;
let child: ChildProcess | null = null;

afterEach(async () => {
  child?.kill('SIGKILL');
  child = null;
  await api?.stop();
  api = null;
});

/** Seeded pseudo-random numbers, so a failure can be replayed. */
function random(seed: number): () => number {
  let s = seed;
  return () => ((s = (s * 1103515245 + 12345) % 2 ** 31), s / 2 ** 31);
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function startBot(env: Record<string, string>): Promise<ChildProcess> {
  return new Promise((resolve, reject) => {
    const proc = spawnBot({ LOG_LEVEL: 'info', CONSOLE: 'off', ...env }, ['ignore', 'ignore', 'pipe']);
    child = proc;
    let err = '';
    proc.stderr?.on('data', (d: Buffer) => {
      err += d.toString();
      if (/ INFO ready /.test(err)) resolve(proc);
    });
    proc.on('exit', (code) => {
      if (!/ INFO ready /.test(err)) reject(new Error(`bot exited ${code} before ready:\n${err}`));
    });
  });
}

/**
 * Kills the bot at a random point: after a random pause of up to `maxPauseMs`, or (every other kill)
 * the moment the platform has taken the `n`-th message sent from now (or `method` call: a file fetched), `n` random up to `maxSends`. Waits
 * for the exit, and for whatever the bot had already written to the socket to reach the fake server.
 */
async function killAtRandomPoint(
  a: FakeBotApi,
  proc: ChildProcess,
  k: number,
  rand: () => number,
  maxPauseMs: number,
  maxSends: number,
  method = 'sendMessage',
): Promise<void> {
  const exited = new Promise((r) => proc.once('exit', r));
  if (k % 2 === 0) await sleep(rand() * maxPauseMs);
  else {
    const n = 1 + Math.floor(rand() * maxSends);
    let seen = 0;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, 15_000);
      a.onCall = (call: ApiCall) => {
        if (call.method !== method || ++seen < n) return;
        proc.kill('SIGKILL');
        clearTimeout(timer);
        resolve();
      };
    });
    a.onCall = null;
  }
  proc.kill('SIGKILL');
  await exited;
  await sleep(100);
}

function readDb<T>(path: string, read: (db: Database.Database) => T): T {
  const db = new Database(path, { readonly: true, fileMustExist: true });
  try {
    db.pragma('busy_timeout = 5000');
    return read(db);
  } finally {
    db.close();
  }
}

/** Waits until the bot has sent nothing for `ms` (its work is done). */
async function quiet(a: FakeBotApi, ms: number): Promise<void> {
  const from = Date.now();
  const lastSend = () => Math.max(from, a.calls.filter((c) => c.method === 'sendMessage').at(-1)?.at ?? 0);
  await waitFor(() => Date.now() - lastSend() > ms, 60_000);
}

const UNITS = ['phong-kt-ht-dt', 'vp-hdnd-ubnd', 'cong-an', 'tram-y-te', 'ban-chqs'];

describe('crash (kill -9) at random points', () => {
  it('while storing 500 replies: every report stored once, unchanged, and acknowledged; a receipt repeats only if in flight at a kill', async () => {
    const dir = tempDir();
    const dbPath = join(dir, 'bot.sqlite');
    const rand = random(20261124);
    api = new FakeBotApi(TOKEN, null);
    const a = api;
    // The platform takes a message at once and answers 20–80 ms later.
    a.answerDelayMs = (method) => (method === 'sendMessage' ? 20 + Math.floor(rand() * 60) : 0);
    const root = await a.start();
    // 25 groups, five per unit: receipts sent again after a restart go through the outbox, within
    // Telegram's 20 a minute per group.
    const groups = Array.from({ length: 25 }, (_, k) => ({
      id: -1_000_100 - k,
      title: `Nhóm ${k}`,
      type: 'supergroup' as const,
    }));
    const setup = createApp(loadConfig({ DATABASE_PATH: dbPath, PLANS_DIR }), { logger: silentLogger });
    groups.forEach((g, k) =>
      setup.deps.chats.bind(
        `telegram:${g.id}`,
        { kind: 'group', title: g.title, role: 'unit', unitId: UNITS[k % UNITS.length]!, via: 'test' },
        new Date(),
      ),
    );
    setup.close();

    const updates = Array.from({ length: 500 }, (_, i) =>
      f.groupMessage(`NV3: hoàn thành - mã R${i}`, {}, groups[i % groups.length]),
    );
    const keyOf = (u: (typeof updates)[number]) => `telegram:update:${u.update_id}`;
    /** Receipts the platform has taken, by the message they answer. */
    const receipts = () => {
      const by = new Map<number, string[]>();
      for (const m of a.sent()) {
        const to = (m.payload.reply_parameters as { message_id?: number } | undefined)?.message_id;
        if (to !== undefined) by.set(to, [...(by.get(to) ?? []), m.text]);
      }
      return by;
    };
    const storedKeys = () =>
      new Set(
        readDb(dbPath, (db) =>
          db
            .prepare('SELECT i.dedupe_key FROM reports r JOIN inbound i ON i.id = r.inbound_id')
            .pluck()
            .all(),
        ) as string[],
      );

    const env = { DATABASE_PATH: dbPath, PLANS_DIR, TELEGRAM_BOT_TOKEN: TOKEN, TELEGRAM_API_ROOT: root };
    const batch = updates.length / KILLS;
    const confirmedReplies = () =>
      new Set(
        readDb(dbPath, (db) =>
          db.prepare("SELECT dedupe_key FROM outbox WHERE kind = 'reply' AND status = 'sent'").pluck().all(),
        ) as string[],
      );
    const repliedTo = (m: { payload: Record<string, unknown> }) =>
      (m.payload.reply_parameters as { message_id?: number } | undefined)?.message_id ?? -1;
    /** At each kill: receipts the platform took in that run that the bot had not recorded as sent. */
    const inFlight: number[][] = [];
    const storedAtKill: number[] = [];
    let midWork = 0;
    for (let k = 0; k < KILLS; k++) {
      const from = a.sent().length;
      const proc = await startBot(env);
      // Replies keep arriving, 25 more each time the bot is up, one every 8 ms (the unconfirmed ones
      // come again too); whatever the kill leaves unsent arrives while the bot is down.
      const pushed = updates.slice(k * batch, (k + 1) * batch);
      const trickle = (async () => {
        for (const u of pushed) {
          a.push(u);
          await sleep(8);
        }
      })();
      await killAtRandomPoint(a, proc, k, rand, 8 * batch + 50, batch);
      await trickle;
      const stored = storedKeys();
      const confirmed = confirmedReplies();
      const receipted = new Set(receipts().keys());
      storedAtKill.push(stored.size);
      inFlight.push(
        a
          .sent()
          .slice(from)
          .map(repliedTo)
          .filter((id) => !confirmed.has(`reply:telegram:update:${id}:0`)),
      );
      if (pushed.some((u) => !stored.has(keyOf(u)) || !receipted.has(u.message.message_id))) midWork++;
    }
    // The kills fell while replies were being stored and answered, not before or after.
    expect(midWork).toBeGreaterThanOrEqual(KILLS / 2);
    const last = await startBot(env);
    const unfinishedReplies = () =>
      readDb(
        dbPath,
        (db) =>
          db
            .prepare("SELECT COUNT(*) FROM outbox WHERE kind = 'reply' AND status NOT IN ('sent', 'failed')")
            .pluck()
            .get() as number,
      );
    await waitFor(
      () =>
        storedKeys().size >= updates.length && receipts().size >= updates.length && unfinishedReplies() === 0,
      60_000,
    );
    await quiet(a, 500);
    const exited = new Promise((r) => last.once('exit', r));
    last.kill('SIGKILL');
    await exited;

    const rows = readDb(
      dbPath,
      (db) =>
        db
          .prepare(
            `SELECT i.dedupe_key AS key, it.task_code AS task, it.status AS status, it.result AS result,
               (SELECT COUNT(*) FROM report_items x WHERE x.report_id = r.id) AS items,
               COUNT(*) OVER (PARTITION BY i.dedupe_key) AS n
             FROM reports r JOIN inbound i ON i.id = r.inbound_id JOIN report_items it ON it.report_id = r.id`,
          )
          .all() as { key: string; task: string; status: string; result: string; items: number; n: number }[],
    );
    const byKey = new Map(rows.map((s) => [s.key, s]));
    const finalReceipts = receipts();
    const acknowledged = updates.filter((u) =>
      (finalReceipts.get(u.message.message_id) ?? []).some((t) => t.includes('Đã nhận báo cáo')),
    );
    const changed = acknowledged.filter((u) => {
      const row = byKey.get(keyOf(u));
      return (
        row?.task !== 'NV3' ||
        row.status !== 'done' ||
        row.result !== `mã R${updates.indexOf(u)}` ||
        row.items !== 1
      );
    });
    const twice = rows.filter((s) => s.n > 1);
    const unanswered = updates.filter((u) => !finalReceipts.has(u.message.message_id));
    // Which receipts came twice, and why: exactly once more for each kill that fell after the platform
    // had taken it and before the bot had recorded that (it was sent again after the restart).
    const receiptsOf = (u: (typeof updates)[number]) => finalReceipts.get(u.message.message_id)?.length ?? 0;
    const repeated = updates.filter((u) => receiptsOf(u) > 1);
    const repeatsUnexplained = updates.filter(
      (u) => receiptsOf(u) - 1 !== inFlight.filter((l) => l.includes(u.message.message_id)).length,
    );
    console.log(
      `crash while storing: ${KILLS} kills (${midWork} mid-work; reports stored at each: ${storedAtKill.join(' ')}), ${updates.length} replies, ${byKey.size} stored, ${acknowledged.length} acknowledged, ${changed.length} lost or changed, ${twice.length} stored twice, ${unanswered.length} never answered, ${repeated.length} answered twice = receipts in flight at a kill (up to ${Math.max(...inFlight.map((l) => l.length))} per kill): ${repeatsUnexplained.length === 0}`,
    );
    expect(changed).toEqual([]);
    expect(twice).toEqual([]);
    expect(byKey.size).toBe(updates.length);
    expect(unanswered).toEqual([]);
    expect(acknowledged).toHaveLength(updates.length);
    expect(repeatsUnexplained).toEqual([]);
    expect(a.refused).toEqual([]);
  });

  it('while draining 500 outbox messages: each delivered once, plus once per kill that fell while it was in flight', async () => {
    const dir = tempDir();
    const dbPath = join(dir, 'bot.sqlite');
    const rand = random(168);
    api = new FakeBotApi(TOKEN, { perSecond: 30, perChatIntervalMs: 1000, groupPerMinute: 20 });
    const a = api;
    a.answerDelayMs = (method) => (method === 'sendMessage' ? 20 + Math.floor(rand() * 60) : 0);
    const root = await a.start();
    const setup = createApp(loadConfig({ DATABASE_PATH: dbPath, PLANS_DIR }), { logger: silentLogger });
    const now = new Date();
    const chatOf = (i: number) => 2_000_000 + (i % 100);
    for (let c = 0; c < 100; c++)
      setup.deps.chats.touch(`telegram:${chatOf(c)}`, 'direct', `Người ${c}`, now);
    for (let i = 0; i < 500; i++)
      setup.deps.outbox.enqueue(
        {
          dedupeKey: `crash:${i}`,
          chatId: `telegram:${chatOf(i)}`,
          kind: 'notice',
          payload: { text: `tin ${i}` },
          dueAt: now,
        },
        now,
      );
    setup.close();

    const env = { DATABASE_PATH: dbPath, PLANS_DIR, TELEGRAM_BOT_TOKEN: TOKEN, TELEGRAM_API_ROOT: root };
    const sentRows = () =>
      new Set(
        readDb(dbPath, (db) =>
          db.prepare("SELECT dedupe_key FROM outbox WHERE status = 'sent'").pluck().all(),
        ) as string[],
      );
    /** In flight at each kill: delivered in that life, but not recorded as sent. */
    const inFlight: string[][] = [];
    const deliveredAtKill: number[] = [];
    for (let k = 0; k < KILLS; k++) {
      const from = a.sent().length;
      const proc = await startBot(env);
      await killAtRandomPoint(a, proc, k, rand, 1_500, 30);
      const recorded = sentRows();
      const delivered = a.sent().slice(from);
      inFlight.push(delivered.map((m) => m.text).filter((t) => !recorded.has(`crash:${t.slice(4)}`)));
      deliveredAtKill.push(a.sent().length);
    }
    expect(deliveredAtKill.filter((n) => n > 0 && n < 500).length).toBeGreaterThanOrEqual(KILLS / 2);
    const last = await startBot(env);
    const left = () =>
      readDb(
        dbPath,
        (db) =>
          db
            .prepare("SELECT COUNT(*) FROM outbox WHERE status IN ('pending', 'sending')")
            .pluck()
            .get() as number,
      );
    await waitFor(() => left() === 0, 90_000);
    const exited = new Promise((r) => last.once('exit', r));
    last.kill('SIGKILL');
    await exited;

    const delivered = a.sent();
    const counts = new Map<string, number>();
    for (const m of delivered) counts.set(m.text, (counts.get(m.text) ?? 0) + 1);
    const texts = Array.from({ length: 500 }, (_, i) => `tin ${i}`);
    const missing = texts.filter((t) => !counts.has(t));
    const duplicates = delivered.length - counts.size;
    // Which messages came twice, and why: exactly once more for each kill that caught it in flight.
    const repeatsUnexplained = texts.filter(
      (t) => (counts.get(t) ?? 0) - 1 !== inFlight.filter((l) => l.includes(t)).length,
    );
    // Order per chat: the first deliveries to a chat come in the order they were queued.
    const outOfOrder = Array.from({ length: 100 }, (_, c) => chatOf(c)).filter((chat) => {
      const firsts = [
        ...new Set(delivered.filter((m) => m.chat_id === chat).map((m) => Number(m.text.slice(4)))),
      ];
      return firsts.some((n, j) => j > 0 && n < firsts[j - 1]!);
    });
    const sentInDb = sentRows().size;
    const caught = inFlight.filter((l) => l.length > 0).length;
    console.log(
      `crash while draining: ${KILLS} kills (delivered at each: ${deliveredAtKill.join(' ')}), 500 messages, ${counts.size} delivered, ${missing.length} lost, ${duplicates} delivered twice = ${caught} kills that caught one in flight (at most 1 per kill: ${inFlight.every((l) => l.length <= 1)}), ${outOfOrder.length} chats out of order, ${a.rateLimited} 429s`,
    );
    expect(missing).toEqual([]);
    expect(sentInDb).toBe(500);
    expect(inFlight.every((l) => l.length <= 1)).toBe(true);
    expect(repeatsUnexplained).toEqual([]);
    expect(duplicates).toBe(caught);
    expect(outOfOrder).toEqual([]);
    expect(a.refused).toEqual([]);
    // The kills did catch messages in flight: the repeat path was exercised, not only the happy one.
    expect(caught).toBeGreaterThanOrEqual(KILLS / 4);
  });
});

describe('crash (kill -9) between the pictures of an album', () => {
  it('every picture of every album joins its report once; one answer per album, again only if in flight at a kill', async () => {
    const ALBUMS = 30;
    const ALBUM_KILLS = 12;
    const dir = tempDir();
    const dbPath = join(dir, 'bot.sqlite');
    const rand = random(20261130);
    api = new FakeBotApi(TOKEN, null);
    const a = api;
    a.answerDelayMs = (method) => (method === 'sendMessage' ? 20 + Math.floor(rand() * 60) : 0);
    const root = await a.start();
    const groups = Array.from({ length: 10 }, (_, k) => ({
      id: -1_000_300 - k,
      title: `Nhóm ${k}`,
      type: 'supergroup' as const,
    }));
    const setup = createApp(loadConfig({ DATABASE_PATH: dbPath, PLANS_DIR }), { logger: silentLogger });
    groups.forEach((g, k) =>
      setup.deps.chats.bind(
        `telegram:${g.id}`,
        { kind: 'group', title: g.title, role: 'unit', unitId: UNITS[k % UNITS.length]!, via: 'test' },
        new Date(),
      ),
    );
    setup.close();

    // Three signed pages per album, captioned "/baocao" on the first; every other album's captioned
    // picture reaches the bot after the other two, with a later update id, as Telegram may hand it out.
    const page = (i: number) => {
      const png = new PNG({ width: 16, height: 12 });
      png.data.fill(i % 251);
      for (let p = 3; p < png.data.length; p += 4) png.data[p] = 255;
      const file = a.hostFile(PNG.sync.write(png), { folder: 'photos', ext: 'jpg' });
      return [{ ...file, width: 1280, height: 960 }];
    };
    const albums = Array.from({ length: ALBUMS }, (_, i) => {
      const members = f.album([page(3 * i), page(3 * i + 1), page(3 * i + 2)], {
        caption: '/baocao bản ký',
        chat: groups[i % groups.length],
      });
      return i % 2 === 0 ? members : [members[1]!, members[2]!, f.later(members[0]!)];
    });
    const captionedIds = new Set(
      albums.map((m) => m.find((u) => 'caption' in u.message)!.message.message_id),
    );
    const env = { DATABASE_PATH: dbPath, PLANS_DIR, TELEGRAM_BOT_TOKEN: TOKEN, TELEGRAM_API_ROOT: root };
    const repliedTo = (m: { payload: Record<string, unknown> }) =>
      (m.payload.reply_parameters as { message_id?: number } | undefined)?.message_id ?? -1;
    const confirmed = () =>
      new Set(
        readDb(dbPath, (db) =>
          db.prepare("SELECT dedupe_key FROM outbox WHERE kind = 'reply' AND status = 'sent'").pluck().all(),
        ) as string[],
      );
    const updateOf = new Map(albums.flat().map((u) => [u.message.message_id, u.update_id]));
    const docsNow = () =>
      readDb(dbPath, (db) => db.prepare('SELECT COUNT(*) FROM documents').pluck().get() as number);
    const inFlight: number[][] = [];
    const docsAtKill: number[] = [];
    const perRun = Math.ceil(ALBUMS / ALBUM_KILLS);
    for (let k = 0; k < ALBUM_KILLS; k++) {
      const from = a.sent().length;
      const proc = await startBot(env);
      const trickle = (async () => {
        for (const album of albums.slice(k * perRun, (k + 1) * perRun)) {
          a.pushAll(album.slice(0, 2));
          await sleep(5);
          a.push(album[2]!);
          await sleep(40);
        }
      })();
      // Half the kills at a random instant, half the moment a picture is being fetched.
      await killAtRandomPoint(a, proc, k, rand, 2500, 3 * perRun, 'getFile');
      await trickle;
      docsAtKill.push(docsNow());
      const sentBefore = confirmed();
      inFlight.push(
        a
          .sent()
          .slice(from)
          .map(repliedTo)
          .filter((id) => !sentBefore.has(`reply:telegram:update:${updateOf.get(id)}:0`)),
      );
    }
    const last = await startBot(env);
    const held = () =>
      readDb(dbPath, (db) => db.prepare('SELECT COUNT(*) FROM album_held').pluck().get() as number);
    await waitFor(() => docsNow() >= 3 * ALBUMS && held() === 0, 60_000);
    await quiet(a, 800);
    const exited = new Promise((r) => last.once('exit', r));
    last.kill('SIGKILL');
    await exited;

    const rows = readDb(
      dbPath,
      (db) =>
        db
          .prepare(
            `SELECT album, COUNT(*) AS docs, COUNT(DISTINCT COALESCE(report_id, -1)) AS reports,
               COUNT(DISTINCT COALESCE(period_id, '')) AS periods, COUNT(DISTINCT inbound_id) AS messages
             FROM documents GROUP BY album`,
          )
          .all() as { album: string; docs: number; reports: number; periods: number; messages: number }[],
    );
    const reports = readDb(
      dbPath,
      (db) => db.prepare('SELECT COUNT(*) FROM reports').pluck().get() as number,
    );
    const answers = new Map<number, number>();
    for (const m of a.sent()) answers.set(repliedTo(m), (answers.get(repliedTo(m)) ?? 0) + 1);
    const answersTo = (id: number) => answers.get(id) ?? 0;
    const repeatsUnexplained = [...captionedIds].filter(
      (id) => answersTo(id) - 1 !== inFlight.filter((l) => l.includes(id)).length,
    );
    const answeredNotCaptioned = [...answers.keys()].filter((id) => !captionedIds.has(id));
    console.log(
      `crash between album pictures: ${ALBUM_KILLS} kills (documents at each: ${docsAtKill.join(' ')}), ${ALBUMS} albums of 3, ${rows.length} albums kept, ${rows.filter((r) => r.docs === 3 && r.reports === 1 && r.messages === 3).length} whole with one report, ${reports} reports, answers: ${[...captionedIds].filter((id) => answersTo(id) === 1).length} once, ${[...captionedIds].filter((id) => answersTo(id) > 1).length} again = in flight at a kill: ${repeatsUnexplained.length === 0}`,
    );
    expect(rows).toHaveLength(ALBUMS);
    expect(
      rows.filter((r) => r.docs !== 3 || r.reports !== 1 || r.periods !== 1 || r.messages !== 3),
    ).toEqual([]);
    expect(reports).toBeLessThanOrEqual(ALBUMS);
    expect([...captionedIds].filter((id) => answersTo(id) === 0)).toEqual([]);
    expect(answeredNotCaptioned).toEqual([]);
    expect(repeatsUnexplained).toEqual([]);
    expect(a.refused).toEqual([]);
  });
});

describe('crash (kill -9) while the files of /xuat are made', () => {
  it('the next start makes them again and sends each once', async () => {
    const dir = tempDir();
    const dbPath = join(dir, 'bot.sqlite');
    const exportDir = join(dir, 'exports');
    const env = { DATABASE_PATH: dbPath, PLANS_DIR, CONSOLE: 'on', LOG_LEVEL: 'warn', EXPORT_DIR: exportDir };
    // The console starts in the office's chat; the office asks for the period's files.
    const proc = spawnBot(env, ['pipe', 'pipe', 'pipe']);
    child = proc;
    let out = '';
    proc.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      // The answer is out; the files are being made (their libraries load, then render): kill now.
      if (out.includes('Đang tạo bảng tính')) proc.kill('SIGKILL');
    });
    const exited = new Promise((r) => proc.once('exit', r));
    feed(proc, '/xuat\n');
    await exited;
    expect(proc.stdinErrors).toEqual([]);
    expect(out).not.toMatch(/\.(xlsx|docx)/);
    const rows = () =>
      readDb(dbPath, (db) =>
        (
          db
            .prepare("SELECT kind, status FROM outbox WHERE kind IN ('render', 'file') ORDER BY id")
            .all() as {
            kind: string;
            status: string;
          }[]
        ).map((r) => `${r.kind}:${r.status}`),
      );
    // The kill fell while the files were being made: the row that asks for them is still held.
    expect(rows()).toEqual(['render:held']);

    const again = await runBot('', env, 60_000);
    expect(again.code, again.stderr).toBe(0);
    const files = [...again.stdout.matchAll(/Tệp: (\S+\.(?:xlsx|docx))/g)].map((m) => m[1]!);
    // The spreadsheet and the drafts, each once.
    expect(files.filter((f) => f.endsWith('.xlsx'))).toHaveLength(1);
    expect(files.filter((f) => f.endsWith('.docx')).length).toBeGreaterThan(0);
    expect(new Set(files).size).toBe(files.length);
    for (const f of files) expect(existsSync(f)).toBe(true);
    expect(rows()).toEqual(['render:sent', ...files.map(() => 'file:sent')]);

    const third = await runBot('', env, 60_000);
    expect(third.code, third.stderr).toBe(0);
    expect(third.stdout).not.toMatch(/\.(xlsx|docx)/);
    console.log(
      `kill -9 while making /xuat's files: made again at the next start and sent once (${files.length} files), nothing sent at the start after`,
    );
  });
});
