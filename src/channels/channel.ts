import type { Button } from '../core/buttons';

export type { Button };

/**
 * The seam between the bot and a chat platform. A channel turns platform updates into `Incoming`
 * values and sends `Outgoing` messages; it knows nothing of plans or reports. Optional abilities
 * (buttons, files) are optional members: the bot degrades to plain text without them.
 */

/** Opaque chat id, prefixed by the channel that made it (`telegram:-100123`, `zalo:g:4567`). */
export type ChatId = string;

export type ChatKind = 'group' | 'direct';

export interface Incoming {
  /** Identity of the platform update; the same update delivered twice has the same key. */
  dedupeKey: string;
  chatId: ChatId;
  chatKind: ChatKind;
  chatTitle: string | null;
  sender: { id: string; name: string | null };
  /** Text of the message; for a button tap, the button's data. */
  text: string;
  /** `message` for text, `action` for a button tap. */
  kind: 'message' | 'action';
  /** Platform reference of this message, to quote it in a reply. */
  messageRef: string | null;
  /** The message this one replies to (quotes), if any. */
  replyTo: { messageRef: string; fromBot: boolean } | null;
  /**
   * The platform says the message is meant for the bot: a command, a reply to the bot, a mention, or any
   * message in a direct chat. In a group, other messages are read only when they look like a report.
   */
  addressed: boolean;
  /** When the bot's process received the message. */
  receivedAt: Date;
  /**
   * When the sender sent it, by the platform's own clock (Telegram's `date`, Zalo's timestamp; the console
   * has none and gives the moment it read the line). Lateness is judged by this, never by when the bot
   * got round to handling the message (a catch-up, a redelivery after a storage fault).
   */
  sentAt: Date;
  /** A file sent with the message (its caption is `text`); fetched only through the channel's `download`. */
  attachment?: IncomingAttachment;
}

/**
 * A file as the platform announces it, before anything is downloaded. Name, size and the platform's type
 * are what the sender's app says: shown to people, used to refuse early, never trusted for the type.
 */
export interface IncomingAttachment {
  /** `photo`: a picture sent as such (Telegram photo, Zalo image); `document`: any other file. */
  kind: 'document' | 'photo';
  /** File name as sent; null for photos. */
  name: string | null;
  /** Size the platform declares, in bytes, if it does. */
  size: number | null;
  /** The platform's handle of the file, which only this channel's `download` reads (a file id, a URL). */
  ref: string;
  /**
   * The album the file was sent in, when several pictures or files went as one (Telegram's
   * `media_group_id`, Zalo's group layout id): the same for every member, made unique within the chat by
   * the channel. Absent for a file sent alone.
   */
  album?: string;
}

export interface Outgoing {
  /** Text with bold spans marked by `bold()` of the messages module; everything else is literal. */
  text: string;
  /** Rows of buttons, shown where the channel has them. */
  buttons?: Button[][];
  /** Ask the user to reply to this message (Telegram ForceReply). */
  forceReply?: boolean;
  /** Quote this message of the chat (its `messageRef`). */
  replyTo?: string | null;
  /** Name a person at the start of the message, so they are notified (Zalo @mention), where the channel can. */
  mention?: { userId: string; name: string } | null;
}

export interface OutgoingFile {
  path: string;
  /** File name shown to the user. */
  name: string;
  caption?: string;
}

export interface Sent {
  /** Platform reference of the (last) message sent, so a reply to it can be recognised. */
  messageRef: string | null;
}

/**
 * What became of an incoming message: `stored` (handled, or a duplicate already handled), or `refused`
 * because the database refuses writes — nothing of it was stored, and the channel must not acknowledge
 * it to the platform, which will deliver it again.
 */
export type Acceptance = 'stored' | 'refused';
export type IncomingHandler = (message: Incoming) => Promise<Acceptance>;

/**
 * What a channel can show and send. The bot asks this instead of guessing from a chat id's prefix, and
 * degrades to plain text where an ability is missing.
 */
export interface Capabilities {
  /** Buttons under a message (Telegram's inline keyboard). */
  buttons: boolean;
  /** Naming a person so that they are notified (a Zalo @mention). */
  mentions: boolean;
  /** Sending documents (the compiled spreadsheet and draft report). */
  files: boolean;
  /** Sending pictures (the digest's chart). */
  photos: boolean;
  /** Command menus the platform shows (Telegram's setMyCommands). */
  menus: boolean;
  /** Longest text of one message; the channel splits longer ones. */
  maxTextLength: number;
  /** How bold spans reach the user: HTML (Telegram), text styles (Zalo), or plain text. */
  formatting: 'html' | 'styles' | 'plain';
}

/** Text only, no extras: what a chat of no running channel is assumed to take. */
export const PLAIN_TEXT: Capabilities = {
  buttons: false,
  mentions: false,
  files: false,
  photos: false,
  menus: false,
  maxTextLength: 2000,
  formatting: 'plain',
};

/** Send rates of one channel, kept by its outbox sender. */
export interface SendLimits {
  /** Most messages per second over the whole channel (Telegram: about 30); 0 for no such limit. */
  perSecond: number;
  /** Least time between any two messages of the channel, in ms (Zalo: seconds). */
  minIntervalMs: number;
  /** Least time between two messages to one chat, in ms (Telegram: 1000). */
  perChatIntervalMs: number;
  /** Most messages per minute to one group (Telegram: 20); null for no such limit. */
  groupPerMinute: number | null;
  /** Random extra wait added after each send, in ms (Zalo: wide, to look human). */
  jitterMs: number;
}

export interface Channel {
  /** `console`, `telegram`, `zalo`, `zalobot`: also the prefix of the chat ids this channel makes. */
  readonly name: string;
  readonly capabilities: Capabilities;
  /** The rates its sender keeps to. */
  readonly limits: SendLimits;
  /** Whether a chat id is one this channel made (only the channel reads its own ids). */
  owns(chatId: ChatId): boolean;
  /**
   * Stopped until a person acts (a refused token, a dead session). Its messages wait in the outbox; the
   * channel says so through its context's `down` event. A channel still trying to reach its platform is
   * not down.
   */
  readonly down: boolean;
  /**
   * Messages queued for it are still delivered after `stop` (the console prints them), so the runtime
   * sends what is left before the process exits.
   */
  readonly deliversAfterStop?: boolean;
  /** Begins receiving; resolves once the channel is ready (or known to be down). */
  start(handler: IncomingHandler): Promise<void>;
  /** Stops receiving and releases the connection; pending sends may finish. */
  stop(): Promise<void>;
  /** Sends one message (split by the channel if too long). Throws a `ChannelError` on failure. */
  send(chatId: ChatId, message: Outgoing): Promise<Sent>;
  sendFile?(chatId: ChatId, file: OutgoingFile): Promise<Sent>;
  /** Acknowledges a button tap (Telegram requires an answer to every callback). */
  answerAction?(incoming: Incoming, text: string | null): Promise<void>;
  /** Shows that an answer is being prepared ("typing…"), where the platform can. Best effort. */
  typing?(chatId: ChatId): Promise<void>;
  /**
   * Fetches an attachment's bytes from the platform's own file service, and from nowhere else. Throws a
   * `DownloadError` when the file is larger than `maxBytes`, comes from elsewhere, or cannot be had.
   */
  download?(attachment: IncomingAttachment, limits: DownloadLimits): Promise<Buffer>;
}

export interface DownloadLimits {
  maxBytes: number;
  timeoutMs: number;
}

/** Which channel a chat id belongs to. */
export function channelOf(chatId: ChatId): string {
  const i = chatId.indexOf(':');
  return i < 0 ? chatId : chatId.slice(0, i);
}
