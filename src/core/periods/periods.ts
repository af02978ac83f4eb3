import type { CalendarConfig } from '../calendar';
import { workingDeadline } from '../calendar';
import { daysBetween, localDateOf } from '../time';
import type { LocalDate, Plan } from '../plan/types';
import type { PeriodRef } from '../report/types';

export type PeriodKind = 'six_month' | 'annual' | 'adhoc';

/** A reporting period: what units report on, and by when. */
export interface Period {
  /** `<plan id>/6T-2026`, `<plan id>/N-2026`, `<plan id>/DX-3`. */
  id: string;
  planId: string;
  kind: PeriodKind;
  year: number;
  /** Number of an ad-hoc request within its plan; 0 for regular periods. */
  number: number;
  /** First day of the data window (15/12 of the previous year for regular periods). */
  startsOn: LocalDate;
  /** Last day of the data window; it does not move when it is a day off. */
  cutoffOn: LocalDate;
  /**
   * Last day on which a unit's report is on time: the deadline as set, or the next working day when that
   * is a day off (Bộ luật Dân sự 2015, Điều 148). Reminders, late marks and the scorecard count from it.
   */
  deadlineOn: LocalDate;
  /** The deadline as the plan or the office set it. */
  setDeadlineOn: LocalDate;
  /** Why the deadline as set is a day off ("thứ Bảy", "Tết Nguyên đán"); null when it did not move. */
  deadlineMovedBecause: string | null;
  /** Ad-hoc requests: tasks and units asked; null means all of the plan's. */
  taskCodes: string[] | null;
  unitIds: string[] | null;
  note: string | null;
  cancelled: boolean;
}

const iso = (y: number, m: number, d: number): LocalDate =>
  `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;

/** The working deadline of a period whose deadline was set on `setOn`, as the period's three fields. */
export function deadlineFields(
  setOn: LocalDate,
  calendar: CalendarConfig,
): Pick<Period, 'deadlineOn' | 'setDeadlineOn' | 'deadlineMovedBecause'> {
  const { deadlineOn, movedBecause } = workingDeadline(setOn, calendar);
  return { deadlineOn, setDeadlineOn: setOn, deadlineMovedBecause: movedBecause };
}

/**
 * The six-month and annual periods of every year of the plan's span. Per Nghị định 09/2019/NĐ-CP the
 * data window runs from 15/12 of the previous year; a period whose cut-off falls before the plan
 * was issued does not exist. A deadline on a day off moves to the next working day of `calendar`.
 */
export function regularPeriods(plan: Plan, calendar: CalendarConfig): Period[] {
  const out: Period[] = [];
  for (let year = plan.span.from; year <= plan.span.to; year++) {
    for (const kind of ['six_month', 'annual'] as const) {
      const rule = kind === 'six_month' ? plan.reporting.sixMonth : plan.reporting.annual;
      const cutoffOn = iso(year, rule.cutoff.month, rule.cutoff.day);
      if (cutoffOn < plan.issuedOn) continue;
      out.push({
        id: `${plan.id}/${kind === 'six_month' ? '6T' : 'N'}-${year}`,
        planId: plan.id,
        kind,
        year,
        number: 0,
        startsOn: iso(year - 1, 12, 15),
        cutoffOn,
        ...deadlineFields(iso(year, rule.deadline.month, rule.deadline.day), calendar),
        taskCodes: null,
        unitIds: null,
        note: null,
        cancelled: false,
      });
    }
  }
  return out;
}

/** A report submitted at `at` is late when it arrives after the deadline day. */
export function isLate(period: Period, at: Date, timeZone: string): boolean {
  return localDateOf(at, timeZone) > period.deadlineOn;
}

/** Whether a unit is asked to report in this period (ad-hoc requests name their units). */
export function periodAsks(period: Period, unitId: string): boolean {
  return !period.cancelled && (period.unitIds === null || period.unitIds.includes(unitId));
}

/**
 * Periods a message without an explicit period can belong to: started, and not more than
 * `lateWindowDays` past their deadline. Sorted by distance of the deadline from today.
 */
export function openPeriods(periods: readonly Period[], today: LocalDate, lateWindowDays: number): Period[] {
  return periods
    .filter((p) => !p.cancelled && p.startsOn <= today && daysBetween(p.deadlineOn, today) <= lateWindowDays)
    .sort((a, b) => {
      const da = Math.abs(daysBetween(today, a.deadlineOn));
      const db = Math.abs(daysBetween(today, b.deadlineOn));
      return da - db || a.deadlineOn.localeCompare(b.deadlineOn);
    });
}

/**
 * The period a user named ("6 tháng 2026", "năm 2025", "đột xuất 2"). Without a year, the started
 * period of that kind whose deadline is nearest today is meant: "báo cáo năm" on 20/12/2026 is the
 * 2026 report (deadline ten days ago), not the 2027 one that started on 15/12.
 */
export function findPeriod(periods: readonly Period[], ref: PeriodRef, today: LocalDate): Period | null {
  if (ref.kind !== 'adhoc' && ref.lastYear && ref.year === null)
    return findPeriod(periods, { kind: ref.kind, year: Number(today.slice(0, 4)) - 1 }, today);
  const candidates = periods.filter((p) => {
    if (p.kind !== ref.kind || p.cancelled) return false;
    if (ref.kind === 'adhoc') return ref.number === null || p.number === ref.number;
    return ref.year === null || p.year === ref.year;
  });
  if (candidates.length === 0) return null;
  const hasYear = ref.kind === 'adhoc' ? ref.number !== null : ref.year !== null;
  if (hasYear) return candidates[0] ?? null;
  const started = candidates.filter((p) => p.startsOn <= today);
  if (started.length === 0) return candidates.reduce((a, b) => (b.deadlineOn < a.deadlineOn ? b : a));
  const distance = (p: Period) => Math.abs(daysBetween(today, p.deadlineOn));
  return started.reduce((a, b) =>
    distance(b) < distance(a) || (distance(b) === distance(a) && b.deadlineOn > a.deadlineOn) ? b : a,
  );
}
