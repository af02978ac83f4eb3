import { createHash } from 'node:crypto';
import { tokenRefusedMessage } from '../../core/messages/channels';
import { plain, splitMessage } from '../../core/messages/format';
import type { HttpRequest, HttpResponse, HttpRoutes } from '../../http/server';
import { secretMatches } from '../../http/secret';
import type { Logger } from '../../log';
import type {
  Capabilities,
  Channel,
  ChatId,
  Incoming,
  IncomingHandler,
  Outgoing,
  OutgoingFile,
  Sent,
  SendLimits,
} from '../channel';
import { ChannelError } from '../errors';
import type { ChannelEvents, RawInbox } from '../module';
import { ZaloBotApi } from './api';
import { PublicMedia } from './media';
import type { ZbIdentity, ZbUpdate } from './updates';
import { PREFIX, readUpdate } from './updates';

/** The platform takes at most 2,000 characters in one message. */
export const ZALO_BOT_TEXT_LIMIT = 2000;

/**
 * The platform publishes no rate limits, so the sender starts conservative: at most two messages a
 * second over the bot, one every 1.5 s to a chat, ten a minute to a group, with a little jitter. A 429
 * still pauses the sender for as long as the platform says (30 s when it does not).
 */
export const ZALO_BOT_LIMITS: SendLimits = {
  perSecond: 2,
  minIntervalMs: 500,
  perChatIntervalMs: 1500,
  groupPerMinute: 10,
  jitterMs: 250,
};

export interface ZaloBotOptions {
  token: string;
  /** Another API root (a proxy, the tests' fake); default the platform's own. */
  apiRoot?: string;
  /** Webhook mode: the public URL the platform posts to and its secret; the route is the URL's path. */
  webhook?: { url: string; secret: string };
  /** The shared HTTP server: the webhook route and the pictures the platform fetches mount here. */
  http: HttpRoutes;
  /** The bot's public address (WEB_PUBLIC_URL): pictures are sent only when the platform can fetch them. */
  publicUrl?: string;
  logger: Logger;
  inbox: RawInbox;
  /** Told once when the platform refuses the token: the channel stops, the others go on. */
  onDown: ChannelEvents['down'];
  clock?: () => Date;
  /** Time limit of one API call, in ms. */
  requestTimeoutMs?: number;
  /** How long the platform holds a long poll open when nothing comes, in seconds (default 30). */
  pollSeconds?: number;
  /** Least time between two polls that brought nothing, so a platform answering at once is not hammered. */
  minPollGapMs?: number;
  /** First wait after a failed poll, in ms (doubles up to a minute). */
  retryDelayMs?: number;
  /** First pause while the database refuses writes, in ms (doubles up to a minute). */
  storagePauseMs?: number;
}

/**
 * The official Zalo Bot Platform (a bot made in "Zalo Bot Creator", with a token): long polling or a
 * webhook on the shared HTTP server; private chats, and groups where Zalo allows them.
 *
 * The platform hands an update over once: getUpdates has no offset, a webhook call is not repeated. So
 * each message is written raw to the `inbound` table before anything else is done with it, and one the
 * database refused, or a crash interrupted, is handled from there: later in this run, or at the next start.
 * While the database refuses writes, polling stops, so the platform keeps what comes meanwhile.
 */
export class ZaloBotChannel implements Channel {
  readonly name = 'zalobot';
  readonly capabilities: Capabilities;
  readonly limits = ZALO_BOT_LIMITS;
  private readonly api: ZaloBotApi;
  private readonly media: PublicMedia | null;
  private readonly clock: () => Date;
  private identity: ZbIdentity | null = null;
  private handler: IncomingHandler | null = null;
  private running = false;
  private stopped = false;
  private isDown = false;
  private loop: Promise<void> | null = null;
  private readonly stopping = new AbortController();
  private wakeUp: (() => void) | null = null;
  /** Kept messages wait for the database: they are handled, in order, before anything new. */
  private backlog = false;
  private pauseMs: number;

  constructor(private readonly options: ZaloBotOptions) {
    this.api = new ZaloBotApi(options.token, options.apiRoot, options.requestTimeoutMs);
    this.clock = options.clock ?? (() => new Date());
    this.media = options.publicUrl ? new PublicMedia(options.publicUrl, options.http) : null;
    this.pauseMs = options.storagePauseMs ?? 1000;
    this.capabilities = {
      buttons: false,
      mentions: false,
      // The platform takes no documents; a picture only by an address it can fetch.
      files: false,
      photos: this.media !== null,
      menus: false,
      maxTextLength: ZALO_BOT_TEXT_LIMIT,
      formatting: 'plain',
    };
    if (options.webhook)
      options.http.mount('POST', new URL(options.webhook.url).pathname, (request) => this.onWebhook(request));
  }

  get down(): boolean {
    return this.isDown;
  }

  owns(chatId: ChatId): boolean {
    return chatId.startsWith(PREFIX);
  }

  /**
   * Checks the token and receives. A refused token stops this channel (told once), never start-up; an
   * unreachable platform is tried again in the background.
   */
  async start(handler: IncomingHandler): Promise<void> {
    this.handler = handler;
    this.running = true;
    try {
      await this.connect();
      // What a crash left written but unhandled goes first.
      this.backlog = true;
    } catch (err) {
      const e = toChannelError(err);
      if (e.kind === 'auth') return this.fail(e.message);
      this.options.logger.warn('zalobot unreachable at start, will keep trying', { err: e.message });
    }
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    this.running = false;
    this.stopping.abort();
    this.wakeUp?.();
    await this.loop;
    if (this.options.webhook && this.identity && !this.isDown)
      await this.api
        .call('deleteWebhook', {})
        .catch((err: unknown) =>
          this.options.logger.warn('zalobot webhook not removed', { err: (err as Error).message }),
        );
  }

  async send(chatId: ChatId, message: Outgoing): Promise<Sent> {
    const chat = this.zaloId(chatId);
    let messageRef: string | null = null;
    for (const part of splitMessage(message.text, ZALO_BOT_TEXT_LIMIT)) {
      const sent = (await this.call('sendMessage', { chat_id: chat, text: plain(part) })) as {
        message_id?: string;
      } | null;
      messageRef = sent?.message_id ?? null;
    }
    return { messageRef };
  }

  /** A picture, by the public address the platform fetches it from. Documents are refused: it takes none. */
  async sendFile(chatId: ChatId, file: OutgoingFile): Promise<Sent> {
    const chat = this.zaloId(chatId);
    if (!this.media || !/\.png$/i.test(file.path))
      throw new ChannelError('rejected', `The Zalo Bot Platform takes no documents (${file.name})`);
    const photo = this.media.publish(file.path);
    const sent = (await this.call('sendPhoto', {
      chat_id: chat,
      photo,
      ...(file.caption ? { caption: file.caption.slice(0, ZALO_BOT_TEXT_LIMIT) } : {}),
    })) as { message_id?: string } | null;
    return { messageRef: sent?.message_id ?? null };
  }

  async typing(chatId: ChatId): Promise<void> {
    await this.call('sendChatAction', { chat_id: this.zaloId(chatId), action: 'typing' }).catch(() => {});
  }

  private async connect(): Promise<void> {
    const me = (await this.api.call('getMe', {})) as {
      id: string | number;
      account_name?: string;
      display_name?: string;
    };
    this.identity = { id: String(me.id), name: me.display_name ?? me.account_name ?? null };
    const webhook = this.options.webhook;
    if (webhook) {
      await this.api.call('setWebhook', { url: webhook.url, secret_token: webhook.secret });
      const info = (await this.api.call('getWebhookInfo', {}).catch(() => null)) as { url?: string } | null;
      if (info?.url !== undefined && info.url !== webhook.url)
        this.options.logger.warn('zalobot webhook reported at another URL', { url: info.url });
    }
    // Polling needs no webhook set.
    else await this.api.call('deleteWebhook', {});
    this.options.logger.info('zalobot ready', {
      bot: this.identity.name ?? this.identity.id,
      mode: webhook ? 'webhook' : 'polling',
    });
  }

  /**
   * Until stopped: connects if it could not at start, handles kept messages the database refused, and (in
   * polling mode) asks for the next update. Failures wait, longer each time; a refused token stops it.
   */
  private async run(): Promise<void> {
    const firstDelay = this.options.retryDelayMs ?? 1000;
    let delay = firstDelay;
    while (this.running) {
      try {
        if (!this.identity) await this.connect();
        if (this.backlog && !(await this.handleKept())) {
          await this.sleep(this.pauseMs);
          this.pauseMs = Math.min(60_000, this.pauseMs * 2);
          continue;
        }
        this.pauseMs = this.options.storagePauseMs ?? 1000;
        if (this.options.webhook) {
          // Updates come to the route; the loop only wakes for a backlog.
          await this.sleep(60_000);
          continue;
        }
        const asked = Date.now();
        const update = (await this.api.getUpdate(
          this.options.pollSeconds ?? 30,
          this.stopping.signal,
        )) as ZbUpdate | null;
        delay = firstDelay;
        if (update) await this.take(update);
        else {
          const gap = (this.options.minPollGapMs ?? 1000) - (Date.now() - asked);
          if (gap > 0) await this.sleep(gap);
        }
      } catch (err) {
        if (!this.running) return;
        const e = toChannelError(err);
        if (e.kind === 'auth') return this.fail(e.message);
        const wait = e.kind === 'rate_limited' ? (e.retryAfterMs ?? delay) : delay;
        this.options.logger.warn('zalobot: polling failed, retrying', {
          kind: e.kind,
          err: e.message,
          inMs: wait,
        });
        await this.sleep(wait);
        delay = Math.min(60_000, delay * 2);
      }
    }
  }

  /**
   * A polled update: written raw first (it exists nowhere else now), then handled. While the database
   * refuses the write, it waits here, in memory, and nothing more is fetched.
   */
  private async take(update: ZbUpdate): Promise<void> {
    const incoming = this.read(update);
    if (!incoming) return;
    while (this.options.inbox.keep(incoming) === 'refused') {
      if (!this.running) {
        this.options.logger.error('zalobot: stopped while the database refused a message; it is lost', {
          chat: incoming.chatId,
        });
        return;
      }
      this.options.logger.error('zalobot: the database refuses writes; holding one message', {
        inMs: this.pauseMs,
      });
      await this.sleep(this.pauseMs);
      this.pauseMs = Math.min(60_000, this.pauseMs * 2);
    }
    await this.handle(incoming);
  }

  /** Hands a kept message to the bot; one the database refused waits with the backlog. */
  private async handle(incoming: Incoming): Promise<void> {
    const handler = this.handler;
    if (!handler) return;
    const acceptance = await handler(incoming);
    if (acceptance === 'refused') {
      this.backlog = true;
      this.wakeUp?.();
    } else this.options.inbox.settle(incoming);
  }

  /** Handles the kept messages still unhandled, oldest first; false when the database refused one. */
  private async handleKept(): Promise<boolean> {
    const handler = this.handler;
    if (!handler) return false;
    for (const incoming of this.options.inbox.unhandled((chatId) => this.owns(chatId))) {
      if ((await handler(incoming)) === 'refused') return false;
      this.options.inbox.settle(incoming);
    }
    this.backlog = false;
    return true;
  }

  /**
   * The webhook route. The secret must match (compared in constant time). 200 once the message is written
   * (or was not one the bot reads); 503 while the database refuses the write, in case the platform tries
   * again.
   */
  private async onWebhook(request: HttpRequest): Promise<HttpResponse> {
    const secret = this.options.webhook?.secret ?? '';
    if (!secretMatches(request.headers['x-bot-api-secret-token'], secret)) {
      this.options.logger.warn('zalobot webhook: wrong or missing secret; refused');
      return { status: 401 };
    }
    let update: ZbUpdate | null;
    try {
      const body = JSON.parse(request.body.toString('utf8')) as Partial<ZbUpdate> & { result?: ZbUpdate };
      // Updates come bare ({event_name, message}); the envelope of getUpdates is taken too.
      update = body.result?.event_name ? body.result : body.event_name ? (body as ZbUpdate) : null;
    } catch {
      update = null;
    }
    if (!update) return { status: 400 };
    if (!this.identity || !this.handler || this.isDown) return { status: 503 };
    const incoming = this.read(update);
    if (!incoming) return { status: 200 };
    if (this.options.inbox.keep(incoming) === 'refused') return { status: 503 };
    // Behind a backlog, a new message waits its turn: the loop handles kept messages in order.
    if (this.backlog) this.wakeUp?.();
    else await this.handle(incoming);
    return { status: 200 };
  }

  private read(update: ZbUpdate): Incoming | null {
    return this.identity ? readUpdate(update, this.identity, this.clock()) : null;
  }

  /** One call on behalf of a send; a refused token stops the channel. */
  private async call(method: string, payload: Record<string, unknown>): Promise<unknown> {
    if (this.isDown) throw new ChannelError('auth', 'the Zalo Bot channel is stopped: its token was refused');
    try {
      return await this.api.call(method, payload);
    } catch (err) {
      const e = toChannelError(err);
      if (e.kind === 'auth') this.fail(e.message);
      throw e;
    }
  }

  /** Stops the channel for good and tells the office, once per token. */
  private fail(detail: string): void {
    if (this.isDown) return;
    this.isDown = true;
    this.running = false;
    this.stopping.abort();
    this.wakeUp?.();
    const fingerprint = createHash('sha256').update(this.options.token).digest('hex').slice(0, 12);
    this.options.onDown({
      incident: `zalobot-down:${fingerprint}`,
      notice: tokenRefusedMessage('Zalo (tài khoản bot chính thức)', 'ZALO_BOT_TOKEN'),
      advice: `the Zalo Bot Platform refused ZALO_BOT_TOKEN (${detail}); copy the token again from Zalo Bot Creator into .env and restart.`,
    });
  }

  private zaloId(chatId: ChatId): string {
    if (!this.owns(chatId)) throw new ChannelError('rejected', `not a Zalo Bot chat: ${chatId}`);
    return chatId.slice(PREFIX.length);
  }

  /** Waits `ms`, or less when woken (a backlog, or the channel stopping). */
  private sleep(ms: number): Promise<void> {
    if (!this.running) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        if (this.wakeUp === done) this.wakeUp = null;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.wakeUp = done;
    });
  }
}

function toChannelError(err: unknown): ChannelError {
  return err instanceof ChannelError ? err : new ChannelError('network', String(err), null, { cause: err });
}
