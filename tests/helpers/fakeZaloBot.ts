import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { checkBotText } from './botText';

/** A call the fake Zalo Bot API received. */
export interface ZbCall {
  method: string;
  payload: Record<string, unknown>;
  at: number;
}

/** A scripted answer: an HTTP status and body, or a dropped connection. */
type Scripted = { status: number; body: Record<string, unknown> } | 'drop';

/** What the platform fetched when asked to send a picture by its address. */
export interface FetchedPhoto {
  url: string;
  status: number;
  contentType: string | null;
  bytes: number;
}

export const BOT_ID = '1122334455667788990';
export const BOT_NAME = 'Trợ lý KH 168';

/**
 * A local server on 127.0.0.1 that speaks the Zalo Bot Platform's documented API, as the bot uses it:
 * `POST /bot<token>/<method>` with JSON, answers `{ ok, result }` or `{ ok: false, error_code,
 * description }`. getUpdates answers one update at a time and forgets it once answered (there is no
 * offset), or 408 when nothing came within its wait. With a webhook set, updates are POSTed to it with the
 * secret in `X-Bot-Api-Secret-Token`, bare (`{ event_name, message }`), and never delivered twice.
 * sendPhoto fetches the picture from the address it is given, as the platform does.
 */
export class FakeZaloBot {
  readonly calls: ZbCall[] = [];
  readonly fetched: FetchedPhoto[] = [];
  /** Messages refused as the platform would refuse them, with why. */
  readonly refused: { method: string; problem: string }[] = [];
  webhook: { url: string; secret: string } | null = null;
  /** How long a getUpdates with nothing to give waits before its 408, in ms (the real one: `timeout`). */
  holdMs = 1000;
  private server: Server | null = null;
  private readonly queue: Record<string, unknown>[] = [];
  private waiting: (() => void)[] = [];
  private readonly scripted = new Map<string, Scripted[]>();
  private nextMessage = 1;

  constructor(readonly token: string) {}

  async start(port = 0): Promise<string> {
    this.server = createServer((req, res) => void this.onRequest(req, res));
    await new Promise<void>((resolve) => this.server?.listen(port, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    for (const w of this.waiting.splice(0)) w();
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  /** The next answers to `method`, before normal service resumes. */
  script(method: string, ...answers: Scripted[]): void {
    this.scripted.set(method, [...(this.scripted.get(method) ?? []), ...answers]);
  }

  /** A user's message reaches the platform: queued for getUpdates (polling mode). */
  push(update: Record<string, unknown>): void {
    this.queue.push(update);
    for (const w of this.waiting.splice(0)) w();
  }

  /** Updates pushed and not yet fetched. */
  get pending(): number {
    return this.queue.length;
  }

  /** Delivers an update to the webhook the bot set; returns the HTTP status the bot answered. */
  async postToWebhook(update: Record<string, unknown>, secret?: string | null): Promise<number> {
    if (!this.webhook) throw new Error('no webhook set');
    const given = secret === undefined ? this.webhook.secret : secret;
    const response = await fetch(this.webhook.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(given === null ? {} : { 'x-bot-api-secret-token': given }),
      },
      body: JSON.stringify(update),
    });
    await response.arrayBuffer();
    return response.status;
  }

  /** Texts the bot sent, optionally to one chat (the platform's id, without our prefix). */
  sent(chatId?: string): { chat_id: string; text: string }[] {
    return this.calls
      .filter((c) => c.method === 'sendMessage' && c.payload.__ok === true)
      .filter((c) => chatId === undefined || c.payload.chat_id === chatId)
      .map((c) => ({ chat_id: String(c.payload.chat_id), text: String(c.payload.text) }));
  }

  count(method: string): number {
    return this.calls.filter((c) => c.method === method).length;
  }

  async waitFor(predicate: () => boolean, timeoutMs = 5000): Promise<void> {
    const until = Date.now() + timeoutMs;
    while (!predicate()) {
      if (Date.now() > until) throw new Error('timed out waiting for the bot');
      await new Promise((r) => setTimeout(r, 10));
    }
  }

  private async onRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = await readBody(req);
    const m = /^\/bot([^/]+)\/(\w+)$/.exec(req.url ?? '');
    if (req.method !== 'POST' || !m)
      return json(res, 404, { ok: false, error_code: 404, description: 'Not Found' });
    const method = m[2] as string;
    let payload: Record<string, unknown>;
    try {
      payload = JSON.parse(body.toString() || '{}') as Record<string, unknown>;
    } catch {
      return json(res, 400, { ok: false, error_code: 400, description: 'Bad Request: invalid JSON' });
    }
    const call: ZbCall = { method, payload, at: Date.now() };
    this.calls.push(call);
    if (m[1] !== this.token)
      return json(res, 401, { ok: false, error_code: 401, description: 'Unauthorized' });
    const script = this.scripted.get(method)?.shift();
    if (script === 'drop') return void req.socket.destroy();
    if (script) return json(res, script.status, script.body);
    const ok = (result: unknown) => json(res, 200, { ok: true, result });
    const bad = (problem: string) => {
      this.refused.push({ method, problem });
      json(res, 400, { ok: false, error_code: 400, description: `Bad Request: ${problem}` });
    };
    switch (method) {
      case 'getMe':
        return ok({
          id: BOT_ID,
          account_name: 'bot.KH168LeChan',
          account_type: 'BASIC',
          can_join_groups: true,
          display_name: BOT_NAME,
        });
      case 'getUpdates':
        return this.getUpdates(payload, res);
      case 'setWebhook': {
        const secret = payload.secret_token;
        if (typeof payload.url !== 'string' || !/^https?:\/\//.test(payload.url))
          return bad('url is invalid');
        if (typeof secret !== 'string' || secret.length < 8 || secret.length > 256)
          return bad('secret_token must be 8-256 characters');
        this.webhook = { url: payload.url, secret };
        return ok({ url: payload.url, updated_at: Date.now() });
      }
      case 'deleteWebhook':
        this.webhook = null;
        return ok({ url: '', updated_at: Date.now() });
      case 'getWebhookInfo':
        return ok({ url: this.webhook?.url ?? '', updated_at: Date.now() });
      case 'sendChatAction':
        return ok(true);
      case 'sendMessage': {
        checkBotText(typeof payload.text === 'string' ? payload.text : null, 'zalobot sendMessage');
        if (typeof payload.chat_id !== 'string' || !payload.chat_id) return bad('chat_id is required');
        if (typeof payload.text !== 'string' || !payload.text) return bad('text is required');
        if (payload.text.length > 2000) return bad('text is too long (2000 characters at most)');
        payload.__ok = true;
        return ok({ message_id: `m${this.nextMessage++}`, date: Date.now() });
      }
      case 'sendPhoto': {
        checkBotText(typeof payload.caption === 'string' ? payload.caption : null, 'zalobot sendPhoto');
        const photo = payload.photo;
        if (typeof photo !== 'string' || !/^https?:\/\//.test(photo)) return bad('photo must be a URL');
        // The platform downloads the picture from the address it is given.
        const got = await fetch(photo).catch(() => null);
        const bytes = got ? (await got.arrayBuffer()).byteLength : 0;
        this.fetched.push({
          url: photo,
          status: got?.status ?? 0,
          contentType: got?.headers.get('content-type') ?? null,
          bytes,
        });
        if (!got || got.status !== 200) return bad('photo url is unreachable');
        payload.__ok = true;
        return ok({ message_id: `m${this.nextMessage++}`, date: Date.now() });
      }
      default:
        return json(res, 404, { ok: false, error_code: 404, description: `Not Found: method ${method}` });
    }
  }

  private getUpdates(payload: Record<string, unknown>, res: ServerResponse): void {
    if (this.webhook)
      return json(res, 200, { ok: false, error_code: 409, description: 'Conflict: a webhook is set' });
    const answer = () => {
      const update = this.queue.shift();
      if (update) json(res, 200, { ok: true, result: update });
      else json(res, 200, { ok: false, error_code: 408, description: 'Request timeout' });
    };
    if (this.queue.length > 0) return answer();
    const wait = Math.min(this.holdMs, Number(payload.timeout ?? 0) * 1000);
    if (wait <= 0) return answer();
    const wake = () => {
      clearTimeout(timer);
      this.waiting = this.waiting.filter((w) => w !== wake);
      answer();
    };
    const timer = setTimeout(wake, wait);
    this.waiting.push(wake);
    res.on('close', () => {
      clearTimeout(timer);
      this.waiting = this.waiting.filter((w) => w !== wake);
    });
  }
}

let nextId = 5000;
const DATE = Date.UTC(2026, 11, 9, 2, 0, 0);

export interface ZbPerson {
  id: string;
  display_name: string;
}

export const ANH: ZbPerson = { id: '6ede9afa66b88fe6d6a9', display_name: 'Nguyễn Văn Anh' };
export const CLERK: ZbPerson = { id: '8a1b2c3d4e5f60718293', display_name: 'Trần Thị Bình' };
export const UNIT_GROUP = { id: 'g7f3e2d1c0b9a8f7e6d5', chat_type: 'GROUP' as const };

/** A text message as the platform sends it; a private chat with the sender unless a group is given. */
export function text(
  body: string,
  from: ZbPerson = ANH,
  chat: { id: string; chat_type: 'PRIVATE' | 'GROUP' } = { id: from.id, chat_type: 'PRIVATE' },
) {
  const id = ++nextId;
  return {
    event_name: 'message.text.received',
    message: {
      message_id: `${id.toString(16)}d758cb5d6a8d2f7`,
      date: DATE + id,
      text: body,
      from: { id: from.id, display_name: from.display_name, is_bot: false },
      chat,
    },
  };
}

export function image(caption: string | undefined, from: ZbPerson = ANH) {
  const id = ++nextId;
  return {
    event_name: 'message.image.received',
    message: {
      message_id: `${id.toString(16)}a9b8c7d6e5f4`,
      date: DATE + id,
      photo_url: 'https://photo-stal-9.zdn.vn/abc/anh-bao-cao.jpg',
      ...(caption ? { caption } : {}),
      from: { id: from.id, display_name: from.display_name, is_bot: false },
      chat: { id: from.id, chat_type: 'PRIVATE' },
    },
  };
}

export function sticker(from: ZbPerson = ANH) {
  const id = ++nextId;
  return {
    event_name: 'message.sticker.received',
    message: {
      message_id: `${id.toString(16)}5717c4e7`,
      date: DATE + id,
      sticker: 'b3c4d5e6',
      url: 'https://zalo-api.zadn.vn/api/emoticon/sticker/webpc?eid=1234',
      from: { id: from.id, display_name: from.display_name, is_bot: false },
      chat: { id: from.id, chat_type: 'PRIVATE' },
    },
  };
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function json(res: ServerResponse, status: number, body: unknown): void {
  if (res.writableEnded || res.destroyed) return;
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}
