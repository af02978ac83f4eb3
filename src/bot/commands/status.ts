import { splitNameAndPeriod } from '../../core/args';
import { missingMessage, overviewMessage } from '../../core/messages/status';
import {
  otherUnitsReportMessage,
  reportViewMessage,
  unknownPeriodMessage,
  viewNeedsUnitMessage,
} from '../../core/messages/reports';
import { ambiguousUnitMessage, unknownUnitMessage } from '../../core/messages/tasks';
import type { Period } from '../../core/periods/periods';
import { parsePeriodRef } from '../../core/report/parse';
import { tasksInPeriod } from '../../core/report/evaluate';
import { localDateOf } from '../../core/time';
import type { Unit } from '../../core/plan/types';
import { chatsByUnit } from '../../queries/chats';
import { overviewOf } from '../../queries/overview';
import { timeZoneOf } from '../deps';
import { choosePeriod, periodForStatus, planOf } from '../../queries/periods';
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
  const period = periodForStatus(turn.deps, turn.now, ref);
  if (!period) {
    turn.reply(unknownPeriodMessage(args.trim()));
    turn.outcome = 'status:unknown-period';
  }
  return period;
}

export const overviewCommand: Command = {
  names: ['tinhhinh', 'th', 'status'],
  description: 'Tình hình báo cáo theo kỳ',
  usage: '[kỳ]',
  audience: ['office', 'leader'],
  run(turn, args) {
    const period = periodFromArgs(turn, args);
    if (!period) return;
    const { plan, overview } = overviewOf(turn.deps, period, today(turn));
    const open = turn.deps.difficulties.unresolved().length;
    turn.reply(overviewMessage(plan, overview, today(turn), open));
    turn.outcome = `status:${period.id}`;
  },
};

export const missingCommand: Command = {
  names: ['chuanop', 'cn', 'missing'],
  description: 'Đơn vị chưa nộp báo cáo',
  usage: '[kỳ]',
  audience: ['office', 'leader'],
  run(turn, args) {
    const period = periodFromArgs(turn, args);
    if (!period) return;
    const { overview } = overviewOf(turn.deps, period, today(turn));
    // One read of the bindings for the whole list, not one per missing unit.
    const bound = chatsByUnit(turn.deps);
    const chatsOf = (unit: Unit) => (bound.get(unit.id) ?? []).map((c) => (c.title ? `"${c.title}"` : c.id));
    turn.reply(missingMessage(overview, today(turn), chatsOf));
    turn.outcome = `missing:${period.id}`;
  },
};

export const viewCommand: Command = {
  names: ['xem', 'view'],
  description: 'Xem báo cáo của một đơn vị (kèm các lần sửa)',
  usage: '[đơn vị] [kỳ]',
  audience: ['unit', 'office', 'leader'],
  run(turn, args) {
    const { deps } = turn;
    const { name, period: ref } = splitNameAndPeriod(args);
    let unit: Unit | null = turn.role === 'leader' ? null : turn.unit;
    if (name) {
      const m = deps.matcher.match(name);
      if (m.type === 'found' && turn.role === 'unit' && m.unit.id !== turn.unit?.id) {
        turn.reply(otherUnitsReportMessage());
        turn.audit('refused', { command: 'xem', unitId: m.unit.id });
        turn.outcome = 'refused:xem-other-unit';
        return;
      }
      if (m.type === 'unknown') {
        turn.reply(unknownUnitMessage(name));
        turn.outcome = 'view:unknown-unit';
        return;
      }
      if (m.type === 'ambiguous') {
        turn.reply(ambiguousUnitMessage(name, m.candidates));
        turn.outcome = 'view:ambiguous-unit';
        return;
      }
      unit = m.unit;
    }
    if (!unit) {
      turn.reply(viewNeedsUnitMessage());
      turn.outcome = 'view:no-unit';
      return;
    }
    const choice =
      turn.role === 'unit' || (!name && turn.unit) ? choosePeriod(deps, unit.id, turn.now, null, ref) : null;
    const period = choice?.type === 'found' ? choice.period : periodForStatus(deps, turn.now, ref);
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
    turn.reply(reportViewMessage(unit, period, history, missing, timeZoneOf(deps)), {
      context: { kind: 'view', periodId: period.id, unitId: unit.id },
    });
    if (turn.role !== 'unit') turn.audit('view', { unitId: unit.id, periodId: period.id });
    turn.outcome = `view:${unit.id}:${period.id}`;
  },
};
