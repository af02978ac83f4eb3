import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config';
import { createLogger } from '../../src/log';
import type { Runtime } from '../../src/runtime';
import { startRuntime } from '../../src/runtime';
import { PLANS_DIR } from '../helpers/plans';
import { spawnBot } from '../helpers/spawnBot';
import { tempDir } from '../helpers/tmp';
import { waitFor } from '../helpers/wait';

/**
 * When no channel can run (Zalo's saved session is dead and it is the only channel), the bot never says
 * "ready": it says that no channel works and what to do, and with a terminal attached opens the console.
 */
let runtime: Runtime | null = null;

afterEach(async () => {
  await runtime?.stop();
  runtime = null;
});

function deadZaloSession(): { dir: string; env: Record<string, string> } {
  const dir = tempDir();
  const sessionPath = join(dir, 'zalo-session.json');
  writeFileSync(sessionPath, '{"imei": 12');
  return { dir, env: { DATABASE_PATH: join(dir, 'bot.sqlite'), PLANS_DIR, ZALO_SESSION_PATH: sessionPath } };
}

describe('no working channel', () => {
  it('says so and what to do, never "ready", and keeps running (no terminal)', async () => {
    const { env } = deadZaloSession();
    const child = spawnBot({ ...env, LOG_LEVEL: 'info' }, ['pipe', 'ignore', 'pipe']);
    let err = '';
    child.stderr?.on('data', (d: Buffer) => (err += d.toString()));
    try {
      await waitFor(() => err.includes('No channel is working'), 10_000);
      await new Promise((r) => setTimeout(r, 300));
      expect(err).toContain('zalo: Zalo (session_invalid');
      expect(err).toContain('npm run zalo:login');
      expect(err).not.toMatch(/ INFO ready /);
      expect(child.exitCode).toBeNull();
    } finally {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    }
  });

  it('opens the console chat when a terminal is attached', async () => {
    const { env } = deadZaloSession();
    const stdin = Object.assign(new PassThrough(), { isTTY: true });
    const stdout = new PassThrough();
    let printed = '';
    stdout.on('data', (d: Buffer) => (printed += d.toString()));
    const logs: string[] = [];
    runtime = await startRuntime(loadConfig(env), {
      logger: createLogger('info', (line) => logs.push(line)),
      schedule: false,
      stdin,
      stdout,
    });
    expect(runtime.working).toBe(true);
    expect(runtime.channels.map((c) => [c.name, c.down])).toEqual([
      ['zalo', true],
      ['console', false],
    ]);
    expect(logs.join('')).toContain('The console chat is open meanwhile');
    stdin.write('/donvi\n');
    await waitFor(() => printed.includes('Đăng ký nhóm'));
    // The office is told in the console too, once, that Zalo needs a login.
    expect(printed.match(/Bot tạm ngừng nhận và gửi tin trên Zalo/g)).toHaveLength(1);
  });

  it('says what to configure when nothing is, and the console is off', async () => {
    const dir = tempDir();
    const logs: string[] = [];
    runtime = await startRuntime(
      loadConfig({ DATABASE_PATH: join(dir, 'bot.sqlite'), PLANS_DIR, CONSOLE: 'off' }),
      { logger: createLogger('info', (line) => logs.push(line)), schedule: false, stdin: new PassThrough() },
    );
    expect(runtime.working).toBe(false);
    expect(runtime.channels).toEqual([]);
    expect(logs.join('')).toContain('No channel is configured (CONSOLE=off)');
    expect(logs.join('')).not.toMatch(/ INFO ready /);
  });
});
