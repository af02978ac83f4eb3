import { asc, count, eq, gte, inArray } from 'drizzle-orm';
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

  /** One page of the items in the given states, first raised first, and how many there are in all. */
  page(
    statuses: readonly DifficultyStatus[],
    offset: number,
    limit: number,
  ): { items: Difficulty[]; total: number } {
    const where = inArray(difficulties.status, [...statuses]);
    const total = this.db.select({ n: count() }).from(difficulties).where(where).get()?.n ?? 0;
    const items = this.db
      .select()
      .from(difficulties)
      .where(where)
      .orderBy(asc(difficulties.id))
      .limit(limit)
      .offset(offset)
      .all()
      .map(toDifficulty);
    return { items, total };
  }

  /** How many items are in each state. */
  countByStatus(): Record<DifficultyStatus, number> {
    const out: Record<DifficultyStatus, number> = { open: 0, answered: 0, closed: 0 };
    for (const row of this.db
      .select({ status: difficulties.status, n: count() })
      .from(difficulties)
      .groupBy(difficulties.status)
      .all())
      out[row.status] = row.n;
    return out;
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

  /** Closes an item; who closed it and when is in the audit log. */
  close(id: number): void {
    this.db.update(difficulties).set({ status: 'closed' }).where(eq(difficulties.id, id)).run();
  }
}
