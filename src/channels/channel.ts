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

export interface Channel {
  /** `console`, `telegram`, `zalo`: also the prefix of the chat ids this channel makes. */
  readonly name: string;
  /** Begins receiving; resolves once the channel is ready. */
  start(handler: IncomingHandler): Promise<void>;
  /** Stops receiving and releases the connection; pending sends may finish. */
  stop(): Promise<void>;
  /** Sends one message (split by the channel if too long). Throws a `ChannelError` on failure. */
  send(chatId: ChatId, message: Outgoing): Promise<Sent>;
  sendFile?(chatId: ChatId, file: OutgoingFile): Promise<Sent>;
  /** Acknowledges a button tap (Telegram requires an answer to every callback). */
  answerAction?(incoming: Incoming, text: string | null): Promise<void>;
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
