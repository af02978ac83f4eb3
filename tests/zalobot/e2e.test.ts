import { existsSync, readdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config';
import { expectedUnits } from '../../src/core/status';
import { instantAt } from '../../src/core/time';
import { silentLogger } from '../../src/log';
import { digestPayload } from '../../src/queries/digest';
import { planOf } from '../../src/queries/periods';
import type { Runtime } from '../../src/runtime';
import { startRuntime } from '../../src/runtime';
import { ConsoleSession } from '../helpers/console';
import { BOT_NAME, CLERK, FakeZaloBot, ANH, text, UNIT_GROUP } from '../helpers/fakeZaloBot';
import { PLANS_DIR } from '../helpers/plans';
import { tempDir } from '../helpers/tmp';

/**
 * The official Zalo Bot Platform channel, through the runtime `npm start` builds, against a local server
 * of the platform's documented API: the whole flow in a private chat (the office) and a group (a unit).
 */
const TOKEN = '3141592653589793:ZaloBot-test-token';
// The day before the annual deadline, as in the other end-to-end tests; the clock runs on from there.
const START = instantAt('2026-12-09', '09:00', 'Asia/Ho_Chi_Minh').getTime();
let realStart = Date.now();
const clock = () => new Date(START + (Date.now() - realStart));

let runtime: Runtime | null = null;
let fake: FakeZaloBot | null = null;
let session: ConsoleSession | null = null;

afterEach(async () => {
  await runtime?.stop();
  await session?.stop();
  await fake?.stop();
  // Whatever happened, nothing the bot sent was refused as the platform would refuse it.
  const refused = fake?.refused ?? [];
  [runtime, fake, session] = [null, null, null];
  expect(refused, JSON.stringify(refused)).toEqual([]);
});

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function boot(env: Record<string, string> = {}) {
  realStart = Date.now();
  fake = new FakeZaloBot(TOKEN);
  const root = await fake.start();
  const dir = tempDir();
  const port = await freePort();
  runtime = await startRuntime(
    loadConfig({
      DATABASE_PATH: join(dir, 'bot.sqlite'),
      PLANS_DIR,
      CONSOLE: 'off',
      EXPORT_DIR: join(dir, 'exports'),
      ZALO_BOT_TOKEN: TOKEN,
      ZALO_BOT_API_ROOT: root,
      HTTP_PORT: String(port),
      WEB_PUBLIC_URL: `http://127.0.0.1:${port}`,
      ...env,
    }),
    {
      logger: silentLogger,
      clock,
      schedule: false,
      tuning: { zalobot: { minPollGapMs: 20, retryDelayMs: 50 } },
    },
  );
  return { rt: runtime, api: fake, dir, port };
}

/** A user's message reaches the platform; resolves with the texts the bot sends for it (`count` of them). */
async function exchange(api: FakeZaloBot, update: Record<string, unknown>, count = 1): Promise<string[]> {
  const before = api.sent().length;
  api.push(update);
  await api.waitFor(() => api.sent().length >= before + count);
  return api
    .sent()
    .slice(before)
    .map((m) => m.text);
}

describe('the Zalo Bot Platform channel, against a local server of its API', () => {
  it('runs the whole flow by long polling: bind, tasks, reminder, report, /nhacnho, /xuat, a digest with its chart', async () => {
    const { rt, api, dir, port } = await boot();
    const deps = rt.app.deps;
    expect(rt.channels.map((c) => [c.name, c.down])).toEqual([['zalobot', false]]);
    expect(api.count('deleteWebhook')).toBe(1);

    // The office binds its clerk's private chat with a terminal invitation, then makes a unit's code.
    const office = deps.invites.create('office', 'phong-vhxh', 'terminal', clock(), 72);
    const [welcome] = await exchange(api, text(`/dangky ${office.code}`, CLERK));
    expect(welcome).toContain('Đã đăng ký nhóm này cho Phòng Văn hóa – Xã hội');
    const [invite] = await exchange(api, text('/taoma phong kinh te', CLERK));
    const code = /([A-Z2-9]{4}-[A-Z2-9]{4})/.exec(invite ?? '')?.[1];
    // The unit's group registers (the office is told too).
    const [bound] = await exchange(api, text(`/dangky ${code}`, ANH, UNIT_GROUP), 2);
    expect(bound).toContain('Đã đăng ký nhóm này cho Phòng Kinh tế, Hạ tầng và Đô thị.');
    expect(deps.chats.get(`zalobot:${UNIT_GROUP.id}`)).toMatchObject({ role: 'unit', kind: 'group' });

    // Plain text, no bold markers, every part within the platform's 2,000 characters.
    const tasks = await exchange(api, text(`@${BOT_NAME} /nhiemvu`, ANH, UNIT_GROUP));
    expect(tasks[0]).toContain('Phòng Kinh tế, Hạ tầng và Đô thị – Kế hoạch số 168/KH-UBND');
    expect(api.sent().every((m) => m.text.length <= 2000 && !/[\uE000\uE001]/.test(m.text))).toBe(true);

    // The scheduler's reminder: text only (no buttons on this platform), and it says how to reply.
    // The unit's reminder, the office's own (its unit reports too), the digest for the office, and the
    // office's note to check next year's Tết break.
    expect(rt.scheduler.tick().queued).toBe(4);
    await api.waitFor(() => api.sent(UNIT_GROUP.id).some((m) => m.text.includes('Nhắc báo cáo năm 2026')));
    const reminder = api.sent(UNIT_GROUP.id).find((m) => m.text.includes('Nhắc báo cáo năm 2026'))!;
    expect(reminder.text).toContain('Có thể viết không dấu');
    expect(reminder.text).not.toContain('bấm nút');

    // A report in the group, and talk between people there, which is neither answered nor kept.
    const [receipt] = await exchange(
      api,
      text('NV3: hoàn thành - tổ chức 2 hội nghị, 150 lượt', ANH, UNIT_GROUP),
    );
    expect(receipt).toContain('Đã nhận báo cáo năm 2026');
    const sentBefore = api.sent().length;
    api.push(text('mọi người nhớ họp lúc 3h chiều nay', ANH, UNIT_GROUP));
    await api.waitFor(() => api.pending === 0);
    const [status] = await exchange(api, text('/tinhhinh', CLERK));
    expect(status).toContain('• Đã nộp đúng hạn: 1');
    expect(api.sent().length - sentBefore).toBe(1);
    const db = deps.db.$client;
    expect(db.prepare("SELECT COUNT(*) FROM inbound WHERE text LIKE '%họp lúc 3h%'").pluck().get()).toBe(0);
    expect(db.prepare('SELECT COUNT(*) FROM inbound WHERE processed_at IS NULL').pluck().get()).toBe(0);

    // /nhacnho tất cả names the units it could not remind: those with no registered chat.
    const period = deps.periods.all().find((p) => p.id.endsWith('N-2026'))!;
    const reported = deps.reports.reportedUnits(period.id);
    const pending = expectedUnits(planOf(deps, period), period, deps.responsibility).filter(
      (u) => !reported.has(u.id),
    );
    const unregistered = pending.filter((u) => u.id !== 'phong-vhxh').map((u) => u.short);
    // Of the seven units that report, the office and KT-HT-ĐT have a chat: five have none.
    expect(unregistered.length).toBe(5);
    const [nudged] = await exchange(api, text('/nhacnho tất cả', CLERK));
    expect(nudged).toContain(`Chưa đăng ký nhóm: ${unregistered.join(', ')} (${unregistered.length} đơn vị`);

    // /xuat: the figures, and where the files are; the platform takes no documents, so none is sent.
    const [exported] = await exchange(api, text('/xuat', CLERK));
    expect(exported).toContain('Tổng hợp báo cáo năm 2026 – Kế hoạch số 168/KH-UBND');
    expect(exported).toContain('Kênh này không nhận tệp');
    // The spreadsheet and the two drafts are still made, and kept on the server.
    const documents = () =>
      existsSync(join(dir, 'exports'))
        ? readdirSync(join(dir, 'exports')).filter((f) => /\.(xlsx|docx)$/.test(f))
        : [];
    await api.waitFor(() => documents().length === 3, 10_000);
    expect(api.count('sendChatAction')).toBe(1);
    expect(api.calls.find((c) => c.method === 'sendChatAction')?.payload).toEqual({
      chat_id: CLERK.id,
      action: 'typing',
    });

    // A digest: its text, then its chart, which the platform fetches from the bot's public address.
    deps.outbox.enqueue(
      {
        dedupeKey: 'digest-test',
        chatId: `zalobot:${CLERK.id}`,
        kind: 'digest',
        payload: digestPayload(deps, period, 'weekly', clock()),
        dueAt: clock(),
      },
      clock(),
    );
    deps.wake();
    // Its chart, and the chart of the weekly digest the scheduler sent earlier: each call is answered once
    // the platform has fetched the picture, from its own unguessable address.
    await api.waitFor(() => api.fetched.length === 2, 10_000);
    const photos = api.calls.filter((c) => c.method === 'sendPhoto').map((c) => c.payload);
    expect(photos).toHaveLength(2);
    for (const photo of photos) {
      expect(String(photo.photo)).toMatch(
        new RegExp(`^http://127\\.0\\.0\\.1:${port}/zalobot/media/[\\w-]{22}\\.png$`),
      );
      expect(photo.caption).toBe('Tình hình báo cáo năm 2026');
    }
    expect(new Set(photos.map((p) => p.photo)).size).toBe(2);
    for (const fetched of api.fetched) {
      expect(fetched).toMatchObject({ status: 200, contentType: 'image/png' });
      expect(fetched.bytes).toBeGreaterThan(1000);
    }
    // Another path under the same route is not a picture anyone can guess.
    expect((await fetch(`http://127.0.0.1:${port}/zalobot/media/AAAAAAAAAAAAAAAAAAAAAA.png`)).status).toBe(
      404,
    );
  });

  it('sends no picture without a public address, and tells the office where the files are on another channel', async () => {
    const { rt, api } = await boot({ WEB_PUBLIC_URL: '' });
    expect(rt.channels[0]!.capabilities).toMatchObject({ photos: false, files: false, buttons: false });
    const deps = rt.app.deps;
    deps.chats.bind(
      'telegram:-100777',
      { kind: 'group', title: 'Phòng VHXH trên Telegram', role: 'office', unitId: 'phong-vhxh', via: 'test' },
      clock(),
    );
    const office = deps.invites.create('office', 'phong-vhxh', 'terminal', clock(), 72);
    await exchange(api, text(`/dangky ${office.code}`, CLERK));
    // Telegram is not running in this test: its chat is taken as plain text, so it is not offered.
    const [noFiles] = await exchange(api, text('/xuat', CLERK));
    expect(noFiles).toContain('gõ /xuat trong nhóm của Phòng trên Telegram');
    expect(api.count('sendPhoto')).toBe(0);
  });
});

describe('the Zalo Bot Platform channel when things go wrong', () => {
  it('stops only itself when the token is refused, tells the office elsewhere once, and the console keeps answering', async () => {
    fake = new FakeZaloBot('another:token');
    const root = await fake.start();
    const dir = tempDir();
    session = await ConsoleSession.start(new Date(START), {
      dir,
      env: { ZALO_BOT_TOKEN: TOKEN, ZALO_BOT_API_ROOT: root, CONSOLE: 'on' },
    });
    const answer = await session.say('/donvi');
    expect(answer).toContain('Đăng ký nhóm');
    expect(session.transcript).toContain(
      'Bot tạm ngừng nhận và gửi tin trên Zalo (tài khoản bot chính thức)',
    );
    expect(session.transcript.match(/từ chối mã của bot \(ZALO_BOT_TOKEN\)/g)).toHaveLength(1);
    expect(session.runtime.channels.map((c) => [c.name, c.down])).toEqual([
      ['zalobot', true],
      ['console', false],
    ]);
    expect(fake.count('getMe')).toBe(1);
    expect(fake.count('getUpdates')).toBe(0);
  });

  it('keeps polling through 500s, dropped connections and 429s, and does not hammer a platform that answers 408 at once', async () => {
    const { api } = await boot();
    const from = api.count('getUpdates');
    api.script(
      'getUpdates',
      { status: 500, body: { ok: false, error_code: 500, description: 'Internal Server Error' } },
      'drop',
      {
        status: 429,
        body: {
          ok: false,
          error_code: 429,
          description: 'Too Many Requests',
          parameters: { retry_after: 0.1 },
        },
      },
    );
    const [help] = await exchange(api, text('/help'));
    expect(help).toContain('Nhóm chat này chưa được đăng ký');
    expect(api.count('getUpdates') - from).toBeGreaterThanOrEqual(4);
    // Nothing to give, answered at once: the bot waits its least gap (20 ms here) between polls.
    api.holdMs = 0;
    const idleFrom = api.count('getUpdates');
    await new Promise((r) => setTimeout(r, 500));
    expect(api.count('getUpdates') - idleFrom).toBeLessThanOrEqual(26);
  });

  it('retries a reply the platform refused for now (429, 502), and delivers it once', async () => {
    const { api } = await boot();
    api.script(
      'sendMessage',
      {
        status: 429,
        body: {
          ok: false,
          error_code: 429,
          description: 'Too Many Requests',
          parameters: { retry_after: 0.2 },
        },
      },
      { status: 502, body: { ok: false, error_code: 502, description: 'Bad Gateway' } },
    );
    api.push(text('/help'));
    await api.waitFor(() => api.sent().length === 1, 20_000);
    await new Promise((r) => setTimeout(r, 300));
    expect(api.sent()).toHaveLength(1);
    expect(api.count('sendMessage')).toBe(3);
  });

  it('handles at start what a crash left written but unhandled, once', async () => {
    const dir = tempDir();
    fake = new FakeZaloBot(TOKEN);
    const root = await fake.start();
    const env = {
      DATABASE_PATH: join(dir, 'bot.sqlite'),
      PLANS_DIR,
      CONSOLE: 'off',
      ZALO_BOT_TOKEN: TOKEN,
      ZALO_BOT_API_ROOT: root,
    };
    // A message written raw by a run that died before handling it.
    const first = await startRuntime(loadConfig(env), { logger: silentLogger, clock, schedule: false });
    first.app.deps.inbound.keep({
      dedupeKey: `zalobot:${ANH.id}:lost-1`,
      chatId: `zalobot:${ANH.id}`,
      chatKind: 'direct',
      chatTitle: ANH.display_name,
      sender: { id: ANH.id, name: ANH.display_name },
      text: '/help',
      kind: 'message',
      messageRef: 'lost-1',
      replyTo: null,
      addressed: true,
      receivedAt: clock(),
      sentAt: clock(),
    });
    await first.stop();
    expect(fake.sent()).toHaveLength(0);
    runtime = await startRuntime(loadConfig(env), { logger: silentLogger, clock, schedule: false });
    const api = fake;
    await api.waitFor(() => api.sent().length === 1);
    expect(api.sent()[0]).toMatchObject({ chat_id: ANH.id });
    expect(api.sent()[0]?.text).toContain('Nhóm chat này chưa được đăng ký');
    await runtime.stop();
    runtime = await startRuntime(loadConfig(env), { logger: silentLogger, clock, schedule: false });
    await new Promise((r) => setTimeout(r, 300));
    expect(api.sent()).toHaveLength(1);
  });

  it('in webhook mode, sets its webhook with the secret, refuses a wrong or missing one, and removes it at stop', async () => {
    const port = await freePort();
    const url = `http://127.0.0.1:${port}/zalobot/webhook`;
    const { rt, api } = await boot({
      ZALO_BOT_WEBHOOK_URL: url,
      ZALO_BOT_WEBHOOK_SECRET: 'bi-mat-cua-webhook',
      HTTP_PORT: String(port),
    });
    expect(api.webhook).toEqual({ url, secret: 'bi-mat-cua-webhook' });
    expect(api.count('getUpdates')).toBe(0);
    expect(await api.postToWebhook(text('/help'), 'sai-bi-mat')).toBe(401);
    expect(await api.postToWebhook(text('/help'), null)).toBe(401);
    expect(api.sent()).toHaveLength(0);
    expect(await api.postToWebhook(text('/help'))).toBe(200);
    await api.waitFor(() => api.sent().length === 1);
    expect(await api.postToWebhook(text('đơn vị mình phụ trách gì?'))).toBe(200);
    await api.waitFor(() => api.sent().length === 2);
    await rt.stop();
    runtime = null;
    expect(api.webhook).toBeNull();
  });
});
