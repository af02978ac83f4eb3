import { adhocCommand } from './adhoc';
import type { Command } from './command';
import { answerCommand, closeCommand, difficultiesCommand, escalateCommand } from './difficulties';
import { exportCommand, scorecardCommand } from './export';
import { helpCommand } from './help';
import { inviteCommand, registerCommand, registrationsCommand, unbindCommand } from './registration';
import { reportCommand } from './report';
import { nudgeCommand, scheduleCommand } from './schedule';
import { missingCommand, overviewCommand, viewCommand } from './status';
import { tasksCommand } from './tasks';

/** Every command of the bot, registered in one place. */
export const commands: Command[] = [
  helpCommand,
  tasksCommand,
  reportCommand,
  viewCommand,
  registerCommand,
  overviewCommand,
  missingCommand,
  difficultiesCommand,
  answerCommand,
  escalateCommand,
  closeCommand,
  adhocCommand,
  nudgeCommand,
  scheduleCommand,
  exportCommand,
  scorecardCommand,
  inviteCommand,
  registrationsCommand,
  unbindCommand,
];

const byName = new Map(commands.flatMap((c) => c.names.map((n) => [n, c] as const)));

export function findCommand(name: string): Command | undefined {
  return byName.get(name);
}

/** The command menu a chat of this audience sees (Telegram's setMyCommands). */
export function menuFor(
  audience: 'unit' | 'office' | 'leader' | 'supervisor',
): { command: string; description: string }[] {
  return commands
    .filter((c) => c.audience.includes(audience) && c !== helpCommand)
    .map((c) => ({ command: c.names[0] as string, description: c.description }))
    .concat({ command: 'help', description: helpCommand.description });
}
