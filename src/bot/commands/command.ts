import type { Role } from '../../storage/chats';
import type { Turn } from '../turn';

/** Who may run a command: a chat's role, or `unbound` for chats bound to nothing. */
export type Audience = Role | 'unbound';

export interface Command {
  /** ASCII names, as Telegram allows (`nhiemvu`); the first is the one shown in menus. */
  names: string[];
  /** Short Vietnamese description, for command menus and /help. */
  description: string;
  /** What follows the command, as /help shows it (`[kỳ]`, `<số> <nội dung>`); empty when nothing. */
  usage: string;
  audience: Audience[];
  /**
   * The roles whose /help and command menus list it, when not its whole audience (leaders may send
   * /baocao to hear why not; a bound chat need not be shown /dangky).
   */
  listedFor?: Audience[];
  run(turn: Turn, args: string): void;
}
