import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { buttonProblem, telegramHtmlProblem } from './telegramHtml';
import { checkBotText } from './botText';

/** A request the fake Bot API server received. */
export interface ApiCall {
  method: string;
  payload: Record<string, unknown>;
  at: number;
}

/**
 * A scripted answer: an HTTP error, a dropped connection or one never answered (the request is not
 * taken), or `delivered-drop`: the message is delivered and then the connection drops before the answer,
 * as when a network fails on the way back.
 */
type Scripted = { status: number; body: Record<string, unknown> } | 'drop' | 'hang' | 'delivered-drop';

export interface FakeLimits {
  perSecond: number;
  perChatIntervalMs: number;
  groupPerMinute: number;
}

/**
 * A local HTTP server on 127.0.0.1 that speaks the part of the Telegram Bot API the bot uses: getMe,
 * getUpdates with long polling, sendMessage, editMessageText, answerCallbackQuery, setMyCommands,
 * setWebhook, deleteWebhook, getWebhookInfo, sendChatAction, sendDocument, sendPhoto, getFile and the file
 * download URL (`/file/bot<token>/<file_path>`), which serves files users "sent" (`hostFile`). With a webhook
 * set, getUpdates is refused (409) as Telegram refuses it, and `postToWebhook` delivers an update the way
 * Telegram does: a POST with the secret in `X-Telegram-Bot-Api-Secret-Token`. It can answer with scripted faults (HTTP errors, dropped or
 * never-answered connections, answers lost after delivery), answer late, redeliver updates, and enforce
 * Telegram's rate limits.
 */
export class FakeBotApi {
  readonly calls: ApiCall[] = [];
  readonly botUser = { id: 7_000_001, is_bot: true, first_name: 'Trợ lý KH', username: 'lechan_kh_bot' };
  private server: Server | null = null;
  private updates: Record<string, unknown>[] = [];
  private again: Record<string, unknown>[] = [];
  private readonly handedOut = new Map<number, number>();
  private nextUpdateId = 1000;
  private nextMessageId = 1;
  private pollers: (() => void)[] = [];
  private readonly scripted = new Map<string, Scripted[]>();
  private readonly sentTimes: number[] = [];
  private readonly lastByChat = new Map<string, number>();
  private readonly groupTimes = new Map<string, number[]>();
  rateLimited = 0;
  /** Messages refused as Telegram would refuse them (bad HTML, too long, bad buttons), with why. */
  readonly refused: { method: string; problem: string; text: unknown }[] = [];
  /** How long the answer to a call takes, in ms, after the server has taken it (sends are delivered at once). */
  answerDelayMs: (method: string) => number = () => 0;
  /** Told of every call as it arrives, before it is answered. */
  onCall: ((call: ApiCall) => void) | null = null;
  /** The webhook the bot set, if any. */
  webhook: { url: string; secret: string | null } | null = null;
  /** Files users sent, by file_id: their bytes and the path getFile gives (null: no path). */
  private readonly files = new Map<string, { bytes: Buffer; path: string | null }>();
  /** Paths of the file URL that were downloaded. */
  readonly downloads: string[] = [];
  private nextFile = 1;

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

  /**
   * A file a user sent, as Telegram keeps it: returns the fields of its `document` (or `photo` size),
   * with `file_size` as Telegram declares it (override `declaredSize` to make Telegram lie, or a path
   * for getFile to give).
   */
  hostFile(
    bytes: Buffer,
    opts: { folder?: 'documents' | 'photos'; ext?: string; declaredSize?: number; path?: string | null } = {},
  ): { file_id: string; file_unique_id: string; file_size: number } {
    const n = this.nextFile++;
    const file_id = `BQACAgUAAxkBAAI${String(n).padStart(4, '0')}ZmVhdHVyZS1maWxl`;
    const path =
      opts.path === undefined ? `${opts.folder ?? 'documents'}/file_${n}.${opts.ext ?? 'bin'}` : opts.path;
    this.files.set(file_id, { bytes, path });
    return { file_id, file_unique_id: `AgAD${n}`, file_size: opts.declaredSize ?? bytes.length };
  }

  /** Queues an update for getUpdates; returns its update_id. */
  push(update: Record<string, unknown>): number {
    const id = (update.update_id as number | undefined) ?? this.nextUpdateId++;
    this.updates.push({ ...update, update_id: id });
    for (const p of this.pollers.splice(0)) p();
    return id;
  }

  /** Queues several updates at once: a waiting poll gets them all in one answer. */
  pushAll(updates: Record<string, unknown>[]): void {
    for (const u of updates)
      this.updates.push({ ...u, update_id: (u.update_id as number | undefined) ?? this.nextUpdateId++ });
    for (const p of this.pollers.splice(0)) p();
  }

  /**
   * Delivers an update to the webhook the bot set, as Telegram does (the secret it was given, unless the
   * test says otherwise: `null` sends none). Returns the HTTP status the bot answered.
   */
  async postToWebhook(update: Record<string, unknown>, secret?: string | null): Promise<number> {
    if (!this.webhook) throw new Error('no webhook set');
    const id = (update.update_id as number | undefined) ?? this.nextUpdateId++;
    const given = secret === undefined ? this.webhook.secret : secret;
    const response = await fetch(this.webhook.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(given === null ? {} : { 'x-telegram-bot-api-secret-token': given }),
      },
      body: JSON.stringify({ ...update, update_id: id }),
    });
    await response.arrayBuffer();
    this.handedOut.set(id, (this.handedOut.get(id) ?? 0) + 1);
    return response.status;
  }

  /** How many times an update has been handed to the bot. */
  deliveries(updateId: number): number {
    return this.handedOut.get(updateId) ?? 0;
  }

  /**
   * Hands an update the bot has already been given out once more, at the next getUpdates, whatever
   * offset the bot confirmed: as Telegram does when a confirmation did not take (a crash before the
   * next poll, a webhook answered too late).
   */
  redeliver(update: Record<string, unknown>): void {
    this.again.push(structuredClone(update));
    for (const p of this.pollers.splice(0)) p();
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
    const file = /^\/file\/bot([^/]+)\/(.+)$/.exec(req.url ?? '');
    if (file) return this.serveFile(file[1] ?? '', decodeURIComponent(file[2] ?? ''), res);
    const m = /^\/bot([^/]+)\/(\w+)$/.exec(req.url ?? '');
    const body = await readBody(req);
    if (!m || m[1] !== this.token)
      return json(res, 401, { ok: false, error_code: 401, description: 'Unauthorized' });
    const method = m[2] as string;
    const payload = parsePayload(req.headers['content-type'] ?? '', body);
    const call: ApiCall = { method, payload, at: Date.now() };
    this.calls.push(call);

    const script = this.scripted.get(method)?.shift();
    if (script === 'drop') return this.arrived(call, () => req.socket.destroy());
    if (script === 'hang') return this.arrived(call, () => {});
    if (script && script !== 'delivered-drop')
      return this.arrived(call, () => json(res, script.status, script.body));
    const delay = this.answerDelayMs(method);
    const answer = (status: number, body: unknown) => {
      if (script === 'delivered-drop') req.socket.destroy();
      else if (delay > 0) setTimeout(() => json(res, status, body), delay);
      else json(res, status, body);
    };
    this.arrived(call, () => this.answer(method, payload, answer));
  }

  /** The file download URL of the Bot API: the bytes, as application/octet-stream. */
  private serveFile(token: string, path: string, res: ServerResponse): void {
    if (token !== this.token)
      return json(res, 401, { ok: false, error_code: 401, description: 'Unauthorized' });
    this.downloads.push(path);
    const found = [...this.files.values()].find((f) => f.path === path);
    if (!found) return json(res, 404, { ok: false, error_code: 404, description: 'Not Found' });
    res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': found.bytes.length });
    res.end(found.bytes);
  }

  /** Tells the listener of a call that has arrived, then answers it. */
  private arrived(call: ApiCall, then: () => void): void {
    then();
    this.onCall?.(call);
  }

  private answer(
    method: string,
    payload: Record<string, unknown>,
    answer: (status: number, body: unknown) => void,
  ): void {
    switch (method) {
      case 'getMe':
        return answer(200, { ok: true, result: this.botUser });
      case 'setWebhook':
        this.webhook = {
          url: String(payload.url),
          secret: typeof payload.secret_token === 'string' ? payload.secret_token : null,
        };
        return answer(200, { ok: true, result: true, description: 'Webhook was set' });
      case 'deleteWebhook':
        this.webhook = null;
        return answer(200, { ok: true, result: true, description: 'Webhook was deleted' });
      case 'getWebhookInfo':
        return answer(200, {
          ok: true,
          result: { url: this.webhook?.url ?? '', has_custom_certificate: false, pending_update_count: 0 },
        });
      case 'setMyCommands':
      case 'answerCallbackQuery':
      case 'sendChatAction':
        return answer(200, { ok: true, result: true });
      case 'getUpdates':
        if (this.webhook)
          return answer(409, {
            ok: false,
            error_code: 409,
            description:
              "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first",
          });
        return this.getUpdates(payload, answer);
      case 'getFile': {
        const file = this.files.get(String(payload.file_id));
        if (!file)
          return answer(400, { ok: false, error_code: 400, description: 'Bad Request: invalid file_id' });
        // The Bot API gives no file over 20 MB to a bot.
        if (file.bytes.length > 20 * 1024 * 1024)
          return answer(400, { ok: false, error_code: 400, description: 'Bad Request: file is too big' });
        const result: Record<string, unknown> = {
          file_id: payload.file_id,
          file_unique_id: `AgAD${String(payload.file_id).length}`,
          file_size: file.bytes.length,
        };
        if (file.path !== null) result.file_path = file.path;
        return answer(200, { ok: true, result });
      }
      case 'sendMessage':
      case 'sendDocument':
      case 'sendPhoto':
      case 'editMessageText': {
        const problem = messageProblem(payload);
        if (problem !== null) {
          this.refused.push({ method, problem, text: payload.text });
          return answer(400, { ok: false, error_code: 400, description: `Bad Request: ${problem}` });
        }
        const chatKey = String(payload.chat_id);
        const limited = this.checkLimits(chatKey, Number(payload.chat_id) < 0);
        if (limited !== null) {
          this.rateLimited++;
          return answer(429, {
            ok: false,
            error_code: 429,
            description: `Too Many Requests: retry after ${limited}`,
            parameters: { retry_after: limited },
          });
        }
        checkBotText(typeof payload.text === 'string' ? payload.text : null, `telegram ${method}`);
        checkBotText(typeof payload.caption === 'string' ? payload.caption : null, `telegram ${method}`);
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
        return answer(200, { ok: true, result });
      }
      default:
        return answer(404, { ok: false, error_code: 404, description: `Not Found: method ${method}` });
    }
  }

  private getUpdates(payload: Record<string, unknown>, reply: (status: number, body: unknown) => void): void {
    const offset = Number(payload.offset ?? 0);
    this.updates = this.updates.filter((u) => (u.update_id as number) >= offset);
    const answer = () => {
      const result = [
        ...this.again.splice(0),
        ...this.updates.filter((u) => (u.update_id as number) >= offset),
      ];
      for (const u of result) {
        const id = u.update_id as number;
        this.handedOut.set(id, (this.handedOut.get(id) ?? 0) + 1);
      }
      reply(200, { ok: true, result });
    };
    if (this.updates.length > 0 || this.again.length > 0 || Number(payload.timeout ?? 0) === 0)
      return answer();
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

/** What Telegram would refuse in a message: HTML that does not parse, over 4096 characters, bad buttons. */
function messageProblem(payload: Record<string, unknown>): string | null {
  if (typeof payload.text === 'string') {
    if (payload.parse_mode === 'HTML') {
      const problem = telegramHtmlProblem(payload.text);
      if (problem !== null) return `can't parse entities: ${problem}`;
    } else if (payload.text.length > 4096) return 'message is too long';
  }
  const markup = payload.reply_markup as { inline_keyboard?: Record<string, unknown>[][] } | undefined;
  for (const row of markup?.inline_keyboard ?? [])
    for (const button of row) {
      const problem = buttonProblem(button);
      if (problem !== null) return problem;
    }
  return null;
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
