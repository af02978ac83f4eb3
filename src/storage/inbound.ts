import type { Incoming } from '../channels/channel';
import type { Db } from './db';

export type Recorded =
  { type: 'new'; id: number } | { type: 'unfinished'; id: number } | { type: 'duplicate'; id: number };

/** A message as stored and handled: its text, when it was sent, and what became of it. */
export interface HandledMessage {
  id: number;
  text: string;
  sentAt: Date;
  outcome: string | null;
}

interface AskedRow {
  id: number;
  text: string;
  sent: number;
  outcome: string | null;
}

const handled = (row: AskedRow): HandledMessage => ({
  id: row.id,
  text: row.text,
  sentAt: new Date(row.sent),
  outcome: row.outcome,
});

/**
 * The raw log of every message addressed to the bot (table `inbound`), written before anything else is
 * done with it. Raw prepared statements: this is the hottest write path.
 */
export class InboundStore {
  private readonly insert;
  private readonly byKey;
  private readonly finish;
  private readonly lastSpeaker;
  private readonly lastInRange;
  private readonly lastAskedStmt;
  private readonly byId;
  private readonly insertKept;
  private readonly forget;
  private readonly keptRows;

  constructor(db: Db) {
    const client = db.$client;
    this.insert = client.prepare(
      `INSERT INTO inbound (dedupe_key, chat_id, message_ref, sender_id, sender_name, chat_title, kind, text, received_at, sent_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(dedupe_key) DO NOTHING`,
    );
    this.byKey = client.prepare<[string], { id: number; processed_at: number | null }>(
      'SELECT id, processed_at FROM inbound WHERE dedupe_key = ?',
    );
    this.finish = client.prepare('UPDATE inbound SET outcome = ?, processed_at = ? WHERE id = ?');
    // Whoever last reported from the chat, else whoever last spoke to the bot there.
    this.lastSpeaker = client.prepare<[string], { sender_id: string; sender_name: string | null }>(
      `SELECT sender_id, sender_name FROM inbound
       WHERE chat_id = ? AND sender_id IS NOT NULL AND sender_id <> '' AND processed_at IS NOT NULL
       ORDER BY (outcome LIKE 'report%') DESC, id DESC LIMIT 1`,
    );
    this.lastInRange = client.prepare<[string, string], { message_ref: string | null; at: number }>(
      `SELECT message_ref, COALESCE(sent_at, received_at) AS at FROM inbound
       WHERE chat_id >= ? AND chat_id < ? ORDER BY at DESC, id DESC LIMIT 1`,
    );
    this.lastAskedStmt = client.prepare<[string, string, number], AskedRow>(
      `SELECT id, text, COALESCE(sent_at, received_at) AS sent, outcome FROM inbound i WHERE chat_id = ? AND outcome LIKE ? AND received_at >= ?
         AND NOT EXISTS (SELECT 1 FROM inbound a WHERE a.chat_id = i.chat_id AND a.id > i.id
                         AND a.outcome LIKE '%:answers=' || i.id)
       ORDER BY id DESC LIMIT 1`,
    );
    this.byId = client.prepare<[number, string], AskedRow>(
      'SELECT id, text, COALESCE(sent_at, received_at) AS sent, outcome FROM inbound WHERE id = ? AND chat_id = ?',
    );
    this.insertKept = client.prepare(
      `INSERT INTO inbound (dedupe_key, chat_id, message_ref, sender_id, sender_name, chat_title, kind, text, received_at, kept)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(dedupe_key) DO NOTHING`,
    );
    this.forget = client.prepare(
      'DELETE FROM inbound WHERE dedupe_key = ? AND processed_at IS NULL AND kept IS NOT NULL',
    );
    this.keptRows = client.prepare<[], { kept: string }>(
      'SELECT kept FROM inbound WHERE processed_at IS NULL AND kept IS NOT NULL ORDER BY id',
    );
  }

  /**
   * Writes a message raw before it is handled, with the whole message as its channel read it, for
   * platforms that never deliver an update twice. Handling it later finds it `unfinished`.
   */
  keep(msg: Incoming): void {
    this.insertKept.run(
      msg.dedupeKey,
      msg.chatId,
      msg.messageRef,
      msg.sender.id,
      msg.sender.name,
      msg.chatTitle,
      msg.kind,
      msg.text,
      msg.receivedAt.getTime(),
      JSON.stringify(msg),
    );
  }

  /** Removes a kept message the bot did not process (it was not for the bot). */
  forgetUnprocessed(dedupeKey: string): void {
    this.forget.run(dedupeKey);
  }

  /** Kept messages never handled (the process stopped in between), oldest first. */
  unhandled(): Incoming[] {
    return this.keptRows.all().map((row) => {
      const msg = JSON.parse(row.kept) as Incoming & { receivedAt: string; sentAt?: string };
      const receivedAt = new Date(msg.receivedAt);
      return { ...msg, receivedAt, sentAt: msg.sentAt ? new Date(msg.sentAt) : receivedAt };
    });
  }

  /**
   * The last message stored from chats whose id starts with `prefix` (`zalo:g:`), by when it was sent:
   * where a catch-up of that platform starts. Null when there is none.
   */
  lastStored(prefix: string): { messageRef: string | null; sentAt: Date } | null {
    // A range on the chat index rather than LIKE, which SQLite cannot use with its case-folding default.
    const end = prefix.slice(0, -1) + String.fromCharCode(prefix.charCodeAt(prefix.length - 1) + 1);
    const row = this.lastInRange.get(prefix, end);
    return row ? { messageRef: row.message_ref, sentAt: new Date(row.at) } : null;
  }

  /**
   * The latest message of a chat whose outcome starts with `prefix` (a report the bot asked about), if
   * it came after `since` and no later message answered it (`…:answers=<id>`); its text is read again
   * once the question is answered.
   */
  lastWithOutcome(chatId: string, prefix: string, since: Date): HandledMessage | null {
    const row = this.lastAskedStmt.get(chatId, `${prefix}%`, since.getTime());
    return row ? handled(row) : null;
  }

  /** One message of a chat by its row number, with its outcome; null when the chat has no such message. */
  message(chatId: string, id: number): HandledMessage | null {
    const row = this.byId.get(id, chatId);
    return row ? handled(row) : null;
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
      msg.sentAt.getTime(),
    );
    if (r.changes === 1) return { type: 'new', id: Number(r.lastInsertRowid) };
    const row = this.byKey.get(msg.dedupeKey);
    if (!row) throw new Error(`inbound row for ${msg.dedupeKey} vanished`);
    return row.processed_at === null ? { type: 'unfinished', id: row.id } : { type: 'duplicate', id: row.id };
  }

  /** The person a reminder to this chat should name: its last reporter, else the last to speak to the bot. */
  reporterOf(chatId: string): { userId: string; name: string } | null {
    const row = this.lastSpeaker.get(chatId);
    return row ? { userId: row.sender_id, name: row.sender_name ?? 'anh/chị' } : null;
  }

  /** Marks the message processed with a short outcome (`report`, `command:nhiemvu`, `unreadable`…). */
  markProcessed(id: number, outcome: string, now: Date): void {
    this.finish.run(outcome, now.getTime(), id);
  }
}
