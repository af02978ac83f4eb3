import type { Role } from '../storage/chats';

/**
 * Who may open what on the web page, by the role of the chat the session was signed in from. These follow
 * the chat commands' audiences: what a role may ask in its chat, it may see on the page, and no more.
 */
export const ACCESS = {
  /** The period's matrix and counts (`/tinhhinh`, `/chuanop`). */
  overview: ['office', 'leader', 'supervisor'],
  /**
   * A unit's page (`/xem`): a unit's session sees its own unit's only; a supervising body sees the status
   * and the reports, never the documents nor the difficulties.
   */
  unit: ['office', 'leader', 'supervisor', 'unit'],
  /** The difficulties (`/vuongmac`). */
  difficulties: ['office', 'leader'],
  /** Answering, closing and escalating a difficulty (`/traloi`, `/dong`, `/chuyencap`). */
  act: ['office'],
  /** The period's files (`/xuat`). */
  exports: ['office'],
  /** The year's scorecard (`/xephang`). */
  scorecard: ['office', 'leader', 'supervisor'],
  /**
   * A unit's documents: the office, the leaders and that unit. Some hold citizens' personal data (NV5), so
   * a role that sees status only never gets them.
   */
  documents: ['office', 'leader', 'unit'],
  /** Any signed-in session (signing out, the overview's refresh check). */
  anyone: ['office', 'leader', 'supervisor', 'unit'],
} as const satisfies Record<string, readonly Role[]>;

export function allows(roles: readonly Role[], role: Role): boolean {
  return roles.includes(role);
}
