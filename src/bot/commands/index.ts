import type { Command } from './command';
import { helpCommand } from './help';
import { commandTable, listedFor } from './table';

/** Every command of the bot, registered in one place. */
export const commands: Command[] = [helpCommand, ...commandTable];

const byName = new Map(commands.flatMap((c) => c.names.map((n) => [n, c] as const)));

export function findCommand(name: string): Command | undefined {
  return byName.get(name);
}

/** The command menu a chat of this audience sees (Telegram's setMyCommands). */
export function menuFor(
  audience: 'unit' | 'office' | 'leader' | 'supervisor',
): { command: string; description: string }[] {
  return commandTable
    .filter((c) => listedFor(c, audience))
    .map((c) => ({ command: c.names[0] as string, description: c.description }))
    .concat({ command: 'help', description: helpCommand.description });
}
