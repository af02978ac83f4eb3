import { and, eq, max } from 'drizzle-orm';
import type { CalendarConfig } from '../core/calendar';
import type { Period } from '../core/periods/periods';
import { deadlineFields } from '../core/periods/periods';
import type { Db } from './db';
import { periods } from './schema';

/** The row's `deadline_on` is the deadline as set; the working deadline is computed with the calendar. */
function toPeriod(row: typeof periods.$inferSelect, calendar: CalendarConfig): Period {
  return {
    id: row.id,
    planId: row.planId,
    kind: row.kind,
    year: row.year,
    number: row.number,
    startsOn: row.startsOn,
    cutoffOn: row.cutoffOn,
    ...deadlineFields(row.deadlineOn, calendar),
    taskCodes: row.taskCodes,
    unitIds: row.unitIds,
    note: row.note,
    cancelled: row.cancelledAt !== null,
  };
}

/** Reporting periods, regular and ad hoc. Read often, changed rarely: kept in memory, reloaded on change. */
export class PeriodStore {
  private cache: Period[] | null = null;

  constructor(
    private readonly db: Db,
    private readonly calendar: CalendarConfig,
  ) {}

  all(): Period[] {
    this.cache ??= this.db
      .select()
      .from(periods)
      .orderBy(periods.deadlineOn)
      .all()
      .map((row) => toPeriod(row, this.calendar));
    return this.cache;
  }

  get(id: string): Period | null {
    return this.all().find((p) => p.id === id) ?? null;
  }

  ofPlan(planId: string): Period[] {
    return this.all().filter((p) => p.planId === planId);
  }

  /** Opens an ad-hoc (đột xuất) request, numbered within its plan, with its deadline as the office set it. */
  createAdhoc(input: {
    planId: string;
    deadlineOn: string;
    startsOn: string;
    taskCodes: string[] | null;
    unitIds: string[] | null;
    note: string | null;
    createdBy: string;
    now: Date;
  }): Period {
    const id = this.db.transaction((tx) => {
      const last = tx
        .select({ n: max(periods.number) })
        .from(periods)
        .where(and(eq(periods.planId, input.planId), eq(periods.kind, 'adhoc')))
        .get();
      const number = (last?.n ?? 0) + 1;
      const periodId = `${input.planId}/DX-${number}`;
      tx.insert(periods)
        .values({
          id: periodId,
          planId: input.planId,
          kind: 'adhoc',
          year: Number(input.deadlineOn.slice(0, 4)),
          number,
          startsOn: input.startsOn,
          cutoffOn: input.deadlineOn,
          deadlineOn: input.deadlineOn,
          taskCodes: input.taskCodes,
          unitIds: input.unitIds,
          note: input.note,
          createdAt: input.now,
          createdBy: input.createdBy,
        })
        .run();
      return periodId;
    });
    this.invalidate();
    return this.get(id) as Period;
  }

  cancel(id: string, now: Date): void {
    this.db.update(periods).set({ cancelledAt: now }).where(eq(periods.id, id)).run();
    this.invalidate();
  }

  /** Forget the cached list (after a plan sync or an ad-hoc request). */
  invalidate(): void {
    this.cache = null;
  }
}
