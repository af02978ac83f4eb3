import { join } from 'node:path';
import type { RuntimeOptions } from '../../src/runtime';
import { ConsoleSession } from './console';
import { tempDir } from './tmp';

/** The sign-in link in what the console printed for `/web`. */
export function linkIn(output: string): string {
  const m = /http:\/\/127\.0\.0\.1:\d+\/web\/dangnhap\/[A-Za-z0-9_-]+/.exec(output);
  if (!m) throw new Error(`no sign-in link in:\n${output}`);
  return m[0];
}

export interface WebAnswer {
  status: number;
  headers: Headers;
  text: string;
}

/** A browser without a browser: fetch with the session cookie, forms posted as a page would. */
export class WebClient {
  cookie: string | null = null;

  constructor(readonly base: string) {}

  async get(path: string, headers: Record<string, string> = {}): Promise<WebAnswer> {
    return this.send(path, { method: 'GET', headers });
  }

  async post(
    path: string,
    fields: Record<string, string>,
    headers: Record<string, string> = {},
  ): Promise<WebAnswer> {
    return this.send(path, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
      body: new URLSearchParams(fields).toString(),
    });
  }

  /** The CSRF token the forms of a page carry. */
  static csrfIn(page: string): string {
    const m = /name="_csrf" value="([^"]+)"/.exec(page);
    if (!m?.[1]) throw new Error('no form on the page');
    return m[1];
  }

  private async send(path: string, init: RequestInit): Promise<WebAnswer> {
    const headers = new Headers(init.headers);
    if (this.cookie) headers.set('cookie', this.cookie);
    const r = await fetch(path.startsWith('http') ? path : `${this.base}${path}`, {
      ...init,
      headers,
      redirect: 'manual',
    });
    const set = r.headers.get('set-cookie');
    if (set) {
      const pair = set.split(';')[0] ?? '';
      this.cookie = pair.endsWith('=') ? null : pair;
    }
    return { status: r.status, headers: r.headers, text: await r.text() };
  }
}

/**
 * The bot with its console and the web page on a free port, a real database and export folder in a
 * temporary folder, and a clock the test moves.
 */
export async function startWebBot(
  start: Date,
  env: Record<string, string> = {},
  web?: RuntimeOptions['web'],
): Promise<ConsoleSession> {
  const dir = tempDir();
  return ConsoleSession.start(start, {
    dir,
    env: { WEB: 'on', HTTP_PORT: '0', EXPORT_DIR: join(dir, 'exports'), ...env },
    web,
  });
}

/** `/web` typed in the console chat `as`, and the link it printed. */
export async function linkFor(bot: ConsoleSession, as: string): Promise<string> {
  await bot.say(`:as ${as}`);
  return linkIn(await bot.say('/web'));
}

/** Signs in as the chat `as` through its link (GET shows the button, POST uses it). */
export async function signIn(bot: ConsoleSession, as: string): Promise<WebClient> {
  const link = await linkFor(bot, as);
  const client = new WebClient(new URL(link).origin);
  const answer = await client.post(link, {});
  if (answer.status !== 303 || !client.cookie) throw new Error(`sign-in failed: ${answer.status}`);
  return client;
}

/** Rows of the audit log, oldest first. */
export function auditRows(bot: ConsoleSession): {
  chatId: string | null;
  role: string | null;
  action: string;
  detail: Record<string, unknown>;
}[] {
  return bot.deps.db.$client
    .prepare('SELECT chat_id AS chatId, role, action, detail FROM audit ORDER BY id')
    .all()
    .map((r) => {
      const row = r as { chatId: string | null; role: string | null; action: string; detail: string };
      return { ...row, detail: JSON.parse(row.detail) as Record<string, unknown> };
    });
}
