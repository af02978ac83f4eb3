import { helpMessage } from '../../core/messages/help';
import type { Turn } from '../turn';
import type { Command } from './command';

export function replyHelp(turn: Turn): void {
  turn.reply(helpMessage(turn.role ?? 'unbound'));
  turn.outcome = 'help';
}

export const helpCommand: Command = {
  names: ['help', 'start', 'huongdan', 'trogiup'],
  description: 'Hướng dẫn sử dụng',
  audience: ['unbound', 'unit', 'office', 'leader', 'supervisor'],
  run: (turn) => replyHelp(turn),
};
