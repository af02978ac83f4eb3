import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config';
import { instantAt } from '../../src/core/time';
import { silentLogger } from '../../src/log';
import type { Runtime } from '../../src/runtime';
import { startRuntime } from '../../src/runtime';
import { FakeBotApi } from '../helpers/fakeTelegram';
import { PLANS_DIR } from '../helpers/plans';
import { tempDir } from '../helpers/tmp';
import * as f from './fixtures/updates';

const TOKEN = '123456:TEST-token';
let api: FakeBotApi | null = null;
let runtime: Runtime | null = null;
// The day before the annual deadline; the clock runs on from there, so retries come due.
const START = instantAt('2026-12-09', '09:00', 'Asia/Ho_Chi_Minh').getTime();
let realStart = Date.now();
const clock = () => new Date(START + (Date.now() - realStart));
f.stampWith(clock);
let now = clock();

afterEach(async () => {
  await runtime?.stop();
  await api?.stop();
  runtime = null;
  api = null;
});

async function boot(
  limits: ConstructorParameters<typeof FakeBotApi>[1] = null,
  dir = tempDir(),
): Promise<{ api: FakeBotApi; rt: Runtime }> {
  realStart = Date.now();
  now = clock();
  api = new FakeBotApi(TOKEN, limits);
  const root = await api.start();
  const config = loadConfig({
    DATABASE_PATH: join(dir, 'bot.sqlite'),
    PLANS_DIR,
    TELEGRAM_BOT_TOKEN: TOKEN,
    TELEGRAM_API_ROOT: root,
    CONSOLE: 'off',
    EXPORT_DIR: join(dir, 'exports'),
  });
  runtime = await startRuntime(config, { logger: silentLogger, clock, schedule: false });
  return { api, rt: runtime };
}

/** Pushes an update and waits until the bot has sent `count` more messages. */
async function exchange(a: FakeBotApi, update: Record<string, unknown>, count = 1): Promise<string[]> {
  const before = a.sent().length;
  a.push(update);
  await a.waitFor(() => a.sent().length >= before + count);
  return a
    .sent()
    .slice(before)
    .map((m) => m.text);
}

/** Binds the office's group with a terminal invitation, then a unit's group with /taoma. */
async function bindOfficeAndUnit(a: FakeBotApi, rt: Runtime): Promise<void> {
  const office = rt.app.deps.invites.create('office', 'phong-vhxh', 'terminal', now, 72);
  const [welcome] = await exchange(a, f.groupMessage(`/dangky ${office.code}`, {}, f.OFFICE));
  expect(welcome).toContain('Đã đăng ký nhóm này cho Phòng Văn hóa – Xã hội');
  const [invite] = await exchange(a, f.groupMessage('/taoma phong kinh te', {}, f.OFFICE));
  const code = /([A-Z2-9]{4}-[A-Z2-9]{4})/.exec(invite ?? '')?.[1];
  const [bound] = await exchange(a, f.groupMessage(`/dangky@${f.BOT.username} ${code}`), 2); // + the notice to the office
  expect(bound).toContain('Đã đăng ký nhóm này cho Phòng Kinh tế, Hạ tầng và Đô thị.');
}

describe('the bot in Telegram, against a local Bot API server', () => {
  it('runs the whole flow: bind, /nhiemvu, reminder with buttons, tap, reply, office status', async () => {
    const { api: a, rt } = await boot();
    // The units' menu in every group and in every direct chat; no office or leaders' chat is bound yet.
    expect(a.calls.filter((c) => c.method === 'setMyCommands').length).toBe(2);
    await bindOfficeAndUnit(a, rt);

    const [tasks] = await exchange(a, f.groupMessage('/nhiemvu'));
    expect(tasks).toContain('<b>Phòng Kinh tế, Hạ tầng và Đô thị – Kế hoạch số 168/KH-UBND</b>');

    // The scheduler's reminder for tomorrow's deadline, with a row of status buttons per task.
    // The unit's reminder, the office's own (its unit reports too), the digest for the office, and the
    // office's note to check next year's Tết break.
    expect(rt.scheduler.tick().queued).toBe(4);
    await a.waitFor(() => a.sent(f.GROUP.id).some((m) => m.text.includes('Nhắc báo cáo năm 2026')));
    const reminder = a.sent(f.GROUP.id).find((m) => m.text.includes('Nhắc báo cáo năm 2026'))!;
    const keyboard = (
      reminder.payload.reply_markup as { inline_keyboard: { text: string; callback_data: string }[][] }
    ).inline_keyboard;
    expect(keyboard.map((row) => row[0]?.text)).toEqual([
      'NV1 ✓ Hoàn thành',
      'NV3 ✓ Hoàn thành',
      'NV4 ✓ Hoàn thành',
      'NV5 ✓ Hoàn thành',
      'NV6 ✓ Hoàn thành',
      'NV7 ✓ Hoàn thành',
    ]);

    // A tap records the status and asks for the result with a ForceReply.
    const tap = f.callbackQuery(keyboard[1]![0]!.callback_data, reminder.message_id);
    const [ask] = await exchange(a, tap);
    expect(ask).toContain('Đã ghi <b>NV3</b> – Hoàn thành (lần 1).');
    const askMsg = a.sent(f.GROUP.id).at(-1)!;
    expect(askMsg.payload.reply_markup).toMatchObject({ force_reply: true });
    const answer = a.calls.find((c) => c.method === 'answerCallbackQuery');
    expect(answer?.payload).toMatchObject({
      callback_query_id: tap.callback_query.id,
      text: 'Đã ghi NV3: Hoàn thành',
    });

    // The reply to that prompt is NV3's result.
    const [receipt] = await exchange(
      a,
      f.replyToBot('tổ chức 2 hội nghị, 150 lượt <CBCC> & khách', askMsg.message_id),
    );
    expect(receipt).toContain(
      '<b>NV3</b> – Hoàn thành: tổ chức 2 hội nghị, 150 lượt &lt;CBCC&gt; &amp; khách',
    );
    expect(receipt).toContain('Lần 2');
    const stored = rt.app.deps.db.$client
      .prepare('SELECT chat_title, sender_name FROM reports ORDER BY id DESC LIMIT 1')
      .get();
    expect(stored).toEqual({ chat_title: f.GROUP.title, sender_name: 'Nguyễn Văn Anh' });

    const [status] = await exchange(a, f.groupMessage('/tinhhinh', {}, f.OFFICE));
    expect(status).toContain('• Đã nộp đúng hạn: 1');
    expect(status).toContain('NV3: 1 hoàn thành');
  });

  it('answers a stale button clearly, and a button of another unit', async () => {
    const { api: a, rt } = await boot();
    await bindOfficeAndUnit(a, rt);
    await exchange(a, f.callbackQuery('s|kh-168-2025/N-2025|phong-kt-ht-dt|NV3|d', 1), 0);
    await a.waitFor(() => a.calls.filter((c) => c.method === 'answerCallbackQuery').length === 1);
    expect(a.calls.find((c) => c.method === 'answerCallbackQuery')?.payload.text).toMatch(
      /Kỳ báo cáo năm 2025 đã kết thúc/,
    );
    a.push(f.callbackQuery('s|kh-168-2025/N-2026|tram-y-te|NV3|d', 1));
    await a.waitFor(() => a.calls.filter((c) => c.method === 'answerCallbackQuery').length === 2);
    expect(a.calls.filter((c) => c.method === 'answerCallbackQuery')[1]?.payload.text).toMatch(/đơn vị khác/);
    expect(rt.app.deps.db.$client.prepare('SELECT COUNT(*) FROM reports').pluck().get()).toBe(0);
  });

  it('processes a redelivered update once', async () => {
    const { api: a, rt } = await boot();
    await bindOfficeAndUnit(a, rt);
    const update = f.groupMessage('/baocao NV7: hoàn thành - 1 mô hình');
    const before = a.sent().length;
    a.push(update);
    a.push(structuredClone(update));
    a.push(structuredClone(update));
    await a.waitFor(() => a.sent().length > before);
    await new Promise((r) => setTimeout(r, 300));
    expect(a.sent().length - before).toBe(1);
    expect(rt.app.deps.db.$client.prepare('SELECT COUNT(*) FROM reports').pluck().get()).toBe(1);
  });

  it('hears only what is addressed to it in a group (privacy mode): commands, replies, mentions', async () => {
    const { api: a, rt } = await boot();
    await bindOfficeAndUnit(a, rt);
    const before = a.sent().length;
    a.push(f.groupMessage('mọi người nhớ họp lúc 3h'));
    const [mentioned] = await exchange(a, f.mention('NV7: hoàn thành'));
    expect(a.sent().length - before).toBe(1);
    expect(mentioned).toContain('Đã nhận báo cáo năm 2026');
  });

  it('delivers every message once, in order per chat, when the server answers 429 with retry_after', async () => {
    const { api: a, rt } = await boot();
    await bindOfficeAndUnit(a, rt);
    a.script(
      'sendMessage',
      {
        status: 429,
        body: {
          ok: false,
          error_code: 429,
          description: 'Too Many Requests: retry after 1',
          parameters: { retry_after: 1 },
        },
      },
      {
        status: 429,
        body: {
          ok: false,
          error_code: 429,
          description: 'Too Many Requests: retry after 1',
          parameters: { retry_after: 1 },
        },
      },
    );
    const deps = rt.app.deps;
    for (let i = 0; i < 4; i++) {
      deps.outbox.enqueue(
        {
          dedupeKey: `n${i}`,
          chatId: `telegram:${f.GROUP.id}`,
          kind: 'notice',
          payload: { text: `thông báo ${i}` },
          dueAt: now,
        },
        now,
      );
    }
    deps.wake();
    await a.waitFor(
      () => a.sent(f.GROUP.id).filter((m) => m.text.startsWith('thông báo')).length === 4,
      10_000,
    );
    expect(
      a
        .sent(f.GROUP.id)
        .filter((m) => m.text.startsWith('thông báo'))
        .map((m) => m.text),
    ).toEqual(['thông báo 0', 'thông báo 1', 'thông báo 2', 'thông báo 3']);
    expect(deps.outbox.counts()).toMatchObject({ pending: 0, failed: 0 });
    // Nothing went out while the server had asked to wait.
    const calls = a.calls.filter(
      (c) => c.method === 'sendMessage' && String(c.payload.text).startsWith('thông báo'),
    );
    expect(calls[1]!.at - calls[0]!.at).toBeGreaterThanOrEqual(950);
  });

  it('sends /xuat as three documents and a digest chart as a photo', async () => {
    const { api: a, rt } = await boot();
    await bindOfficeAndUnit(a, rt);
    await exchange(a, f.groupMessage('NV3: hoàn thành - tổ chức 2 hội nghị'));
    const [started] = await exchange(a, f.groupMessage('/xuat', {}, f.OFFICE));
    expect(started).toContain('Tổng hợp báo cáo năm 2026 – Kế hoạch số 168/KH-UBND');
    await a.waitFor(() => a.calls.filter((c) => c.method === 'sendDocument').length === 3, 10_000);
    const documents = a.calls.filter((c) => c.method === 'sendDocument').map((c) => c.payload.document);
    expect(documents).toEqual([
      { filename: 'KH168-N2026-tong-hop-2026-12-09.xlsx', bytes: expect.any(Number) },
      { filename: 'KH168-N2026-du-thao-bao-cao-2026-12-09.docx', bytes: expect.any(Number) },
      { filename: 'KH168-N2026-du-thao-bao-cao-phong-vhxh-2026-12-09.docx', bytes: expect.any(Number) },
    ]);
    expect((documents[0] as { bytes: number }).bytes).toBeGreaterThan(5_000);

    const deps = rt.app.deps;
    const period = deps.periods.ofPlan(deps.planSet.plans[0]!.id).find((p) => p.id.endsWith('N-2026'))!;
    const { digestPayload } = await import('../../src/queries/digest');
    deps.outbox.enqueue(
      {
        dedupeKey: 'digest-test',
        chatId: `telegram:${f.OFFICE.id}`,
        kind: 'digest',
        payload: digestPayload(deps, period, 'weekly', now),
        dueAt: now,
      },
      now,
    );
    deps.wake();
    await a.waitFor(() => a.calls.some((c) => c.method === 'sendPhoto'), 10_000);
    const photo = a.calls.find((c) => c.method === 'sendPhoto')!.payload;
    expect(photo.photo).toMatchObject({ filename: 'bieu-do-tinh-hinh-bao-cao.png' });
    expect(photo.caption).toBe('Tình hình báo cáo năm 2026');
  });

  it('moves a binding when the group becomes a supergroup', async () => {
    const { api: a, rt } = await boot();
    const code = rt.app.deps.invites.create('unit', 'tram-y-te', 'terminal', now, 72).code;
    await exchange(a, f.groupMessage(`/dangky ${code}`, {}, f.OLD_GROUP));
    a.push(f.migration());
    await a.waitFor(() => rt.app.deps.chats.get(`telegram:${f.GROUP.id}`)?.unitId === 'tram-y-te');
    expect(rt.app.deps.chats.get(`telegram:${f.OLD_GROUP.id}`)?.role).toBeNull();
  });

  it('refuses to start with a token Telegram rejects', async () => {
    api = new FakeBotApi('another:token');
    const root = await api.start();
    const config = loadConfig({
      DATABASE_PATH: join(tempDir(), 'bot.sqlite'),
      PLANS_DIR,
      TELEGRAM_BOT_TOKEN: TOKEN,
      TELEGRAM_API_ROOT: root,
      CONSOLE: 'off',
    });
    await expect(startRuntime(config, { logger: silentLogger, schedule: false })).rejects.toThrow(
      /Telegram từ chối mã của bot/,
    );
  });

  it('keeps running when Telegram cannot be reached, and starts serving once it can', async () => {
    api = new FakeBotApi(TOKEN);
    const root = await api.start();
    const port = Number(new URL(root).port);
    await api.stop();
    const config = loadConfig({
      DATABASE_PATH: join(tempDir(), 'bot.sqlite'),
      PLANS_DIR,
      TELEGRAM_BOT_TOKEN: TOKEN,
      TELEGRAM_API_ROOT: root,
      CONSOLE: 'off',
    });
    runtime = await startRuntime(config, { logger: silentLogger, clock, schedule: false });
    api = new FakeBotApi(TOKEN);
    await api.start(port);
    const [help] = await exchange(api, f.directMessage('/help'));
    expect(help).toContain('Nhóm chat này chưa được đăng ký');
  });
});
