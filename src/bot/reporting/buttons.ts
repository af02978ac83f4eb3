import { decodeStatusButton } from '../../core/buttons';
import type { StatusButton } from '../../core/buttons';
import { askResultMessage, buttonAck, staleButtonMessage } from '../../core/messages/reports';
import { openPeriods } from '../../core/periods/periods';
import { tasksInPeriod } from '../../core/report/evaluate';
import { localDateOf } from '../../core/time';
import { lateWindowDays, periodsForUnit, timeZoneOf } from '../deps';
import type { Turn } from '../turn';
import { planOf } from '../../queries/periods';
import { storeRevision } from './report';

/**
 * The button tapped, with its period and unit: written in its data, or (for a short form, when long ids
 * would not fit) those of the reminder the button is under.
 */
function tappedButton(turn: Turn): StatusButton | null {
  const tapped = decodeStatusButton(turn.incoming.text);
  if (!tapped) return null;
  if (tapped.periodId !== null && tapped.unitId !== null)
    return { ...tapped, periodId: tapped.periodId, unitId: tapped.unitId };
  const ref = turn.incoming.messageRef;
  const under = ref ? turn.deps.refs.find(turn.chat.id, ref) : null;
  if (!under?.periodId || !under.unitId) return null;
  return { ...tapped, periodId: under.periodId, unitId: under.unitId };
}

/**
 * A tap on a reminder's status button: records the status for that task and asks for the result text
 * with a reply prompt. A button of another unit, of a closed period or a malformed one is refused
 * with a clear answer.
 */
export function handleStatusButton(turn: Turn): void {
  const { deps } = turn;
  const button = tappedButton(turn);
  const refuse = (reason: Parameters<typeof staleButtonMessage>[0], outcome: string) => {
    turn.ack = staleButtonMessage(reason, button ? deps.periods.get(button.periodId) : null);
    turn.outcome = `button:${outcome}`;
  };
  if (!button) return refuse('invalid', 'invalid');
  // Only the chats that report record statuses: a leader's or a supervising body's chat never does.
  const unit = turn.role === 'unit' || turn.role === 'office' ? turn.unit : null;
  if (!unit || button.unitId !== unit.id) {
    turn.audit('refused', { button: 'status', unitId: button.unitId });
    return refuse('other_unit', 'other-unit');
  }
  const period = periodsForUnit(deps, unit.id).find((p) => p.id === button.periodId);
  if (!period) return refuse('invalid', 'unknown-period');
  const plan = planOf(deps, period);
  const today = localDateOf(turn.sentAt, timeZoneOf(deps));
  if (!openPeriods([period], today, lateWindowDays(plan)).includes(period)) return refuse('closed', 'closed');
  const asked = tasksInPeriod(deps.responsibility.reportableTasks(plan, unit.id), period);
  if (!asked.some((t) => t.code === button.taskCode)) return refuse('not_yours', 'not-yours');

  const stored = storeRevision(
    turn,
    unit,
    period,
    [{ taskCode: button.taskCode, status: button.status, result: '', figures: [] }],
    [],
    [],
  );
  const hasResult = Boolean(stored.snapshot.find((i) => i.taskCode === button.taskCode)?.result);
  turn.ack = buttonAck(button.taskCode, button.status);
  turn.reply(askResultMessage(button.taskCode, button.status, stored.revision, hasResult), {
    forceReply: true,
    context: { kind: 'ask_result', periodId: period.id, unitId: unit.id, taskCode: button.taskCode },
  });
  turn.outcome = `button:${period.id}:${button.taskCode}:${button.status}:r${stored.revision}`;
}
