import type { Message, SendMessageQuote, Style, TAttachmentContent, TextStyle } from 'zca-js';
import { BOLD_END, BOLD_START, splitMessage } from '../../core/messages/format';
import type { ChatId, Incoming, IncomingAttachment } from '../channel';
import { THREAD_GROUP, THREAD_USER } from './surface';

/**
 * Zalo publishes no length limit for a text message; long ones are cut or refused in practice. Parts of
 * this size are read comfortably on a phone, too.
 */
export const ZALO_TEXT_LIMIT = 2000;

/** zca-js's `TextStyle.Bold`, named without loading the library for its enum. */
const BOLD_STYLE = 'b' as unknown as TextStyle.Bold;

const GROUP = 'zalo:g:';
const USER = 'zalo:u:';

/** Our opaque id of a Zalo thread: groups and users have separate id spaces there. */
export function chatIdOf(threadId: string, type: number): ChatId {
  return `${type === THREAD_GROUP ? GROUP : USER}${threadId}`;
}

/** The Zalo thread behind one of our chat ids, or null if the id is not a Zalo one. */
export function threadOf(chatId: ChatId): { threadId: string; type: 0 | 1 } | null {
  if (chatId.startsWith(GROUP)) return { threadId: chatId.slice(GROUP.length), type: THREAD_GROUP };
  if (chatId.startsWith(USER)) return { threadId: chatId.slice(USER.length), type: THREAD_USER };
  return null;
}

/** What a message means for the bot: something to handle, or nothing (own echo, sticker, video…). */
export type ZaloMeaning =
  { type: 'incoming'; incoming: Incoming; quote: SendMessageQuote } | { type: 'ignored' };

/**
 * Turns a zca-js message into our `Incoming`. In a group, a message is addressed to the bot when it is a
 * command, quotes the bot, or @mentions the bot account; the mention is removed from the text. The bot
 * decides for itself whether an unaddressed group message still looks like a report.
 */
export function readMessage(message: Message, ownId: string, receivedAt: Date): ZaloMeaning {
  const data = message.data;
  if (message.isSelf || data.uidFrom === ownId || data.uidFrom === '0') return { type: 'ignored' };
  const attachment =
    typeof data.content === 'string' ? undefined : attachmentOf(data.msgType, data.content, albumOf(data));
  if (typeof data.content !== 'string' && !attachment) return { type: 'ignored' };
  // A photo's caption is its title; a file carries no caption (its title is the file name).
  const caption =
    typeof data.content === 'string' ? data.content : attachment?.kind === 'photo' ? data.content.title : '';

  const direct = message.type === THREAD_USER;
  const mentions = message.type === THREAD_GROUP ? (message.data.mentions ?? []) : [];
  const ownMentions = mentions.filter((m) => m.uid === ownId);
  const text = withoutSpans(String(caption ?? ''), ownMentions).trim();
  const quote = data.quote;
  const quotesBot = quote !== undefined && String(quote.ownerId) === ownId;
  const isCommand = /^\s*\//.test(text);
  const name = data.dName || null;

  return {
    type: 'incoming',
    quote: {
      content: data.content,
      msgType: data.msgType,
      propertyExt: data.propertyExt,
      uidFrom: data.uidFrom,
      msgId: data.msgId,
      cliMsgId: data.cliMsgId,
      ts: data.ts,
      ttl: data.ttl,
    },
    incoming: {
      dedupeKey: `zalo:msg:${data.msgId}`,
      chatId: chatIdOf(message.threadId, message.type),
      chatKind: direct ? 'direct' : 'group',
      chatTitle: direct ? name : null,
      sender: { id: data.uidFrom, name },
      text,
      kind: 'message',
      messageRef: data.msgId,
      replyTo: quote ? { messageRef: String(quote.globalMsgId), fromBot: quotesBot } : null,
      addressed: direct || isCommand || quotesBot || ownMentions.length > 0,
      receivedAt,
      sentAt: sentAtOf(data.ts, receivedAt),
      ...(attachment ? { attachment } : {}),
    },
  };
}

/** Zalo's timestamp of a message (milliseconds, as text), or when it was received if it has none. */
export function sentAtOf(ts: string | number | undefined, receivedAt: Date): Date {
  const at = Number(ts);
  return Number.isFinite(at) && at > 0 ? new Date(at) : receivedAt;
}

/**
 * The file of a `share.file` message (a document: its title is the file name, its size in `params`) or
 * of a `chat.photo` (an image: the HD link in `params` when there is one). The link is only a handle
 * here: the channel checks it is Zalo's own file service before fetching it.
 */
function attachmentOf(
  msgType: string,
  content: TAttachmentContent | Record<string, unknown>,
  album: string | null,
): IncomingAttachment | undefined {
  if (msgType !== 'share.file' && msgType !== 'chat.photo') return undefined;
  const href = typeof content.href === 'string' ? content.href : '';
  const params = paramsOf(content.params);
  const member = album ? { album } : {};
  if (msgType === 'share.file') {
    if (!href) return undefined;
    const size = Number(params.fileSize);
    const name = typeof content.title === 'string' && content.title ? content.title : null;
    return {
      kind: 'document',
      name,
      size: Number.isFinite(size) && size > 0 ? size : null,
      ref: href,
      ...member,
    };
  }
  const hd = typeof params.hd === 'string' && params.hd ? params.hd : href;
  return hd ? { kind: 'photo', name: null, size: null, ref: hd, ...member } : undefined;
}

/**
 * The album a picture belongs to, when several were sent together: Zalo delivers each as its own
 * message, all carrying the group layout id the sender's app gave them (zca-js sends it as
 * `extMsgProp: {"groupMediaMsg":{"groupLayoutId":…}}`, and its maintainers read it back from the
 * message's `extraData`, a field zca-js passes through from the websocket but does not declare). The
 * attachment's `params` may carry it too, as `group_layout_id`. The id is the sender's clock in ms, so
 * it is made unique by the sender's id. Null for a picture sent alone.
 */
export function albumOf(data: Message['data']): string | null {
  // Not in zca-js's `TMessage` type: the listener hands over the decoded payload whole.
  const extra = paramsOf((data as { extraData?: unknown }).extraData);
  const grouped = extra.groupMediaMsg;
  let id: unknown =
    grouped && typeof grouped === 'object' ? (grouped as Record<string, unknown>).groupLayoutId : undefined;
  if ((id === undefined || id === null || id === '') && typeof data.content === 'object')
    id = paramsOf((data.content as { params?: unknown }).params).group_layout_id;
  if ((typeof id !== 'string' && typeof id !== 'number') || String(id) === '' || String(id) === '0')
    return null;
  return `${data.uidFrom}:${String(id)}`;
}

/** `params` of an attachment is a JSON string; anything else reads as no parameters. */
function paramsOf(raw: unknown): Record<string, unknown> {
  if (typeof raw !== 'string' || !raw) return {};
  try {
    const parsed: unknown = JSON.parse(raw);
    return parsed && typeof parsed === 'object' ? (parsed as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

/** The text with the given spans (mentions of the bot) cut out. */
function withoutSpans(text: string, spans: readonly { pos: number; len: number }[]): string {
  let out = text;
  for (const s of [...spans].sort((a, b) => b.pos - a.pos)) {
    if (s.pos < 0 || s.pos + s.len > out.length) continue;
    out = out.slice(0, s.pos) + out.slice(s.pos + s.len);
  }
  return out.replace(/ {2,}/g, ' ');
}

/** One part of an outgoing text: plain characters, and the bold spans as Zalo text styles. */
export interface ZaloText {
  msg: string;
  styles: Style[];
}

/** Our message text as Zalo parts: split under the limit, bold markers turned into styles. */
export function zaloParts(text: string): ZaloText[] {
  return splitMessage(text, ZALO_TEXT_LIMIT).map(toZaloText);
}

export function toZaloText(text: string): ZaloText {
  let msg = '';
  const styles: Style[] = [];
  let boldFrom: number | null = null;
  for (const ch of text) {
    if (ch === BOLD_START) boldFrom = msg.length;
    else if (ch === BOLD_END) {
      if (boldFrom !== null && msg.length > boldFrom)
        styles.push({ start: boldFrom, len: msg.length - boldFrom, st: BOLD_STYLE });
      boldFrom = null;
    } else msg += ch;
  }
  return { msg, styles };
}
