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
  | {
      kind: 'digest';
      key: string;
      periodId: string;
      reason: 'weekly' | 'after_deadline';
      at: Date;
    };

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
 * Everything that has fallen due in `(now - lookback, now]`: reminders before each deadline and overdue
 * notices after it for every unit that has not reported, and the leaders' digests. A pure function of
 * the plans, the reporting state and `now`; the caller queues what it returns (keys make that idempotent).
 */
export function dueItems(input: DueInput): DueItem[] {
  const now = input.now.getTime();
  const from = now - input.lookbackMs;
  const tz = input.calendar.timeZone;
  const today = localDateOf(input.now, tz);
  const out: DueItem[] = [];
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

    const units = expectedUnits(plan, period, input.responsibility);
    const pending = units.filter((u) => !input.hasReported(period.id, u.id));

    // Reminders: one per offset, unless two offsets land on the same working morning (weekend, holiday).
    const offsets = [...r.remindBeforeDays.map((d) => -d), ...r.overdueAfterDays];
    const slots = new Map<number, { offset: number; at: Date }>();
    for (const offset of offsets) {
      const at = workingMorning(addDays(period.deadlineOn, offset), input.calendar);
      const seen = slots.get(at.getTime());
      // Before the deadline the latest reminder wins; after it, the earliest notice.
      if (!seen || Math.abs(offset) < Math.abs(seen.offset)) slots.set(at.getTime(), { offset, at });
    }
    for (const { offset, at } of slots.values()) {
      if (!inWindow(at)) continue;
      const kind = offset > 0 ? 'overdue' : 'remind';
      for (const unit of pending) {
        out.push({
          kind,
          key: `${kind}:${period.id}:${unit.id}:${offset}`,
          periodId: period.id,
          unitId: unit.id,
          offsetDays: offset,
          at,
        });
      }
    }

    // Digests: weekly within the window until everyone has reported, and the morning after the deadline.
    const d = r.digest;
    let latestWeekly: Date | null = null;
    if (pending.length > 0) {
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
    }
    if (latestWeekly) {
      const key = `digest:${period.id}:weekly:${localDateOf(latestWeekly, tz)}`;
      out.push({ kind: 'digest', key, periodId: period.id, reason: 'weekly', at: latestWeekly });
    }
    if (d.afterDeadline) {
      const at = nextWorkingTime(
        workingMorning(addDays(period.deadlineOn, 1), input.calendar),
        input.calendar,
      );
      // Sent once even if the bot was down longer than the look-back when it fell due.
      if (at.getTime() <= now && at.getTime() > now - Math.max(input.lookbackMs, 7 * 86_400_000)) {
        out.push({
          kind: 'digest',
          key: `digest:${period.id}:after-deadline`,
          periodId: period.id,
          reason: 'after_deadline',
          at,
        });
      }
    }
  }
  return out;
}
