import { eq } from 'drizzle-orm';
import type { Role } from './chats';
import { nodeCrypto } from './crypto';
import type { Db } from './db';
import { invites } from './schema';

/** Letters and digits that cannot be mistaken for one another when read aloud or typed on a phone. */
const ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';

export type InviteUse =
  | { type: 'ok'; role: Role; unitId: string | null }
  | { type: 'unknown' }
  | { type: 'used'; usedAt: Date }
  | { type: 'expired'; expiredAt: Date };

/** One-time invitation codes that bind a chat to a unit or a role. */
export class InviteStore {
  constructor(private readonly db: Db) {}

  create(
    role: Role,
    unitId: string | null,
    createdBy: string,
    now: Date,
    ttlHours: number,
  ): { code: string; expiresAt: Date } {
    for (;;) {
      const code = `${pick(4)}-${pick(4)}`;
      const expiresAt = new Date(now.getTime() + ttlHours * 3_600_000);
      const r = this.db
        .insert(invites)
        .values({ code, role, unitId, createdAt: now, expiresAt, createdBy })
        .onConflictDoNothing()
        .run();
      if (r.changes === 1) return { code, expiresAt };
    }
  }

  /** Uses a code once: the first chat to use it gets the binding, every later use is refused. */
  use(rawCode: string, chatId: string, now: Date): InviteUse {
    const code = normaliseCode(rawCode);
    return this.db.transaction((tx) => {
      const row = tx.select().from(invites).where(eq(invites.code, code)).get();
      if (!row) return { type: 'unknown' } as const;
      if (row.usedAt) return { type: 'used', usedAt: row.usedAt } as const;
      if (row.expiresAt.getTime() <= now.getTime())
        return { type: 'expired', expiredAt: row.expiresAt } as const;
      tx.update(invites).set({ usedAt: now, usedByChat: chatId }).where(eq(invites.code, code)).run();
      return { type: 'ok', role: row.role, unitId: row.unitId } as const;
    });
  }
}

/** `abcd 2345`, `ABCD2345`, ` abcd-2345 ` → `ABCD-2345`. */
export function normaliseCode(raw: string): string {
  const compact = raw.toUpperCase().replace(/[^A-Z0-9]/g, '');
  return compact.length === 8 ? `${compact.slice(0, 4)}-${compact.slice(4)}` : compact;
}

function pick(n: number): string {
  let s = '';
  for (let i = 0; i < n; i++) s += ALPHABET[nodeCrypto().randomInt(ALPHABET.length)];
  return s;
}
