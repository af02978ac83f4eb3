import type { Incoming } from '../channels/channel';
import type { Db } from './db';

export type Recorded =
  { type: 'new'; id: number } | { type: 'unfinished'; id: number } | { type: 'duplicate'; id: number };

/**
 * The raw log of every message addressed to the bot (table `inbound`), written before anything else is
 * done with it. Raw prepared statements: this is the hottest write path.
 */
export class InboundStore {
  private readonly insert;
  private readonly byKey;
  private readonly finish;

  constructor(db: Db) {
    const client = db.$client;
    this.insert = client.prepare(
      `INSERT INTO inbound (dedupe_key, chat_id, message_ref, sender_id, sender_name, chat_title, kind, text, received_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(dedupe_key) DO NOTHING`,
    );
    this.byKey = client.prepare<[string], { id: number; processed_at: number | null }>(
      'SELECT id, processed_at FROM inbound WHERE dedupe_key = ?',
    );
    this.finish = client.prepare('UPDATE inbound SET outcome = ?, processed_at = ? WHERE id = ?');
  }

  /**
   * Stores the message unless the same update was stored before. A message stored but never processed
   * (the process died in between) comes back as `unfinished`, so it is processed now, once.
   */
  record(msg: Incoming): Recorded {
    const r = this.insert.run(
      msg.dedupeKey,
      msg.chatId,
      msg.messageRef,
      msg.sender.id,
      msg.sender.name,
      msg.chatTitle,
      msg.kind,
      msg.text,
      msg.receivedAt.getTime(),
    );
    if (r.changes === 1) return { type: 'new', id: Number(r.lastInsertRowid) };
    const row = this.byKey.get(msg.dedupeKey);
    if (!row) throw new Error(`inbound row for ${msg.dedupeKey} vanished`);
    return row.processed_at === null ? { type: 'unfinished', id: row.id } : { type: 'duplicate', id: row.id };
  }

  /** Marks the message processed with a short outcome (`report`, `command:nhiemvu`, `unreadable`…). */
  markProcessed(id: number, outcome: string, now: Date): void {
    this.finish.run(outcome, now.getTime(), id);
  }
}
