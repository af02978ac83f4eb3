import type { Role } from '../../storage/chats';
import type { Turn } from '../turn';

/** Who may run a command: a chat's role, or `unbound` for chats bound to nothing. */
export type Audience = Role | 'unbound';

export interface Command {
  /** ASCII names, as Telegram allows (`nhiemvu`); the first is the one shown in menus. */
  names: string[];
  /** Short Vietnamese description for command menus. */
  description: string;
  audience: Audience[];
  run(turn: Turn, args: string): void;
}
