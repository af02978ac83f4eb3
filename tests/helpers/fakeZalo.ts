import { EventEmitter } from 'node:events';
import type { Credentials, Message, MessageContent, SendMessageResponse, TGroupMessage } from 'zca-js';
import { GroupMessage, UserMessage, ZaloApiError } from 'zca-js';
import type { DownloadLimits } from '../../src/channels/channel';
import { DownloadError } from '../../src/channels/download';
import type { ZaloApi, ZaloListener, ZaloListenerEvents, ZaloLogin } from '../../src/channels/zalo/surface';
import { checkBotText } from './botText';

/** How far back Zalo answers `requestOldMessages` (its maintainers: about two weeks). */
export const OLD_MESSAGES_WINDOW_MS = 14 * 86_400_000;

/**
 * A typed fake of the narrow zca-js surface the Zalo channel uses. The listener behaves as zca-js's
 * does with `retryOnClose: false`: `start` opens (then `connected`), a close emits `closed` with its
 * code, `start` while open throws. Sends are recorded and can be made to fail with Zalo's errors.
 *
 * Zalo keeps every message of the account, as the server does: a message delivered while the
 * connection is down is kept and never reaches the listener, and `requestOldMessages` answers (only
 * while connected, as zca-js sends the request over the websocket and drops it otherwise) with one
 * `old_messages` event holding every message of that thread type of the last two weeks, the account's
 * own included. `lastMsgId` is recorded and not followed: zca-js's maintainers call it unreliable, so
 * the channel must cope with the whole window coming back.
 */
export class FakeListener extends EventEmitter<ZaloListenerEvents> implements ZaloListener {
  open = false;
  starts: number[] = [];
  /** When set, the next starts fail to connect: each closes at once with this code. */
  refuseWith: number | null = null;
  /** Every message of the account, in the order Zalo got them. */
  readonly history: Message[] = [];
  /** The catch-up requests the channel made, with the hint it gave. */
  readonly oldRequests: { type: 0 | 1; lastMsgId: string | null }[] = [];
  /** The time on Zalo's side, for the two-week window. */
  clock: () => number = () => Date.now();

  requestOldMessages(threadType: 0 | 1, lastMsgId: string | null = null): void {
    if (!this.open) return;
    this.oldRequests.push({ type: threadType, lastMsgId });
    const since = this.clock() - OLD_MESSAGES_WINDOW_MS;
    const batch = this.history.filter((m) => m.type === threadType && Number(m.data.ts) >= since);
    setTimeout(() => {
      if (this.open) this.emit('old_messages', batch, threadType as never);
    }, 0);
  }

  start(): void {
    if (this.open) throw new ZaloApiError('Already started');
    this.starts.push(Date.now());
    this.open = true;
    queueMicrotask(() => {
      if (this.refuseWith !== null) return this.close(this.refuseWith);
      this.emit('connected');
    });
  }

  stop(): void {
    if (this.open) this.close(1000);
  }

  /** The server closes the connection (1006 abnormal, 3000 duplicate, 3003 kicked…). */
  close(code: number, reason = ''): void {
    if (!this.open) return;
    this.open = false;
    this.emit('closed', code, reason);
  }

  /** A message reaches Zalo: kept there, and pushed to the listener if it is connected. */
  deliver(message: Message): void {
    this.history.push(message);
    if (this.open) this.emit('message', message);
  }

  /**
   * Several messages in one websocket frame (an album's pictures come so): zca-js emits a `message`
   * event for each, one after the other in the same tick, before anything else runs.
   */
  deliverAll(messages: readonly Message[]): void {
    this.history.push(...messages);
    if (this.open) for (const message of messages) this.emit('message', message);
  }
}

export interface SentZalo {
  content: MessageContent;
  threadId: string;
  type: number | undefined;
  msgId: number;
  text: string;
}

export class FakeZalo implements ZaloApi {
  readonly listener = new FakeListener();
  readonly sent: SentZalo[] = [];
  /** Errors thrown by the next sends, in order. */
  readonly failures: Error[] = [];
  private nextId = 9_000_000_000_001;
  cookie: Credentials['cookie'];
  /**
   * When set, a send with an attachment never settles: zca-js waits for the upload's websocket callback
   * with no time limit, and the callback may never come (a reconnect meanwhile).
   */
  hangUploads = false;

  constructor(
    private readonly ownId: string,
    private readonly credentials: Credentials,
  ) {
    this.cookie = credentials.cookie;
  }

  getOwnId(): string {
    return this.ownId;
  }

  async sendMessage(
    content: MessageContent | string,
    threadId: string,
    type?: 0 | 1,
  ): Promise<SendMessageResponse> {
    await Promise.resolve();
    const c = typeof content === 'string' ? { msg: content } : content;
    if (this.hangUploads && c.attachments !== undefined) return new Promise(() => {});
    const failure = this.failures.shift();
    if (failure) throw failure;
    const msgId = this.nextId++;
    checkBotText(c.msg, 'zalo sendMessage');
    this.sent.push({ content: c, threadId, type, msgId, text: c.msg });
    this.listener.history.push(this.ownMessage(msgId, c.msg, threadId, type ?? 0));
    return { message: { msgId }, attachment: [] };
  }

  /** The account's own message as Zalo keeps it (sender "0", which zca-js reads as the account). */
  private ownMessage(msgId: number, text: string, threadId: string, type: number): Message {
    const data: TGroupMessage = {
      actionId: String(msgId + 2),
      msgId: String(msgId),
      cliMsgId: String(msgId + 1),
      msgType: 'webchat',
      uidFrom: '0',
      idTo: threadId,
      dName: '',
      ts: String(this.listener.clock()),
      status: 1,
      content: text,
      notify: '1',
      ttl: 0,
      userId: '0',
      uin: '0',
      topOut: '0',
      topOutTimeOut: '0',
      topOutImprTimeOut: '0',
      propertyExt: undefined,
      paramsExt: { countUnread: 0, containType: 0, platformType: 1 },
      cmd: type === 1 ? 521 : 501,
      st: 3,
      at: 5,
      realMsgId: '0',
      quote: undefined,
      mentions: undefined,
    };
    return type === 1 ? new GroupMessage(this.ownId, data) : new UserMessage(this.ownId, data);
  }

  /** Names Zalo gives the groups; a group not listed has no name known. */
  readonly groups = new Map<string, string>();

  async groupName(groupId: string): Promise<string | null> {
    await Promise.resolve();
    return this.groups.get(groupId) ?? null;
  }

  currentCredentials(): Credentials {
    return { ...this.credentials, cookie: this.cookie };
  }

  /** Zalo's file service: the files users sent, by link. */
  readonly files = new Map<string, Buffer>();
  /** Links the bot fetched, in order. */
  readonly fetched: string[] = [];
  private nextFile = 1;

  /** Puts a file on the fake file service; returns its link, shaped like Zalo's. */
  host(bytes: Buffer, name: string, kind: 'file' | 'photo' = 'file'): string {
    const id = `${Date.now().toString(36)}${this.nextFile++}`;
    const url =
      kind === 'file'
        ? `https://f21-zfile.zdn.vn/${id}/${encodeURIComponent(name)}`
        : `https://photo-stal-24.zdn.vn/jpg/${id}.jpg`;
    this.files.set(url, bytes);
    return url;
  }

  async fetchFile(url: URL, limits: DownloadLimits): Promise<Buffer> {
    await Promise.resolve();
    this.fetched.push(url.href);
    const bytes = this.files.get(url.href);
    if (!bytes) throw new DownloadError('unavailable', 'the file service answered 404');
    if (bytes.length > limits.maxBytes)
      throw new DownloadError('too_large', `more than ${limits.maxBytes} bytes`);
    return bytes;
  }

  /** Sent texts to one thread. */
  textsTo(threadId: string): string[] {
    return this.sent.filter((s) => s.threadId === threadId).map((s) => s.text);
  }
}

/** Zalo's error as zca-js throws it (`ZaloApiError` with Zalo's code). */
export function zaloError(message: string, code?: number): ZaloApiError {
  return new ZaloApiError(message, code);
}

export const CREDENTIALS: Credentials = {
  imei: '3f1c2a9e-5b7d-4e21-9c0a-77d1e2f3a4b5-6c1a0f0e9d8c7b6a5f4e3d2c1b0a9f8e',
  userAgent:
    'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0 Safari/537.36',
  cookie: [
    { name: 'zpw_sek', value: 'sek-value', domain: '.chat.zalo.me', path: '/' },
    { name: 'zpsid', value: 'sid-value', domain: '.zalo.me', path: '/' },
  ] as unknown as Credentials['cookie'],
};

/** A login that hands out one fake account, and can be told to refuse (an expired session). */
export class FakeZaloLogin {
  readonly api: FakeZalo;
  logins = 0;
  /** Error thrown by the next logins (null: accept). */
  refuse: Error | null = null;

  constructor(ownId: string) {
    this.api = new FakeZalo(ownId, CREDENTIALS);
  }

  readonly login: ZaloLogin = async () => {
    this.logins++;
    await Promise.resolve();
    if (this.refuse) throw this.refuse;
    return this.api;
  };
}
