import { and, eq, isNull } from 'drizzle-orm';
import type { Role } from './chats';
import { nodeCrypto } from './crypto';
import type { Db } from './db';
import { webLinks, webSessions } from './schema';

/** Who a link or a session speaks for: the chat it came from, as that chat was bound. */
export interface WebIdentity {
  chatId: string;
  role: Role;
  unitId: string | null;
}

export interface WebSession extends WebIdentity {
  /** The number the audit log names the session by. */
  id: number;
  createdAt: Date;
  expiresAt: Date;
}

export type LinkState =
  | { type: 'ok'; link: WebIdentity & { expiresAt: Date } }
  | { type: 'unknown' }
  | { type: 'used'; usedAt: Date; chatId: string }
  | { type: 'expired'; expiredAt: Date; chatId: string };

export type LinkUse = { type: 'ok'; session: WebSession; token: string } | Exclude<LinkState, { type: 'ok' }>;

/** A sign-in link is valid this long, and usable once. */
export const LINK_TTL_MS = 15 * 60_000;
/** A session lasts this long from sign-in, whatever is done meanwhile. */
export const SESSION_MS = 12 * 3_600_000;

/** 32 random bytes: 256 bits, well over the 128 a guess would have to beat. */
function newToken(): string {
  return nodeCrypto().randomBytes(32).toString('base64url');
}

/** What is kept of a token: its sha256, so a copy of the database opens no session. */
export function tokenHash(token: string): string {
  return nodeCrypto().createHash('sha256').update(token).digest('hex');
}

/**
 * Sign-in links and sessions of the web page. A link is made in a bound chat, used once within its
 * time, and opens one session; neither the link's token nor the session's is ever stored, only hashes.
 */
export class WebAccessStore {
  constructor(private readonly db: Db) {}

  /** A new one-time link for a chat's binding; returns the token to put in the link (shown once). */
  createLink(who: WebIdentity, now: Date, ttlMs: number): { token: string; expiresAt: Date } {
    const token = newToken();
    const expiresAt = new Date(now.getTime() + ttlMs);
    this.db
      .insert(webLinks)
      .values({ tokenHash: tokenHash(token), ...who, createdAt: now, expiresAt })
      .run();
    return { token, expiresAt };
  }

  /** Where a link stands, without using it up (a chat app's preview fetch must not spend it). */
  peekLink(token: string, now: Date): LinkState {
    const row = this.db
      .select()
      .from(webLinks)
      .where(eq(webLinks.tokenHash, tokenHash(token)))
      .get();
    if (!row) return { type: 'unknown' };
    if (row.usedAt) return { type: 'used', usedAt: row.usedAt, chatId: row.chatId };
    if (row.expiresAt.getTime() <= now.getTime())
      return { type: 'expired', expiredAt: row.expiresAt, chatId: row.chatId };
    return {
      type: 'ok',
      link: { chatId: row.chatId, role: row.role, unitId: row.unitId, expiresAt: row.expiresAt },
    };
  }

  /**
   * Uses a link once and opens its session, in one transaction: the first use wins, every later one is
   * refused. The session's token is returned once, for the cookie.
   */
  useLink(token: string, now: Date, sessionMs: number): LinkUse {
    return this.db.transaction((tx) => {
      const hash = tokenHash(token);
      const state = this.peekLink(token, now);
      if (state.type !== 'ok') return state;
      const taken = tx
        .update(webLinks)
        .set({ usedAt: now })
        .where(and(eq(webLinks.tokenHash, hash), isNull(webLinks.usedAt)))
        .run();
      if (taken.changes !== 1) return { type: 'used', usedAt: now, chatId: state.link.chatId } as const;
      const sessionToken = newToken();
      const { chatId, role, unitId } = state.link;
      const expiresAt = new Date(now.getTime() + sessionMs);
      const row = tx
        .insert(webSessions)
        .values({ tokenHash: tokenHash(sessionToken), chatId, role, unitId, createdAt: now, expiresAt })
        .returning({ id: webSessions.id })
        .get();
      return {
        type: 'ok',
        token: sessionToken,
        session: { id: row.id, chatId, role, unitId, createdAt: now, expiresAt },
      } as const;
    });
  }

  /** The live session a cookie's token opens, or null (unknown, expired or ended). */
  session(token: string, now: Date): WebSession | null {
    const row = this.db
      .select()
      .from(webSessions)
      .where(eq(webSessions.tokenHash, tokenHash(token)))
      .get();
    if (!row || row.endedAt || row.expiresAt.getTime() <= now.getTime()) return null;
    return {
      id: row.id,
      chatId: row.chatId,
      role: row.role,
      unitId: row.unitId,
      createdAt: row.createdAt,
      expiresAt: row.expiresAt,
    };
  }

  end(id: number, now: Date, why: string): void {
    this.db
      .update(webSessions)
      .set({ endedAt: now, endedWhy: why })
      .where(and(eq(webSessions.id, id), isNull(webSessions.endedAt)))
      .run();
  }

  /**
   * Ends every session opened from a chat, and spends its links not yet used (its binding was undone).
   * Returns the sessions ended.
   */
  endForChat(chatId: string, now: Date, why: string): number {
    this.db
      .update(webLinks)
      .set({ usedAt: now })
      .where(and(eq(webLinks.chatId, chatId), isNull(webLinks.usedAt)))
      .run();
    return this.db
      .update(webSessions)
      .set({ endedAt: now, endedWhy: why })
      .where(and(eq(webSessions.chatId, chatId), isNull(webSessions.endedAt)))
      .run().changes;
  }
}
