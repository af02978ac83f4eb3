import { asc, eq, gte, inArray } from 'drizzle-orm';
import type { Db } from './db';
import { difficulties } from './schema';

export type DifficultyStatus = 'open' | 'answered' | 'closed';

export interface Difficulty {
  /** The number users see and answer with (`/traloi 12 …`). */
  id: number;
  unitId: string;
  chatId: string;
  periodId: string | null;
  text: string;
  raisedAt: Date;
  status: DifficultyStatus;
  answer: string | null;
  answeredAt: Date | null;
  /** When the office sent it up to a higher level, and where (null: not escalated). */
  escalatedAt: Date | null;
  escalatedTo: string | null;
}

function toDifficulty(row: typeof difficulties.$inferSelect): Difficulty {
  return {
    id: row.id,
    unitId: row.unitId,
    chatId: row.chatId,
    periodId: row.periodId,
    text: row.text,
    raisedAt: row.raisedAt,
    status: row.status,
    answer: row.answer,
    answeredAt: row.answeredAt,
    escalatedAt: row.escalatedAt,
    escalatedTo: row.escalatedTo,
  };
}

/** Difficulties (vướng mắc) raised by units: numbered, open until the office answers or closes them. */
export class DifficultyStore {
  constructor(private readonly db: Db) {}

  raise(input: {
    unitId: string;
    chatId: string;
    periodId: string | null;
    reportId: number | null;
    inboundId: number | null;
    text: string;
    at: Date;
  }): Difficulty {
    const row = this.db
      .insert(difficulties)
      .values({
        unitId: input.unitId,
        chatId: input.chatId,
        periodId: input.periodId,
        reportId: input.reportId,
        inboundId: input.inboundId,
        text: input.text,
        raisedAt: input.at,
      })
      .returning()
      .get();
    return toDifficulty(row);
  }

  get(id: number): Difficulty | null {
    const row = this.db.select().from(difficulties).where(eq(difficulties.id, id)).get();
    return row ? toDifficulty(row) : null;
  }

  /** Open items first-raised first; answered items stay listed until closed. */
  unresolved(): Difficulty[] {
    return this.db
      .select()
      .from(difficulties)
      .where(inArray(difficulties.status, ['open', 'answered']))
      .orderBy(asc(difficulties.id))
      .all()
      .map(toDifficulty);
  }

  ofUnit(unitId: string): Difficulty[] {
    return this.db
      .select()
      .from(difficulties)
      .where(eq(difficulties.unitId, unitId))
      .orderBy(asc(difficulties.id))
      .all()
      .map(toDifficulty);
  }

  ofPeriod(periodId: string): Difficulty[] {
    return this.db
      .select()
      .from(difficulties)
      .where(eq(difficulties.periodId, periodId))
      .orderBy(asc(difficulties.id))
      .all()
      .map(toDifficulty);
  }

  raisedSince(since: Date): Difficulty[] {
    return this.db
      .select()
      .from(difficulties)
      .where(gte(difficulties.raisedAt, since))
      .orderBy(asc(difficulties.id))
      .all()
      .map(toDifficulty);
  }

  answer(id: number, text: string, by: string, at: Date): void {
    this.db
      .update(difficulties)
      .set({ status: 'answered', answer: text, answeredAt: at, answeredBy: by })
      .where(eq(difficulties.id, id))
      .run();
  }

  /**
   * Records that the office reported the item up and proposed that the competent level decide it
   * (section III of the plan). It stays open: the answer from above is recorded with `answer`.
   */
  escalate(id: number, to: string | null, by: string, at: Date): void {
    this.db
      .update(difficulties)
      .set({ escalatedAt: at, escalatedTo: to, escalatedBy: by })
      .where(eq(difficulties.id, id))
      .run();
  }

  /** Closes an item; who closed it and when is in the audit log. */
  close(id: number): void {
    this.db.update(difficulties).set({ status: 'closed' }).where(eq(difficulties.id, id)).run();
  }
}
