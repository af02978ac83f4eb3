import { deliveryFailedMessage } from '../core/messages/help';
import type { ChatRecord } from '../storage/chats';
import type { OutboxItem, OutboxPayload } from '../storage/outbox';
import type { BotDeps } from './deps';
import type { Reply } from './turn';

/** Chats of the office (Phòng VHXH) that can receive messages. */
export function officeChats(deps: BotDeps): ChatRecord[] {
  return deps.chats.bound('office');
}

/** Chats bound to one unit; the office's chats speak for the office's own unit. */
export function unitChats(deps: BotDeps, unitId: string): ChatRecord[] {
  if (unitId === deps.planSet.organisation.officeUnitId) return officeChats(deps);
  return deps.chats.bound('unit', unitId);
}

export function leaderChats(deps: BotDeps): ChatRecord[] {
  return deps.chats.bound('leader');
}

/** Chats of the bodies that supervise (all of them, or one body's). */
export function supervisorChats(deps: BotDeps, unitId?: string): ChatRecord[] {
  return deps.chats.bound('supervisor', unitId);
}

/**
 * Queues one message for each chat through the outbox, keyed so the same notice is never queued twice
 * for a chat, and wakes the sender. Returns how many were queued.
 */
export function queueToChats(
  deps: BotDeps,
  chats: readonly ChatRecord[],
  notice: {
    key: string;
    kind: string;
    payload: OutboxPayload;
    periodId?: string | null;
    unitId?: string | null;
  },
  now: Date,
  exceptChatId?: string,
): number {
  let queued = 0;
  for (const chat of chats) {
    if (chat.id === exceptChatId) continue;
    const isNew = deps.outbox.enqueue(
      {
        dedupeKey: `${notice.key}@${chat.id}`,
        chatId: chat.id,
        kind: notice.kind,
        periodId: notice.periodId ?? null,
        unitId: notice.unitId ?? null,
        payload: notice.payload,
        dueAt: now,
      },
      now,
    );
    if (isNew) queued++;
  }
  if (queued > 0) deps.wake();
  return queued;
}

/** A reply the platform could not take now (network, rate limit) is handed to the outbox, retried. */
export function requeueReply(deps: BotDeps, chatId: string, reply: Reply, key: string): void {
  const now = deps.clock();
  const { text, buttons, forceReply, replyTo, context } = reply;
  const queued = deps.outbox.enqueue(
    {
      dedupeKey: key,
      chatId,
      kind: 'reply',
      payload: { text, buttons, forceReply, replyTo, context },
      dueAt: now,
    },
    now,
  );
  if (queued) deps.wake();
}

/**
 * A message given up for good is told to the office, once: once per chat when the chat is gone (every
 * later message to it fails the same way), once per message otherwise.
 */
export function tellGaveUp(deps: BotDeps, item: OutboxItem, reason: string): void {
  const chat = deps.chats.get(item.chatId);
  const name = chat?.title ? `"${chat.title}"` : item.chatId;
  const key = reason === 'recipient_gone' ? `gave-up:${item.chatId}` : `gave-up:item:${item.id}`;
  queueToChats(
    deps,
    officeChats(deps),
    { key, kind: 'notice', payload: { text: deliveryFailedMessage(name, reason) } },
    deps.clock(),
    item.chatId,
  );
}

/** A chat moved to a new id (a Telegram group became a supergroup): its binding follows, audited. */
export function rebindMovedChat(deps: BotDeps, from: string, to: string): void {
  const now = deps.clock();
  deps.chats.moveChat(from, to, now);
  deps.audit.write(now, to, null, 'chat-moved', { from, to });
}

/**
 * A channel stopped and needs a person: the office is told in its chats on the other channels, once per
 * incident (the key survives restarts, so a dead session is not told again at every start).
 */
export function tellChannelDown(
  deps: BotDeps,
  channel: { owns(chatId: string): boolean },
  incident: string,
  text: string,
): number {
  const elsewhere = officeChats(deps).filter((c) => !channel.owns(c.id));
  return queueToChats(deps, elsewhere, { key: incident, kind: 'notice', payload: { text } }, deps.clock());
}
