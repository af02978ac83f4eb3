import { adhocCommand } from './adhoc';
import type { Audience, Command } from './command';
import { answerCommand, closeCommand, difficultiesCommand, escalateCommand } from './difficulties';
import { exportCommand, scorecardCommand } from './export';
import { inviteCommand, registerCommand, registrationsCommand, unbindCommand } from './registration';
import { reportCommand } from './report';
import { nudgeCommand, scheduleCommand } from './schedule';
import { missingCommand, overviewCommand, viewCommand } from './status';
import { tasksCommand } from './tasks';
import { webCommand } from './web';

/** Whether a role's /help and menus list a command. */
export function listedFor(command: Command, audience: Audience): boolean {
  return (command.listedFor ?? command.audience).includes(audience);
}

/** Every command but /help, in the order menus and /help list them. */
export const commandTable: readonly Command[] = [
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
  webCommand,
  inviteCommand,
  registrationsCommand,
  unbindCommand,
];
