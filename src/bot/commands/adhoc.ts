import {
  adhocCreatedMessage,
  adhocNoTaskMessage,
  adhocPastDeadlineMessage,
  adhocRequestMessage,
  adhocUnitsNotResponsibleMessage,
  adhocUsage,
} from '../../core/messages/requests';
import { ambiguousUnitMessage, unknownUnitMessage } from '../../core/messages/tasks';
import type { Unit } from '../../core/plan/types';
import { vnDate } from '../../core/plan/schema';
import { localDateOf } from '../../core/time';
import { currentPlan, timeZoneOf } from '../deps';
import { queueToChats, unitChats } from '../notify';
import type { Command } from './command';

/**
 * `/dotxuat 20/12/2026 NV1 NV2 [đơn vị; đơn vị] [: nội dung]`: an ad-hoc request with its own deadline,
 * for chosen tasks and, optionally, chosen units (by default every unit responsible for the tasks).
 */
export const adhocCommand: Command = {
  names: ['dotxuat', 'dx', 'adhoc'],
  description: 'Yêu cầu báo cáo đột xuất',
  usage: '<hạn dd/mm/yyyy> <NV…> [đơn vị…]',
  audience: ['office'],
  run(turn, args) {
    const { deps, now } = turn;
    const [head, ...noteParts] = args.split(/\s:\s|:\s*$/);
    const note = noteParts.join(':').trim() || null;
    const m = /^\s*(\d{1,2}\/\d{1,2}\/\d{4})\s+([\s\S]*)$/.exec(head ?? '');
    const date = m ? vnDate.safeParse(m[1]) : null;
    if (!m || !date?.success) {
      turn.reply(adhocUsage());
      turn.outcome = 'adhoc:usage';
      return;
    }
    const plan = currentPlan(deps);
    const today = localDateOf(now, timeZoneOf(deps));
    if (date.data < today) {
      turn.reply(adhocPastDeadlineMessage());
      turn.outcome = 'adhoc:past';
      return;
    }
    const rest = m[2] ?? '';
    const codes = [...rest.matchAll(/\bnv\s*0*([1-9]\d?)\b/gi)].map((x) => `NV${x[1]}`);
    const tasks = plan.tasks.filter((t) => t.reported && codes.includes(t.code));
    if (tasks.length === 0) {
      turn.reply(adhocNoTaskMessage(plan.tasks.filter((t) => t.reported).map((t) => t.code)));
      turn.outcome = 'adhoc:no-task';
      return;
    }
    const unitText = rest.replace(/\bnv\s*0*[1-9]\d?\b[,\s]*/gi, '').trim();
    let units: Unit[];
    if (unitText) {
      units = [];
      for (const name of unitText
        .split(/[;,]/)
        .map((s) => s.trim())
        .filter(Boolean)) {
        const found = deps.matcher.match(name);
        if (found.type !== 'found') {
          turn.reply(
            found.type === 'unknown'
              ? unknownUnitMessage(name)
              : ambiguousUnitMessage(name, found.candidates),
          );
          turn.outcome = 'adhoc:unit';
          return;
        }
        units.push(found.unit);
      }
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
      deadlineOn: date.data,
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
      deadline: date.data,
    });
    turn.reply(
      adhocCreatedMessage(
        period,
        units,
        tasks.map((t) => t.code),
        queued,
      ),
    );
    turn.outcome = `adhoc:${period.id}`;
  },
};
