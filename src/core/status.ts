import type { Period } from './periods/periods';
import { periodAsks } from './periods/periods';
import type { Responsibility } from './plan/responsibility';
import type { LocalDate, Plan, Task, Unit } from './plan/types';
import { tasksInPeriod } from './report/evaluate';
import type { TaskStatus } from './report/types';

/** Where a unit stands in a period. */
export type UnitCategory = 'on_time' | 'late' | 'not_due' | 'overdue';

/** What the status needs to know of a unit's report: whether it first came late, and its latest lines. */
export interface UnitReportSummary {
  firstLate: boolean;
  items: { taskCode: string; status: TaskStatus | null }[];
}

export interface UnitStatus {
  unit: Unit;
  category: UnitCategory;
  report: UnitReportSummary | null;
  /** Tasks asked of the unit in this period. */
  tasks: Task[];
}

export type TaskTally = Record<TaskStatus | 'unknown' | 'missing', number>;

export interface PeriodOverview {
  period: Period;
  units: UnitStatus[];
  counts: Record<UnitCategory, number>;
  tasks: { task: Task; tally: TaskTally }[];
}

/** Units that owe a report in the period: the plan's reporting units, or those an ad-hoc request names. */
export function expectedUnits(plan: Plan, period: Period, responsibility: Responsibility): Unit[] {
  if (period.unitIds !== null) {
    return responsibility.organisation.units.filter((u) => period.unitIds?.includes(u.id));
  }
  return responsibility.reportingUnits(plan).filter((u) => periodAsks(period, u.id));
}

/** Where a unit stands: reported on time or late (by its first report), or not yet, before or after the deadline. */
export function categoryOf(
  first: { firstLate: boolean } | null,
  period: Period,
  today: LocalDate,
): UnitCategory {
  if (first) return first.firstLate ? 'late' : 'on_time';
  return today > period.deadlineOn ? 'overdue' : 'not_due';
}

/**
 * Counts by category and, per task, the statuses the units reported. Pure: the caller reads the reports
 * and says what day it is.
 */
export function periodOverview(
  plan: Plan,
  period: Period,
  responsibility: Responsibility,
  reports: ReadonlyMap<string, UnitReportSummary>,
  today: LocalDate,
): PeriodOverview {
  const counts: Record<UnitCategory, number> = { on_time: 0, late: 0, not_due: 0, overdue: 0 };
  const units: UnitStatus[] = [];
  for (const unit of expectedUnits(plan, period, responsibility)) {
    const report = reports.get(unit.id) ?? null;
    const category = categoryOf(report, period, today);
    counts[category]++;
    units.push({
      unit,
      category,
      report,
      tasks: tasksInPeriod(responsibility.reportableTasks(plan, unit.id), period),
    });
  }
  const taskList = plan.tasks.filter(
    (t) => t.reported && (period.taskCodes === null || period.taskCodes.includes(t.code)),
  );
  const tasks = taskList.map((task) => {
    const tally: TaskTally = {
      done: 0,
      in_progress: 0,
      not_started: 0,
      not_applicable: 0,
      unknown: 0,
      missing: 0,
    };
    for (const u of units) {
      if (!u.tasks.includes(task)) continue;
      const item = u.report?.items.find((i) => i.taskCode === task.code);
      if (!item) tally.missing++;
      else tally[item.status ?? 'unknown']++;
    }
    return { task, tally };
  });
  return { period, units, counts, tasks };
}
