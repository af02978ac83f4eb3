import type { Command } from './command';
import { helpCommand } from './help';
import { tasksCommand } from './tasks';

/** Every command of the bot, registered in one place. */
export const commands: Command[] = [helpCommand, tasksCommand];

const byName = new Map(commands.flatMap((c) => c.names.map((n) => [n, c] as const)));

export function findCommand(name: string): Command | undefined {
  return byName.get(name);
}
