import type { CalendarConfig } from '../calendar';
import { nextWorkingTime, workingMorning } from '../calendar';
import type { Period } from '../periods/periods';
import type { Responsibility } from '../plan/responsibility';
import type { Plan } from '../plan/types';
import { expectedUnits } from '../status';
import { addDays, isoWeekday, localDateOf } from '../time';

/** Something the bot should send on its own, and when. */
export type DueItem =
  | {
      kind: 'remind' | 'overdue';
      /** Unique for ever: `remind:<period>:<unit>:-7`. */
      key: string;
      periodId: string;
      unitId: string;
      /** Days from the deadline: -14 … 0 for reminders, +1 … for overdue notices. */
      offsetDays: number;
      /** When it is meant to go out (a working morning). */
      at: Date;
    }
  | DueDigest;

export interface DueDigest {
  kind: 'digest';
  key: string;
  periodId: string;
  reason: 'weekly' | 'after_deadline';
  at: Date;
}

/**
 * One reminder (or overdue notice) of a period, owed at the same moment by every unit that has not
 * reported: what a tick finds due, without one object per unit (a country has tens of thousands).
 */
export interface DueWave {
  kind: 'remind' | 'overdue';
  /** Unique for ever: `remind:<period>:-7`. */
  key: string;
  periodId: string;
  offsetDays: number;
  at: Date;
  /** The units owed it, in organisation order. */
  unitIds: readonly string[];
}

/** The key of one unit's share of a wave (the same as its `DueItem`'s): `remind:<period>:<unit>:-7`. */
export function unitKey(wave: Pick<DueWave, 'kind' | 'periodId' | 'offsetDays'>, unitId: string): string {
  return `${wave.kind}:${wave.periodId}:${unitId}:${wave.offsetDays}`;
}

export interface DueInput {
  plans: readonly Plan[];
  periods: readonly Period[];
  responsibility: Responsibility;
  calendar: CalendarConfig;
  /** Whether a unit has reported in a period. */
  hasReported: (periodId: string, unitId: string) => boolean;
  now: Date;
  /** How far back to look for items that fell due while the bot was down. */
  lookbackMs: number;
}

/**
 * Everything that has fallen due in `(now - lookback, now]`, one item per unit: reminders before each
 * deadline and overdue notices after it for every unit that has not reported, and the leaders' digests.
 */
export function dueItems(input: DueInput): DueItem[] {
  const out: DueItem[] = [];
  for (const item of dueWaves(input)) {
    if (item.kind === 'digest') out.push(item);
    else
      for (const unitId of item.unitIds)
        out.push({
          kind: item.kind,
          key: unitKey(item, unitId),
          periodId: item.periodId,
          unitId,
          offsetDays: item.offsetDays,
          at: item.at,
        });
  }
  return out;
}

/**
 * Everything that has fallen due in `(now - lookback, now]`, as waves (a reminder and the units owed it)
 * and digests. A pure function of the plans, the reporting state and `now`; the caller queues what it
 * returns (keys make that idempotent). Its cost grows with the units of the periods that have something
 * in the window, and not with what it returns.
 */
export function dueWaves(input: DueInput): (DueWave | DueDigest)[] {
  const now = input.now.getTime();
  const from = now - input.lookbackMs;
  const tz = input.calendar.timeZone;
  const today = localDateOf(input.now, tz);
  const out: (DueWave | DueDigest)[] = [];
  const inWindow = (at: Date) => at.getTime() <= now && at.getTime() > from;

  for (const period of input.periods) {
    if (period.cancelled) continue;
    const plan = input.plans.find((p) => p.id === period.planId);
    if (!plan) continue;
    const r = plan.reporting;
    // Periods far from today cannot have anything due: skip them cheaply.
    const earliest = addDays(
      period.deadlineOn,
      -Math.max(r.digest.windowBeforeDays, ...r.remindBeforeDays) - 1,
    );
    const latest = addDays(period.deadlineOn, Math.max(r.digest.windowAfterDays, ...r.overdueAfterDays) + 10);
    if (today < earliest || addDays(today, -Math.ceil(input.lookbackMs / 86_400_000) - 1) > latest) continue;

    // Reminders: one per offset, unless two offsets land on the same working morning (weekend, holiday).
    const offsets = [...r.remindBeforeDays.map((d) => -d), ...r.overdueAfterDays];
    const slots = new Map<number, { offset: number; at: Date }>();
    for (const offset of offsets) {
      const at = workingMorning(addDays(period.deadlineOn, offset), input.calendar);
      const seen = slots.get(at.getTime());
      // Before the deadline the latest reminder wins; after it, the earliest notice.
      if (!seen || Math.abs(offset) < Math.abs(seen.offset)) slots.set(at.getTime(), { offset, at });
    }
    const due = [...slots.values()].filter((slot) => inWindow(slot.at));

    // Digests: weekly within the window until everyone has reported, and the morning after the deadline.
    const d = r.digest;
    let latestWeekly: Date | null = null;
    for (
      let day = addDays(period.deadlineOn, -d.windowBeforeDays);
      day <= addDays(period.deadlineOn, d.windowAfterDays);
      day = addDays(day, 1)
    ) {
      if (isoWeekday(day) !== d.weekday) continue;
      const at = workingMorning(day, input.calendar);
      // A missed week is not sent late one by one: only the latest weekly digest is due.
      if (inWindow(at) && (!latestWeekly || at > latestWeekly)) latestWeekly = at;
    }
    const afterDeadline = d.afterDeadline
      ? nextWorkingTime(workingMorning(addDays(period.deadlineOn, 1), input.calendar), input.calendar)
      : null;
    // Sent once even if the bot was down longer than the look-back when it fell due.
    const afterDue =
      afterDeadline !== null &&
      afterDeadline.getTime() <= now &&
      afterDeadline.getTime() > now - Math.max(input.lookbackMs, 7 * 86_400_000);
    if (due.length === 0 && !latestWeekly && !afterDue) continue;

    // Who still owes the report: asked only of periods with something in the window.
    const pending: string[] = [];
    for (const unit of expectedUnits(plan, period, input.responsibility))
      if (!input.hasReported(period.id, unit.id)) pending.push(unit.id);

    if (pending.length > 0)
      for (const { offset, at } of due) {
        const kind = offset > 0 ? 'overdue' : 'remind';
        out.push({
          kind,
          key: `${kind}:${period.id}:${offset}`,
          periodId: period.id,
          offsetDays: offset,
          at,
          unitIds: pending,
        });
      }
    if (latestWeekly && pending.length > 0) {
      const key = `digest:${period.id}:weekly:${localDateOf(latestWeekly, tz)}`;
      out.push({ kind: 'digest', key, periodId: period.id, reason: 'weekly', at: latestWeekly });
    }
    if (afterDue && afterDeadline) {
      out.push({
        kind: 'digest',
        key: `digest:${period.id}:after-deadline`,
        periodId: period.id,
        reason: 'after_deadline',
        at: afterDeadline,
      });
    }
  }
  return out;
}

/**
 * The first instant after `now` at which anything can fall due (a reminder, an overdue notice, a
 * digest), or null if nothing ever will: until then, and while the periods and the chats stay as they
 * are, a tick has nothing new to find. Cheap: a few dates per period, no unit is looked at.
 */
export function nextDueAfter(input: Pick<DueInput, 'plans' | 'periods' | 'calendar' | 'now'>): Date | null {
  const now = input.now.getTime();
  const today = localDateOf(input.now, input.calendar.timeZone);
  let best: Date | null = null;
  for (const period of input.periods) {
    if (period.cancelled) continue;
    const plan = input.plans.find((p) => p.id === period.planId);
    if (!plan) continue;
    const r = plan.reporting;
    const d = r.digest;
    // Only periods whose dates can still come, and can come before the best found so far, are worked
    // out (a working morning moves a date by days at most: a week is left for Tết).
    const first = addDays(period.deadlineOn, -Math.max(d.windowBeforeDays, ...r.remindBeforeDays));
    const last = addDays(period.deadlineOn, Math.max(d.windowAfterDays, ...r.overdueAfterDays, 1) + 14);
    if (last < today) continue;
    if (best && first > addDays(localDateOf(best, input.calendar.timeZone), 1)) continue;
    const candidates = [
      ...[...r.remindBeforeDays.map((x) => -x), ...r.overdueAfterDays].map((offset) =>
        workingMorning(addDays(period.deadlineOn, offset), input.calendar),
      ),
    ];
    for (
      let day = addDays(period.deadlineOn, -d.windowBeforeDays);
      day <= addDays(period.deadlineOn, d.windowAfterDays);
      day = addDays(day, 1)
    )
      if (isoWeekday(day) === d.weekday) candidates.push(workingMorning(day, input.calendar));
    if (d.afterDeadline)
      candidates.push(
        nextWorkingTime(workingMorning(addDays(period.deadlineOn, 1), input.calendar), input.calendar),
      );
    for (const at of candidates) if (at.getTime() > now && (!best || at < best)) best = at;
  }
  return best;
}
