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
  constructor(private readonly db: Db) {}

  save(chatId: string, messageRef: string, context: MessageContextRecord, now: Date): void {
    this.db
      .insert(messageRefs)
      .values({ chatId, messageRef, ...context, createdAt: now })
      .onConflictDoNothing()
      .run();
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
