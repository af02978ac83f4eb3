import { leadingDate, leadingTasks } from '../../core/args';
import {
  adhocCreatedMessage,
  adhocNoTaskMessage,
  adhocPastDeadlineMessage,
  adhocRequestMessage,
  adhocUnitsNotResponsibleMessage,
  adhocUsage,
  invalidDateMessage,
} from '../../core/messages/requests';
import type { Unit } from '../../core/plan/types';
import { lookUpUnits } from '../../core/plan/resolve';
import { localDateOf } from '../../core/time';
import { currentPlan, timeZoneOf } from '../deps';
import { queueToChats, unitChats } from '../notify';
import { unitsWithoutChat } from '../../queries/chats';
import type { Command } from './command';

/**
 * `/dotxuat 20/12/2026 NV1, NV2 [đơn vị, đơn vị | tất cả] [: nội dung]`: an ad-hoc request with its own
 * deadline, for chosen tasks and, optionally, chosen units (by default, or with "tất cả", every unit
 * responsible for the tasks). A date without a year is its next occurrence.
 */
export const adhocCommand: Command = {
  names: ['dotxuat', 'dx', 'adhoc'],
  description: 'Yêu cầu báo cáo đột xuất',
  usage: '<hạn dd/mm> <NV…> [đơn vị, … | tất cả]',
  audience: ['office'],
  run(turn, args) {
    const { deps, now } = turn;
    const [head, ...noteParts] = args.split(/\s:\s|:\s*$/);
    const note = noteParts.join(':').trim() || null;
    const today = localDateOf(now, timeZoneOf(deps));
    const dated = leadingDate(head ?? '', today);
    if (!dated || 'invalid' in dated) {
      turn.reply(dated ? `${invalidDateMessage(dated.invalid)}\n${adhocUsage()}` : adhocUsage());
      turn.outcome = 'adhoc:usage';
      return;
    }
    const plan = currentPlan(deps);
    if (dated.date < today) {
      turn.reply(adhocPastDeadlineMessage());
      turn.outcome = 'adhoc:past';
      return;
    }
    const { codes, rest: unitText } = leadingTasks(dated.rest);
    const tasks = plan.tasks.filter((t) => t.reported && codes.includes(t.code));
    if (tasks.length === 0) {
      turn.reply(adhocNoTaskMessage(plan.tasks.filter((t) => t.reported).map((t) => t.code)));
      turn.outcome = 'adhoc:no-task';
      return;
    }
    const named = unitText ? lookUpUnits(deps.matcher, unitText) : ({ type: 'all' } as const);
    if (named.type === 'unknown' || named.type === 'ambiguous') {
      turn.reply(named.reply);
      turn.outcome = 'adhoc:unit';
      return;
    }
    let units: Unit[];
    if (named.type === 'units') {
      units = named.units;
    } else {
      const ids = new Set(
        tasks.flatMap((t) => [
          ...deps.responsibility.bodiesOf(t).lead,
          ...deps.responsibility.bodiesOf(t).coordinate,
        ]),
      );
      units = deps.planSet.organisation.units.filter((u) => ids.has(u.id) && u.reports);
    }
    const ownTasks = new Map(
      units.map((u) => [
        u.id,
        deps.responsibility.reportableTasks(plan, u.id).filter((t) => tasks.includes(t)),
      ]),
    );
    const idle = units.filter((u) => ownTasks.get(u.id)?.length === 0);
    if (idle.length > 0) {
      turn.reply(
        adhocUnitsNotResponsibleMessage(
          idle.map((u) => u.short),
          tasks.map((t) => t.code),
        ),
      );
      turn.outcome = 'adhoc:unit-not-responsible';
      return;
    }
    const period = deps.periods.createAdhoc({
      planId: plan.id,
      deadlineOn: dated.date,
      startsOn: today,
      taskCodes: tasks.map((t) => t.code),
      unitIds: units.map((u) => u.id),
      note,
      createdBy: turn.actor,
      now,
    });
    let queued = 0;
    for (const unit of units) {
      const own = ownTasks.get(unit.id) ?? [];
      queued += queueToChats(
        deps,
        unitChats(deps, unit.id),
        {
          key: `adhoc:${period.id}:${unit.id}`,
          kind: 'adhoc',
          periodId: period.id,
          unitId: unit.id,
          payload: {
            text: adhocRequestMessage(plan, period, unit, own),
            context: { kind: 'adhoc', periodId: period.id, unitId: unit.id },
          },
        },
        now,
        turn.chat.id,
      );
    }
    turn.audit('adhoc', {
      periodId: period.id,
      tasks: period.taskCodes,
      units: period.unitIds,
      deadline: dated.date,
    });
    turn.reply(
      adhocCreatedMessage(
        period,
        units,
        tasks.map((t) => t.code),
        queued,
        unitsWithoutChat(deps, units).map((u) => u.short),
      ),
    );
    turn.outcome = `adhoc:${period.id}`;
  },
};
