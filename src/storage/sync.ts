import { and, eq, isNull, notInArray } from 'drizzle-orm';
import { regularPeriods } from '../core/periods/periods';
import { wardCalendar } from '../core/calendar';
import type { PlanSet } from '../core/plan/types';
import { nodeCrypto } from './crypto';
import type { Db } from './db';
import { periods, plans, tasks, units } from './schema';

export interface SyncSummary {
  inserted: number;
  updated: number;
  archived: number;
  unchanged: number;
}

const hash = (value: unknown): string =>
  nodeCrypto().createHash('sha256').update(JSON.stringify(value)).digest('hex');

/**
 * Brings the database in line with the plan files, in one transaction. Idempotent: a second run with
 * the same files changes nothing. A changed text updates its row; a unit, task or plan no longer in the
 * files is archived (never deleted: reports refer to it); one that comes back is restored.
 */
export function syncPlanSet(db: Db, planSet: PlanSet, now: Date): SyncSummary {
  const calendar = wardCalendar(planSet.organisation);
  const summary: SyncSummary = { inserted: 0, updated: 0, archived: 0, unchanged: 0 };
  const count = (kind: 'inserted' | 'updated' | 'unchanged') => summary[kind]++;

  db.transaction((tx) => {
    // Each table is read once, not once per row: this runs at every start.
    const unitRows = new Map(
      tx
        .select()
        .from(units)
        .all()
        .map((r) => [r.id, r]),
    );
    const planRows = new Map(
      tx
        .select()
        .from(plans)
        .all()
        .map((r) => [r.id, r]),
    );
    const taskRows = new Map(
      tx
        .select()
        .from(tasks)
        .all()
        .map((r) => [`${r.planId}|${r.code}`, r]),
    );
    const periodRows = new Map(
      tx
        .select()
        .from(periods)
        .all()
        .map((r) => [r.id, r]),
    );
    // New units inserted in batches: a national organisation has a hundred thousand of them.
    const fresh: (typeof units.$inferInsert)[] = [];
    const flush = () => {
      if (fresh.length > 0) tx.insert(units).values(fresh.splice(0)).run();
    };
    for (const u of planSet.organisation.units) {
      const row = { id: u.id, name: u.name, short: u.short, reports: u.reports };
      const contentHash = hash(row);
      const existing = unitRows.get(u.id);
      if (!existing) {
        fresh.push({ ...row, contentHash, syncedAt: now });
        if (fresh.length >= 1_000) flush();
        count('inserted');
      } else if (existing.contentHash !== contentHash || existing.archivedAt) {
        tx.update(units)
          .set({ ...row, contentHash, syncedAt: now, archivedAt: null })
          .where(eq(units.id, u.id))
          .run();
        count('updated');
      } else count('unchanged');
    }
    flush();
    // Units no longer in the file, found here rather than with `NOT IN (…)`: an organisation of a
    // hundred thousand units is more than SQLite takes as parameters of one statement.
    const inFile = new Set(planSet.organisation.units.map((u) => u.id));
    for (const [id, r] of unitRows) {
      if (inFile.has(id) || r.archivedAt) continue;
      summary.archived += tx.update(units).set({ archivedAt: now }).where(eq(units.id, id)).run().changes;
    }

    for (const p of planSet.plans) {
      const row = {
        id: p.id,
        number: p.number,
        title: p.title,
        issuer: p.issuer,
        issuedOn: p.issuedOn,
        sourceFile: p.sourceFile,
      };
      const contentHash = hash(row);
      const existing = planRows.get(p.id);
      if (!existing) {
        tx.insert(plans)
          .values({ ...row, contentHash, syncedAt: now })
          .run();
        count('inserted');
      } else if (existing.contentHash !== contentHash || existing.archivedAt) {
        tx.update(plans)
          .set({ ...row, contentHash, syncedAt: now, archivedAt: null })
          .where(eq(plans.id, p.id))
          .run();
        count('updated');
      } else count('unchanged');

      for (const t of p.tasks) {
        const taskRow = {
          planId: p.id,
          code: t.code,
          section: t.section,
          title: t.title,
          text: t.text,
          timing: t.timing,
          lead: t.lead,
          coordinate: t.coordinate,
          milestones: t.milestones as unknown[],
          reported: t.reported,
        };
        const taskHash = hash(taskRow);
        const found = taskRows.get(`${p.id}|${t.code}`);
        if (!found) {
          tx.insert(tasks)
            .values({ ...taskRow, contentHash: taskHash, syncedAt: now })
            .run();
          count('inserted');
        } else if (found.contentHash !== taskHash || found.archivedAt) {
          tx.update(tasks)
            .set({ ...taskRow, contentHash: taskHash, syncedAt: now, archivedAt: null })
            .where(eq(tasks.id, found.id))
            .run();
          count('updated');
        } else count('unchanged');
      }
      summary.archived += tx
        .update(tasks)
        .set({ archivedAt: now })
        .where(
          and(
            eq(tasks.planId, p.id),
            notInArray(
              tasks.code,
              p.tasks.map((t) => t.code),
            ),
            isNull(tasks.archivedAt),
          ),
        )
        .run().changes;

      const regular = regularPeriods(p, calendar);
      for (const period of regular) {
        const found = periodRows.get(period.id);
        // The deadline as set is stored; the working deadline follows the calendar when read.
        const dates = {
          startsOn: period.startsOn,
          cutoffOn: period.cutoffOn,
          deadlineOn: period.setDeadlineOn,
        };
        if (!found) {
          tx.insert(periods)
            .values({
              id: period.id,
              planId: p.id,
              kind: period.kind,
              year: period.year,
              ...dates,
              createdAt: now,
            })
            .run();
          count('inserted');
        } else if (
          found.deadlineOn !== dates.deadlineOn ||
          found.cutoffOn !== dates.cutoffOn ||
          found.startsOn !== dates.startsOn ||
          found.cancelledAt
        ) {
          tx.update(periods)
            .set({ ...dates, cancelledAt: null })
            .where(eq(periods.id, period.id))
            .run();
          count('updated');
        } else count('unchanged');
      }
      // A regular period that the plan no longer has (its span shrank) is cancelled, not deleted.
      const regularIds = new Set(regular.map((x) => x.id));
      const stale = [...periodRows.values()].filter(
        (r) => r.planId === p.id && !r.cancelledAt && r.kind !== 'adhoc' && !regularIds.has(r.id),
      );
      for (const r of stale) {
        tx.update(periods).set({ cancelledAt: now }).where(eq(periods.id, r.id)).run();
        summary.archived++;
      }
    }
    const planIds = planSet.plans.map((p) => p.id);
    summary.archived += tx
      .update(plans)
      .set({ archivedAt: now })
      .where(and(notInArray(plans.id, planIds), isNull(plans.archivedAt)))
      .run().changes;
  });
  return summary;
}
