import Database from 'better-sqlite3';
import type { ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { FakeBotApi } from '../helpers/fakeTelegram';
import { PLANS_DIR } from '../helpers/plans';
import { spawnBot } from '../helpers/spawnBot';
import { tempDir } from '../helpers/tmp';
import * as f from '../telegram/fixtures/updates';
import { waitFor } from '../helpers/wait';

/**
 * The real process (as `npm start` runs it) at its edges. Promises: SIGTERM while a message is being
 * answered lets that answer finish and be recorded before the database closes, and the process exits
 * 0; the bot's token appears in no log line, whatever Telegram answers (errors, dropped connections,
 * an unreachable server, a refused token), at the most verbose log level.
 */
const TOKEN = '7123456789:AAH-secret-part-of-the-token_x9';
const SECRET = TOKEN.split(':')[1]!;
let api: FakeBotApi | null = null;
let child: ChildProcess | null = null;

afterEach(async () => {
  child?.kill('SIGKILL');
  child = null;
  await api?.stop();
  api = null;
});

interface Started {
  proc: ChildProcess;
  stderr: () => string;
  exited: Promise<number | null>;
}

/** Starts the bot with Telegram against `root`; resolves once it logged `ready` (or at once with `ready: false`). */
async function start(root: string, dir: string, ready = true): Promise<Started> {
  const proc = spawnBot(
    {
      DATABASE_PATH: join(dir, 'bot.sqlite'),
      PLANS_DIR,
      CONSOLE: 'off',
      LOG_LEVEL: 'debug',
      TELEGRAM_BOT_TOKEN: TOKEN,
      TELEGRAM_API_ROOT: root,
    },
    ['ignore', 'ignore', 'pipe'],
  );
  child = proc;
  let err = '';
  proc.stderr?.on('data', (d: Buffer) => (err += d.toString()));
  const exited = new Promise<number | null>((r) => proc.once('exit', (code) => r(code)));
  if (ready) await waitFor(() => / INFO ready /.test(err), 30_000);
  return { proc, stderr: () => err, exited };
}

describe('the process at its edges', () => {
  it('SIGTERM while a reply is in flight: the reply finishes and is recorded, then the process exits 0', async () => {
    api = new FakeBotApi(TOKEN, null);
    const a = api;
    // Telegram takes the reply at once and answers 1.5 s later.
    a.answerDelayMs = (method) => (method === 'sendMessage' ? 1_500 : 0);
    const dir = tempDir();
    const bot = await start(await a.start(), dir);
    let signalled = false;
    a.onCall = (call) => {
      if (call.method !== 'sendMessage' || signalled) return;
      signalled = true;
      bot.proc.kill('SIGTERM');
    };
    a.push(f.directMessage('/help'));
    const code = await bot.exited;
    child = null;
    expect(signalled).toBe(true);
    expect(code).toBe(0);
    expect(bot.stderr()).toMatch(/ INFO stopping \{"why":"SIGTERM"\}/);
    expect(bot.stderr()).not.toMatch(/ ERROR /);
    const db = new Database(join(dir, 'bot.sqlite'), { readonly: true });
    try {
      // Handled, and its reply confirmed by Telegram before the database closed: nothing left to resend.
      expect(db.prepare("SELECT outcome FROM inbound WHERE text = '/help'").pluck().get()).toBe('help');
      expect(db.prepare("SELECT status FROM outbox WHERE kind = 'reply'").pluck().all()).toEqual(['sent']);
    } finally {
      db.close();
    }
    expect(a.sent().map((s) => s.chat_id)).toEqual([f.PRIVATE.id]);
  });

  it('never writes the bot token to the log, whatever Telegram answers', async () => {
    api = new FakeBotApi(TOKEN, null);
    const a = api;
    const dir = tempDir();
    // Polling meets dropped connections, server errors and a conflict; sends meet the same and a 429.
    a.script(
      'getUpdates',
      'drop',
      { status: 500, body: { ok: false, error_code: 500, description: 'Internal Server Error' } },
      {
        status: 409,
        body: { ok: false, error_code: 409, description: 'Conflict: terminated by other getUpdates' },
      },
    );
    a.script(
      'sendMessage',
      'drop',
      { status: 502, body: { ok: false, error_code: 502, description: 'Bad Gateway' } },
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
    const bot = await start(await a.start(), dir);
    for (let i = 0; i < 3; i++) a.push(f.directMessage('/help'));
    await waitFor(() => a.sent().length >= 3, 60_000);
    bot.proc.kill('SIGTERM');
    expect(await bot.exited).toBe(0);
    const logs = [bot.stderr()];

    // A server that cannot be reached at all: the bot keeps trying and says so.
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((r) => closed.close(() => r()));
    const unreachable = await start(`http://127.0.0.1:${port}`, tempDir(), false);
    await waitFor(() => /telegram unreachable/.test(unreachable.stderr()), 30_000);
    unreachable.proc.kill('SIGTERM');
    await unreachable.exited;
    logs.push(unreachable.stderr());

    // A token Telegram refuses: start-up stops with a message.
    const other = new FakeBotApi('999:another-token', null);
    const refused = await start(await other.start(), tempDir(), false);
    expect(await refused.exited).toBe(1);
    await other.stop();
    logs.push(refused.stderr());
    child = null;

    const all = logs.join('\n');
    expect(all).toMatch(/ WARN /); // the faults were logged…
    expect(logs[2]).toContain('TELEGRAM_BOT_TOKEN');
    expect(all).not.toContain(SECRET); // …and the token never
    console.log(
      `token in logs: ${all.split('\n').length} log lines over 3 runs with faults, 0 with the token`,
    );
  });
});
