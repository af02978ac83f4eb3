import { helpMessage } from '../../core/messages/help';
import { officeOf } from '../deps';
import type { Turn } from '../turn';
import type { Command } from './command';
import { commandTable, listedFor } from './table';

/** What this chat can do: the commands of its role, from their own descriptions, and how to report. */
export function replyHelp(turn: Turn): void {
  const audience = turn.role ?? 'unbound';
  const lines = commandTable
    .filter((c) => listedFor(c, audience))
    .map((c) => ({ command: c.names[0] ?? '', usage: c.usage, description: c.description }));
  turn.reply(helpMessage(audience, lines, officeOf(turn.deps)));
  turn.outcome = 'help';
}

export const helpCommand: Command = {
  names: ['help', 'start', 'huongdan', 'trogiup'],
  description: 'Hướng dẫn sử dụng',
  usage: '',
  audience: ['unbound', 'unit', 'office', 'leader', 'supervisor'],
  run: (turn) => replyHelp(turn),
};
