import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A request the fake Bot API server received. */
export interface ApiCall {
  method: string;
  payload: Record<string, unknown>;
  at: number;
}

type Scripted = { status: number; body: Record<string, unknown> } | 'drop' | 'hang';

export interface FakeLimits {
  perSecond: number;
  perChatIntervalMs: number;
  groupPerMinute: number;
}

/**
 * A local HTTP server on 127.0.0.1 that speaks the part of the Telegram Bot API the bot uses: getMe,
 * getUpdates with long polling, sendMessage, editMessageText, answerCallbackQuery, setMyCommands,
 * deleteWebhook, sendDocument, sendPhoto. It can answer with scripted errors and enforce Telegram's rate limits.
 */
export class FakeBotApi {
  readonly calls: ApiCall[] = [];
  readonly botUser = { id: 7_000_001, is_bot: true, first_name: 'Trợ lý KH', username: 'lechan_kh_bot' };
  private server: Server | null = null;
  private updates: Record<string, unknown>[] = [];
  private nextUpdateId = 1000;
  private nextMessageId = 1;
  private pollers: (() => void)[] = [];
  private readonly scripted = new Map<string, Scripted[]>();
  private readonly sentTimes: number[] = [];
  private readonly lastByChat = new Map<string, number>();
  private readonly groupTimes = new Map<string, number[]>();
  rateLimited = 0;

  constructor(
    readonly token: string,
    private readonly limits: FakeLimits | null = null,
  ) {}

  /** Listens on 127.0.0.1 (on `port`, or any free one) and returns the API root. */
  async start(port = 0): Promise<string> {
    this.server = createServer((req, res) => void this.onRequest(req, res));
    await new Promise<void>((resolve) => this.server?.listen(port, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    for (const p of this.pollers.splice(0)) p();
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  /** The next answers to `method`, before normal service resumes. */
  script(method: string, ...answers: Scripted[]): void {
    this.scripted.set(method, [...(this.scripted.get(method) ?? []), ...answers]);
  }

  /** Queues an update for getUpdates; returns its update_id. */
  push(update: Record<string, unknown>): number {
    const id = (update.update_id as number | undefined) ?? this.nextUpdateId++;
    this.updates.push({ ...update, update_id: id });
    for (const p of this.pollers.splice(0)) p();
    return id;
  }

  /** Messages the bot sent, optionally to one chat. */
  sent(
    chatId?: number,
  ): { chat_id: number; text: string; payload: Record<string, unknown>; message_id: number }[] {
    return this.calls
      .filter(
        (c) => c.method === 'sendMessage' && (chatId === undefined || Number(c.payload.chat_id) === chatId),
      )
      .filter((c) => c.payload.__ok === true)
      .map((c) => ({
        chat_id: Number(c.payload.chat_id),
        text: String(c.payload.text),
        payload: c.payload,
        message_id: c.payload.__message_id as number,
      }));
  }

  /** Waits until `predicate` holds (checked on every call), or fails after `timeoutMs`. */
  async waitFor(predicate: () => boolean, timeoutMs = 5000): Promise<void> {
    const until = Date.now() + timeoutMs;
    while (!predicate()) {
      if (Date.now() > until) throw new Error('timed out waiting for the bot');
      await new Promise((r) => setTimeout(r, 10));
    }
  }

  private async onRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const m = /^\/bot([^/]+)\/(\w+)$/.exec(req.url ?? '');
    const body = await readBody(req);
    if (!m || m[1] !== this.token)
      return json(res, 401, { ok: false, error_code: 401, description: 'Unauthorized' });
    const method = m[2] as string;
    const payload = parsePayload(req.headers['content-type'] ?? '', body);
    const call: ApiCall = { method, payload, at: Date.now() };
    this.calls.push(call);

    const script = this.scripted.get(method)?.shift();
    if (script === 'drop') return void req.socket.destroy();
    if (script === 'hang') return;
    if (script) return json(res, script.status, script.body);

    switch (method) {
      case 'getMe':
        return json(res, 200, { ok: true, result: this.botUser });
      case 'deleteWebhook':
      case 'setMyCommands':
      case 'answerCallbackQuery':
        return json(res, 200, { ok: true, result: true });
      case 'getUpdates':
        return this.getUpdates(payload, res);
      case 'sendMessage':
      case 'sendDocument':
      case 'sendPhoto':
      case 'editMessageText': {
        const chatKey = String(payload.chat_id);
        const limited = this.checkLimits(chatKey, Number(payload.chat_id) < 0);
        if (limited !== null) {
          this.rateLimited++;
          return json(res, 429, {
            ok: false,
            error_code: 429,
            description: `Too Many Requests: retry after ${limited}`,
            parameters: { retry_after: limited },
          });
        }
        const messageId = this.nextMessageId++;
        payload.__ok = true;
        payload.__message_id = messageId;
        const result = {
          message_id: messageId,
          date: Math.floor(Date.now() / 1000),
          chat: { id: Number(payload.chat_id), type: Number(payload.chat_id) < 0 ? 'supergroup' : 'private' },
          from: this.botUser,
          text: typeof payload.text === 'string' ? payload.text.replace(/<\/?b>/g, '') : undefined,
        };
        return json(res, 200, { ok: true, result });
      }
      default:
        return json(res, 404, { ok: false, error_code: 404, description: `Not Found: method ${method}` });
    }
  }

  private getUpdates(payload: Record<string, unknown>, res: ServerResponse): void {
    const offset = Number(payload.offset ?? 0);
    this.updates = this.updates.filter((u) => (u.update_id as number) >= offset);
    const answer = () =>
      json(res, 200, { ok: true, result: this.updates.filter((u) => (u.update_id as number) >= offset) });
    if (this.updates.length > 0 || Number(payload.timeout ?? 0) === 0) return answer();
    const timer = setTimeout(() => {
      this.pollers = this.pollers.filter((p) => p !== wake);
      answer();
    }, 1000);
    const wake = () => {
      clearTimeout(timer);
      answer();
    };
    this.pollers.push(wake);
  }

  /** Seconds to wait if this send breaks a limit, else null (and the send is counted). */
  private checkLimits(chat: string, isGroup: boolean): number | null {
    if (!this.limits) return null;
    const now = Date.now();
    while (this.sentTimes.length > 0 && (this.sentTimes[0] ?? 0) <= now - 1000) this.sentTimes.shift();
    if (this.sentTimes.length >= this.limits.perSecond) return 1;
    const last = this.lastByChat.get(chat);
    if (last !== undefined && now - last < this.limits.perChatIntervalMs) return 1;
    const group = this.groupTimes.get(chat) ?? [];
    while (group.length > 0 && (group[0] ?? 0) <= now - 60_000) group.shift();
    if (isGroup && group.length >= this.limits.groupPerMinute)
      return Math.ceil(((group[0] ?? now) + 60_000 - now) / 1000);
    this.sentTimes.push(now);
    this.lastByChat.set(chat, now);
    if (isGroup) this.groupTimes.set(chat, [...group, now]);
    return null;
  }
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function parsePayload(contentType: string, body: Buffer): Record<string, unknown> {
  if (contentType.includes('application/json'))
    return JSON.parse(body.toString() || '{}') as Record<string, unknown>;
  if (contentType.includes('multipart/form-data')) {
    // Enough of multipart for the fields this bot sends (chat_id, caption, a document).
    const out: Record<string, unknown> = { __bytes: body.length };
    for (const m of body
      .toString('latin1')
      .matchAll(/name="([^"]+)"(?:; filename="([^"]+)")?\r\n(?:[^\r\n]+\r\n)*\r\n([\s\S]*?)\r\n--/g)) {
      const [, name, filename, value] = m;
      if (!name) continue;
      out[name] = filename
        ? { filename: Buffer.from(filename, 'latin1').toString(), bytes: value?.length ?? 0 }
        : Buffer.from(value ?? '', 'latin1').toString();
    }
    return out;
  }
  return {};
}

function json(res: ServerResponse, status: number, body: unknown): void {
  if (res.writableEnded) return;
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}
