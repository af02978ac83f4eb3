import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Message } from 'zca-js';
import { pendingIn } from '../../src/channels/journal';
import { writeSession } from '../../src/channels/zalo/session';
import type { ZaloChannel } from '../../src/channels/zalo/zalo';
import { loadConfig } from '../../src/config';
import { instantAt } from '../../src/core/time';
import { createLogger, silentLogger } from '../../src/log';
import type { Logger } from '../../src/log';
import type { Runtime } from '../../src/runtime';
import { startRuntime } from '../../src/runtime';
import type { FakeZalo } from '../helpers/fakeZalo';
import { CREDENTIALS, FakeZaloLogin } from '../helpers/fakeZalo';
import { PLANS_DIR } from '../helpers/plans';
import { tempDir } from '../helpers/tmp';
import { waitFor } from '../helpers/wait';
import * as m from './fixtures/messages';

/**
 * Zalo never delivers a message twice, and a message sent while the bot is stopped or disconnected
 * never reaches its listener. Promises: on every connection the bot asks Zalo for what it missed
 * (`requestOldMessages`), handles each missed message once, never its own and never one it had
 * already; a report is judged on time or late by when the unit sent it, not by when the bot caught up
 * with it; and while the database refuses writes, messages wait in the Zalo journal and are handled
 * once after a restart, even when the catch-up brings them back as well.
 */
// The day before the annual deadline (10/12/2026).
const START = instantAt('2026-12-09', '09:00', 'Asia/Ho_Chi_Minh').getTime();
let realStart = Date.now();
let offsetMs = 0;
const clock = () => new Date(START + offsetMs + (Date.now() - realStart));
m.stampWith(clock);

let runtime: Runtime | null = null;

afterEach(async () => {
  await runtime?.stop();
  runtime = null;
});

const GROUP = `zalo:g:${m.GROUP_ID}`;

async function boot(dir: string, login: FakeZaloLogin, logger: Logger = silentLogger): Promise<Runtime> {
  login.api.listener.clock = () => clock().getTime();
  runtime = await startRuntime(
    loadConfig({
      DATABASE_PATH: join(dir, 'bot.sqlite'),
      PLANS_DIR,
      CONSOLE: 'off',
      ZALO_SESSION_PATH: join(dir, 'zalo-session.json'),
      ZALO_SEND_DELAY_MS: '0',
      ZALO_SEND_JITTER_MS: '0',
    }),
    {
      logger,
      clock,
      schedule: false,
      tuning: {
        zalo: {
          login: login.login,
          sendGapMs: 0,
          sendJitterMs: 0,
          reconnect: { baseMs: 5, maxMs: 20, stableMs: 10_000 },
        },
      },
      storageBackoff: { firstMs: 200, maxMs: 400 },
    },
  );
  const zalo = runtime.channels.find((c) => c.name === 'zalo') as ZaloChannel;
  await waitFor(() => zalo.state === 'online');
  return runtime;
}

/** A fresh start of the same bot: a new log-in to the same account, which Zalo kept all messages of. */
function relogin(previous: FakeZaloLogin): FakeZaloLogin {
  const next = new FakeZaloLogin(m.BOT_UID);
  next.api.listener.history.push(...previous.api.listener.history);
  next.api.groups.set(m.GROUP_ID, 'Phòng KT-HT-ĐT Lê Chân');
  return next;
}

function setup(): { dir: string; login: FakeZaloLogin } {
  realStart = Date.now();
  offsetMs = 0;
  const dir = tempDir();
  writeSession(join(dir, 'zalo-session.json'), CREDENTIALS, new Date(START - 86_400_000));
  const login = new FakeZaloLogin(m.BOT_UID);
  login.api.groups.set(m.GROUP_ID, 'Phòng KT-HT-ĐT Lê Chân');
  return { dir, login };
}

/** Binds the unit's group to Phòng Kinh tế directly: binding is not what these tests are about. */
function bindUnit(rt: Runtime): void {
  rt.app.deps.chats.bind(
    GROUP,
    { kind: 'group', title: 'Phòng KT-HT-ĐT Lê Chân', role: 'unit', unitId: 'phong-kt-ht-dt', via: 'test' },
    clock(),
  );
}

const receipts = (zalo: FakeZalo) =>
  zalo.textsTo(m.GROUP_ID).filter((t) => t.includes('Đã nhận báo cáo năm 2026'));

function rows(dir: string) {
  const db = new Database(join(dir, 'bot.sqlite'), { readonly: true });
  try {
    return db
      .prepare(
        `SELECT i.text, i.sent_at, r.late, r.submitted_at FROM inbound i LEFT JOIN reports r ON r.inbound_id = i.id
         WHERE i.chat_id = ? ORDER BY i.id`,
      )
      .all(GROUP) as { text: string; sent_at: number; late: number | null; submitted_at: number | null }[];
  } finally {
    db.close();
  }
}

describe('Zalo catch-up', () => {
  it('at start and after a drop, handles once what was sent meanwhile, judged by when it was sent', async () => {
    const { dir, login } = setup();
    const rt = await boot(dir, login);
    bindUnit(rt);
    // Seen live: stored and answered.
    login.api.listener.deliver(m.groupText('NV3: hoàn thành - 2 hội nghị'));
    await waitFor(() => receipts(login.api).length === 1);
    await rt.stop();
    runtime = null;

    // While the bot is stopped, the unit reports on the eve of the deadline, and people talk.
    offsetMs = 60 * 60_000;
    const sentOnTime = m.groupText('NV7: hoàn thành - 1 mô hình điểm', { from: m.OTHER });
    login.api.listener.deliver(sentOnTime);
    login.api.listener.deliver(m.groupText('mọi người nhớ họp lúc 3h chiều nhé'));
    expect(login.api.listener.open).toBe(false);

    // The bot comes back two days later, after the deadline.
    offsetMs = 3 * 86_400_000;
    const second = relogin(login);
    await boot(dir, second);
    await waitFor(() => receipts(second.api).length === 1);
    await new Promise((r) => setTimeout(r, 200));
    const [receipt] = receipts(second.api);
    expect(receipt).toContain('NV7');
    expect(receipt).toContain('đúng hạn');
    expect(receipt).toContain('lúc 10:00 09/12/2026');
    // It asked for each thread type from the last message it stored of that type.
    const lastGroupMessage = login.api.listener.history.find(
      (h) => h.data.content === 'NV3: hoàn thành - 2 hội nghị',
    );
    expect(second.api.listener.oldRequests).toEqual([
      { type: 0, lastMsgId: null },
      { type: 1, lastMsgId: lastGroupMessage?.data.msgId },
    ]);
    let stored = rows(dir);
    expect(stored.map((r) => r.text)).toEqual([
      'NV3: hoàn thành - 2 hội nghị',
      'NV7: hoàn thành - 1 mô hình điểm',
    ]);
    expect(stored[1]).toMatchObject({
      late: 0,
      sent_at: Number(sentOnTime.data.ts),
      submitted_at: Number(sentOnTime.data.ts),
    });

    // A drop: what is sent before the reconnect is caught up then, and nothing earlier comes twice.
    const listener = second.api.listener;
    listener.close(1006, 'abnormal closure');
    const missed = m.groupText('NV5: đang thực hiện - tiếp dân định kỳ');
    listener.deliver(missed);
    const zalo = runtime!.channels.find((c) => c.name === 'zalo') as ZaloChannel;
    await waitFor(() => zalo.state === 'online' && listener.oldRequests.length === 4);
    await waitFor(() => receipts(second.api).length === 2);
    await new Promise((r) => setTimeout(r, 200));
    expect(receipts(second.api)[1]).toContain('nộp muộn');
    stored = rows(dir);
    expect(stored.map((r) => r.text)).toEqual([
      'NV3: hoàn thành - 2 hội nghị',
      'NV7: hoàn thành - 1 mô hình điểm',
      'NV5: đang thực hiện - tiếp dân định kỳ',
    ]);
    expect(receipts(second.api)).toHaveLength(2);
    console.log(
      `zalo catch-up: ${second.api.listener.oldRequests.length} requests over 2 connections, ${stored.length - 1} missed messages handled once each, 0 own or earlier ones handled again`,
    );
  });

  it('with the database refusing writes, keeps messages in the journal; after a restart each is handled once, though the catch-up brings them back too', async () => {
    const { dir, login } = setup();
    const rt = await boot(dir, login);
    bindUnit(rt);
    const db = rt.app.deps.db.$client;
    db.pragma('query_only = ON');
    const reports = [
      'NV3: hoàn thành - 2 hội nghị',
      'NV7: hoàn thành - 1 mô hình',
      'NV5: đang thực hiện - tiếp dân',
    ];
    const messages: Message[] = reports.map((r) => m.groupText(r));
    for (const msg of messages) login.api.listener.deliver(msg);
    const journal = join(dir, 'journal', 'zalo.ndjson');
    await waitFor(() => pendingIn(journal).length === 3);
    // Told once that its messages wait; nothing stored.
    await waitFor(() => login.api.textsTo(m.GROUP_ID).length === 1);
    expect(login.api.textsTo(m.GROUP_ID)[0]).toContain('Bot đang gặp sự cố lưu trữ dữ liệu');
    expect(db.prepare('SELECT COUNT(*) FROM inbound').pluck().get()).toBe(0);
    // The bot stops (as a crash would leave it: the journal is on disk, the database has nothing).
    await rt.stop();
    runtime = null;
    expect(pendingIn(journal).map((i) => i.text)).toEqual(reports);

    // The next start: the journal is handed over first, then the catch-up brings the same messages.
    const second = relogin(login);
    const logs: string[] = [];
    await boot(
      dir,
      second,
      createLogger('info', (l) => logs.push(l)),
    );
    await waitFor(() => receipts(second.api).length === 3);
    await waitFor(() => logs.some((l) => l.includes('zalo catch-up') && l.includes('"kind":"group"')));
    // The catch-up handed the three over again (the bot's own messages left out): duplicates now.
    expect(logs.find((l) => l.includes('zalo catch-up') && l.includes('"kind":"group"'))).toContain(
      '"handed":3',
    );
    await new Promise((r) => setTimeout(r, 300));
    expect(receipts(second.api)).toHaveLength(3);
    expect(rows(dir).map((r) => r.text)).toEqual(reports);
    expect(pendingIn(journal)).toEqual([]);
  });
});
