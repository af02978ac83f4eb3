import { and, eq } from 'drizzle-orm';
import type { Db } from './db';
import { messageRefs } from './schema';

/**
 * What a message of the bot is about (a reminder, a receipt, a question for a result), kept with it so a
 * reply to it can be tied to its period, unit and task. The one type for replies, the outbox and the log.
 */
export interface MessageContext {
  kind: string;
  periodId?: string | null;
  unitId?: string | null;
  taskCode?: string | null;
}

/** The bot's own messages that a user may reply to, and what each was about. */
export class MessageRefStore {
  constructor(private readonly db: Db) {}

  save(chatId: string, messageRef: string, context: MessageContext, now: Date): void {
    this.db
      .insert(messageRefs)
      .values({
        chatId,
        messageRef,
        kind: context.kind,
        periodId: context.periodId ?? null,
        unitId: context.unitId ?? null,
        taskCode: context.taskCode ?? null,
        createdAt: now,
      })
      .onConflictDoNothing()
      .run();
  }

  /** Remembers what a sent message was about, when it was about something and the platform gave it an id. */
  saveSent(chatId: string, messageRef: string | null, context: MessageContext | undefined, now: Date): void {
    if (!context || !messageRef) return;
    this.save(chatId, messageRef, context, now);
  }

  find(chatId: string, messageRef: string): MessageContext | null {
    const row = this.db
      .select()
      .from(messageRefs)
      .where(and(eq(messageRefs.chatId, chatId), eq(messageRefs.messageRef, messageRef)))
      .get();
    return row
      ? { kind: row.kind, periodId: row.periodId, unitId: row.unitId, taskCode: row.taskCode }
      : null;
  }
}
