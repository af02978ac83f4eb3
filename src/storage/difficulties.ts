import { and, asc, count, eq, gte, inArray, isNotNull, isNull, sql } from 'drizzle-orm';
import type { SQL } from 'drizzle-orm';
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

/**
 * The lists the office works from, each item in exactly one but `all`: waiting for the office (`open`),
 * sent up and waiting for the answer from above (`escalated`), answered, closed.
 */
export type DifficultyList = 'open' | 'escalated' | 'answered' | 'closed' | 'all';

const LISTS: Record<DifficultyList, SQL> = {
  open: and(eq(difficulties.status, 'open'), isNull(difficulties.escalatedAt)) as SQL,
  escalated: and(eq(difficulties.status, 'open'), isNotNull(difficulties.escalatedAt)) as SQL,
  answered: eq(difficulties.status, 'answered'),
  closed: eq(difficulties.status, 'closed'),
  all: sql`1 = 1`,
};

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

  /** One page of the items a list shows, first raised first, and how many there are in all. */
  page(list: DifficultyList, offset: number, limit: number): { items: Difficulty[]; total: number } {
    const where = LISTS[list];
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

  /** How many items each list shows. */
  countByList(): Record<DifficultyList, number> {
    const row = this.db
      .select({
        open: sql<number>`SUM(CASE WHEN ${LISTS.open} THEN 1 ELSE 0 END)`,
        escalated: sql<number>`SUM(CASE WHEN ${LISTS.escalated} THEN 1 ELSE 0 END)`,
        answered: sql<number>`SUM(CASE WHEN ${LISTS.answered} THEN 1 ELSE 0 END)`,
        closed: sql<number>`SUM(CASE WHEN ${LISTS.closed} THEN 1 ELSE 0 END)`,
        all: count(),
      })
      .from(difficulties)
      .get();
    return {
      open: Number(row?.open ?? 0),
      escalated: Number(row?.escalated ?? 0),
      answered: Number(row?.answered ?? 0),
      closed: Number(row?.closed ?? 0),
      all: Number(row?.all ?? 0),
    };
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
