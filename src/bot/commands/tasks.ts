import { taskDetailMessage, tasksNeedUnitMessage, unitTasksMessage } from '../../core/messages/tasks';
import { lookUpUnit } from '../../core/plan/resolve';
import type { Plan, Unit } from '../../core/plan/types';
import { officeOf } from '../deps';
import type { Turn } from '../turn';
import type { Command } from './command';

const TASK_CODE =
  /^\s*(?:nv|nhiem vu|nhiệm vụ)\s*(?:so|số)?\s*0*([1-9]\d?)\s*$|^\s*([ivx]+(?:\.\d+)*(?:\.[a-z])?)\s*$/i;

/** "What are we responsible for": the chat's own unit, a named unit, or one task in full. */
export function replyTasks(turn: Turn, args: string): void {
  const query = args.trim();
  const { responsibility, matcher } = turn.deps;
  const plans = activePlans(turn);

  const code = TASK_CODE.exec(query);
  if (code) {
    const wanted = code[1]
      ? `NV${code[1]}`
      : (code[2] ?? '').toUpperCase().replace(/\.([A-Z])$/, (m) => m.toLowerCase());
    for (const plan of plans) {
      const task = plan.tasks.find((t) => t.code === wanted);
      if (!task) continue;
      const bodies = responsibility.bodiesOf(task);
      const names = (ids: string[]) => ids.map((id) => responsibility.units.get(id)?.short ?? id);
      turn.reply(taskDetailMessage(plan, task, names(bodies.lead), names(bodies.coordinate)));
      turn.outcome = 'tasks:task';
      return;
    }
  }

  let unit: Unit | null = turn.unit;
  if (query) {
    const found = lookUpUnit(matcher, query);
    if (found.type === 'unknown' || found.type === 'ambiguous') {
      turn.reply(found.reply);
      turn.outcome = `tasks:${found.type}-unit`;
      return;
    }
    if (found.type === 'unit') unit = found.unit;
  }
  if (!unit) {
    turn.reply(tasksNeedUnitMessage());
    turn.outcome = 'tasks:no-unit';
    return;
  }
  const shown = plans.filter((p) => {
    const t = responsibility.tasksOf(p, unit.id);
    return t.lead.length + t.coordinate.length > 0;
  });
  for (const plan of shown.length > 0 ? shown : plans.slice(0, 1)) {
    turn.reply(unitTasksMessage(unit, plan, responsibility.tasksOf(plan, unit.id), officeOf(turn.deps)));
  }
  turn.outcome = 'tasks';
}

function activePlans(turn: Turn): Plan[] {
  return [...turn.deps.planSet.plans].sort((a, b) => b.issuedOn.localeCompare(a.issuedOn));
}

export const tasksCommand: Command = {
  names: ['nhiemvu', 'nv', 'nhiemvucuatoi'],
  description: 'Nhiệm vụ đơn vị chủ trì, phối hợp',
  usage: '[đơn vị] [NV…]',
  audience: ['unit', 'office', 'leader', 'supervisor'],
  run: replyTasks,
};
