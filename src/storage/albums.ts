import { and, asc, eq, lt, sql } from 'drizzle-orm';
import type { Incoming } from '../channels/channel';
import type { Db } from './db';
import { albumHeld, documents } from './schema';

/** A held member's album has a kept document in the same chat: the report it is to join. */
const JOINABLE = sql`EXISTS (SELECT 1 FROM ${documents} d WHERE d.chat_id = ${albumHeld.chatId} AND d.album = ${albumHeld.album})`;

/**
 * Members of an album held back before any member of it was taken as a report (table `album_held`):
 * written once per message, removed when the message is handled, or when its album never became a
 * report within the window. Not a hot path: the query builder.
 */
export class AlbumStore {
  constructor(private readonly db: Db) {}

  /**
   * Holds a message of an album, once. Members held before `windowMs` ahead of when this one was sent
   * (by the platform's clock, so that a backlog handled after a restart keeps its window) and whose
   * album has no report are dropped: they were pictures shared among people, never a report.
   */
  hold(message: Incoming, windowMs: number): void {
    const album = message.attachment?.album;
    if (!album) throw new Error(`message ${message.dedupeKey} is in no album`);
    this.db
      .delete(albumHeld)
      .where(and(lt(albumHeld.sentAt, new Date(message.sentAt.getTime() - windowMs)), sql`NOT ${JOINABLE}`))
      .run();
    this.db
      .insert(albumHeld)
      .values({
        dedupeKey: message.dedupeKey,
        chatId: message.chatId,
        album,
        sentAt: message.sentAt,
        receivedAt: message.receivedAt,
        message: message as unknown as Record<string, unknown>,
      })
      .onConflictDoNothing()
      .run();
  }

  /** The held members of an album in a chat, in the order they were sent. */
  heldOf(chatId: string, album: string): Incoming[] {
    return this.db
      .select({ message: albumHeld.message })
      .from(albumHeld)
      .where(and(eq(albumHeld.chatId, chatId), eq(albumHeld.album, album)))
      .orderBy(asc(albumHeld.sentAt), asc(albumHeld.receivedAt))
      .all()
      .map((r) => revive(r.message));
  }

  /**
   * Held members whose album has had a member kept since (a process stopped before it took them in):
   * to be taken in now, oldest first.
   */
  joinable(): Incoming[] {
    return this.db
      .select({ message: albumHeld.message })
      .from(albumHeld)
      .where(JOINABLE)
      .orderBy(asc(albumHeld.sentAt), asc(albumHeld.receivedAt))
      .all()
      .map((r) => revive(r.message));
  }

  /** The message is handled (taken in, refused, or a duplicate): it is held no longer. */
  release(dedupeKey: string): void {
    this.db.delete(albumHeld).where(eq(albumHeld.dedupeKey, dedupeKey)).run();
  }

  /** Drops members received before `before` whose album never became a report. Returns how many. */
  dropUnjoined(before: Date): number {
    return this.db
      .delete(albumHeld)
      .where(and(lt(albumHeld.receivedAt, before), sql`NOT ${JOINABLE}`))
      .run().changes;
  }

  /** How many members are held (for tests and the log). */
  count(): number {
    return (
      this.db
        .select({ n: sql<number>`count(*)` })
        .from(albumHeld)
        .get()?.n ?? 0
    );
  }
}

/** A message as kept in JSON, with its instants as dates again. */
function revive(kept: Record<string, unknown>): Incoming {
  const msg = kept as unknown as Incoming & { receivedAt: string; sentAt: string };
  return { ...msg, receivedAt: new Date(msg.receivedAt), sentAt: new Date(msg.sentAt) };
}
