import { readFileSync } from 'node:fs';
import type { AttachmentSource, MessageContent, SendMessageQuote } from 'zca-js';
import type { ZaloProblemKind } from '../../core/messages/zalo';
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
import { ChannelError } from '../errors';
import type { IncomingJournal } from '../journal';
import { isZaloFileUrl } from './files';
import { translateZaloError } from './errors';
import { readMessage, sentAtOf, threadOf, ZALO_TEXT_LIMIT, zaloParts } from './messages';
import type { ZaloText } from './messages';
import { cookieFingerprint, readSession, SessionFileError, writeSession } from './session';
import type { SavedSession } from './session';
import type { ZaloApi, ZaloListenerEvents, ZaloLogin } from './surface';
import { THREAD_GROUP, THREAD_USER, zcaLogin } from './surface';

/**
 * Why the Zalo channel stopped and needs a person, never retried in a loop: the saved session was refused
 * (`session_expired`), the session file is missing or damaged (`session_invalid`), or Zalo closed the
 * connection because the account opened elsewhere (3000) or kicked it (3003) (`kicked`).
 */
export type { ZaloProblemKind };

export interface ZaloProblem {
  kind: ZaloProblemKind;
  detail: string;
  /** Names this incident, so that the same one is reported once even across restarts. */
  incident: string;
}

export type ZaloState = 'offline' | 'connecting' | 'online' | 'reconnecting' | 'down';

export interface ZaloOptions {
  sessionPath: string;
  logger: Logger;
  /** The outbox sender's pacing for this account (default: `zaloLimits` of the default settings). */
  limits?: SendLimits;
  /** Told once per incident when the channel cannot go on without an administrator. */
  onProblem: (problem: ZaloProblem) => void;
  /** Told when the channel is logged in and can send (again). */
  onOnline?: () => void;
  login?: ZaloLogin;
  clock?: () => Date;
  random?: () => number;
  /** Reconnect backoff: first wait, longest wait, and how long a connection must last to count as stable. */
  reconnect?: { baseMs: number; maxMs: number; stableMs: number };
  /** Reconnects without a stable connection before logging in again (the session may have expired). */
  reloginAfter?: number;
  /** Least time between two sends of the account, replies included, in ms (and random extra up to jitter). */
  sendGapMs?: number;
  sendJitterMs?: number;
  /** How often the refreshed cookie is saved back to the session file. */
  saveEveryMs?: number;
  /**
   * Where each message is written before the bot sees it: Zalo never delivers a message twice, so one
   * the bot refuses (the database refusing writes), or one a crash interrupted, is handed over again
   * from there.
   */
  journal?: IncomingJournal;
  /**
   * The last message the bot stored of a thread type (direct or group), to ask Zalo for what came after
   * it on every connection. Messages older than it were seen when they came.
   */
  lastStored?: (type: 'direct' | 'group') => { messageRef: string | null; sentAt: Date } | null;
  /** Longest wait for one Zalo call (a send, an upload, the log-in), in ms. */
  callTimeoutMs?: number;
  fileTimeoutMs?: number;
}

/**
 * Zalo's limits are unpublished and strict: one message every few seconds with a wide random extra, at
 * most a few a minute to one group. Configurable (ZALO_SEND_DELAY_MS, ZALO_SEND_JITTER_MS).
 */
export function zaloLimits(pace: { delayMs: number; jitterMs: number }): SendLimits {
  return {
    perSecond: 0,
    minIntervalMs: pace.delayMs,
    perChatIntervalMs: pace.delayMs,
    groupPerMinute: 6,
    jitterMs: pace.jitterMs,
  };
}

/** 3000: another connection of the account opened. 3003: Zalo kicked this one. */
const KICK_CODES = new Set([3000, 3003]);
const QUOTES_KEPT = 1000;

/**
 * Zalo through zca-js, the unofficial personal-account API. It logs in with the saved session, listens
 * for group and direct messages, and sends slowly. A dropped connection is reconnected with backoff and
 * jitter; a kick or an expired session is reported once and left for a person to fix, while the rest of
 * the program keeps running.
 */
export class ZaloChannel implements Channel {
  readonly name = 'zalo';
  /** No buttons on a personal account: the text form is the interface. Files go as attachments. */
  readonly capabilities: Capabilities = {
    buttons: false,
    mentions: true,
    files: true,
    photos: true,
    menus: false,
    maxTextLength: ZALO_TEXT_LIMIT,
    formatting: 'styles',
  };
  readonly limits: SendLimits;
  private api: ZaloApi | null = null;
  private ownId = '';
  private handler: IncomingHandler | null = null;
  private session: SavedSession | null = null;
  private savedCookie = '';
  private stateNow: ZaloState = 'offline';
  private stopping = false;
  private attempts = 0;
  private retryTimer: NodeJS.Timeout | null = null;
  private stableTimer: NodeJS.Timeout | null = null;
  private saveTimer: NodeJS.Timeout | null = null;
  private readonly reported = new Set<string>();
  private readonly quotes = new Map<string, SendMessageQuote>();
  private readonly groupNames = new Map<string, Promise<string | null>>();
  private gate: Promise<void> = Promise.resolve();
  private nextSendAt = 0;
  private readonly clock: () => Date;
  private readonly random: () => number;
  private readonly backoff: { baseMs: number; maxMs: number; stableMs: number };
  /** When the channel started: on a first run, nothing older is caught up. */
  private startedAt = new Date(0);
  /** Per thread type: the time before which caught-up messages were seen when they came. */
  private readonly catchUpFrom = new Map<number, number>();

  constructor(private readonly options: ZaloOptions) {
    this.clock = options.clock ?? (() => new Date());
    this.random = options.random ?? Math.random;
    this.backoff = options.reconnect ?? { baseMs: 2_000, maxMs: 5 * 60_000, stableMs: 60_000 };
    this.limits = options.limits ?? zaloLimits({ delayMs: 4000, jitterMs: 3000 });
  }

  get state(): ZaloState {
    return this.stateNow;
  }

  get down(): boolean {
    return this.stateNow === 'down';
  }

  owns(chatId: ChatId): boolean {
    return threadOf(chatId) !== null;
  }

  /**
   * Logs in and starts listening. Never rejects for Zalo's sake: an unreachable Zalo is retried in the
   * background, a refused session is reported through `onProblem`, and the other channels go on.
   */
  async start(handler: IncomingHandler): Promise<void> {
    this.handler = handler;
    this.stopping = false;
    this.stateNow = 'connecting';
    this.startedAt = this.clock();
    // What the last run left in the journal goes to the bot first (its replies wait for the log-in).
    await this.options.journal?.start(this.accept);
    await this.login();
    if (this.options.saveEveryMs !== 0)
      this.saveTimer = setInterval(() => this.saveSession(), this.options.saveEveryMs ?? 30 * 60_000);
    this.saveTimer?.unref();
  }

  async stop(): Promise<void> {
    this.stopping = true;
    this.clearTimers();
    if (this.saveTimer) clearInterval(this.saveTimer);
    this.saveTimer = null;
    this.saveSession();
    this.detach();
    this.stateNow = 'offline';
    await this.gate;
    await this.options.journal?.stop();
  }

  async send(chatId: ChatId, message: Outgoing): Promise<Sent> {
    const thread = threadOf(chatId);
    if (!thread) throw new ChannelError('rejected', `not a Zalo chat: ${chatId}`);
    let quote = message.replyTo ? (this.quotes.get(message.replyTo) ?? null) : null;
    let messageRef: string | null = null;
    let mention = thread.type === THREAD_GROUP ? (message.mention ?? null) : null;
    for (const part of zaloParts(message.text)) {
      const content: MessageContent = mention
        ? withMention(part, mention)
        : { msg: part.msg, styles: part.styles };
      if (quote) content.quote = quote;
      quote = null;
      mention = null;
      messageRef = await this.call((api) => api.sendMessage(content, thread.threadId, thread.type));
    }
    return { messageRef };
  }

  /** Sends a file as a Zalo attachment, with its caption as the message text. */
  async sendFile(chatId: ChatId, file: OutgoingFile): Promise<Sent> {
    const thread = threadOf(chatId);
    if (!thread) throw new ChannelError('rejected', `not a Zalo chat: ${chatId}`);
    const data = readFileSync(file.path);
    const attachment: AttachmentSource = {
      data,
      filename: (file.name.includes('.') ? file.name : `${file.name}.bin`) as `${string}.${string}`,
      metadata: { totalSize: data.length, ...pngSize(data) },
    };
    const content: MessageContent = { msg: file.caption ?? '', attachments: [attachment] };
    const messageRef = await this.call(
      (api) => api.sendMessage(content, thread.threadId, thread.type),
      this.options.fileTimeoutMs ?? 120_000,
    );
    return { messageRef };
  }

  /**
   * A file or image a user sent: its link must be Zalo's own file service over https. A link to anywhere
   * else (a loopback or private address, another site) is refused before any connection is made.
   */
  async download(attachment: IncomingAttachment, limits: DownloadLimits): Promise<Buffer> {
    if (attachment.size !== null && attachment.size > limits.maxBytes)
      throw new DownloadError('too_large', `declared ${attachment.size} bytes`);
    let url: URL;
    try {
      url = new URL(attachment.ref);
    } catch {
      throw new DownloadError('forbidden_source', 'not a link');
    }
    if (!isZaloFileUrl(url))
      throw new DownloadError('forbidden_source', `not Zalo's file service: ${url.host}`);
    const api = this.api;
    if (!api) throw new DownloadError('unavailable', 'Zalo is not logged in');
    return api.fetchFile(url, limits);
  }

  /**
   * One platform call, paced so the account never sends in bursts, with errors in our kinds, and a time
   * limit: zca-js waits for an upload's websocket callback with none, and one call that never ends would
   * hold every later send. A call past its limit is a network failure (retried; it may still have gone).
   */
  private call(
    send: (api: ZaloApi) => Promise<{ message: { msgId: number } | null }>,
    timeoutMs = this.options.callTimeoutMs ?? 30_000,
  ): Promise<string | null> {
    const previous = this.gate;
    let release: () => void = () => {};
    this.gate = new Promise((resolve) => (release = resolve));
    return (async () => {
      await previous;
      try {
        const wait = this.nextSendAt - Date.now();
        if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
        const api = this.api;
        if (this.stateNow === 'down')
          throw new ChannelError('auth', 'Zalo is not logged in (run `npm run zalo:login`)');
        // Not logged in yet (start-up, a log-in being retried): a passing state, so retried later.
        if (!api) throw new ChannelError('network', 'Zalo is not connected yet');
        const result = await timeLimited(send(api), timeoutMs, 'Zalo');
        return result.message ? String(result.message.msgId) : null;
      } catch (err) {
        const e = translateZaloError(err);
        if (e.kind === 'auth' && this.api) this.fail('session_expired', e.message);
        throw e;
      } finally {
        const jitter = this.options.sendJitterMs ? Math.floor(this.random() * this.options.sendJitterMs) : 0;
        this.nextSendAt = Date.now() + (this.options.sendGapMs ?? 1_000) + jitter;
        release();
      }
    })();
  }

  private async login(): Promise<void> {
    try {
      this.session = readSession(this.options.sessionPath);
    } catch (err) {
      const detail = err instanceof SessionFileError ? err.message : String(err);
      return this.fail('session_invalid', detail);
    }
    if (!this.session) return this.fail('session_invalid', `no session file at ${this.options.sessionPath}`);
    let api: ZaloApi;
    try {
      api = await timeLimited(
        (this.options.login ?? zcaLogin)(this.session.credentials),
        this.options.fileTimeoutMs ?? 120_000,
        'Zalo log-in',
      );
    } catch (err) {
      const e = translateZaloError(err);
      if (e.kind === 'network' || e.kind === 'rate_limited') {
        this.options.logger.warn('zalo unreachable, will try again', { err: e.message });
        return this.scheduleRetry(() => this.login());
      }
      return this.fail('session_expired', e.message);
    }
    if (this.stopping) return;
    this.detach();
    this.api = api;
    this.ownId = api.getOwnId();
    this.savedCookie = cookieFingerprint(this.session.credentials);
    api.listener.on('connected', this.onConnected);
    api.listener.on('closed', this.onClosed);
    api.listener.on('error', this.onError);
    api.listener.on('message', this.onMessage);
    api.listener.on('old_messages', this.onOldMessages);
    this.listen();
  }

  private listen(): void {
    try {
      this.api?.listener.start({ retryOnClose: false });
    } catch (err) {
      this.options.logger.warn('zalo listener did not start', { err: String(err) });
      this.scheduleRetry(() => this.listen());
    }
  }

  private readonly onConnected = (): void => {
    const first = this.stateNow === 'connecting';
    this.stateNow = 'online';
    this.options.logger.info(first ? 'zalo connected' : 'zalo reconnected', { attempts: this.attempts });
    // Only a connection that lasts resets the backoff: a server that accepts and drops at once must not
    // be hammered.
    this.stableTimer = setTimeout(() => (this.attempts = 0), this.backoff.stableMs);
    this.stableTimer.unref?.();
    this.options.onOnline?.();
    this.catchUp();
  };

  /**
   * Asks Zalo for the messages of each thread type since the last one the bot stored: those sent while
   * the bot was stopped or disconnected. Zalo answers with what it still has (about two weeks, and only
   * since the account's log-in); `lastMsgId` is a hint it does not always follow, so whatever comes
   * back is filtered by time and deduplicated by message id.
   */
  private catchUp(): void {
    const api = this.api;
    if (!api) return;
    for (const [type, kind] of [
      [THREAD_USER, 'direct'],
      [THREAD_GROUP, 'group'],
    ] as const) {
      let last: { messageRef: string | null; sentAt: Date } | null = null;
      try {
        last = this.options.lastStored?.(kind) ?? null;
      } catch (err) {
        this.options.logger.warn('zalo catch-up: last stored message unknown', { err: String(err) });
      }
      this.catchUpFrom.set(type, (last?.sentAt ?? this.startedAt).getTime());
      try {
        api.listener.requestOldMessages(type, last?.messageRef ?? null);
      } catch (err) {
        this.options.logger.warn('zalo catch-up not asked', { kind, err: String(err) });
      }
    }
  }

  private readonly onOldMessages = (...[messages, type]: ZaloListenerEvents['old_messages']): void => {
    const from = this.catchUpFrom.get(type) ?? this.startedAt.getTime();
    const seen = new Set<string>();
    let own = 0;
    let older = 0;
    const fresh: { incoming: Incoming; quote: SendMessageQuote; at: number }[] = [];
    for (const message of messages) {
      const at = sentAtOf(message.data.ts, new Date(0)).getTime();
      if (message.isSelf || message.data.uidFrom === this.ownId) {
        own++;
        continue;
      }
      if (at < from) {
        older++;
        continue;
      }
      if (seen.has(message.data.msgId)) continue;
      seen.add(message.data.msgId);
      const meaning = readMessage(message, this.ownId, this.clock());
      if (meaning.type === 'incoming') fresh.push({ ...meaning, at });
    }
    fresh.sort((a, b) => a.at - b.at);
    this.options.logger.info('zalo catch-up', {
      kind: type === THREAD_GROUP ? 'group' : 'direct',
      received: messages.length,
      handed: fresh.length,
      own,
      older,
    });
    for (const { incoming, quote } of fresh) this.take(incoming, quote);
  };

  private readonly onClosed = (...[code, reason]: ZaloListenerEvents['closed']): void => {
    if (this.stableTimer) clearTimeout(this.stableTimer);
    // Our own closes never get here (the handlers are removed first): even a 1000 is the server's doing.
    if (this.stopping) return;
    if (KICK_CODES.has(code)) {
      const why =
        code === 3000 ? 'the account opened another connection (3000)' : 'Zalo kicked this connection (3003)';
      return this.fail('kicked', `${why}${reason ? `: ${reason}` : ''}`);
    }
    this.stateNow = 'reconnecting';
    this.options.logger.warn('zalo connection closed, reconnecting', {
      code,
      reason,
      attempt: this.attempts + 1,
    });
    const relogin = (this.attempts + 1) % (this.options.reloginAfter ?? 6) === 0;
    this.scheduleRetry(() => (relogin ? this.relogin() : this.listen()));
  };

  private readonly onError = (...[error]: ZaloListenerEvents['error']): void => {
    this.options.logger.warn('zalo listener error', {
      err: error instanceof Error ? error.message : 'websocket error',
    });
  };

  private readonly onMessage = (...[message]: ZaloListenerEvents['message']): void => {
    const meaning = readMessage(message, this.ownId, this.clock());
    if (meaning.type === 'ignored') return;
    this.take(meaning.incoming, meaning.quote);
  };

  /** A message for the bot: into the journal first (where there is one), then to the bot. */
  private take(incoming: Incoming, quote: SendMessageQuote): void {
    if (!this.handler) return;
    if (incoming.messageRef) this.remember(incoming.messageRef, quote);
    const journal = this.options.journal;
    void (journal ? journal.submit(incoming) : this.accept(incoming)).catch((err: unknown) =>
      this.options.logger.error('zalo message failed', { chat: incoming.chatId, err }),
    );
  }

  /** Hands a message to the bot, with its group's name. */
  private readonly accept = async (incoming: Incoming): Promise<Acceptance> => {
    const handler = this.handler;
    if (!handler) return 'refused';
    const thread = threadOf(incoming.chatId);
    if (incoming.chatKind === 'group' && thread && incoming.chatTitle === null)
      incoming.chatTitle = await this.groupName(thread.threadId);
    return handler(incoming);
  };

  /**
   * A group's name, asked of Zalo once per group; a failure only leaves the name out. Messages of one
   * group all wait on the same promise, so they reach the bot in the order they came.
   */
  private groupName(groupId: string): Promise<string | null> {
    let name = this.groupNames.get(groupId);
    if (!name) {
      const api = this.api;
      name = (api ? withTimeout(api.groupName(groupId), 5_000) : Promise.resolve(null)).catch(
        (err: unknown) => {
          this.options.logger.debug('zalo group name unknown', { err: String(err) });
          return null;
        },
      );
      this.groupNames.set(groupId, name);
    }
    return name;
  }

  /**
   * Many drops in a row: the session itself may be gone, so log in again rather than only reconnect.
   * The backoff keeps growing across it: only a connection that lasts resets it.
   */
  private async relogin(): Promise<void> {
    this.options.logger.warn('zalo keeps dropping; logging in again');
    await this.login();
  }

  private scheduleRetry(retry: () => unknown): void {
    if (this.stopping) return;
    const exp = Math.min(this.backoff.maxMs, this.backoff.baseMs * 2 ** this.attempts);
    const delay = Math.round(exp * (0.7 + 0.6 * this.random()));
    this.attempts++;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      if (!this.stopping) void retry();
    }, delay);
  }

  /** Stops the channel for good and tells an administrator, once per incident. */
  private fail(kind: ZaloProblemKind, detail: string): void {
    this.stateNow = 'down';
    this.clearTimers();
    this.detach();
    const day = this.clock().toISOString().slice(0, 10);
    const incident =
      kind === 'kicked' ? `kicked:${day}` : `${kind}:${this.session?.savedAt.toISOString() ?? 'none'}`;
    if (this.reported.has(incident)) return;
    this.reported.add(incident);
    this.options.logger.error('zalo channel stopped; run `npm run zalo:login` and restart', { kind, detail });
    this.options.onProblem({ kind, detail, incident });
  }

  private detach(): void {
    const api = this.api;
    if (!api) return;
    api.listener.off('connected', this.onConnected);
    api.listener.off('closed', this.onClosed);
    // The error handler stays: an EventEmitter 'error' with no listener would throw and end the process,
    // and a closing websocket may still report one.
    api.listener.off('message', this.onMessage);
    api.listener.off('old_messages', this.onOldMessages);
    try {
      api.listener.stop();
    } catch (err) {
      this.options.logger.debug('zalo listener stop failed', { err: String(err) });
    }
    if (this.stateNow === 'down') this.api = null;
  }

  private clearTimers(): void {
    if (this.retryTimer) clearTimeout(this.retryTimer);
    if (this.stableTimer) clearTimeout(this.stableTimer);
    this.retryTimer = null;
    this.stableTimer = null;
  }

  /** Saves the session again when Zalo has refreshed its cookie, so a restart logs in with the new one. */
  private saveSession(): void {
    const api = this.api;
    if (!api || this.stateNow === 'down') return;
    try {
      const credentials = api.currentCredentials();
      const fingerprint = cookieFingerprint(credentials);
      if (fingerprint === this.savedCookie) return;
      writeSession(this.options.sessionPath, credentials, this.clock());
      this.savedCookie = fingerprint;
      this.options.logger.info('zalo session saved');
    } catch (err) {
      this.options.logger.warn('zalo session not saved', { err: (err as Error).message });
    }
  }

  private remember(ref: string, quote: SendMessageQuote): void {
    this.quotes.set(ref, quote);
    if (this.quotes.size > QUOTES_KEPT) {
      const oldest = this.quotes.keys().next().value;
      if (oldest !== undefined) this.quotes.delete(oldest);
    }
  }
}

/** The promise, or a network failure once `ms` have passed without it settling. */
function timeLimited<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new ChannelError('network', `${what} did not answer in ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T | null> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<null>((resolve) => (timer = setTimeout(() => resolve(null), ms)));
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** The text with "@Name " in front, marked as a mention of that user so Zalo notifies them. */
export function withMention(part: ZaloText, person: { userId: string; name: string }): MessageContent {
  const at = `@${person.name}`;
  const shift = at.length + 1;
  return {
    msg: `${at} ${part.msg}`,
    styles: part.styles.map((st) => ({ ...st, start: st.start + shift })),
    mentions: [{ pos: 0, len: at.length, uid: person.userId }],
  };
}

/** Width and height of a PNG, read from its header (Zalo wants them for an image attachment). */
export function pngSize(data: Buffer): { width?: number; height?: number } {
  const signature = '89504e470d0a1a0a';
  if (data.length < 24 || data.subarray(0, 8).toString('hex') !== signature) return {};
  return { width: data.readUInt32BE(16), height: data.readUInt32BE(20) };
}
