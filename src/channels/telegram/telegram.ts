import { Telegraf } from 'telegraf';
import type { Logger } from '../../log';
import type {
  Channel,
  ChatId,
  DownloadLimits,
  Incoming,
  IncomingAttachment,
  IncomingHandler,
  Outgoing,
  OutgoingFile,
  Sent,
} from '../channel';
import { DownloadError } from '../download';
import { fetchFromConfiguredRoot } from '../httpsFile';
import { ChannelError } from '../errors';
import { translateTelegramError } from './errors';
import { telegramParts } from './format';
import type { BotIdentity, TgUpdate } from './updates';
import { readUpdate } from './updates';

export interface CommandMenu {
  scope: { type: 'all_group_chats' } | { type: 'all_private_chats' } | { type: 'chat'; chatId: ChatId };
  commands: { command: string; description: string }[];
}

export interface TelegramOptions {
  token: string;
  /** A self-hosted Bot API server (the tests' fake one, too). */
  apiRoot?: string;
  /** Webhook mode: the public HTTPS URL, the secret Telegram sends back, and the local port. */
  webhook?: { url: string; secret: string; port: number };
  logger: Logger;
  /** Command menus to register at start (per scope); failures are logged, not fatal. */
  menus?: () => CommandMenu[];
  /** A group became a supergroup with a new id: its binding should follow. */
  onChatMoved?: (from: ChatId, to: ChatId) => void;
  /** Time limit of one API call, in ms. */
  requestTimeoutMs?: number;
  /** First wait before polling again after it failed, in ms (doubles up to a minute). */
  restartDelayMs?: number;
  /** Longest wait for one long poll before it counts as a dropped connection (default 75 s). */
  pollTimeoutMs?: number;
  /** Receive updates by long polling (default). Off: updates come only through `handleUpdate`. */
  polling?: boolean;
}

const PREFIX = 'telegram:';
const DEFAULT_API_ROOT = 'https://api.telegram.org';
/** A `file_path` as the Bot API gives it: `documents/file_12.docx`, `photos/file_3.jpg`. */
const FILE_PATH = /^[A-Za-z0-9_-]+(?:\/[A-Za-z0-9_.-]+)*$/;

/**
 * Telegram through telegraf: long polling (or a webhook), updates turned into `Incoming`, messages sent
 * as HTML with everything user-supplied escaped, platform errors translated into our kinds.
 */
export class TelegramChannel implements Channel {
  readonly name = 'telegram';
  private readonly bot: Telegraf;
  private identity: BotIdentity | null = null;
  private running = false;
  private polling: Promise<void> | null = null;
  private readonly callbacks = new Map<string, string>();

  constructor(private readonly options: TelegramOptions) {
    this.bot = new Telegraf(options.token, {
      telegram: options.apiRoot ? { apiRoot: options.apiRoot } : {},
      handlerTimeout: 60_000,
    });
    // A failing handler must never stop polling.
    this.bot.catch((err) => options.logger.error('telegram update failed', { err }));
    this.guardPolling(options.pollTimeoutMs ?? 75_000);
  }

  /**
   * A long poll asks Telegram to hold the request up to 50 s; telegraf itself waits up to 500 s for an
   * answer. A connection that hangs silently (a NAT dropping it, a proxy) would stop the bot hearing
   * anything for minutes. Past the deadline the poll fails as a network error, which telegraf retries.
   */
  private guardPolling(deadlineMs: number): void {
    const telegram = this.bot.telegram;
    const callApi = telegram.callApi.bind(telegram) as (
      m: string,
      p: unknown,
      o?: { signal?: AbortSignal },
    ) => Promise<unknown>;
    const guarded = (
      method: string,
      payload: unknown,
      options?: { signal?: AbortSignal },
    ): Promise<unknown> => {
      if (method !== 'getUpdates') return callApi(method, payload, options);
      const controller = new AbortController();
      options?.signal?.addEventListener('abort', () => controller.abort(), { once: true });
      const call = callApi(method, payload, { signal: controller.signal });
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          const err = new Error(`getUpdates: no answer in ${deadlineMs} ms`);
          err.name = 'FetchError';
          reject(err);
          controller.abort();
        }, deadlineMs);
        call.then(
          (r) => (clearTimeout(timer), resolve(r)),
          (e: unknown) => (clearTimeout(timer), reject(e)),
        );
      });
    };
    (telegram as unknown as { callApi: typeof guarded }).callApi = guarded;
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
    this.bot.on(['message', 'edited_message', 'callback_query'], async (ctx) => {
      await this.receive(ctx.update as TgUpdate, handler);
    });
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
    const me = await this.bot.telegram.getMe().catch((err: unknown) => {
      throw translateTelegramError(err);
    });
    this.identity = { id: me.id, username: me.username };
    this.bot.botInfo = me;
    await this.registerMenus();
    if (this.options.webhook) {
      const { url, secret, port } = this.options.webhook;
      await this.bot.launch({
        webhook: { domain: url, port, secretToken: secret },
        dropPendingUpdates: false,
      });
    }
    this.options.logger.info('telegram ready', {
      bot: `@${me.username}`,
      mode: this.options.webhook ? 'webhook' : 'polling',
    });
  }

  async stop(): Promise<void> {
    if (!this.running) return;
    this.running = false;
    try {
      this.bot.stop('shutdown');
    } catch {
      // Not running (polling was between restarts): nothing to stop.
    }
    await this.polling;
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
        ? await this.bot.telegram.sendPhoto(this.telegramId(chatId), source, extra)
        : await this.bot.telegram.sendDocument(this.telegramId(chatId), source, extra);
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

  /** Feeds one update through telegraf as if it had arrived (a custom webhook server, or a test). */
  async handleUpdate(update: TgUpdate): Promise<void> {
    await this.bot.handleUpdate(update as Parameters<Telegraf['handleUpdate']>[0]);
  }

  private async receive(update: TgUpdate, handler: IncomingHandler): Promise<void> {
    if (!this.identity) return;
    const meaning = readUpdate(update, this.identity, new Date());
    if (meaning.type === 'moved') {
      this.options.onChatMoved?.(meaning.from, meaning.to);
      return;
    }
    if (meaning.type !== 'incoming') return;
    if (meaning.callbackId) this.callbacks.set(meaning.incoming.dedupeKey, meaning.callbackId);
    await handler(meaning.incoming);
    // A tap the bot did not answer (a duplicate, say) is still acknowledged, so the button stops spinning.
    if (meaning.callbackId && this.callbacks.has(meaning.incoming.dedupeKey)) {
      await this.answerAction(meaning.incoming, null).catch(() => {});
    }
  }

  /** Polls until stopped (or, in webhook mode, until connected); an outage only pauses it. */
  private async pollForever(): Promise<void> {
    let delay = this.options.restartDelayMs ?? 1000;
    while (this.running) {
      try {
        if (!this.identity) {
          await this.connect();
          if (this.options.webhook) return;
        }
        await this.bot.launch({ dropPendingUpdates: false });
        delay = this.options.restartDelayMs ?? 1000;
      } catch (err) {
        if (!this.running) return;
        const e = translateTelegramError(err);
        this.options.logger.error('telegram polling stopped, restarting', {
          kind: e.kind,
          err: e.message,
          inMs: delay,
        });
      }
      if (!this.running) return;
      await new Promise((r) => setTimeout(r, delay));
      delay = Math.min(60_000, delay * 2);
    }
  }

  private async registerMenus(): Promise<void> {
    for (const menu of this.options.menus?.() ?? []) {
      const scope =
        menu.scope.type === 'chat'
          ? { type: 'chat' as const, chat_id: this.telegramId(menu.scope.chatId) }
          : menu.scope;
      try {
        await this.call('setMyCommands', { commands: menu.commands, scope });
      } catch (err) {
        this.options.logger.warn('command menu not set', {
          scope: menu.scope.type,
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
        this.bot.telegram.callApi as (m: string, p: unknown, o: { signal: AbortSignal }) => Promise<unknown>
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
