import type { Period } from '../periods/periods';
import type { Plan, Task } from '../plan/types';
import { taskByTitle } from '../plan/titles';
import { figuresOf } from './parse';
import type { ParsedItem, TaskStatus, TitledLine } from './types';

/** A task line as stored: status, result text and figures. */
export interface ItemValues {
  taskCode: string;
  status: TaskStatus | null;
  result: string;
  figures: string[];
  /** The line stated statuses that disagree: the earlier status is not kept either. */
  unclear?: boolean;
}

/** How each task line of a reply fits the unit that sent it. */
export interface Evaluation {
  /** Lines about the unit's own tasks in this period (last line wins when a task is repeated). */
  accepted: ParsedItem[];
  /** Lines about a task of the plan that the unit neither leads nor coordinates. */
  notYours: { item: ParsedItem; task: Task }[];
  /** Lines about a task of the unit that this ad-hoc request did not ask for. */
  notAsked: ParsedItem[];
  /** Lines about a task the plan does not have. */
  unknown: ParsedItem[];
}

/** Tasks a unit reports on in a period: its own reported tasks, narrowed to what an ad-hoc request asks. */
export function tasksInPeriod(unitTasks: readonly Task[], period: Period): Task[] {
  return period.taskCodes === null
    ? [...unitTasks]
    : unitTasks.filter((t) => period.taskCodes?.includes(t.code));
}

/** Sorts the lines of a reply by whether the unit may report them in this period. */
export function evaluateItems(
  items: readonly ParsedItem[],
  plan: Plan,
  unitTasks: readonly Task[],
  period: Period,
): Evaluation {
  const own = new Set(unitTasks.map((t) => t.code));
  const asked = new Set(tasksInPeriod(unitTasks, period).map((t) => t.code));
  const out: Evaluation = { accepted: [], notYours: [], notAsked: [], unknown: [] };
  const acceptedByCode = new Map<string, ParsedItem>();
  for (const item of items) {
    const task = plan.tasks.find((t) => t.code === item.taskCode && t.reported);
    if (!task) out.unknown.push(item);
    else if (!own.has(task.code)) out.notYours.push({ item, task });
    else if (!asked.has(task.code)) out.notAsked.push(item);
    else {
      // One task given two statuses in one message ("Hoàn thành: NV3, NV4 … Đang thực hiện: NV4"): ask.
      const before = acceptedByCode.get(task.code);
      const clash =
        before && before.status && item.status && before.status !== item.status && !item.correction;
      acceptedByCode.set(task.code, clash ? { ...item, status: null, unclear: true } : item);
    }
  }
  out.accepted = [...acceptedByCode.values()];
  return out;
}

/**
 * The new snapshot of a unit's report: the previous revision's lines, with every task named again
 * replaced by its new line. Ordered as the plan orders its tasks.
 */
export function mergeItems(
  plan: Plan,
  previous: readonly ItemValues[],
  incoming: readonly ItemValues[],
): ItemValues[] {
  const byCode = new Map(previous.map((i) => [i.taskCode, i]));
  for (const item of incoming) {
    const before = byCode.get(item.taskCode);
    // A status tap (no text) keeps the result already written; a text without status keeps the status,
    // unless it states statuses that disagree: then no status stands until the unit says which.
    byCode.set(item.taskCode, {
      taskCode: item.taskCode,
      status: item.status ?? (item.unclear ? null : (before?.status ?? null)),
      result: item.result || before?.result || '',
      figures: item.result ? item.figures : (before?.figures ?? []),
    });
  }
  const order = new Map(plan.tasks.map((t, i) => [t.code, i]));
  return [...byCode.values()].sort((a, b) => (order.get(a.taskCode) ?? 99) - (order.get(b.taskCode) ?? 99));
}

/** Lines that named their task by content, as the unit's tasks read them. */
export interface TitledReading {
  /** Items for the lines whose label fits one task of the unit, and no line with its number. */
  items: ParsedItem[];
  /** Which label was read as which task, for the receipt. */
  read: { taskCode: string; label: string }[];
  /** Lines whose label fits no task, or several. */
  unread: TitledLine[];
}

/**
 * Reads the lines that named their task by content ("Quy tắc ứng xử, đạo đức công vụ: đã hoàn thành")
 * against the tasks the unit reports on in the period: a label that fits one of them only is that task;
 * one that fits none or several is left for the unit to number. A task also given by its number, or by
 * an earlier label, keeps that line.
 */
export function readTitled(
  titled: readonly TitledLine[],
  tasks: readonly Task[],
  items: readonly ParsedItem[],
  others: readonly Task[] = [],
): TitledReading {
  const out: TitledReading = { items: [], read: [], unread: [] };
  const taken = new Set(items.map((i) => i.taskCode));
  for (const line of titled) {
    const at = line.labels.findIndex((l) => taskByTitle(l, tasks, others) !== null);
    const task = at < 0 ? null : taskByTitle(line.labels[at] ?? '', tasks, others);
    if (!task || taken.has(task.code)) {
      if (!task) out.unread.push(line);
      continue;
    }
    taken.add(task.code);
    const label = line.labels[at] ?? line.label;
    const result =
      label === line.firstCell && line.firstCellResult !== undefined ? line.firstCellResult : line.result;
    out.items.push({
      taskCode: task.code,
      status: line.status,
      result,
      figures: figuresOf(result),
      line: line.line,
    });
    out.read.push({ taskCode: task.code, label });
  }
  return out;
}
