import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { writeSession } from '../../src/channels/zalo/session';
import type { ZaloChannel } from '../../src/channels/zalo/zalo';
import { loadConfig } from '../../src/config';
import { silentLogger } from '../../src/log';
import type { Runtime } from '../../src/runtime';
import { startRuntime } from '../../src/runtime';
import { FakeBotApi } from '../helpers/fakeTelegram';
import { CREDENTIALS, FakeZaloLogin } from '../helpers/fakeZalo';
import { PLANS_DIR } from '../helpers/plans';
import { tempDir } from '../helpers/tmp';
import * as tg from '../telegram/fixtures/updates';
import * as m from '../zalo/fixtures/messages';
import { waitFor } from '../helpers/wait';

/**
 * Platform faults on Zalo: a connection that keeps dropping (1006) comes back by itself with backoff and
 * loses no message handed to the bot; a kick (3003) is told to the office once and never retried in a
 * loop. Telegram keeps answering throughout.
 */
const TOKEN = '123456:TEST-token';
let runtime: Runtime | null = null;
let telegram: FakeBotApi | null = null;

afterEach(async () => {
  await runtime?.stop();
  await telegram?.stop();
  runtime = null;
  telegram = null;
});

async function boot() {
  const dir = tempDir();
  const sessionPath = join(dir, 'zalo-session.json');
  writeSession(sessionPath, CREDENTIALS, new Date());
  telegram = new FakeBotApi(TOKEN, null);
  const root = await telegram.start();
  const login = new FakeZaloLogin(m.BOT_UID);
  runtime = await startRuntime(
    loadConfig({
      DATABASE_PATH: join(dir, 'bot.sqlite'),
      PLANS_DIR,
      CONSOLE: 'off',
      TELEGRAM_BOT_TOKEN: TOKEN,
      TELEGRAM_API_ROOT: root,
      ZALO_SESSION_PATH: sessionPath,
      ZALO_SEND_DELAY_MS: '0',
      ZALO_SEND_JITTER_MS: '0',
    }),
    {
      logger: silentLogger,
      schedule: false,
      tuning: {
        zalo: {
          login: login.login,
          sendGapMs: 0,
          sendJitterMs: 0,
          reconnect: { baseMs: 5, maxMs: 40, stableMs: 10_000 },
        },
      },
    },
  );
  const zalo = runtime.channels.find((c) => c.name === 'zalo') as ZaloChannel;
  // The office works on Telegram.
  const office = runtime.app.deps.invites.create('office', 'phong-vhxh', 'terminal', new Date(), 72);
  telegram.push(tg.groupMessage(`/dangky ${office.code}`, {}, tg.OFFICE));
  await telegram.waitFor(() => telegram!.sent(tg.OFFICE.id).length === 1);
  return { rt: runtime, tg: telegram, login, zalo };
}

describe('Zalo platform faults', () => {
  it('comes back after 1006 again and again, handles every message given to it, and Telegram keeps answering', async () => {
    const { tg: api, login, zalo } = await boot();
    const listener = login.api.listener;
    const drops = 25;
    let answeredOnTelegram = 0;
    for (let i = 0; i < drops; i++) {
      listener.close(1006, 'abnormal closure');
      expect(zalo.state).toBe('reconnecting');
      // Telegram is served while Zalo is down.
      const before = api.sent(tg.OFFICE.id).length;
      api.push(tg.groupMessage('/donvi', {}, tg.OFFICE));
      await api.waitFor(() => api.sent(tg.OFFICE.id).length === before + 1);
      answeredOnTelegram++;
      await waitFor(() => zalo.state === 'online');
      // A direct message right after the reconnect is handled and answered.
      const sentBefore = login.api.sent.length;
      listener.deliver(m.directText('/help'));
      await waitFor(() => login.api.sent.length > sentBefore);
    }
    const starts = listener.starts.length;
    console.log(
      `zalo 1006: ${drops} drops, ${starts} connects, ${answeredOnTelegram} Telegram answers meanwhile, ${login.logins} logins`,
    );
    expect(starts).toBe(drops + 1);
    expect(answeredOnTelegram).toBe(drops);
    // Backoff grows while the connection never stays up, up to its cap: gaps are never a storm.
    const gaps = listener.starts.slice(1).map((t, i) => t - (listener.starts[i] ?? t));
    expect(Math.min(...gaps.slice(5))).toBeGreaterThanOrEqual(0.7 * 40 - 5);
  });

  it('after 3003, tells the office once on Telegram, never reconnects, and Telegram keeps answering', async () => {
    const { tg: api, login, zalo } = await boot();
    const listener = login.api.listener;
    listener.close(3003, 'kicked');
    await api.waitFor(() => api.sent(tg.OFFICE.id).length === 2);
    expect(api.sent(tg.OFFICE.id)[1]?.text).toContain('Zalo đã ngắt kết nối của bot');
    for (let i = 0; i < 5; i++) {
      api.push(tg.groupMessage('/donvi', {}, tg.OFFICE));
      await api.waitFor(() => api.sent(tg.OFFICE.id).length === 3 + i);
    }
    await new Promise((r) => setTimeout(r, 300));
    console.log(
      `zalo 3003: ${listener.starts.length} connects, ${api.sent(tg.OFFICE.id).length - 1} office messages`,
    );
    expect(zalo.state).toBe('down');
    expect(listener.starts).toHaveLength(1);
    expect(login.logins).toBe(1);
    expect(api.sent(tg.OFFICE.id).filter((s) => s.text.includes('Zalo'))).toHaveLength(1);
  });
});
