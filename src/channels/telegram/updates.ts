import type { Incoming, IncomingAttachment } from '../channel';

/** The parts of a Bot API update this channel reads (a narrow, structural view of telegraf's types). */
export interface TgUser {
  id: number;
  is_bot?: boolean;
  first_name?: string;
  last_name?: string;
  username?: string;
}

export interface TgChat {
  id: number;
  type: 'private' | 'group' | 'supergroup' | 'channel';
  title?: string;
  first_name?: string;
  last_name?: string;
}

export interface TgMessage {
  message_id: number;
  /** Unix seconds: when Telegram received the message (for an edit, `edit_date` is when it was edited). */
  date: number;
  edit_date?: number;
  chat: TgChat;
  from?: TgUser;
  text?: string;
  caption?: string;
  entities?: { type: string; offset: number; length: number; user?: TgUser }[];
  caption_entities?: { type: string; offset: number; length: number; user?: TgUser }[];
  document?: TgFile & { file_name?: string; mime_type?: string };
  /** The same picture in several sizes, smallest first. */
  photo?: (TgFile & { width: number; height: number })[];
  video?: TgFile & { file_name?: string };
  audio?: TgFile & { file_name?: string };
  voice?: TgFile;
  reply_to_message?: TgMessage;
  /** Shared by the messages of one album (several photos or files sent together); only on those. */
  media_group_id?: string;
  new_chat_members?: TgUser[];
  migrate_to_chat_id?: number;
}

/** A file as the Bot API describes it; `file_id` is what `getFile` takes. */
export interface TgFile {
  file_id: string;
  file_unique_id: string;
  file_size?: number;
}

export interface TgUpdate {
  update_id: number;
  message?: TgMessage;
  edited_message?: TgMessage;
  callback_query?: { id: string; from: TgUser; data?: string; message?: TgMessage };
}

export interface BotIdentity {
  id: number;
  username: string;
}

export const chatIdOf = (chat: TgChat): string => `telegram:${chat.id}`;

function nameOf(user: TgUser | undefined): string | null {
  if (!user) return null;
  const name = [user.first_name, user.last_name].filter(Boolean).join(' ');
  return name || user.username || null;
}

function titleOf(chat: TgChat): string | null {
  return chat.title ?? ([chat.first_name, chat.last_name].filter(Boolean).join(' ') || null);
}

/** What one update means for the bot: a message or a tap, a group that moved, the bot joining, or nothing. */
export type UpdateMeaning =
  | { type: 'incoming'; incoming: Incoming; callbackId: string | null }
  | { type: 'moved'; from: string; to: string }
  | { type: 'ignored' };

/**
 * Turns a Bot API update into our `Incoming`. A message is addressed to the bot when it is in a direct
 * chat, is a command, replies to the bot, or mentions it; the mention is removed from the text.
 */
export function readUpdate(update: TgUpdate, bot: BotIdentity, receivedAt: Date): UpdateMeaning {
  const dedupeKey = `telegram:update:${update.update_id}`;
  const cq = update.callback_query;
  if (cq) {
    const chat = cq.message?.chat;
    if (!chat || cq.data === undefined) return { type: 'ignored' };
    return {
      type: 'incoming',
      callbackId: cq.id,
      incoming: {
        dedupeKey,
        chatId: chatIdOf(chat),
        chatKind: chat.type === 'private' ? 'direct' : 'group',
        chatTitle: titleOf(chat),
        sender: { id: String(cq.from.id), name: nameOf(cq.from) },
        text: cq.data,
        kind: 'action',
        messageRef: cq.message ? String(cq.message.message_id) : null,
        replyTo: null,
        addressed: true,
        receivedAt,
        // A tap carries no date of its own (its message's date is when the bot sent that message).
        sentAt: receivedAt,
      },
    };
  }
  const msg = update.message ?? update.edited_message;
  if (!msg) return { type: 'ignored' };
  if (msg.migrate_to_chat_id !== undefined) {
    return { type: 'moved', from: chatIdOf(msg.chat), to: `telegram:${msg.migrate_to_chat_id}` };
  }
  const attachment = attachmentOf(msg);
  let text = msg.text ?? msg.caption ?? (attachment ? '' : undefined);
  // The bot added to a group: greet it as if someone typed /start, so the group learns how to register.
  if (text === undefined && msg.new_chat_members?.some((u) => u.id === bot.id)) text = '/start';
  if (text === undefined) return { type: 'ignored' };

  const mention = new RegExp(`@${bot.username}\\b`, 'gi');
  const mentioned =
    mention.test(text) ||
    [...(msg.entities ?? []), ...(msg.caption_entities ?? [])].some(
      (e) => e.type === 'text_mention' && e.user?.id === bot.id,
    );
  const reply = msg.reply_to_message;
  const repliesToBot = reply?.from?.id === bot.id;
  const isCommand = /^\s*\//.test(text);
  const direct = msg.chat.type === 'private';
  const cleaned = isCommand ? text : text.replace(mention, '').trim();
  return {
    type: 'incoming',
    callbackId: null,
    incoming: {
      dedupeKey,
      chatId: chatIdOf(msg.chat),
      chatKind: direct ? 'direct' : 'group',
      chatTitle: titleOf(msg.chat),
      sender: { id: String(msg.from?.id ?? ''), name: nameOf(msg.from) },
      text: cleaned,
      kind: 'message',
      messageRef: String(msg.message_id),
      replyTo: reply ? { messageRef: String(reply.message_id), fromBot: repliesToBot } : null,
      addressed: direct || isCommand || repliesToBot || mentioned,
      receivedAt,
      sentAt: new Date((msg.edit_date ?? msg.date) * 1000),
      ...(attachment ? { attachment } : {}),
    },
  };
}

/**
 * The file a message carries: a document, or the largest size of a photo. Videos, audio and voice notes
 * are files too, so that one sent to the bot is refused with the list of accepted types.
 */
function attachmentOf(msg: TgMessage): IncomingAttachment | undefined {
  // Telegram's media group ids are unique on their own; every member of the album carries the same one.
  const album = msg.media_group_id ? { album: msg.media_group_id } : {};
  const photo = msg.photo?.at(-1);
  if (photo)
    return { kind: 'photo', name: null, size: photo.file_size ?? null, ref: photo.file_id, ...album };
  const file = msg.document ?? msg.video ?? msg.audio ?? msg.voice;
  if (!file) return undefined;
  const name = 'file_name' in file && typeof file.file_name === 'string' ? file.file_name : null;
  return { kind: 'document', name, size: file.file_size ?? null, ref: file.file_id, ...album };
}
