import { splitNameAndPeriod } from '../../core/args';
import { documentsOverviewLine, documentsViewLines } from '../../core/messages/documents';
import {
  missingMessage,
  overviewMessage,
  ownTaskStatusMessage,
  taskStatusMessage,
  unitStatusMessage,
} from '../../core/messages/status';
import { formatDateTime } from '../../core/messages/dates';
import { unknownTaskMessage } from '../../core/messages/tasks';
import type { PeriodRef } from '../../core/report/types';
import {
  otherUnitsReportMessage,
  reportViewMessage,
  unknownPeriodMessage,
  viewNeedsUnitMessage,
} from '../../core/messages/reports';
import { lookUpUnit } from '../../core/plan/resolve';
import type { Period } from '../../core/periods/periods';
import { parsePeriodRef } from '../../core/report/parse';
import { tasksInPeriod } from '../../core/report/evaluate';
import { localDateOf } from '../../core/time';
import type { Unit } from '../../core/plan/types';
import { timeZoneOf } from '../deps';
import { chatsByUnit } from '../../queries/chats';
import { overviewOf } from '../../queries/overview';
import { periodForStatus, periodForUnit, planOf } from '../../queries/periods';
import type { Turn } from '../turn';
import type { Command } from './command';

function today(turn: Turn): string {
  return localDateOf(turn.now, timeZoneOf(turn.deps));
}

/** The period named in the argument, or the current one; replies and returns null when there is none. */
export function periodFromArgs(turn: Turn, args: string): Period | null {
  // A period's own id (`kh-168/6T-2026`), as the web page names the period it exports.
  const byId = args.includes('/') ? turn.deps.periods.get(args.trim()) : null;
  if (byId && !byId.cancelled && turn.deps.planSet.plans.some((p) => p.id === byId.planId)) return byId;
  const ref = args.trim() ? parsePeriodRef(args) : null;
  if (args.trim() && !ref) {
    turn.reply(unknownPeriodMessage(args.trim()));
    turn.outcome = 'status:unknown-period';
    return null;
  }
  return periodOf(turn, ref, args.trim());
}

/** The period named (or the current one); replies and returns null when there is none. */
function periodOf(turn: Turn, ref: PeriodRef | null, asWritten = ''): Period | null {
  const period = periodForStatus(turn.deps, turn.now, ref);
  if (!period) {
    turn.reply(unknownPeriodMessage(asWritten));
    turn.outcome = 'status:unknown-period';
  }
  return period;
}

/** `/tinhhinh`, and "tình hình báo cáo thế nào rồi?" in the office's or the leaders' chat. */
export function replyOverview(turn: Turn, period: Period): void {
  const { plan, overview } = overviewOf(turn.deps, period, today(turn));
  const open = turn.deps.difficulties.unresolved().length;
  // Units that sent their report as a document, apart from the task statuses.
  const sent = turn.deps.documents.unitsWithDocuments(period.id);
  const withDocuments = overview.units.filter((u) => sent.has(u.unit.id)).map((u) => u.unit.short);
  const documents = documentsOverviewLine(withDocuments, overview.units.length);
  turn.reply(overviewMessage(plan, overview, today(turn), open, [documents]));
  turn.outcome = `status:${period.id}`;
}

export const overviewCommand: Command = {
  names: ['tinhhinh', 'th', 'status'],
  description: 'Tình hình báo cáo theo kỳ',
  usage: '[kỳ]',
  audience: ['office', 'leader', 'supervisor'],
  run(turn, args) {
    const period = periodFromArgs(turn, args);
    if (period) replyOverview(turn, period);
  },
};

/** The answer to a plain question about the whole ward, in a period named or the current one. */
export function answerWardQuestion(turn: Turn, kind: 'overview' | 'missing', ref: PeriodRef | null): void {
  const period = periodOf(turn, ref);
  if (!period) return;
  if (kind === 'overview') replyOverview(turn, period);
  else replyMissing(turn, period);
}

/** `/chuanop`, and "đơn vị nào chưa nộp?" in the office's or the leaders' chat. */
export function replyMissing(turn: Turn, period: Period): void {
  const { overview } = overviewOf(turn.deps, period, today(turn));
  // One read of the bindings for the whole list, not one per missing unit.
  const bound = chatsByUnit(turn.deps);
  const chatsOf = (unit: Unit) => (bound.get(unit.id) ?? []).map((c) => (c.title ? `"${c.title}"` : c.id));
  turn.reply(missingMessage(overview, today(turn), chatsOf));
  turn.outcome = `missing:${period.id}`;
}

export const missingCommand: Command = {
  names: ['chuanop', 'cn', 'missing'],
  description: 'Đơn vị chưa nộp báo cáo',
  usage: '[kỳ]',
  audience: ['office', 'leader', 'supervisor'],
  run(turn, args) {
    const period = periodFromArgs(turn, args);
    if (period) replyMissing(turn, period);
  },
};

/**
 * "NV6 đến đâu rồi?": in the office's or the leaders' chat, every unit's line for the task; in a unit's
 * chat, only the unit's own line.
 */
export function replyTaskStatus(turn: Turn, taskCode: string, ref: PeriodRef | null): void {
  const { deps } = turn;
  const own = turn.role === 'unit' ? turn.unit : null;
  const period = own ? periodForUnit(deps, own.id, turn.now, ref) : periodOf(turn, ref);
  if (!period) {
    turn.reply(unknownPeriodMessage(''));
    turn.outcome = 'status:unknown-period';
    return;
  }
  const plan = planOf(deps, period);
  const task = plan.tasks.find((t) => t.code === taskCode && t.reported);
  if (!task) {
    turn.reply(
      unknownTaskMessage(
        taskCode,
        plan.tasks.filter((t) => t.reported).map((t) => t.code),
      ),
    );
    turn.outcome = `task-status:unknown:${taskCode}`;
    return;
  }
  if (own) {
    const asked = tasksInPeriod(deps.responsibility.reportableTasks(plan, own.id), period);
    const item = deps.reports.latest(period.id, own.id)?.items.find((i) => i.taskCode === taskCode) ?? null;
    turn.reply(ownTaskStatusMessage(own, task, period, today(turn), item, asked.includes(task)));
    turn.outcome = `task-status:${taskCode}:${period.id}`;
    return;
  }
  const { overview } = overviewOf(deps, period, today(turn));
  const lead = new Set(deps.responsibility.bodiesOf(task).lead);
  const lines = overview.units
    .filter((u) => u.tasks.includes(task))
    .map((u) => ({
      unit: u.unit,
      lead: lead.has(u.unit.id),
      item: u.report?.items.find((i) => i.taskCode === taskCode) ?? null,
    }));
  const results = new Map<string, string>();
  for (const [unitId, state] of deps.reports.periodState(period.id)) {
    const item = state.latest.items.find((i) => i.taskCode === taskCode);
    if (item) results.set(unitId, item.result);
  }
  turn.reply(
    taskStatusMessage(
      plan,
      task,
      period,
      today(turn),
      lines.map((l) => ({
        ...l,
        item: l.item ? { status: l.item.status, result: results.get(l.unit.id) ?? '' } : null,
      })),
    ),
  );
  turn.outcome = `task-status:${taskCode}:${period.id}`;
}

/** "Phòng mình còn thiếu gì?" in a unit's chat: what the unit sent in the period and what it owes. */
export function replyUnitStatus(turn: Turn, unit: Unit, ref: PeriodRef | null): void {
  const { deps } = turn;
  const period = periodForUnit(deps, unit.id, turn.now, ref);
  if (!period) {
    turn.reply(unknownPeriodMessage(''));
    turn.outcome = 'status:unknown-period';
    return;
  }
  const plan = planOf(deps, period);
  const history = deps.reports.history(period.id, unit.id);
  const latest = history[0] ?? null;
  const first = history.at(-1) ?? null;
  const coordinate = new Set(deps.responsibility.tasksOf(plan, unit.id).coordinate.map((t) => t.code));
  const missing = tasksInPeriod(deps.responsibility.reportableTasks(plan, unit.id), period)
    .filter((t) => !latest?.items.some((i) => i.taskCode === t.code))
    .map((t) => ({ code: t.code, coordinate: coordinate.has(t.code) }));
  turn.reply(
    unitStatusMessage(
      unit,
      period,
      today(turn),
      latest
        ? {
            revision: latest.revision,
            at: formatDateTime(latest.submittedAt, timeZoneOf(deps)),
            late: first?.late ?? false,
          }
        : null,
      latest?.items ?? [],
      missing,
    ),
  );
  turn.outcome = `unit-status:${period.id}`;
}

export const viewCommand: Command = {
  names: ['xem', 'view'],
  description: 'Xem báo cáo của một đơn vị (kèm các lần sửa)',
  usage: '[đơn vị] [kỳ]',
  audience: ['unit', 'office', 'leader', 'supervisor'],
  run(turn, args) {
    const { deps } = turn;
    const { name, period: ref } = splitNameAndPeriod(args);
    // Leaders and supervisors name the unit; a unit and the office read their own by default.
    let unit: Unit | null = turn.role === 'unit' || turn.role === 'office' ? turn.unit : null;
    if (name) {
      const found = lookUpUnit(deps.matcher, name);
      if (found.type === 'unit' && turn.role === 'unit' && found.unit.id !== turn.unit?.id) {
        turn.reply(otherUnitsReportMessage());
        turn.audit('refused', { command: 'xem', unitId: found.unit.id });
        turn.outcome = 'refused:xem-other-unit';
        return;
      }
      if (found.type === 'unknown' || found.type === 'ambiguous') {
        turn.reply(found.reply);
        turn.outcome = `view:${found.type}-unit`;
        return;
      }
      if (found.type === 'unit') unit = found.unit;
    }
    if (!unit) {
      turn.reply(viewNeedsUnitMessage());
      turn.outcome = 'view:no-unit';
      return;
    }
    const period =
      turn.role === 'unit' || (!name && unit)
        ? periodForUnit(deps, unit.id, turn.now, ref)
        : periodForStatus(deps, turn.now, ref);
    if (!period) {
      turn.reply(unknownPeriodMessage(args));
      turn.outcome = 'view:unknown-period';
      return;
    }
    const plan = planOf(deps, period);
    const history = deps.reports.history(period.id, unit.id);
    const latest = history[0];
    const missing = tasksInPeriod(deps.responsibility.reportableTasks(plan, unit.id), period)
      .filter((t) => latest && !latest.items.some((i) => i.taskCode === t.code))
      .map((t) => t.code);
    const documents = documentsViewLines(deps.documents.ofUnit(period.id, unit.id), timeZoneOf(deps));
    const view = reportViewMessage(unit, period, history, missing, timeZoneOf(deps));
    turn.reply(documents.length > 0 ? [view, '', ...documents].join('\n') : view, {
      context: { kind: 'view', periodId: period.id, unitId: unit.id },
    });
    if (turn.role !== 'unit') turn.audit('view', { unitId: unit.id, periodId: period.id });
    turn.outcome = `view:${unit.id}:${period.id}`;
  },
};
