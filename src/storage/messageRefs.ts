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
  private readonly insert;

  constructor(private readonly db: Db) {
    // A raw statement: written after every reply the bot sends, on the hot path of each message.
    this.insert = db.$client.prepare(
      `INSERT INTO message_refs (chat_id, message_ref, kind, period_id, unit_id, task_code, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
    );
  }

  save(chatId: string, messageRef: string, context: MessageContext, now: Date): void {
    this.insert.run(
      chatId,
      messageRef,
      context.kind,
      context.periodId ?? null,
      context.unitId ?? null,
      context.taskCode ?? null,
      now.getTime(),
    );
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
