import type { OfficeNames } from './messages/labels';
import type { Period } from './periods/periods';
import type { Responsibility } from './plan/responsibility';
import type { LocalDate, Milestone, Plan, Task, Unit, Ward } from './plan/types';
import { tasksInPeriod } from './report/evaluate';
import type { TaskStatus } from './report/types';
import type { UnitCategory } from './status';
import { categoryOf, expectedUnits } from './status';
import { localDateOf } from './time';

/**
 * What the office compiles for a period, as data: the unit × task matrix, every report line, the
 * difficulties, the proposals, and the yearly scorecard. Pure: the caller reads the database and says
 * what day it is; the spreadsheet and the draft report are both rendered from this one model.
 */

/** One revision of a unit's report, as read from storage. */
export interface RevisionInput {
  unitId: string;
  revision: number;
  submittedAt: Date;
  late: boolean;
  senderName: string | null;
  proposals: string[];
  items: { taskCode: string; status: TaskStatus | null; result: string; figures: string[] }[];
}

export interface DifficultyInput {
  id: number;
  unitId: string;
  text: string;
  raisedAt: Date;
  status: 'open' | 'answered' | 'closed';
  answer: string | null;
  answeredAt: Date | null;
  escalatedAt: Date | null;
  escalatedTo: string | null;
}

/** A cell of the matrix: the latest status a unit gave a task, or why there is none. */
export type CellState = TaskStatus | 'unknown' | 'missing' | 'not_asked';

export interface CompiledUnit {
  unit: Unit;
  category: UnitCategory;
  firstSubmittedAt: Date | null;
  /** Latest revision number (null: not reported). */
  revisions: number | null;
  latestAt: Date | null;
  cells: Map<string, CellState>;
  /** Whether the unit leads (true) or coordinates (false) each task asked of it. */
  leads: Map<string, boolean>;
}

export interface CompiledLine {
  unit: Unit;
  taskCode: string;
  status: TaskStatus | null;
  result: string;
  figures: string[];
  submittedAt: Date;
  late: boolean;
  revision: number;
  /** Whether this revision is the unit's latest (the one that counts). */
  latest: boolean;
  senderName: string | null;
}

export interface TaskResult {
  task: Task;
  /** The units' latest results on the task, leads first. */
  results: { unit: Unit; leads: boolean; status: TaskStatus | null; result: string; figures: string[] }[];
  tally: Record<TaskStatus | 'unknown' | 'missing', number>;
}

export interface CompiledPeriod {
  ward: Ward;
  /** The office the units report to (its names from the organisation file). */
  office: OfficeNames;
  plan: Plan;
  period: Period;
  today: LocalDate;
  generatedAt: Date;
  tasks: Task[];
  units: CompiledUnit[];
  lines: CompiledLine[];
  byTask: TaskResult[];
  difficulties: (DifficultyInput & { unit: Unit | null })[];
  proposals: { unit: Unit; text: string }[];
  counts: Record<UnitCategory, number>;
  /** Dated milestones still ahead, and yearly ones (task 7) where the ward names them with its annual report. */
  milestones: { task: Task; milestone: Milestone }[];
}

export interface CompileInput {
  ward: Ward;
  office: OfficeNames;
  plan: Plan;
  period: Period;
  responsibility: Responsibility;
  revisions: readonly RevisionInput[];
  difficulties: readonly DifficultyInput[];
  now: Date;
}

export function compilePeriod(input: CompileInput): CompiledPeriod {
  const { plan, period, responsibility } = input;
  const today = localDateOf(input.now, input.ward.timeZone);
  const tasks = tasksInPeriod(
    plan.tasks.filter((t) => t.reported),
    period,
  );
  const byUnit = new Map<string, RevisionInput[]>();
  for (const r of input.revisions) {
    const list = byUnit.get(r.unitId) ?? [];
    list.push(r);
    byUnit.set(r.unitId, list);
  }
  for (const list of byUnit.values()) list.sort((a, b) => a.revision - b.revision);

  const counts: Record<UnitCategory, number> = { on_time: 0, late: 0, not_due: 0, overdue: 0 };
  const units: CompiledUnit[] = [];
  const lines: CompiledLine[] = [];
  const proposals: { unit: Unit; text: string }[] = [];
  for (const unit of expectedUnits(plan, period, responsibility)) {
    const { lead } = responsibility.tasksOf(plan, unit.id);
    const asked = tasksInPeriod(responsibility.reportableTasks(plan, unit.id), period);
    const revisions = byUnit.get(unit.id) ?? [];
    const first = revisions[0] ?? null;
    const latest = revisions.at(-1) ?? null;
    const category = categoryOf(first ? { firstLate: first.late } : null, period, today);
    counts[category]++;
    const cells = new Map<string, CellState>();
    const leads = new Map<string, boolean>();
    for (const task of tasks) {
      const isAsked = asked.some((t) => t.code === task.code);
      if (!isAsked) {
        cells.set(task.code, 'not_asked');
        continue;
      }
      leads.set(
        task.code,
        lead.some((t) => t.code === task.code),
      );
      const item = latest?.items.find((i) => i.taskCode === task.code);
      cells.set(task.code, item ? (item.status ?? 'unknown') : 'missing');
    }
    for (const r of revisions) {
      for (const item of r.items)
        lines.push({
          unit,
          taskCode: item.taskCode,
          status: item.status,
          result: item.result,
          figures: item.figures,
          submittedAt: r.submittedAt,
          late: r.late,
          revision: r.revision,
          latest: r === latest,
          senderName: r.senderName,
        });
    }
    for (const text of latest?.proposals ?? []) proposals.push({ unit, text });
    units.push({
      unit,
      category,
      firstSubmittedAt: first?.submittedAt ?? null,
      revisions: latest?.revision ?? null,
      latestAt: latest?.submittedAt ?? null,
      cells,
      leads,
    });
  }

  const byTask: TaskResult[] = tasks.map((task) => {
    const tally = { done: 0, in_progress: 0, not_started: 0, not_applicable: 0, unknown: 0, missing: 0 };
    const results: TaskResult['results'] = [];
    for (const u of units) {
      const cell = u.cells.get(task.code);
      if (!cell || cell === 'not_asked') continue;
      tally[cell]++;
      const latest = byUnit.get(u.unit.id)?.at(-1);
      const item = latest?.items.find((i) => i.taskCode === task.code);
      if (item)
        results.push({
          unit: u.unit,
          leads: u.leads.get(task.code) ?? false,
          status: item.status,
          result: item.result,
          figures: item.figures,
        });
    }
    results.sort((a, b) => Number(b.leads) - Number(a.leads));
    return {
      task,
      results,
      tally,
    };
  });

  const unitById = new Map(responsibility.organisation.units.map((u) => [u.id, u]));
  const milestones = tasks.flatMap((task) =>
    task.milestones
      .filter((m) => (m.kind === 'yearly' ? m.withAnnualReport && period.kind === 'annual' : m.date >= today))
      .map((milestone) => ({ task, milestone })),
  );
  return {
    ward: input.ward,
    office: input.office,
    plan,
    period,
    today,
    generatedAt: input.now,
    tasks,
    units,
    lines,
    byTask,
    difficulties: input.difficulties.map((d) => ({ ...d, unit: unitById.get(d.unitId) ?? null })),
    proposals,
    counts,
    milestones,
  };
}

/** One unit's reporting over a year: the plan makes on-time reporting part of its yearly evaluation. */
export interface ScoreRow {
  rank: number;
  unit: Unit;
  /** Reports that were due (deadline passed) or already sent. */
  due: number;
  onTime: number;
  late: number;
  missing: number;
  /** Tasks reported done, and tasks asked (less those where nothing arose), in the unit's latest report of the year. */
  tasksDone: number;
  tasksAsked: number;
}

export interface ScoreInput {
  plan: Plan;
  /** The plan's periods (all of them; the year's are picked here). */
  periods: readonly Period[];
  responsibility: Responsibility;
  year: number;
  /** Per period id: each reporting unit's first-late flag and latest statuses. */
  states: ReadonlyMap<string, ReadonlyMap<string, { firstLate: boolean; statuses: (TaskStatus | null)[] }>>;
  today: LocalDate;
}

/** The yearly scorecard, best first: fewest missing, then fewest late, then most tasks done. */
export function yearScorecard(input: ScoreInput): ScoreRow[] {
  const periods = input.periods
    .filter((p) => p.year === input.year && !p.cancelled)
    .sort((a, b) => a.deadlineOn.localeCompare(b.deadlineOn));
  const rows = new Map<string, Omit<ScoreRow, 'rank'>>();
  for (const unit of input.responsibility.reportingUnits(input.plan))
    rows.set(unit.id, { unit, due: 0, onTime: 0, late: 0, missing: 0, tasksDone: 0, tasksAsked: 0 });
  for (const period of periods) {
    const states = input.states.get(period.id);
    for (const unit of expectedUnits(input.plan, period, input.responsibility)) {
      const row = rows.get(unit.id);
      if (!row) continue;
      const state = states?.get(unit.id);
      if (state) {
        row.due++;
        if (state.firstLate) row.late++;
        else row.onTime++;
        if (period.kind !== 'adhoc') {
          // A task where nothing arose ("Không phát sinh") is neither done nor owed.
          row.tasksAsked =
            tasksInPeriod(input.responsibility.reportableTasks(input.plan, unit.id), period).length -
            state.statuses.filter((s) => s === 'not_applicable').length;
          row.tasksDone = state.statuses.filter((s) => s === 'done').length;
        }
      } else if (input.today > period.deadlineOn) {
        row.due++;
        row.missing++;
      }
    }
  }
  const sorted = [...rows.values()].sort(
    (a, b) =>
      a.missing - b.missing ||
      a.late - b.late ||
      share(b.tasksDone, b.tasksAsked) - share(a.tasksDone, a.tasksAsked) ||
      a.unit.name.localeCompare(b.unit.name, 'vi'),
  );
  let rank = 0;
  let previous: Omit<ScoreRow, 'rank'> | null = null;
  return sorted.map((row, i) => {
    const tie =
      previous &&
      previous.missing === row.missing &&
      previous.late === row.late &&
      share(previous.tasksDone, previous.tasksAsked) === share(row.tasksDone, row.tasksAsked);
    if (!tie) rank = i + 1;
    previous = row;
    return { rank, ...row };
  });
}

export function share(done: number, asked: number): number {
  return asked === 0 ? 0 : done / asked;
}
