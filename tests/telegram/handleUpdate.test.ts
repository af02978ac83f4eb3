import { join } from 'node:path';
import { Telegram } from 'telegraf';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { App } from '../../src/app';
import { createApp } from '../../src/app';
import { Dispatcher } from '../../src/bot/dispatcher';
import { TelegramChannel } from '../../src/channels/telegram/telegram';
import type { TgUpdate } from '../../src/channels/telegram/updates';
import { loadConfig } from '../../src/config';
import { instantAt } from '../../src/core/time';
import { silentLogger } from '../../src/log';
import { PLANS_DIR } from '../helpers/plans';
import { tempDir } from '../helpers/tmp';
import * as f from './fixtures/updates';

const now = instantAt('2026-12-01', '09:00', 'Asia/Ho_Chi_Minh');
f.stampWith(() => now);
let app: App;
let channel: TelegramChannel;
let calls: { method: string; payload: Record<string, unknown> }[];

beforeEach(async () => {
  calls = [];
  let messageId = 500;
  // Every update gets its own Telegram instance, so the prototype is where calls can be seen.
  vi.spyOn(Telegram.prototype, 'callApi').mockImplementation((async (
    method: string,
    payload: Record<string, unknown>,
  ) => {
    calls.push({ method, payload });
    if (method === 'getMe') return f.BOT;
    if (method === 'sendMessage')
      return { message_id: ++messageId, date: 0, chat: { id: payload.chat_id, type: 'supergroup' } };
    return true;
  }) as never);
  app = createApp(loadConfig({ DATABASE_PATH: join(tempDir(), 'bot.sqlite'), PLANS_DIR }), {
    logger: silentLogger,
    clock: () => now,
  });
  channel = new TelegramChannel({
    token: '1:x',
    logger: silentLogger,
    polling: false,
    onChatMoved: (from, to) => app.deps.chats.moveChat(from, to, now),
  });
  await channel.start(new Dispatcher(app.bot, app.deps.refs, silentLogger, () => now).handlerFor(channel));
  app.deps.chats.bind(
    `telegram:${f.GROUP.id}`,
    { kind: 'group', title: f.GROUP.title, role: 'unit', unitId: 'phong-kt-ht-dt', via: 'test' },
    now,
  );
});

afterEach(async () => {
  await channel.stop();
  app.close();
  vi.restoreAllMocks();
});

const sent = () => calls.filter((c) => c.method === 'sendMessage').map((c) => String(c.payload.text));
const feed = (u: object) => channel.handleUpdate(u as TgUpdate);

describe('Telegram updates through telegraf handleUpdate', () => {
  it('answers a command in a group, quoting the message', async () => {
    const u = f.groupMessage('/nhiemvu@lechan_kh_bot');
    await feed(u);
    expect(sent()[0]).toContain('<b>Phòng Kinh tế, Hạ tầng và Đô thị – Kế hoạch số 168/KH-UBND</b>');
    expect(calls.find((c) => c.method === 'sendMessage')?.payload).toMatchObject({
      parse_mode: 'HTML',
      reply_parameters: { message_id: u.message.message_id, allow_sending_without_reply: true },
    });
  });

  it('stays silent on chatter, and answers a reply to the bot', async () => {
    await feed(f.groupMessage('trưa nay ăn gì mọi người'));
    expect(sent()).toEqual([]);
    await feed(f.replyToBot('NV3: đang làm - 1 hội nghị', 42));
    expect(sent()[0]).toContain('Đã nhận báo cáo năm 2026 của Phòng KT-HT-ĐT');
  });

  it('takes an edited message as a correction', async () => {
    const u = f.groupMessage('/baocao NV3: đang làm');
    await feed(u);
    await feed(f.editedMessage('/baocao NV3: hoàn thành - 2 hội nghị', u.message.message_id));
    expect(sent()[1]).toContain('Lần 2');
    expect(sent()[1]).toContain('<b>NV3</b> – Hoàn thành: 2 hội nghị');
  });

  it('greets the group when the bot is added, and ignores other members joining', async () => {
    app.deps.chats.unbind(`telegram:${f.GROUP.id}`, now);
    await feed(f.memberJoined(f.ANH));
    expect(sent()).toEqual([]);
    await feed(f.memberJoined(f.BOT));
    expect(sent()[0]).toContain('/dangky &lt;mã&gt;');
  });

  it('answers every button tap, even a malformed one', async () => {
    await feed(f.callbackQuery('rác', 9));
    expect(calls.filter((c) => c.method === 'answerCallbackQuery')).toHaveLength(1);
    expect(calls.find((c) => c.method === 'answerCallbackQuery')?.payload.text).toMatch(/không còn hiệu lực/);
  });

  it('takes a short status button (long ids) by the reminder it is under, and refuses it under another message', async () => {
    const chat = `telegram:${f.GROUP.id}`;
    app.deps.refs.save(
      chat,
      '77',
      { kind: 'remind', periodId: 'kh-168-2025/N-2026', unitId: 'phong-kt-ht-dt' },
      now,
    );
    await feed(f.callbackQuery('t|NV3|d', 77));
    expect(sent()[0]).toContain('Đã ghi <b>NV3</b> – Hoàn thành (lần 1).');
    // Under a message the bot knows nothing about, the short form says too little: it is refused clearly.
    await feed(f.callbackQuery('t|NV7|d', 78));
    const answers = calls.filter((c) => c.method === 'answerCallbackQuery').map((c) => c.payload.text);
    expect(answers).toHaveLength(2);
    expect(answers[1]).toMatch(/không còn hiệu lực/);
    expect(sent()).toHaveLength(1);
  });

  it('moves the binding of a migrated group', async () => {
    app.deps.chats.bind(
      `telegram:${f.OLD_GROUP.id}`,
      { kind: 'group', title: f.OLD_GROUP.title, role: 'unit', unitId: 'tram-y-te', via: 'test' },
      now,
    );
    await feed(f.migration());
    // The new id already had a binding (to KT-HT-ĐT in this fixture): the migrated one wins.
    expect(app.deps.chats.get(`telegram:${f.GROUP.id}`)?.unitId).toBe('tram-y-te');
  });
});
