import type { BotDeps } from '../bot/deps';
import { encodeStatusButton } from '../core/buttons';
import { reminderMessage, statusButtons } from '../core/messages/reminders';
import type { Period } from '../core/periods/periods';
import type { Unit } from '../core/plan/types';
import { tasksInPeriod } from '../core/report/evaluate';
import type { ChatRecord } from '../storage/chats';
import type { OutboxPayload } from '../storage/outbox';
import { planOf } from './periods';

/**
 * The reminder (or overdue notice, `offsetDays` > 0) for one unit in one of its chats: the one builder the
 * scheduler and `/nhacnho` share. Status buttons go where the chat's channel shows buttons; in a group
 * whose channel can name people, the unit's reporter is named, so the reminder reaches them even in a
 * muted group.
 */
export function reminderFor(
  deps: BotDeps,
  period: Period,
  unit: Unit,
  chat: Pick<ChatRecord, 'id' | 'kind'>,
  offsetDays: number,
): OutboxPayload {
  const can = deps.channels.capabilitiesOf(chat.id);
  const withButtons = can.buttons;
  const plan = planOf(deps, period);
  const { lead } = deps.responsibility.tasksOf(plan, unit.id);
  const tasks = tasksInPeriod(deps.responsibility.reportableTasks(plan, unit.id), period).map((task) => ({
    task,
    role: lead.includes(task) ? ('lead' as const) : ('coordinate' as const),
  }));
  const payload: OutboxPayload = {
    text: reminderMessage(plan, period, unit, tasks, offsetDays, withButtons),
    context: { kind: offsetDays > 0 ? 'overdue' : 'remind', periodId: period.id, unitId: unit.id },
    mention: can.mentions && chat.kind === 'group' ? deps.inbound.reporterOf(chat.id) : null,
  };
  if (withButtons) {
    payload.buttons = statusButtons(
      tasks.map(({ task }) => ({
        taskCode: task.code,
        data: {
          done: encodeStatusButton({
            periodId: period.id,
            unitId: unit.id,
            taskCode: task.code,
            status: 'done',
          }),
          in_progress: encodeStatusButton({
            periodId: period.id,
            unitId: unit.id,
            taskCode: task.code,
            status: 'in_progress',
          }),
          not_started: encodeStatusButton({
            periodId: period.id,
            unitId: unit.id,
            taskCode: task.code,
            status: 'not_started',
          }),
        },
      })),
    );
  }
  return payload;
}
