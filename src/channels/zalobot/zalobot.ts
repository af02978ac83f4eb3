import { createHash } from 'node:crypto';
import { tokenRefusedMessage } from '../../core/messages/channels';
import { plain, splitMessage } from '../../core/messages/format';
import type { HttpRequest, HttpResponse, HttpRoutes } from '../../http/server';
import { secretMatches } from '../../http/secret';
import type { Logger } from '../../log';
import type {
  Acceptance,
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
import type { IncomingJournal } from '../journal';
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
  /** The `inbound` table: each message is written there raw first. */
  inbox: RawInbox;
  /** Where a message goes instead while the database refuses that write: the journal, fsynced. */
  journal: IncomingJournal;
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
  /**
   * First wait before kept messages the bot refused are handed over again, and before a message neither
   * the database nor the journal would take is tried again, in ms (doubles up to a minute).
   */
  storagePauseMs?: number;
}

/**
 * The official Zalo Bot Platform (a bot made in "Zalo Bot Creator", with a token): long polling or a
 * webhook on the shared HTTP server; private chats, and groups where Zalo allows them.
 *
 * The platform hands an update over once: getUpdates has no offset, and nobody knows whether a webhook
 * call is repeated. So each message is written raw to the `inbound` table before anything else is done
 * with it, and handled from there. While the database refuses that write, the message goes to the journal
 * instead (fsynced), and so does every message after it until the journal has handed them all to the bot:
 * fetching goes on, and the journal hands them over, in order, once the database takes writes, or at the
 * next start. Kept messages the bot refused, or a crash left unhandled, go to the bot first, oldest first,
 * then what the journal holds, then what comes next: each exactly once (the bot knows a message it stored
 * by its dedupe key).
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
  /** Kept messages (in `inbound`) wait for the bot: they are handled, oldest first, before anything else. */
  private backlog = false;
  /** The next try of the kept messages, while the bot refuses them. */
  private keptTimer: NodeJS.Timeout | null = null;
  private pauseMs: number;
  /** The one way to the bot: every message is handed over here, one at a time, in the order taken. */
  private turn: Promise<unknown> = Promise.resolve();

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
    // What the last run left goes to the bot before anything new: the kept messages it did not handle,
    // then what its journal holds. The journal reads its file as it starts, so from here on a new message
    // (one the webhook takes while this connects) waits behind them.
    this.backlog = true;
    const journaled = this.options.journal.start(this.fromJournal);
    const kept = this.inTurn(() => this.handleKept());
    try {
      await this.connect();
    } catch (err) {
      const e = toChannelError(err);
      if (e.kind === 'auth') this.fail(e.message);
      else this.options.logger.warn('zalobot unreachable at start, will keep trying', { err: e.message });
    }
    await Promise.all([kept, journaled]).catch((err: unknown) =>
      this.options.logger.error('zalobot: messages left by the last run not handed over', { err }),
    );
    if (!this.isDown) this.loop = this.run();
  }

  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    this.running = false;
    this.stopping.abort();
    this.wakeUp?.();
    await this.loop;
    if (this.keptTimer) clearTimeout(this.keptTimer);
    this.keptTimer = null;
    // What the journal still holds stays in it for the next start; the message being handed over finishes.
    await this.options.journal.stop();
    await this.turn;
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
   * Until stopped: connects if it could not at start, and (in polling mode) asks for the next update.
   * Failures wait, longer each time; a refused token stops it.
   */
  private async run(): Promise<void> {
    const firstDelay = this.options.retryDelayMs ?? 1000;
    let delay = firstDelay;
    while (this.running) {
      try {
        if (!this.identity) await this.connect();
        // Behind a webhook, updates come to the route.
        if (this.options.webhook) return;
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
   * A polled update: kept first (it exists nowhere else now), then handed to the bot in its turn; the next
   * update is asked for once the bot had it. Only while neither the database nor the journal can be
   * written does it wait here, in memory, and nothing more is fetched.
   */
  private async take(update: ZbUpdate): Promise<void> {
    const incoming = this.read(update);
    if (!incoming) return;
    let waitMs = this.options.storagePauseMs ?? 1000;
    for (;;) {
      const kept = this.keep(incoming);
      if (kept) return kept;
      if (!this.running) {
        this.options.logger.error(
          'zalobot: stopped while neither the database nor the journal took a message; it is lost',
          { chat: incoming.chatId },
        );
        return;
      }
      this.options.logger.error(
        'zalobot: neither the database nor the journal takes writes; holding one message, fetching none',
        { inMs: waitMs },
      );
      await this.sleep(waitMs);
      waitMs = Math.min(60_000, waitMs * 2);
    }
  }

  /**
   * Writes a message just taken where a crash cannot lose it: raw to the database, or to the journal
   * (fsynced) while the database refuses that write or messages wait in the journal (a new one waits behind
   * them). Resolves once the bot had its turn at it; null when neither could keep it.
   */
  private keep(incoming: Incoming): Promise<void> | null {
    const { inbox, journal, logger } = this.options;
    const journaling = journal.backlog > 0;
    if (!journaling && inbox.keep(incoming) === 'stored') return this.handleKeptOne(incoming);
    const handed = journal.add(incoming);
    if (!handed) return null;
    if (!journaling)
      logger.warn('zalobot: the database refuses writes; messages go to the journal until it takes them');
    return handed.then(() => undefined);
  }

  /** A message just kept in the database goes to the bot, unless older kept ones wait: then with them. */
  private handleKeptOne(incoming: Incoming): Promise<void> {
    return this.inTurn(async () => {
      if (this.backlog) return void (await this.handleKept());
      const handler = this.handler;
      if (!handler) return;
      if ((await handler(incoming)) === 'refused') {
        this.backlog = true;
        this.retryKept();
      } else this.options.inbox.settle(incoming);
    });
  }

  /**
   * Hands the kept messages still unhandled to the bot, oldest first (one handed over already is a
   * duplicate to the bot, which answers nothing); false when the bot refused one: they wait, and are tried
   * again after a growing pause.
   */
  private async handleKept(): Promise<boolean> {
    const handler = this.handler;
    if (!handler) return false;
    let kept: Incoming[];
    try {
      kept = this.options.inbox.unhandled((chatId) => this.owns(chatId));
    } catch (err) {
      this.options.logger.error('zalobot: kept messages not read; tried again later', { err });
      this.retryKept();
      return false;
    }
    for (const incoming of kept) {
      if ((await handler(incoming)) === 'refused') {
        this.retryKept();
        return false;
      }
      this.options.inbox.settle(incoming);
    }
    this.backlog = false;
    this.pauseMs = this.options.storagePauseMs ?? 1000;
    return true;
  }

  /** The next try of the kept messages the bot refused, after a pause that grows up to a minute. */
  private retryKept(): void {
    if (this.keptTimer || !this.running) return;
    const waitMs = this.pauseMs;
    this.pauseMs = Math.min(60_000, this.pauseMs * 2);
    this.keptTimer = setTimeout(() => {
      this.keptTimer = null;
      this.inTurn(() => this.handleKept()).catch((err: unknown) =>
        this.options.logger.error('zalobot: kept messages not handed over', { err }),
      );
    }, waitMs);
    this.keptTimer.unref?.();
  }

  /**
   * What the journal hands over, in its order: after the kept messages, which were all taken before
   * anything went to the journal. Refused while they wait.
   */
  private readonly fromJournal = (incoming: Incoming): Promise<Acceptance> =>
    this.inTurn(async () => {
      if (this.backlog && !(await this.handleKept())) return 'refused';
      return this.handler ? this.handler(incoming) : 'refused';
    });

  /** Runs `work` when every message handed over before has been handled. */
  private inTurn<T>(work: () => Promise<T>): Promise<T> {
    const next = this.turn.then(work);
    this.turn = next.catch(() => {});
    return next;
  }

  /**
   * The webhook route. The secret must match (compared in constant time). 200 once the message is kept,
   * in the database or the journal (or was not one the bot reads): the bot handles it in its turn. 503
   * only when neither could keep it, in case the platform tries again.
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
    if (!this.identity || !this.handler || this.isDown || !this.running) return { status: 503 };
    const incoming = this.read(update);
    if (!incoming) return { status: 200 };
    const kept = this.keep(incoming);
    if (!kept) {
      this.options.logger.error(
        'zalobot webhook: neither the database nor the journal takes writes; answered 503',
        { chat: incoming.chatId },
      );
      return { status: 503 };
    }
    kept.catch((err: unknown) =>
      this.options.logger.error('zalobot: message not handed over', { chat: incoming.chatId, err }),
    );
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
    if (this.keptTimer) clearTimeout(this.keptTimer);
    this.keptTimer = null;
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

  /** Waits `ms`, or less when the channel stops. */
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
