import { and, eq } from 'drizzle-orm';
import type { Db } from './db';
import { messageRefs } from './schema';

export interface MessageContextRecord {
  kind: string;
  periodId: string | null;
  unitId: string | null;
  taskCode: string | null;
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

  save(chatId: string, messageRef: string, context: MessageContextRecord, now: Date): void {
    this.insert.run(
      chatId,
      messageRef,
      context.kind,
      context.periodId,
      context.unitId,
      context.taskCode,
      now.getTime(),
    );
  }

  /** Remembers what a sent message was about, when it was about something and the platform gave it an id. */
  saveSent(
    chatId: string,
    messageRef: string | null,
    context:
      | { kind: string; periodId?: string | null; unitId?: string | null; taskCode?: string | null }
      | undefined,
    now: Date,
  ): void {
    if (!context || !messageRef) return;
    this.save(
      chatId,
      messageRef,
      {
        kind: context.kind,
        periodId: context.periodId ?? null,
        unitId: context.unitId ?? null,
        taskCode: context.taskCode ?? null,
      },
      now,
    );
  }

  find(chatId: string, messageRef: string): MessageContextRecord | null {
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
