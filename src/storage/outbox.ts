import type { MessageContext } from './messageRefs';
import type { ChartData } from '../core/chart';
import type { Incoming, Outgoing, OutgoingFile } from '../channels/channel';
import type { Db } from './db';

/**
 * `held`: a reply to an incoming message, written with it and being sent by the dispatcher right now;
 * the sender leaves it alone unless the dispatcher hands it over, or the process died before the
 * platform confirmed it (then the next start releases it).
 */
export type OutboxStatus = 'held' | 'pending' | 'sending' | 'sent' | 'failed' | 'cancelled' | 'skipped';

export interface OutboxPayload extends Outgoing {
  /** What the message is about, so a reply to it can be tied to its period and task. */
  context?: MessageContext;
  /** A chart to send after the text where the channel takes files (drawn at send time). */
  chart?: ChartData;
  /** A file to send (a row of kind `file`; the text is unused). */
  file?: OutgoingFile;
  /**
   * Files still to be made for the `reply`-th reply to this message (a row of kind `render`): made by
   * handling the message again, when a crash interrupted their making.
   */
  render?: { incoming: Incoming; reply: number };
}

export interface OutboxItem {
  id: number;
  dedupeKey: string;
  chatId: string;
  kind: string;
  periodId: string | null;
  unitId: string | null;
  payload: OutboxPayload;
  dueAt: Date;
  expiresAt: Date | null;
  status: OutboxStatus;
  attempts: number;
  nextAttemptAt: Date;
  lastError: string | null;
}

export interface EnqueueInput {
  /** One row per key, ever: queueing the same key again does nothing. */
  dedupeKey: string;
  chatId: string;
  kind: string;
  periodId?: string | null;
  unitId?: string | null;
  payload: OutboxPayload;
  dueAt: Date;
  /** After this instant the message is stale and is skipped, not sent late. */
  expiresAt?: Date | null;
  /** Recorded as already skipped (it fell due too long ago), with the reason: never sent. */
  skippedBecause?: string;
}

interface Row {
  id: number;
  dedupe_key: string;
  chat_id: string;
  kind: string;
  period_id: string | null;
  unit_id: string | null;
  payload: string;
  due_at: number;
  expires_at: number | null;
  status: OutboxStatus;
  attempts: number;
  next_attempt_at: number;
  last_error: string | null;
}

/** A payload as stored: JSON, so a message kept for making files again gets its dates back. */
function payloadOf(text: string): OutboxPayload {
  const payload = JSON.parse(text) as OutboxPayload;
  const m = payload.render?.incoming as { receivedAt: Date | string; sentAt?: Date | string } | undefined;
  if (m) {
    m.receivedAt = new Date(m.receivedAt);
    m.sentAt = new Date(m.sentAt ?? m.receivedAt);
  }
  return payload;
}

function toItem(row: Row): OutboxItem {
  return {
    id: row.id,
    dedupeKey: row.dedupe_key,
    chatId: row.chat_id,
    kind: row.kind,
    periodId: row.period_id,
    unitId: row.unit_id,
    payload: payloadOf(row.payload),
    dueAt: new Date(row.due_at),
    expiresAt: row.expires_at === null ? null : new Date(row.expires_at),
    status: row.status,
    attempts: row.attempts,
    nextAttemptAt: new Date(row.next_attempt_at),
    lastError: row.last_error,
  };
}

/**
 * The persistent outbox: every message the bot sends on its own (reminders, digests, notices to other
 * chats) is written here first and sent by the sender. The unique key makes queueing idempotent.
 */
export class OutboxStore {
  private readonly stmts;

  constructor(db: Db) {
    const c = db.$client;
    this.stmts = {
      insert: c.prepare(
        `INSERT INTO outbox (dedupe_key, chat_id, kind, period_id, unit_id, payload, due_at, expires_at, next_attempt_at, created_at, status, last_error)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(dedupe_key) DO NOTHING`,
      ),
      // A message waiting to be retried holds back the later messages of its chat: order per chat is kept.
      ready: c.prepare<[number, string, number, number], Row>(
        `SELECT * FROM outbox o WHERE o.status IN ('pending', 'sending') AND o.next_attempt_at <= ? AND o.chat_id LIKE ? || ':%'
           AND NOT EXISTS (SELECT 1 FROM outbox p WHERE p.chat_id = o.chat_id AND p.status IN ('pending', 'sending')
             AND p.next_attempt_at > ? AND (p.due_at < o.due_at OR (p.due_at = o.due_at AND p.id < o.id)))
         ORDER BY o.due_at, o.id LIMIT ?`,
      ),
      // Only later attempts count: an item due already but held back behind its chat's earlier message
      // becomes ready when that message's own retry time comes, which is later than now.
      nextWake: c.prepare<[string, number], { at: number | null }>(
        `SELECT MIN(next_attempt_at) AS at FROM outbox WHERE status IN ('pending', 'sending') AND chat_id LIKE ? || ':%'
           AND next_attempt_at > ?`,
      ),
      setStatus: c.prepare(
        'UPDATE outbox SET status = ?, last_error = ?, sent_at = ?, platform_ref = ? WHERE id = ?',
      ),
      sending: c.prepare("UPDATE outbox SET status = 'sending', attempts = attempts + 1 WHERE id = ?"),
      retry: c.prepare(
        "UPDATE outbox SET status = 'pending', next_attempt_at = ?, last_error = ? WHERE id = ?",
      ),
      cancelUnit: c.prepare(
        `UPDATE outbox SET status = 'cancelled', last_error = ? WHERE period_id = ? AND unit_id = ?
         AND status = 'pending' AND kind IN ('remind', 'overdue')`,
      ),
      upcoming: c.prepare<[number, number], Row>(
        `SELECT * FROM outbox WHERE status IN ('pending', 'sending') ORDER BY next_attempt_at, id LIMIT ? OFFSET ?`,
      ),
      byKey: c.prepare<[string], Row>('SELECT * FROM outbox WHERE dedupe_key = ?'),
      hasKey: c.prepare<[string], number>('SELECT 1 FROM outbox WHERE dedupe_key = ?').pluck(),
      countByStatus: c.prepare<[], { status: OutboxStatus; n: number }>(
        'SELECT status, COUNT(*) AS n FROM outbox GROUP BY status',
      ),
      heldSent: c.prepare(
        "UPDATE outbox SET status = 'sent', attempts = attempts + 1, sent_at = ?, platform_ref = ? WHERE dedupe_key = ? AND status = 'held'",
      ),
      heldRetry: c.prepare(
        "UPDATE outbox SET status = 'pending', attempts = attempts + 1, next_attempt_at = ?, last_error = ? WHERE dedupe_key = ? AND status = 'held'",
      ),
      heldFailed: c.prepare(
        "UPDATE outbox SET status = 'failed', attempts = attempts + 1, last_error = ? WHERE dedupe_key = ? AND status = 'held'",
      ),
      releaseHeld: c.prepare("UPDATE outbox SET status = 'pending' WHERE status = 'held'"),
      settle: c.prepare(
        "UPDATE outbox SET status = ?, last_error = ?, sent_at = ? WHERE dedupe_key = ? AND status IN ('held', 'pending', 'sending')",
      ),
    };
  }

  /** Queues a message unless its key was queued before; returns whether it was new. */
  enqueue(input: EnqueueInput, now: Date): boolean {
    return this.insert(input, now, input.skippedBecause ? 'skipped' : 'pending');
  }

  /**
   * Writes a reply the dispatcher is about to send itself, held back from the sender: if the process dies
   * before the platform has taken it, the next start releases it and the sender delivers it.
   */
  hold(input: EnqueueInput, now: Date): boolean {
    return this.insert(input, now, 'held');
  }

  /** The platform took a held reply. */
  heldSent(dedupeKey: string, platformRef: string | null, at: Date): void {
    this.stmts.heldSent.run(at.getTime(), platformRef, dedupeKey);
  }

  /** The platform could not take a held reply now: the sender retries it from `at`. False if none held. */
  heldRetry(dedupeKey: string, at: Date, error: string): boolean {
    return this.stmts.heldRetry.run(at.getTime(), error, dedupeKey).changes === 1;
  }

  /** The platform refused a held reply for good. */
  heldFailed(dedupeKey: string, error: string): void {
    this.stmts.heldFailed.run(error, dedupeKey);
  }

  /** Ends a row, whoever holds it (a render row, settled once its files are made or could not be). */
  settle(dedupeKey: string, status: 'sent' | 'failed', error: string | null, at: Date | null = null): void {
    this.stmts.settle.run(status, error, at?.getTime() ?? null, dedupeKey);
  }

  /**
   * At start: replies a previous process was sending when it ended, never confirmed, go to the sender
   * (at least once: the one in flight at a crash may arrive twice). Returns how many.
   */
  releaseHeld(): number {
    return this.stmts.releaseHeld.run().changes;
  }

  private insert(input: EnqueueInput, now: Date, status: OutboxStatus): boolean {
    const r = this.stmts.insert.run(
      input.dedupeKey,
      input.chatId,
      input.kind,
      input.periodId ?? null,
      input.unitId ?? null,
      JSON.stringify(input.payload),
      input.dueAt.getTime(),
      input.expiresAt?.getTime() ?? null,
      input.dueAt.getTime(),
      now.getTime(),
      status,
      input.skippedBecause ?? null,
    );
    return r.changes === 1;
  }

  /**
   * Items of one channel ready to send at `now`. An item left `sending` by a crash is ready again:
   * delivery is at least once, and a crash can repeat at most the message that was in flight.
   */
  ready(channel: string, now: Date, limit: number): OutboxItem[] {
    return this.stmts.ready.all(now.getTime(), channel, now.getTime(), limit).map(toItem);
  }

  /**
   * When the next item of a channel becomes ready after `now`, if any. Called when nothing is ready: an
   * item already due then waits behind an earlier message of its chat that is waiting for its retry.
   */
  nextWake(channel: string, now: Date): Date | null {
    const at = this.stmts.nextWake.get(channel, now.getTime())?.at;
    return at === null || at === undefined ? null : new Date(at);
  }

  markSending(id: number): void {
    this.stmts.sending.run(id);
  }

  markSent(id: number, platformRef: string | null, at: Date): void {
    this.stmts.setStatus.run('sent', null, at.getTime(), platformRef, id);
  }

  retryAt(id: number, at: Date, error: string): void {
    this.stmts.retry.run(at.getTime(), error, id);
  }

  markFailed(id: number, error: string): void {
    this.stmts.setStatus.run('failed', error, null, null, id);
  }

  markSkipped(id: number, reason: string): void {
    this.stmts.setStatus.run('skipped', reason, null, null, id);
  }

  /** A unit reported: its queued reminders and overdue notices for the period are not sent. */
  cancelReminders(periodId: string, unitId: string): number {
    return this.stmts.cancelUnit.run('đơn vị đã báo cáo', periodId, unitId).changes;
  }

  /** Queued messages, soonest first. */
  upcoming(limit: number, offset = 0): OutboxItem[] {
    return this.stmts.upcoming.all(limit, offset).map(toItem);
  }

  /** Whether a message of this key was ever queued (cheaper than `get`: nothing is read). */
  has(dedupeKey: string): boolean {
    return this.stmts.hasKey.get(dedupeKey) !== undefined;
  }

  get(dedupeKey: string): OutboxItem | null {
    const row = this.stmts.byKey.get(dedupeKey);
    return row ? toItem(row) : null;
  }

  counts(): Record<OutboxStatus, number> {
    const out: Record<OutboxStatus, number> = {
      held: 0,
      pending: 0,
      sending: 0,
      sent: 0,
      failed: 0,
      cancelled: 0,
      skipped: 0,
    };
    for (const r of this.stmts.countByStatus.all()) out[r.status] = r.n;
    return out;
  }
}
