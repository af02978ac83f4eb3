import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Message } from 'zca-js';
import { afterEach, describe, expect, it } from 'vitest';
import { writeSession } from '../../src/channels/zalo/session';
import { loadConfig } from '../../src/config';
import { instantAt } from '../../src/core/time';
import { silentLogger } from '../../src/log';
import type { Runtime } from '../../src/runtime';
import { startRuntime } from '../../src/runtime';
import { ConsoleSession } from '../helpers/console';
import { FakeBotApi } from '../helpers/fakeTelegram';
import type { FakeZalo } from '../helpers/fakeZalo';
import { CREDENTIALS, FakeZaloLogin, zaloError } from '../helpers/fakeZalo';
import { PLANS_DIR } from '../helpers/plans';
import { tempDir } from '../helpers/tmp';
import * as tg from '../telegram/fixtures/updates';
import * as m from './fixtures/messages';
import { waitFor } from '../helpers/wait';

const TOKEN = '123456:TEST-token';
// The day before the annual deadline, as in the Telegram end-to-end test.
const START = instantAt('2026-12-09', '09:00', 'Asia/Ho_Chi_Minh').getTime();
let realStart = Date.now();
let offsetMs = 0;
const clock = () => new Date(START + offsetMs + (Date.now() - realStart));
tg.stampWith(clock);
m.stampWith(clock);

let runtime: Runtime | null = null;
let telegram: FakeBotApi | null = null;

afterEach(async () => {
  await runtime?.stop();
  await telegram?.stop();
  runtime = null;
  telegram = null;
});

interface Booted {
  rt: Runtime;
  zalo: FakeZalo;
  login: FakeZaloLogin;
  dir: string;
}

async function boot(
  options: { dir?: string; login?: FakeZaloLogin; withTelegram?: boolean } = {},
): Promise<Booted> {
  realStart = Date.now();
  offsetMs = 0;
  const dir = options.dir ?? tempDir();
  const sessionPath = join(dir, 'zalo-session.json');
  if (!options.dir) writeSession(sessionPath, CREDENTIALS, new Date(START - 86_400_000));
  const env: Record<string, string> = {
    DATABASE_PATH: join(dir, 'bot.sqlite'),
    PLANS_DIR,
    CONSOLE: 'off',
    ZALO_SESSION_PATH: sessionPath,
    ZALO_SEND_DELAY_MS: '0',
    ZALO_SEND_JITTER_MS: '0',
  };
  if (options.withTelegram) {
    telegram = new FakeBotApi(TOKEN, null);
    env.TELEGRAM_BOT_TOKEN = TOKEN;
    env.TELEGRAM_API_ROOT = await telegram.start();
  }
  const login = options.login ?? new FakeZaloLogin(m.BOT_UID);
  runtime = await startRuntime(loadConfig(env), {
    logger: silentLogger,
    clock,
    schedule: false,
    tuning: { zalo: { login: login.login, sendGapMs: 0, sendJitterMs: 0 } },
  });
  return { rt: runtime, zalo: login.api, login, dir };
}

/** Delivers a message and returns the texts the bot sends for it (waiting for `count` of them). */
async function exchange(zalo: FakeZalo, message: Message, count = 1): Promise<string[]> {
  const before = zalo.sent.length;
  zalo.listener.deliver(message);
  await waitFor(() => zalo.sent.length >= before + count);
  return zalo.sent.slice(before).map((s) => s.text);
}

/** Lets a message be handled and asserts that the bot said nothing. */
async function silence(zalo: FakeZalo, message: Message): Promise<void> {
  const before = zalo.sent.length;
  zalo.listener.deliver(message);
  await new Promise((r) => setTimeout(r, 150));
  expect(zalo.sent.slice(before).map((s) => s.text)).toEqual([]);
}

/** Binds the office's Zalo group (terminal invitation), then a unit's group with /taoma. */
async function bindOfficeAndUnit(b: Booted): Promise<void> {
  const office = b.rt.app.deps.invites.create('office', 'phong-vhxh', 'terminal', clock(), 72);
  const [welcome] = await exchange(b.zalo, m.groupText(`/dangky ${office.code}`, {}, m.OFFICE_GROUP_ID));
  expect(welcome).toContain('Đã đăng ký nhóm này cho Phòng Văn hóa – Xã hội');
  const [invite] = await exchange(b.zalo, m.groupText('/taoma phong kinh te', {}, m.OFFICE_GROUP_ID));
  const code = /([A-Z2-9]{4}-[A-Z2-9]{4})/.exec(invite ?? '')?.[1];
  const [bound] = await exchange(b.zalo, m.groupText(`/dangky ${code}`), 2); // + the notice to the office
  expect(bound).toContain('Đã đăng ký nhóm này cho Phòng Kinh tế, Hạ tầng và Đô thị.');
}

function reportCount(rt: Runtime): number {
  return rt.app.deps.db.$client.prepare('SELECT COUNT(*) FROM reports').pluck().get() as number;
}

describe('the bot in Zalo groups, against a fake of zca-js', () => {
  it('binds groups, answers /nhiemvu, and takes a report quoting its reminder and one without a quote', async () => {
    const b = await boot();
    b.zalo.groups.set(m.GROUP_ID, 'Phòng KT-HT-ĐT Lê Chân');
    await bindOfficeAndUnit(b);

    const [tasks] = await exchange(b.zalo, m.groupText('/nhiemvu'));
    expect(tasks).toContain('Phòng Kinh tế, Hạ tầng và Đô thị – Kế hoạch số 168/KH-UBND');
    expect(b.zalo.sent.at(-1)?.content.quote?.msgId).toBeDefined(); // answers by quoting the question

    // The reminder: plain text forms, no buttons in Zalo.
    // The unit's reminder, the office's own (its unit reports too), the digest for the office, and the
    // office's note to check next year's Tết break.
    expect(b.rt.scheduler.tick().queued).toBe(4);
    await waitFor(() => b.zalo.textsTo(m.GROUP_ID).some((t) => t.includes('Nhắc báo cáo năm 2026')));
    const reminder = b.zalo.sent.find((s) => s.threadId === m.GROUP_ID && s.text.includes('Nhắc báo cáo'))!;
    expect(reminder.text).toMatch(/NV3/);
    // It names the person who speaks for the unit in the group, so Zalo notifies them.
    expect(reminder.text.startsWith(`@${m.MEMBER.name} `)).toBe(true);
    expect(reminder.content.mentions).toEqual([{ pos: 0, len: m.MEMBER.name.length + 1, uid: m.MEMBER.uid }]);

    // A member quotes the reminder with a short report.
    const quoting = m.groupText('NV3 hoàn thành, tổ chức 2 hội nghị tuyên truyền', {
      quote: { msgId: String(reminder.msgId), ownerId: m.BOT_UID, text: reminder.text },
    });
    const [receipt] = await exchange(b.zalo, quoting);
    expect(receipt).toContain('Đã nhận báo cáo năm 2026');
    expect(receipt).toContain('NV3');

    // Another writes a report in the group without quoting anything: recognised by its shape.
    const [second] = await exchange(
      b.zalo,
      m.groupText('NV7: hoàn thành - 1 mô hình điểm', { from: m.OTHER }),
    );
    expect(second).toContain('NV7');
    expect(reportCount(b.rt)).toBe(2);
    const stored = b.rt.app.deps.db.$client
      .prepare('SELECT chat_id, chat_title, sender_name FROM reports ORDER BY id')
      .all() as { chat_id: string; chat_title: string; sender_name: string }[];
    expect(stored.map((r) => r.chat_title)).toEqual(['Phòng KT-HT-ĐT Lê Chân', 'Phòng KT-HT-ĐT Lê Chân']);
    expect(stored.map((r) => r.sender_name)).toEqual([m.MEMBER.name, m.OTHER.name]);
    expect(new Set(stored.map((r) => r.chat_id))).toEqual(new Set([`zalo:g:${m.GROUP_ID}`]));

    const [status] = await exchange(b.zalo, m.groupText('/tinhhinh', {}, m.OFFICE_GROUP_ID));
    expect(status).toContain('NV3: 1 hoàn thành');
  });

  it("/nhacnho from the office @mentions the unit's reporter, as the scheduler does, and names the units without a group", async () => {
    const b = await boot();
    await bindOfficeAndUnit(b);
    // Someone of the unit has spoken to the bot in its group.
    await exchange(b.zalo, m.groupText('/nhiemvu'));
    const [answer] = await exchange(b.zalo, m.groupText('/nhacnho tất cả', {}, m.OFFICE_GROUP_ID));
    expect(answer).toContain('Đã xếp 1 tin nhắc tới 1 đơn vị');
    expect(answer).toContain(
      'Chưa đăng ký nhóm: VP HĐND&UBND, Trung tâm PVHCC, Trạm Y tế, Công an phường, Ban CHQS phường (5 đơn vị, không nhắc được).',
    );
    await waitFor(() => b.zalo.textsTo(m.GROUP_ID).some((t) => t.includes('Nhắc báo cáo năm 2026')));
    const nudge = b.zalo.sent.find((s) => s.threadId === m.GROUP_ID && s.text.includes('Nhắc báo cáo'))!;
    expect(nudge.text.startsWith(`@${m.MEMBER.name} `)).toBe(true);
    expect(nudge.content.mentions).toEqual([{ pos: 0, len: m.MEMBER.name.length + 1, uid: m.MEMBER.uid }]);
  });

  it('stays silent on chatter and on its own echo, and answers an @mention', async () => {
    const b = await boot();
    await bindOfficeAndUnit(b);
    await silence(b.zalo, m.groupText('mọi người nhớ họp lúc 3h chiều nhé'));
    await silence(b.zalo, m.groupText('ok anh'));
    await silence(b.zalo, m.ownEcho('NV3: hoàn thành'));
    await silence(b.zalo, m.sticker());
    const [answer] = await exchange(b.zalo, m.groupMention('NV7: hoàn thành'));
    expect(answer).toContain('Đã nhận báo cáo năm 2026');
    expect(reportCount(b.rt)).toBe(1);
  });

  it('tells an unbound group only how to register', async () => {
    const b = await boot();
    const [answer] = await exchange(b.zalo, m.groupText('/nhiemvu'));
    expect(answer).toContain('/dangky');
    expect(answer).not.toContain('NV1');
  });

  it('holds its sends when Zalo answers 221, then delivers everything once, in order', async () => {
    const b = await boot();
    await bindOfficeAndUnit(b);
    const deps = b.rt.app.deps;
    b.zalo.failures.push(zaloError('Vượt quá số request cho phép', 221));
    for (let i = 0; i < 3; i++)
      deps.outbox.enqueue(
        {
          dedupeKey: `z${i}`,
          chatId: `zalo:g:${m.GROUP_ID}`,
          kind: 'notice',
          payload: { text: `thông báo ${i}` },
          dueAt: clock(),
        },
        clock(),
      );
    deps.wake();
    await waitFor(() => deps.outbox.counts().pending === 3 && b.zalo.failures.length === 0);
    await new Promise((r) => setTimeout(r, 300));
    // Nothing more was tried while Zalo had asked to wait.
    expect(b.zalo.textsTo(m.GROUP_ID).filter((t) => t.startsWith('thông báo'))).toEqual([]);

    offsetMs += 5 * 60_000 + 1_000;
    deps.wake();
    await waitFor(() => deps.outbox.counts().pending === 0);
    expect(b.zalo.textsTo(m.GROUP_ID).filter((t) => t.startsWith('thông báo'))).toEqual([
      'thông báo 0',
      'thông báo 1',
      'thông báo 2',
    ]);
  });

  it('with an expired session, tells the office on Telegram once, and Telegram keeps working', async () => {
    // First run: the office is bound on Telegram, Zalo works.
    const first = await boot({ withTelegram: true });
    const office = first.rt.app.deps.invites.create('office', 'phong-vhxh', 'terminal', clock(), 72);
    telegram!.push(tg.groupMessage(`/dangky ${office.code}`, {}, tg.OFFICE));
    await telegram!.waitFor(() => telegram!.sent(tg.OFFICE.id).length === 1);
    await runtime!.stop();
    await telegram!.stop();

    // Second run: Zalo refuses the session.
    const login = new FakeZaloLogin(m.BOT_UID);
    login.refuse = zaloError('Đăng nhập thất bại');
    const second = await boot({ dir: first.dir, login, withTelegram: true });
    await telegram!.waitFor(() => telegram!.sent(tg.OFFICE.id).length === 1);
    const [notice] = telegram!.sent(tg.OFFICE.id).map((s) => s.text);
    expect(notice).toContain('Bot tạm ngừng nhận và gửi tin trên Zalo');
    expect(notice).toContain('npm run zalo:login');
    expect(login.logins).toBe(1);

    telegram!.push(tg.groupMessage('/donvi', {}, tg.OFFICE));
    await telegram!.waitFor(() => telegram!.sent(tg.OFFICE.id).length === 2);
    expect(second.rt.channels.map((c) => c.name)).toEqual(['telegram', 'zalo']);
    await runtime!.stop();
    await telegram!.stop();

    // Third run, same expired session: not told again.
    const again = new FakeZaloLogin(m.BOT_UID);
    again.refuse = zaloError('Đăng nhập thất bại');
    await boot({ dir: first.dir, login: again, withTelegram: true });
    await new Promise((r) => setTimeout(r, 300));
    expect(telegram!.sent(tg.OFFICE.id)).toEqual([]);
    expect(again.logins).toBe(1);
  });

  it('with a damaged session file, tells the office in the console once, and the console keeps answering', async () => {
    const dir = tempDir();
    const sessionPath = join(dir, 'zalo-session.json');
    writeFileSync(sessionPath, '{"imei": 12');
    const session = await ConsoleSession.start(new Date(START), {
      dir,
      env: { ZALO_SESSION_PATH: sessionPath },
    });
    try {
      const answer = await session.say('/donvi');
      expect(session.transcript).toContain('Bot tạm ngừng nhận và gửi tin trên Zalo');
      expect(session.transcript).toContain('Không đọc được phiên đăng nhập Zalo đã lưu của bot.');
      expect(answer).toContain('Đăng ký nhóm');
      expect(session.runtime.channels.map((c) => [c.name, c.down])).toEqual([
        ['zalo', true],
        ['console', false],
      ]);
    } finally {
      await session.stop();
    }
  });
});
