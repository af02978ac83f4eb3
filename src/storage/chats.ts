import { and, eq, isNotNull } from 'drizzle-orm';
import type { ChatKind } from '../channels/channel';
import { channelOf } from '../channels/channel';
import type { Db } from './db';
import { chats } from './schema';

/**
 * What a chat is bound to: a unit that reports, the office, the leaders, or a body that supervises
 * (Ủy ban MTTQ, the socio-political organisations, Ban Xây dựng Đảng; `unitId` names which).
 */
export type Role = 'unit' | 'office' | 'leader' | 'supervisor';

/** What binding a chat makes of it: its kind and title, the role and unit it speaks for, and how. */
export interface ChatBinding {
  kind: ChatKind;
  title: string | null;
  role: Role;
  unitId: string | null;
  via: string;
}

/** A chat the bot has seen, and what it is bound to. */
export interface ChatRecord {
  id: string;
  kind: ChatKind;
  title: string | null;
  role: Role | null;
  unitId: string | null;
  boundAt: Date | null;
  gone: boolean;
}

interface RawChat {
  id: string;
  kind: ChatKind;
  title: string | null;
  role: Role | null;
  unit_id: string | null;
  bound_at: number | null;
  gone_at: number | null;
}

function toRecord(row: typeof chats.$inferSelect): ChatRecord {
  return {
    id: row.id,
    kind: row.kind,
    title: row.title,
    role: row.role,
    unitId: row.unitId,
    boundAt: row.boundAt,
    gone: row.goneAt !== null,
  };
}

/** Chats and their bindings to a unit or a role. */
export class ChatStore {
  private readonly getStmt;

  private writes = 0;

  /** Changes with every write to the chats, so a reader can tell its cached view is still current. */
  get revision(): number {
    return this.writes;
  }

  constructor(private readonly db: Db) {
    // Raw statement: every incoming message reads its chat.
    this.getStmt = db.$client.prepare<[string], RawChat>(
      'SELECT id, kind, title, role, unit_id, bound_at, gone_at FROM chats WHERE id = ?',
    );
  }

  get(chatId: string): ChatRecord | null {
    const row = this.getStmt.get(chatId);
    return row
      ? {
          id: row.id,
          kind: row.kind,
          title: row.title,
          role: row.role,
          unitId: row.unit_id,
          boundAt: row.bound_at === null ? null : new Date(row.bound_at),
          gone: row.gone_at !== null,
        }
      : null;
  }

  /** Records that a chat exists (and its latest title) without changing its binding. */
  touch(chatId: string, kind: ChatKind, title: string | null, now: Date): ChatRecord {
    const existing = this.get(chatId);
    if (existing && existing.title === title && !existing.gone) return existing;
    this.writes++;
    this.db
      .insert(chats)
      .values({ id: chatId, channel: channelOf(chatId), kind, title, updatedAt: now })
      .onConflictDoUpdate({ target: chats.id, set: { title, goneAt: null, updatedAt: now } })
      .run();
    return this.get(chatId) as ChatRecord;
  }

  /** Binds a chat to a unit or a role (`via`: the invitation code, `terminal`, …), or rebinds it. */
  bind(chatId: string, binding: ChatBinding, now: Date): void {
    const { kind, title, role, unitId, via } = binding;
    this.writes++;
    this.db
      .insert(chats)
      .values({
        id: chatId,
        channel: channelOf(chatId),
        kind,
        title,
        role,
        unitId,
        boundAt: now,
        boundVia: via,
        updatedAt: now,
      })
      .onConflictDoUpdate({
        target: chats.id,
        set: { role, unitId, boundAt: now, boundVia: via, goneAt: null, updatedAt: now },
      })
      .run();
  }

  unbind(chatId: string, now: Date): void {
    this.writes++;
    this.db
      .update(chats)
      .set({ role: null, unitId: null, boundAt: null, boundVia: null, updatedAt: now })
      .where(eq(chats.id, chatId))
      .run();
  }

  /** The platform says the chat is gone (bot removed, chat deleted): stop sending to it. */
  markGone(chatId: string, now: Date): void {
    this.writes++;
    this.db.update(chats).set({ goneAt: now, updatedAt: now }).where(eq(chats.id, chatId)).run();
  }

  /** A group moved to a new id (Telegram supergroup migration): the binding moves with it. */
  moveChat(fromId: string, toId: string, now: Date): void {
    this.writes++;
    const from = this.db.select().from(chats).where(eq(chats.id, fromId)).get();
    if (!from) return;
    this.db.transaction((tx) => {
      tx.insert(chats)
        .values({ ...from, id: toId, updatedAt: now })
        .onConflictDoUpdate({
          target: chats.id,
          set: {
            role: from.role,
            unitId: from.unitId,
            boundAt: from.boundAt,
            boundVia: from.boundVia,
            updatedAt: now,
          },
        })
        .run();
      tx.update(chats)
        .set({ role: null, unitId: null, goneAt: now, updatedAt: now })
        .where(eq(chats.id, fromId))
        .run();
    });
  }

  /** Chats bound to a role (and, for units, to one unit), that are not gone. */
  bound(role: Role, unitId?: string): ChatRecord[] {
    const where = unitId
      ? and(eq(chats.role, role), eq(chats.unitId, unitId))
      : and(eq(chats.role, role), isNotNull(chats.boundAt));
    return this.db
      .select()
      .from(chats)
      .where(where)
      .all()
      .filter((r) => r.goneAt === null)
      .map(toRecord);
  }

  /** Every bound chat, for the list of registrations. */
  allBound(): ChatRecord[] {
    return this.db.select().from(chats).where(isNotNull(chats.role)).all().map(toRecord);
  }
}
