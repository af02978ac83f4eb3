import type { ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app';
import { loadConfig } from '../../src/config';
import { silentLogger } from '../../src/log';
import { ANH, CLERK, FakeZaloBot, text, UNIT_GROUP } from '../helpers/fakeZaloBot';
import { PLANS_DIR } from '../helpers/plans';
import { spawnBot } from '../helpers/spawnBot';
import { tempDir } from '../helpers/tmp';

/**
 * The Zalo Bot channel through exactly what `npm start` runs (the built program, spawned), against the
 * local server of the platform's API, by long polling and behind a webhook.
 */
const TOKEN = '2718281828459045:ZaloBot-spawn-token';
const SECRET = 'webhook-secret-2026';

let child: ChildProcess | null = null;
let fake: FakeZaloBot | null = null;

afterEach(async () => {
  if (child && child.exitCode === null) {
    const exited = new Promise((r) => child?.once('exit', r));
    child.kill('SIGKILL');
    await exited;
  }
  await fake?.stop();
  [child, fake] = [null, null];
});

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

function start(env: Record<string, string>): Promise<{ proc: ChildProcess; log: () => string }> {
  return new Promise((resolve, reject) => {
    const proc = spawnBot({ LOG_LEVEL: 'info', CONSOLE: 'off', ...env }, ['ignore', 'ignore', 'pipe']);
    child = proc;
    let err = '';
    proc.stderr?.on('data', (d: Buffer) => {
      err += d.toString();
      if (/ INFO ready /.test(err)) resolve({ proc, log: () => err });
    });
    proc.on('exit', (code) => {
      if (!/ INFO ready /.test(err)) reject(new Error(`bot exited ${code} before ready:\n${err}`));
    });
  });
}

describe('the Zalo Bot channel through npm start', () => {
  for (const mode of ['polling', 'webhook'] as const)
    it(`registers the office and a unit's group, answers, takes a report, and stops cleanly (${mode})`, async () => {
      fake = new FakeZaloBot(TOKEN);
      const api = fake;
      const root = await api.start();
      const dir = tempDir();
      const dbPath = join(dir, 'bot.sqlite');
      // The administrator's first invitation (npm run invite), and one the office would make for a unit.
      const setup = createApp(loadConfig({ DATABASE_PATH: dbPath, PLANS_DIR }), { logger: silentLogger });
      const office = setup.deps.invites.create('office', 'phong-vhxh', 'terminal', new Date(), 72).code;
      const unit = setup.deps.invites.create('unit', 'phong-kt-ht-dt', 'terminal', new Date(), 72).code;
      setup.close();
      const env: Record<string, string> = {
        DATABASE_PATH: dbPath,
        PLANS_DIR,
        EXPORT_DIR: join(dir, 'exports'),
        ZALO_BOT_TOKEN: TOKEN,
        ZALO_BOT_API_ROOT: root,
      };
      let url = '';
      if (mode === 'webhook') {
        const port = await freePort();
        url = `http://127.0.0.1:${port}/zalobot`;
        Object.assign(env, {
          HTTP_PORT: String(port),
          ZALO_BOT_WEBHOOK_URL: url,
          ZALO_BOT_WEBHOOK_SECRET: SECRET,
        });
      }
      const { proc, log } = await start(env);
      expect(api.webhook).toEqual(mode === 'webhook' ? { url, secret: SECRET } : null);

      /** A user's message reaches the bot the way this mode delivers it; resolves with its answers. */
      const say = async (update: Record<string, unknown>, count = 1) => {
        const before = api.sent().length;
        if (mode === 'polling') api.push(update);
        else expect(await api.postToWebhook(update)).toBe(200);
        await api.waitFor(() => api.sent().length >= before + count, 10_000);
        return api
          .sent()
          .slice(before)
          .map((m) => m.text);
      };
      expect((await say(text(`/dangky ${office}`, CLERK)))[0]).toContain(
        'Đã đăng ký nhóm này cho Phòng Văn hóa – Xã hội',
      );
      expect((await say(text(`/dangky ${unit}`, ANH, UNIT_GROUP), 2))[0]).toContain(
        'Đã đăng ký nhóm này cho Phòng Kinh tế, Hạ tầng và Đô thị.',
      );
      expect((await say(text('/nhiemvu', ANH, UNIT_GROUP)))[0]).toContain('Phòng Kinh tế, Hạ tầng và Đô thị');
      expect(
        (await say(text('NV7: hoàn thành - đăng ký mô hình Dân vận khéo', ANH, UNIT_GROUP)))[0],
      ).toContain('Đã nhận báo cáo');
      expect((await say(text('/tinhhinh', CLERK)))[0]).toMatch(/Đã nộp (đúng hạn|muộn): 1/);

      const exited = new Promise<number | null>((r) => proc.once('exit', (code) => r(code)));
      proc.kill('SIGTERM');
      expect(await exited).toBe(0);
      expect(log()).not.toContain(TOKEN);
      // Behind a webhook, the bot removes it as it stops; the platform keeps what comes meanwhile.
      expect(api.webhook).toBeNull();
      expect(api.refused).toEqual([]);
    });
});
