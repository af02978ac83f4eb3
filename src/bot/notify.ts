import type { ChatRecord } from '../storage/chats';
import type { OutboxPayload } from '../storage/outbox';
import type { BotDeps } from './deps';

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
