import type { Intent } from '../core/intents';
import { notUnderstoodMessage } from '../core/messages/help';
import { lookUpUnit } from '../core/plan/resolve';
import { replyHelp } from './commands/help';
import { difficultiesCommand } from './commands/difficulties';
import { scorecardCommand } from './commands/export';
import { answerWardQuestion, replyTaskStatus, replyUnitStatus, viewCommand } from './commands/status';
import { replyTasks } from './commands/tasks';
import { periodShortName } from '../core/messages/labels';
import { periodForStatus } from '../queries/periods';
import type { Turn } from './turn';

/**
 * Answers a plain question with what the matching command would answer, within what the chat may see:
 * the office and the leaders get the ward's status; a unit's chat gets only its own ("đơn vị nào chưa
 * nộp?" asked there is answered with the unit's own report).
 */
export function answerQuestion(turn: Turn, intent: Intent): void {
  const ward = turn.role === 'office' || turn.role === 'leader';
  const unit = turn.role === 'unit' ? turn.unit : null;
  switch (intent.kind) {
    case 'help':
      return replyHelp(turn);
    case 'tasks':
      return replyTasks(turn, intent.taskCode ?? '');
    case 'overview':
    case 'missing':
      if (ward) return answerWardQuestion(turn, intent.kind, intent.period);
      if (unit) return replyUnitStatus(turn, unit, intent.period);
      break;
    case 'task_status':
      return replyTaskStatus(turn, intent.taskCode, intent.period);
    case 'unit_status': {
      const own = turn.role === 'leader' ? null : turn.unit;
      if (own) return replyUnitStatus(turn, own, intent.period);
      return answerWardQuestion(turn, 'overview', intent.period);
    }
    case 'unit_report': {
      const found = lookUpUnit(turn.deps.matcher, intent.name);
      if (found.type === 'unit') {
        const period = intent.period ? periodForStatus(turn.deps, turn.now, intent.period) : null;
        return viewCommand.run(turn, `${found.unit.short}${period ? ` ${periodShortName(period)}` : ''}`);
      }
      // "Đã gửi báo cáo chưa?" names no unit: the chat's own, or the ward's.
      if (unit) return replyUnitStatus(turn, unit, intent.period);
      if (ward) return answerWardQuestion(turn, 'overview', intent.period);
      break;
    }
    case 'difficulties':
      if (ward) return difficultiesCommand.run(turn, '');
      break;
    case 'scorecard':
      if (ward) return scorecardCommand.run(turn, '');
      break;
  }
  turn.reply(notUnderstoodMessage());
  turn.outcome = 'not-understood';
}
