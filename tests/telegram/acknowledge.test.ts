import { createServer } from 'node:net';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Acceptance, Incoming } from '../../src/channels/channel';
import { TelegramChannel } from '../../src/channels/telegram/telegram';
import { loadConfig } from '../../src/config';
import { HttpServer } from '../../src/http/server';
import { silentLogger } from '../../src/log';
import type { Runtime } from '../../src/runtime';
import { startRuntime } from '../../src/runtime';
import { FakeBotApi } from '../helpers/fakeTelegram';
import { PLANS_DIR } from '../helpers/plans';
import { tempDir } from '../helpers/tmp';
import * as f from './fixtures/updates';

/**
 * An update is acknowledged to Telegram only once the bot has stored it. The handler here answers as the
 * dispatcher does when the database refuses writes (`refused`), so the channel's side of the contract is
 * tested on its own: in polling the offset does not move past a refused update; behind a webhook the
 * route answers 503, and Telegram delivers it again.
 */
const TOKEN = '123456:TEST-token';
const SECRET = 'webhook_Secret-42';

let api: FakeBotApi | null = null;
let channel: TelegramChannel | null = null;
let http: HttpServer | null = null;
let runtime: Runtime | null = null;

afterEach(async () => {
  await channel?.stop();
  await runtime?.stop();
  await http?.stop();
  await api?.stop();
  [api, channel, http, runtime] = [null, null, null, null];
});

/** A handler that refuses the updates listed, as many times as listed, then stores them. */
function refusing(refusals: Map<number, number>) {
  const seen: string[] = [];
  const handler = async (incoming: Incoming): Promise<Acceptance> => {
    seen.push(incoming.dedupeKey);
    const id = Number(incoming.dedupeKey.split(':').at(-1));
    const left = refusals.get(id) ?? 0;
    if (left > 0) {
      refusals.set(id, left - 1);
      return 'refused';
    }
    return 'stored';
  };
  return { seen, handler };
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('Telegram acknowledges only what is stored', () => {
  it('in polling, asks again from a refused update, and confirms the ones before it', async () => {
    api = new FakeBotApi(TOKEN);
    const root = await api.start();
    const first = f.groupMessage('/help');
    const second = f.groupMessage('NV3: hoàn thành - 2 hội nghị');
    const third = f.groupMessage('NV7: đang thực hiện');
    const { seen, handler } = refusing(new Map([[second.update_id, 2]]));
    channel = new TelegramChannel({ token: TOKEN, apiRoot: root, logger: silentLogger, refusedPauseMs: 50 });
    await channel.start(handler);
    api.pushAll([first, second, third]);
    const a = api;
    await a.waitFor(() => seen.length === 7);
    // The poll after the stored one asks past it; it may leave a moment after the handler returned.
    const asksPast = (c: { method: string; payload: Record<string, unknown> }) =>
      c.method === 'getUpdates' && Number(c.payload.offset) > second.update_id;
    await a.waitFor(() => a.calls.some(asksPast));
    const key = (u: { update_id: number }) => `telegram:update:${u.update_id}`;
    // The refused update comes again (twice refused, then stored), and the one after it with it each time
    // (the bot's dedupe makes those repeats nothing); the one before it is confirmed at once.
    expect(seen).toEqual([
      ...[first, second, third].map(key),
      ...[second, third].map(key),
      ...[second, third].map(key),
    ]);
    expect([first, second, third].map((u) => a.deliveries(u.update_id))).toEqual([1, 3, 3]);
    // After the refusals, the polls asked from the refused update (twice), never past it, then moved on.
    const offsets = a.calls.filter((c) => c.method === 'getUpdates').map((c) => Number(c.payload.offset));
    expect(offsets.filter((o) => o === second.update_id)).toHaveLength(2);
    expect(offsets.find((o) => o > second.update_id)).toBe(third.update_id + 1);
    expect(offsets).toEqual([...offsets].sort((x, y) => x - y));
  });

  it('in webhook mode, sets the webhook with its secret, refuses a wrong or missing secret, answers 503 for a refused update, and removes the webhook at stop', async () => {
    api = new FakeBotApi(TOKEN);
    const root = await api.start();
    http = new HttpServer({ host: '127.0.0.1', port: 0, logger: silentLogger });
    await http.start();
    const url = `http://127.0.0.1:${http.port}/telegram/hook`;
    const update = f.groupMessage('NV3: hoàn thành');
    const { seen, handler } = refusing(new Map([[update.update_id, 1]]));
    channel = new TelegramChannel({
      token: TOKEN,
      apiRoot: root,
      logger: silentLogger,
      webhook: { url, secret: SECRET, http },
    });
    await channel.start(handler);
    expect(api.webhook).toEqual({ url, secret: SECRET });
    expect(api.calls.filter((c) => c.method === 'getUpdates')).toHaveLength(0);

    expect(await api.postToWebhook(f.groupMessage('/help'), 'wrong-secret')).toBe(401);
    expect(await api.postToWebhook(f.groupMessage('/help'), null)).toBe(401);
    expect(seen).toEqual([]);
    expect(await api.postToWebhook(update)).toBe(503);
    expect(await api.postToWebhook(update)).toBe(200);
    expect(seen).toEqual([`telegram:update:${update.update_id}`, `telegram:update:${update.update_id}`]);

    await channel.stop();
    channel = null;
    expect(api.webhook).toBeNull();
    expect(api.calls.filter((c) => c.method === 'deleteWebhook')).toHaveLength(1);
  });

  it('runs the bot behind a webhook on the shared HTTP server, from the configuration', async () => {
    api = new FakeBotApi(TOKEN);
    const root = await api.start();
    const port = await freePort();
    const dir = tempDir();
    runtime = await startRuntime(
      loadConfig({
        DATABASE_PATH: join(dir, 'bot.sqlite'),
        PLANS_DIR,
        CONSOLE: 'off',
        TELEGRAM_BOT_TOKEN: TOKEN,
        TELEGRAM_API_ROOT: root,
        TELEGRAM_WEBHOOK_URL: `http://127.0.0.1:${port}/telegram`,
        TELEGRAM_WEBHOOK_SECRET: SECRET,
        // The old name of the port still works.
        TELEGRAM_WEBHOOK_PORT: String(port),
      }),
      { logger: silentLogger, schedule: false },
    );
    expect(runtime.http.port).toBe(port);
    expect(api.webhook).toEqual({ url: `http://127.0.0.1:${port}/telegram`, secret: SECRET });
    expect(await api.postToWebhook(f.directMessage('/help'))).toBe(200);
    const a = api;
    await a.waitFor(() => a.sent().length === 1);
    expect(a.sent()[0]?.text).toContain('Nhóm chat này chưa được đăng ký');
    // Anything else on the server is not found, and a GET on the webhook is not allowed.
    expect((await fetch(`http://127.0.0.1:${port}/khac`)).status).toBe(404);
    expect((await fetch(`http://127.0.0.1:${port}/telegram`)).status).toBe(405);
    await runtime.stop();
    runtime = null;
    expect(a.webhook).toBeNull();
  });
});

describe('the webhook configuration', () => {
  const base = { DATABASE_PATH: ':memory:', TELEGRAM_BOT_TOKEN: TOKEN };
  it('requires a secret whenever a webhook URL is set, in the form each platform accepts', () => {
    expect(() => loadConfig({ ...base, TELEGRAM_WEBHOOK_URL: 'https://bot.example.vn/telegram' })).toThrow(
      /TELEGRAM_WEBHOOK_SECRET: bắt buộc khi có TELEGRAM_WEBHOOK_URL/,
    );
    expect(() =>
      loadConfig({
        ...base,
        TELEGRAM_WEBHOOK_URL: 'https://bot.example.vn/telegram',
        TELEGRAM_WEBHOOK_SECRET: 'có dấu và khoảng trắng',
      }),
    ).toThrow(/TELEGRAM_WEBHOOK_SECRET: chỉ gồm A–Z/);
    expect(() => loadConfig({ ...base, ZALO_BOT_WEBHOOK_URL: 'https://bot.example.vn/zalo' })).toThrow(
      /ZALO_BOT_WEBHOOK_SECRET: bắt buộc khi có ZALO_BOT_WEBHOOK_URL/,
    );
    expect(() =>
      loadConfig({
        ...base,
        ZALO_BOT_WEBHOOK_URL: 'https://bot.example.vn/zalo',
        ZALO_BOT_WEBHOOK_SECRET: 'ngan',
      }),
    ).toThrow(/ZALO_BOT_WEBHOOK_SECRET: dài từ 8 đến 256 ký tự không dấu/);
    expect(() => loadConfig({ ...base, HTTP_PORT: '8080', TELEGRAM_WEBHOOK_PORT: '8443' })).toThrow(
      /TELEGRAM_WEBHOOK_PORT: khác HTTP_PORT/,
    );
    const ok = loadConfig({
      ...base,
      TELEGRAM_WEBHOOK_URL: 'https://bot.example.vn/telegram',
      TELEGRAM_WEBHOOK_SECRET: SECRET,
      ZALO_BOT_WEBHOOK_URL: 'https://bot.example.vn/zalo',
      ZALO_BOT_WEBHOOK_SECRET: 'tam-ky-tu-tro-len',
    });
    expect([ok.HTTP_HOST, ok.HTTP_PORT]).toEqual(['127.0.0.1', 8080]);
  });
});
