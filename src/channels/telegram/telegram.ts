import { Telegram } from 'telegraf';
import type { HttpRequest, HttpResponse, HttpRoutes } from '../../http/server';
import { secretMatches } from '../../http/secret';
import type { Logger } from '../../log';
import type {
  Acceptance,
  Capabilities,
  Channel,
  ChatId,
  DownloadLimits,
  Incoming,
  IncomingAttachment,
  IncomingHandler,
  Outgoing,
  OutgoingFile,
  Sent,
  SendLimits,
} from '../channel';
import { DownloadError } from '../download';
import { fetchFromConfiguredRoot } from '../httpsFile';
import { ChannelError } from '../errors';
import type { CommandMenu } from '../module';
import { translateTelegramError } from './errors';
import { TELEGRAM_TEXT_LIMIT, telegramParts } from './format';
import type { BotIdentity, TgUpdate } from './updates';
import { readUpdate } from './updates';

export interface TelegramOptions {
  token: string;
  /** A self-hosted Bot API server (the tests' fake one, too). */
  apiRoot?: string;
  /**
   * Webhook mode: the public HTTPS URL Telegram posts to, and the secret it sends back. The route, the
   * URL's path, is mounted on `http`, the shared server.
   */
  webhook?: { url: string; secret: string; http: HttpRoutes };
  logger: Logger;
  /** Command menus to register at start; failures are logged, not fatal. */
  menus?: () => CommandMenu[];
  /** A group became a supergroup with a new id: its binding should follow. */
  onChatMoved?: (from: ChatId, to: ChatId) => void;
  /** Time limit of one API call, in ms. */
  requestTimeoutMs?: number;
  /** First wait before polling again after it failed, in ms (doubles up to a minute). */
  restartDelayMs?: number;
  /** Longest wait for one long poll before it counts as a dropped connection (default 75 s). */
  pollTimeoutMs?: number;
  /** How long Telegram holds a long poll open when nothing comes, in seconds (default 50). */
  pollSeconds?: number;
  /** First pause before asking again for updates the database refused (doubles up to a minute), in ms. */
  refusedPauseMs?: number;
  /** Receive updates by long polling (default). Off: updates come only through `handleUpdate`. */
  polling?: boolean;
  /** The program's clock, for when an update was received (tests move it). */
  clock?: () => Date;
}

const PREFIX = 'telegram:';
const UPDATE_TYPES = ['message', 'edited_message', 'callback_query'];

/** Telegram's published limits: about 30 messages a second, 1 a second per chat, 20 a minute per group. */
export const TELEGRAM_LIMITS: SendLimits = {
  perSecond: 30,
  minIntervalMs: 0,
  perChatIntervalMs: 1000,
  groupPerMinute: 20,
  jitterMs: 0,
};
const DEFAULT_API_ROOT = 'https://api.telegram.org';
/** A `file_path` as the Bot API gives it: `documents/file_12.docx`, `photos/file_3.jpg`. */
const FILE_PATH = /^[A-Za-z0-9_-]+(?:\/[A-Za-z0-9_.-]+)*$/;

/**
 * Telegram, with telegraf as its API client: long polling (or a webhook on the shared HTTP server),
 * updates turned into `Incoming`, messages sent as HTML with everything user-supplied escaped, platform
 * errors translated into our kinds.
 *
 * The channel owns its getUpdates loop rather than telegraf's: an update is confirmed (the next poll's
 * offset moves past it) only once the bot has stored it. One the database refused is asked for again
 * after a pause, so Telegram keeps it meanwhile; telegraf's own loop confirms a whole batch when it
 * fetches the next one, and skips an update whose handler outlives its `handlerTimeout`. In webhook mode
 * the route answers 503 for a refused update, which Telegram delivers again.
 */
export class TelegramChannel implements Channel {
  readonly name = 'telegram';
  readonly capabilities: Capabilities = {
    buttons: true,
    mentions: false,
    files: true,
    photos: true,
    menus: true,
    maxTextLength: TELEGRAM_TEXT_LIMIT,
    formatting: 'html',
  };
  readonly limits = TELEGRAM_LIMITS;
  readonly down = false;
  private readonly telegram: Telegram;
  private identity: BotIdentity | null = null;
  private handler: IncomingHandler | null = null;
  private running = false;
  private polling: Promise<void> | null = null;
  private offset = 0;
  private readonly stopPolling = new AbortController();
  private readonly callbacks = new Map<string, string>();

  constructor(private readonly options: TelegramOptions) {
    this.telegram = new Telegram(options.token, options.apiRoot ? { apiRoot: options.apiRoot } : {});
    if (options.webhook) {
      const path = new URL(options.webhook.url).pathname;
      options.webhook.http.mount('POST', path, (request) => this.onWebhook(request));
    }
  }

  owns(chatId: ChatId): boolean {
    return chatId.startsWith(PREFIX);
  }

  /** The bot's @username, known after start. */
  get username(): string | null {
    return this.identity?.username ?? null;
  }

  /**
   * Checks the token (a refused token is an error: start-up stops with a clear message), then receives
   * updates. When Telegram cannot be reached, it keeps trying in the background instead.
   */
  async start(handler: IncomingHandler): Promise<void> {
    this.handler = handler;
    this.running = true;
    try {
      await this.connect();
      if (!this.options.webhook && this.options.polling !== false) this.polling = this.pollForever();
    } catch (err) {
      const e = err instanceof ChannelError ? err : translateTelegramError(err);
      if (e.kind === 'auth' || e.kind === 'rejected') {
        this.running = false;
        throw new ChannelError(
          'auth',
          `Telegram từ chối mã của bot (TELEGRAM_BOT_TOKEN): ${e.message}`,
          null,
          { cause: err },
        );
      }
      this.options.logger.warn('telegram unreachable at start, will keep trying', { err: e.message });
      this.polling = this.pollForever();
    }
  }

  private async connect(): Promise<void> {
    const me = (await this.call('getMe', {})) as { id: number; username: string };
    this.identity = { id: me.id, username: me.username };
    await this.registerMenus();
    const webhook = this.options.webhook;
    if (webhook)
      await this.call('setWebhook', {
        url: webhook.url,
        secret_token: webhook.secret,
        allowed_updates: UPDATE_TYPES,
      });
    // Polling needs no webhook set (Telegram refuses getUpdates while one is), and keeps what is pending.
    else if (this.options.polling !== false)
      await this.call('deleteWebhook', { drop_pending_updates: false });
    this.options.logger.info('telegram ready', {
      bot: `@${me.username}`,
      mode: webhook ? 'webhook' : 'polling',
    });
  }

  /**
   * Stops receiving: the poll in flight is abandoned (Telegram keeps what it had not confirmed). In
   * webhook mode the webhook is removed, so Telegram keeps the updates until the bot is back.
   */
  async stop(): Promise<void> {
    if (!this.running) return;
    this.running = false;
    this.stopPolling.abort();
    await this.polling;
    if (this.options.webhook && this.identity)
      await this.call('deleteWebhook', { drop_pending_updates: false }).catch((err: unknown) =>
        this.options.logger.warn('telegram webhook not removed', { err: (err as Error).message }),
      );
  }

  async send(chatId: ChatId, message: Outgoing): Promise<Sent> {
    const id = this.telegramId(chatId);
    const parts = telegramParts(message.text);
    let last: Sent = { messageRef: null };
    for (let i = 0; i < parts.length; i++) {
      const isLast = i === parts.length - 1;
      const payload: Record<string, unknown> = {
        chat_id: id,
        text: parts[i],
        parse_mode: 'HTML',
        link_preview_options: { is_disabled: true },
      };
      if (i === 0 && message.replyTo) {
        payload.reply_parameters = { message_id: Number(message.replyTo), allow_sending_without_reply: true };
      }
      if (isLast && message.buttons && message.buttons.length > 0) {
        payload.reply_markup = {
          inline_keyboard: message.buttons.map((row) =>
            row.map((b) => ({ text: b.label, callback_data: b.data })),
          ),
        };
      } else if (isLast && message.forceReply) {
        payload.reply_markup = { force_reply: true, input_field_placeholder: 'Kết quả thực hiện…' };
      }
      const sent = (await this.call('sendMessage', payload)) as { message_id: number };
      last = { messageRef: String(sent.message_id) };
    }
    return last;
  }

  async sendFile(chatId: ChatId, file: OutgoingFile): Promise<Sent> {
    try {
      const extra = file.caption ? { caption: file.caption.slice(0, 1000) } : {};
      const source = { source: file.path, filename: file.name };
      // A picture (the digest's chart) is shown in the chat; other files come as documents.
      const sent = /\.png$/i.test(file.name)
        ? await this.telegram.sendPhoto(this.telegramId(chatId), source, extra)
        : await this.telegram.sendDocument(this.telegramId(chatId), source, extra);
      return { messageRef: String(sent.message_id) };
    } catch (err) {
      throw translateTelegramError(err);
    }
  }

  /**
   * A file a user sent: `getFile`, then the file from the Bot API's own file URL under the configured API
   * root (Telegram's, or the administrator's own Bot API server), and from nowhere else.
   */
  async download(attachment: IncomingAttachment, limits: DownloadLimits): Promise<Buffer> {
    if (attachment.size !== null && attachment.size > limits.maxBytes)
      throw new DownloadError('too_large', `declared ${attachment.size} bytes`);
    let file: { file_size?: number; file_path?: string };
    try {
      file = (await this.call('getFile', { file_id: attachment.ref })) as typeof file;
    } catch (err) {
      // The Bot API serves files up to 20 MB; a larger one is refused by getFile itself.
      if (err instanceof ChannelError && /too big/i.test(err.message))
        throw new DownloadError('too_large', 'Telegram: file is too big', { cause: err });
      throw new DownloadError('unavailable', `getFile: ${(err as Error).message}`, { cause: err });
    }
    if (file.file_size !== undefined && file.file_size > limits.maxBytes)
      throw new DownloadError('too_large', `declared ${file.file_size} bytes`);
    const path = file.file_path ?? '';
    if (!FILE_PATH.test(path) || path.split('/').some((part) => part === '..' || part === '.'))
      throw new DownloadError('forbidden_source', 'getFile gave a file path outside the file service');
    const root = new URL(
      `${(this.options.apiRoot ?? DEFAULT_API_ROOT).replace(/\/+$/, '')}/file/bot${this.options.token}/`,
    );
    return fetchFromConfiguredRoot(new URL(path, root), root, limits);
  }

  async answerAction(incoming: Incoming, text: string | null): Promise<void> {
    const id = this.callbacks.get(incoming.dedupeKey);
    if (!id) return;
    this.callbacks.delete(incoming.dedupeKey);
    await this.call('answerCallbackQuery', {
      callback_query_id: id,
      ...(text ? { text: text.slice(0, 190) } : {}),
    });
  }

  /** Handles one update as if it had arrived (a test, or an update read elsewhere). */
  async handleUpdate(update: TgUpdate): Promise<Acceptance> {
    return this.receive(update);
  }

  /** Shows "typing…" while a long answer is prepared; best effort. */
  async typing(chatId: ChatId): Promise<void> {
    await this.call('sendChatAction', { chat_id: this.telegramId(chatId), action: 'typing' }).catch(() => {});
  }

  private async receive(update: TgUpdate): Promise<Acceptance> {
    const handler = this.handler;
    if (!this.identity || !handler) return 'refused';
    const meaning = readUpdate(update, this.identity, this.options.clock?.() ?? new Date());
    if (meaning.type === 'moved') {
      this.options.onChatMoved?.(meaning.from, meaning.to);
      return 'stored';
    }
    if (meaning.type !== 'incoming') return 'stored';
    if (meaning.callbackId) this.callbacks.set(meaning.incoming.dedupeKey, meaning.callbackId);
    const acceptance = await handler(meaning.incoming);
    // A tap the bot did not answer (a duplicate, say) is still acknowledged, so the button stops spinning.
    if (acceptance === 'stored' && meaning.callbackId && this.callbacks.has(meaning.incoming.dedupeKey)) {
      await this.answerAction(meaning.incoming, null).catch(() => {});
    }
    return acceptance;
  }

  /**
   * The webhook route: the secret must match (compared in constant time), the body must be an update.
   * 200 once the update is stored, or was not for the bot; 503 when the database refused it, so that
   * Telegram delivers it again.
   */
  private async onWebhook(request: HttpRequest): Promise<HttpResponse> {
    const secret = this.options.webhook?.secret ?? '';
    if (!secretMatches(request.headers['x-telegram-bot-api-secret-token'], secret)) {
      this.options.logger.warn('telegram webhook: wrong or missing secret; refused');
      return { status: 401 };
    }
    let update: TgUpdate;
    try {
      update = JSON.parse(request.body.toString('utf8')) as TgUpdate;
    } catch {
      return { status: 400 };
    }
    if (typeof update?.update_id !== 'number') return { status: 400 };
    const acceptance = await this.receive(update).catch((err: unknown) => {
      // A bug in handling is logged and the update acknowledged: redelivering it would fail the same way.
      this.options.logger.error('telegram update failed', { err });
      return 'stored' as const;
    });
    return acceptance === 'stored' ? { status: 200 } : { status: 503 };
  }

  /**
   * Polls until stopped. An update is confirmed only once it is stored: the next poll asks from the first
   * one refused, after a pause. An outage pauses polling, with growing waits.
   */
  private async pollForever(): Promise<void> {
    const firstDelay = this.options.restartDelayMs ?? 1000;
    const firstPause = this.options.refusedPauseMs ?? 1000;
    let delay = firstDelay;
    let pause = firstPause;
    while (this.running) {
      try {
        if (!this.identity) {
          await this.connect();
          if (this.options.webhook) return;
        }
        const updates = await this.getUpdates();
        delay = firstDelay;
        // Handed over together, in order: each update is stored synchronously when its handler is
        // called, so the order holds, while one reply that is slow to send holds up no other update.
        const acceptances = await Promise.all(
          updates.map((update) =>
            this.receive(update).catch((err: unknown) => {
              // A bug in handling is logged and the update confirmed: it would fail the same way again.
              this.options.logger.error('telegram update failed', { err });
              return 'stored' as const;
            }),
          ),
        );
        if (!this.running) return;
        // Confirmed up to the first update refused; from it on, Telegram delivers them again (those
        // stored after it come back as duplicates, handled once).
        const refusedAt = acceptances.indexOf('refused');
        const confirmed = refusedAt < 0 ? updates : updates.slice(0, refusedAt);
        const last = confirmed.at(-1);
        if (last) this.offset = last.update_id + 1;
        if (refusedAt < 0) {
          pause = firstPause;
          continue;
        }
        this.options.logger.warn('telegram: the database refused an update; asking for it again later', {
          inMs: pause,
        });
        await this.sleep(pause);
        pause = Math.min(60_000, pause * 2);
      } catch (err) {
        if (!this.running) return;
        const e = translateTelegramError(err);
        this.options.logger.error('telegram polling failed, retrying', {
          kind: e.kind,
          err: e.message,
          inMs: delay,
        });
        await this.sleep(delay);
        delay = Math.min(60_000, delay * 2);
      }
    }
  }

  /**
   * One long poll from the current offset. Telegram holds it up to `pollSeconds`; a connection that hangs
   * silently past `pollTimeoutMs` (a NAT dropping it, a proxy) fails as a network error and is retried.
   */
  private async getUpdates(): Promise<TgUpdate[]> {
    const deadline = AbortSignal.timeout(this.options.pollTimeoutMs ?? 75_000);
    const signal = AbortSignal.any([deadline, this.stopPolling.signal]);
    try {
      return (await (
        this.telegram.callApi as (m: string, p: unknown, o: { signal: AbortSignal }) => Promise<unknown>
      )(
        'getUpdates',
        { offset: this.offset, timeout: this.options.pollSeconds ?? 50, allowed_updates: UPDATE_TYPES },
        { signal },
      )) as TgUpdate[];
    } catch (err) {
      if (deadline.aborted && !this.stopPolling.signal.aborted)
        throw new ChannelError(
          'network',
          `getUpdates: no answer in ${this.options.pollTimeoutMs ?? 75_000} ms`,
        );
      throw err;
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, ms);
      this.stopPolling.signal.addEventListener(
        'abort',
        () => {
          clearTimeout(timer);
          resolve();
        },
        { once: true },
      );
    });
  }

  private async registerMenus(): Promise<void> {
    for (const menu of this.options.menus?.() ?? []) {
      const scope =
        menu.scope === 'groups'
          ? { type: 'all_group_chats' }
          : menu.scope === 'direct'
            ? { type: 'all_private_chats' }
            : { type: 'chat', chat_id: this.telegramId(menu.scope.chatId) };
      try {
        await this.call('setMyCommands', { commands: menu.commands, scope });
      } catch (err) {
        this.options.logger.warn('command menu not set', {
          scope: typeof menu.scope === 'string' ? menu.scope : 'chat',
          err: (err as Error).message,
        });
      }
    }
  }

  private async call(method: string, payload: Record<string, unknown>): Promise<unknown> {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), this.options.requestTimeoutMs ?? 30_000);
    try {
      // callApi's types are per method; the payloads built above follow the Bot API.
      return await (
        this.telegram.callApi as (m: string, p: unknown, o: { signal: AbortSignal }) => Promise<unknown>
      )(method, payload, { signal: controller.signal });
    } catch (err) {
      throw translateTelegramError(err);
    } finally {
      clearTimeout(timer);
    }
  }

  private telegramId(chatId: ChatId): number | string {
    if (!chatId.startsWith(PREFIX)) throw new ChannelError('rejected', `not a Telegram chat: ${chatId}`);
    const raw = chatId.slice(PREFIX.length);
    return /^-?\d+$/.test(raw) ? Number(raw) : raw;
  }
}
