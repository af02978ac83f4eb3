import type { Incoming } from '../channel';

/** The parts of a Zalo Bot Platform update this channel reads. */
export interface ZbUpdate {
  event_name: string;
  message?: ZbMessage;
}

export interface ZbMessage {
  message_id: string;
  /** When the user sent it, in milliseconds. */
  date: number;
  text?: string;
  /** A picture's address (`message.image.received`), and the words sent with it. */
  photo_url?: string;
  caption?: string;
  from: { id: string; display_name?: string; is_bot?: boolean };
  chat: { id: string; chat_type: 'PRIVATE' | 'GROUP' };
}

/** The bot's own account, from getMe. */
export interface ZbIdentity {
  id: string;
  /** The name users see and @mention. */
  name: string | null;
}

export const PREFIX = 'zalobot:';

export const chatIdOf = (chat: ZbMessage['chat']): string => `${PREFIX}${chat.id}`;

/**
 * Turns an update into our `Incoming`, or null for what the bot does not read: stickers, unsupported
 * messages, a picture without words, anything from a bot. A message is addressed to the bot in a private
 * chat, as a command, or when it names the bot (`@<its name>`, removed from the text).
 */
export function readUpdate(update: ZbUpdate, bot: ZbIdentity, receivedAt: Date): Incoming | null {
  const msg = update.message;
  if (!msg?.chat?.id || !msg.from?.id || msg.from.is_bot) return null;
  let text: string | undefined;
  if (update.event_name === 'message.text.received') text = msg.text;
  else if (update.event_name === 'message.image.received') text = msg.caption;
  if (!text?.trim()) return null;
  const direct = msg.chat.chat_type === 'PRIVATE';
  const isCommand = /^\s*\//.test(text);
  const at = bot.name ? new RegExp(`@${escapeRegExp(bot.name)}(?![\\p{L}\\p{N}])`, 'giu') : null;
  const mentioned = at ? at.test(text) : false;
  const name = msg.from.display_name?.trim() || null;
  return {
    dedupeKey: `${PREFIX}${msg.chat.id}:${msg.message_id}`,
    chatId: chatIdOf(msg.chat),
    chatKind: direct ? 'direct' : 'group',
    chatTitle: direct ? name : null,
    sender: { id: msg.from.id, name },
    text: at && !isCommand ? text.replace(at, '').trim() : text,
    kind: 'message',
    messageRef: msg.message_id,
    replyTo: null,
    addressed: direct || isCommand || mentioned,
    receivedAt,
    // When the user sent it, by Zalo's clock (milliseconds); lateness is judged by this.
    sentAt: Number.isFinite(msg.date) && msg.date > 0 ? new Date(msg.date) : receivedAt,
  };
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
