import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config';
import { instantAt } from '../../src/core/time';
import { silentLogger } from '../../src/log';
import type { Runtime } from '../../src/runtime';
import { startRuntime } from '../../src/runtime';
import { FakeBotApi } from '../helpers/fakeTelegram';
import { PLANS_DIR } from '../helpers/plans';
import { tempDir } from '../helpers/tmp';
import * as f from '../telegram/fixtures/updates';

/**
 * Telegram platform faults and redelivery. Promises: the Bot API answering 500, 429, dropping the
 * connection or never answering does not stop the bot — it hears again, and every reply is delivered
 * once, retried through the outbox — while the console keeps answering; an update delivered three
 * times is processed once.
 */
const TOKEN = '123456:TEST-token';
const START = instantAt('2026-06-05', '09:00', 'Asia/Ho_Chi_Minh').getTime();
const realStart = Date.now();

const clock = () => new Date(START + (Date.now() - realStart));

let runtime: Runtime | null = null;
let api: FakeBotApi | null = null;

afterEach(async () => {
  await runtime?.stop();
  await api?.stop();
  runtime = null;
  api = null;
});

async function boot() {
  api = new FakeBotApi(TOKEN, null);
  const root = await api.start();
  const stdin = new PassThrough();
  const stdout = new PassThrough();
  let printed = '';
  stdout.on('data', (d: Buffer) => (printed += d.toString()));
  runtime = await startRuntime(
    loadConfig({
      DATABASE_PATH: join(tempDir(), 'bot.sqlite'),
      PLANS_DIR,
      TELEGRAM_BOT_TOKEN: TOKEN,
      TELEGRAM_API_ROOT: root,
      CONSOLE: 'on',
    }),
    {
      logger: silentLogger,
      clock,
      schedule: false,
      stdin,
      stdout,
      telegramTiming: { requestTimeoutMs: 1_500, restartDelayMs: 200, pollTimeoutMs: 2_500 },
    },
  );
  const rt = runtime;
  const a = api;
  // The office on Telegram, and Phòng KT-HT-ĐT's group.
  const office = rt.app.deps.invites.create('office', 'phong-vhxh', 'terminal', clock(), 72);
  a.push(f.groupMessage(`/dangky ${office.code}`, {}, f.OFFICE));
  const unit = rt.app.deps.invites.create('unit', 'phong-kt-ht-dt', 'terminal', clock(), 72);
  a.push(f.groupMessage(`/dangky ${unit.code}`));
  await a.waitFor(() => a.sent(f.GROUP.id).length === 1 && a.sent(f.OFFICE.id).length >= 1, 10_000);
  const console = {
    /** Types a line in the console and waits for its answer. */
    async ask(line: string): Promise<string> {
      const before = printed.length;
      stdin.write(`${line}\n`);
      const end = Date.now() + 5_000;
      while (!printed.slice(before).includes('bot:')) {
        if (Date.now() > end) throw new Error(`console did not answer ${line}`);
        await new Promise((r) => setTimeout(r, 10));
      }
      return printed.slice(before);
    },
  };
  return { rt, a, console };
}

const reportCount = (rt: Runtime) =>
  rt.app.deps.db.$client.prepare('SELECT COUNT(*) FROM reports').pluck().get() as number;

describe('Telegram platform faults', () => {
  it('hears again after getUpdates answers 500, drops the connection and hangs; the console answers meanwhile', async () => {
    const { rt, a, console } = await boot();
    a.script(
      'getUpdates',
      { status: 500, body: { ok: false, error_code: 500, description: 'Internal Server Error' } },
      'drop',
      'hang',
    );
    const faultsFrom = a.calls.filter((c) => c.method === 'getUpdates').length;
    // The console is served whatever Telegram does.
    expect(await console.ask('/help')).toContain('/nhiemvu');
    // The update comes only once the three faults have been served: the bot must get past them to hear it.
    await a.waitFor(() => a.calls.filter((c) => c.method === 'getUpdates').length >= faultsFrom + 3, 30_000);
    a.push(f.groupMessage('NV7: hoàn thành - đăng ký mô hình "Dân vận khéo"'));
    await a.waitFor(() => a.sent(f.GROUP.id).some((m) => m.text.includes('Đã nhận báo cáo')), 40_000);
    const polls = a.calls.filter((c) => c.method === 'getUpdates').length - faultsFrom;
    expect(polls).toBeGreaterThanOrEqual(4);
    expect(reportCount(rt)).toBe(1);
    process.stdout.write(
      `telegram getUpdates faults: 500, drop, hang → recovered after ${polls} polls; console answered\n`,
    );
  });

  it('delivers every reply once when sendMessage answers 500, 429, drops or hangs: through the outbox', async () => {
    const { rt, a } = await boot();
    const busy = {
      status: 429,
      body: {
        ok: false,
        error_code: 429,
        description: 'Too Many Requests: retry after 1',
        parameters: { retry_after: 1 },
      },
    };
    const down = { status: 502, body: { ok: false, error_code: 502, description: 'Bad Gateway' } };
    a.script('sendMessage', down, 'drop', busy, 'hang');
    const texts = [
      'NV3: hoàn thành - lần 1',
      'NV7: đang thực hiện - lần 2',
      'NV3: hoàn thành - lần 3',
      'NV7: hoàn thành - lần 4',
    ];
    const updates = texts.map((t) => f.groupMessage(t));
    for (const u of updates) a.push(u);
    // Each receipt quotes the report it answers.
    const receiptsOf = (messageId: number) =>
      a
        .sent(f.GROUP.id)
        .filter(
          (m) =>
            (m.payload.reply_parameters as { message_id?: number } | undefined)?.message_id === messageId,
        );
    await a.waitFor(() => updates.every((u) => receiptsOf(u.message.message_id).length > 0), 40_000);
    await new Promise((r) => setTimeout(r, 1_000));
    const perReport = updates.map((u) => receiptsOf(u.message.message_id).length);
    process.stdout.write(
      `telegram sendMessage faults: 502, drop, 429, hang → receipts per report ${perReport.join(', ')}\n`,
    );
    expect(perReport).toEqual([1, 1, 1, 1]);
    expect(reportCount(rt)).toBe(4);
    expect(rt.app.deps.outbox.counts()).toMatchObject({ pending: 0, sending: 0, failed: 0 });
  });

  it('processes an update delivered three times once', async () => {
    const { rt, a } = await boot();
    const before = a.sent(f.GROUP.id).length;
    const updates = Array.from({ length: 30 }, (_, i) => f.groupMessage(`NV3: hoàn thành - lần ${i}`));
    for (let round = 0; round < 3; round++) for (const u of updates) a.push(structuredClone(u));
    await a.waitFor(() => a.sent(f.GROUP.id).length >= before + 30, 20_000);
    await new Promise((r) => setTimeout(r, 500));
    const keys = updates.map((u) => `telegram:update:${u.update_id}`);
    const inbound = rt.app.deps.db.$client
      .prepare(`SELECT COUNT(*) FROM inbound WHERE dedupe_key IN (${keys.map(() => '?').join(',')})`)
      .pluck()
      .get(...keys);
    process.stdout.write(
      `telegram redelivery: 90 deliveries of 30 updates → ${String(inbound)} stored, ${reportCount(rt)} reports, ${a.sent(f.GROUP.id).length - before} replies\n`,
    );
    expect(inbound).toBe(30);
    expect(reportCount(rt)).toBe(30);
    expect(a.sent(f.GROUP.id).length - before).toBe(30);
  });
});
