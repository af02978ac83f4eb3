import {
  closeSync,
  existsSync,
  fsyncSync,
  ftruncateSync,
  mkdirSync,
  openSync,
  readFileSync,
  writeSync,
} from 'node:fs';
import { dirname } from 'node:path';
import type { Logger } from '../log';
import type { Acceptance, Incoming, IncomingHandler } from './channel';

export interface JournalOptions {
  path: string;
  logger: Logger;
  /** Wait before handing a refused message to the bot again: first, and longest (doubling between). */
  retry?: Partial<{ firstMs: number; maxMs: number }>;
}

/** One line of the journal: a message taken in, or one the bot has stored. */
type Entry = { add: Incoming } | { done: string };

/**
 * A write-ahead journal of incoming messages, for channels whose platform never delivers a message
 * again (Zalo's personal account, the console; the Zalo Bot Platform for what the database refuses to
 * keep raw). Each message is appended and fsynced before the bot sees it, and marked done once the bot
 * has stored it; the file is emptied whenever nothing is left.
 * What a crash, or a database refusing writes, leaves in it is handed to the bot again, in order: at
 * start, and with a growing wait while the database refuses. The bot recognises a message it stored
 * already by its dedupe key, so each message is handled exactly once.
 *
 * The journal should sit on another disk than the database where one is at hand: a full disk then
 * refuses the database but not the journal. If the journal cannot be written either, the message is
 * still handed to the bot, and kept in memory only while the bot refuses it (logged as an error).
 */
export class IncomingJournal {
  private fd: number | null = null;
  private handler: IncomingHandler | null = null;
  /** Taken in, not yet stored by the bot, in arrival order. */
  private readonly pending: Incoming[] = [];
  private chain: Promise<void> = Promise.resolve();
  private retryTimer: NodeJS.Timeout | null = null;
  private waitMs = 0;
  private stopped = false;
  private readonly retry: { firstMs: number; maxMs: number };

  constructor(private readonly options: JournalOptions) {
    this.retry = { firstMs: 1_000, maxMs: 30_000, ...options.retry };
  }

  /** Messages taken in and not yet stored by the bot. */
  get backlog(): number {
    return this.pending.length;
  }

  /**
   * Opens the journal and hands the bot, in order, what an earlier run left in it. Resolves once that
   * backlog is stored, or refused (then it is retried in the background). The file is read before this
   * returns its promise: a message added from then on is handed over after what it held.
   */
  async start(handler: IncomingHandler): Promise<void> {
    this.handler = handler;
    this.stopped = false;
    const left = this.load();
    this.pending.push(...left);
    this.open();
    if (left.length > 0) {
      this.options.logger.warn('journal: messages left by the last run are handled now', {
        journal: this.options.path,
        messages: left.length,
      });
      await this.drain();
    } else this.compact();
  }

  /**
   * Takes a message in: written to the journal (fsynced) first, then handed to the bot after whatever
   * waits before it. `stored` once the bot has it; `refused` while the database refuses writes (the
   * message stays in the journal and is handed over again later).
   */
  async submit(message: Incoming): Promise<Acceptance> {
    if (this.pending.some((m) => m.dedupeKey === message.dedupeKey)) return 'refused';
    if (!this.append({ add: message }, true))
      this.options.logger.error('journal not written; the message is kept in memory until stored', {
        journal: this.options.path,
        key: message.dedupeKey,
      });
    this.pending.push(message);
    return this.handOver(message);
  }

  /**
   * As `submit`, for a channel that has another way to keep a message when the journal cannot be written
   * (the platform's retry, holding it itself): the message is taken in only once it is on disk (appended
   * and fsynced). Null when the journal could not be written: nothing is kept, and the message is still
   * the caller's. Else the message is the journal's, and the promise resolves as `submit`'s does.
   */
  add(message: Incoming): Promise<Acceptance> | null {
    if (this.pending.some((m) => m.dedupeKey === message.dedupeKey)) return Promise.resolve('refused');
    if (!this.append({ add: message }, true)) return null;
    this.pending.push(message);
    return this.handOver(message);
  }

  /** Hands the backlog over, this message in its turn: `stored` once the bot has it, else `refused`. */
  private async handOver(message: Incoming): Promise<Acceptance> {
    await this.drain();
    return this.pending.includes(message) ? 'refused' : 'stored';
  }

  /** Stops retrying and closes the file; what is left in it is handled by the next start. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    await this.chain;
    if (this.fd !== null) closeSync(this.fd);
    this.fd = null;
  }

  /** One pass over the backlog at a time; a pass asked for while one runs follows it. */
  private drain(): Promise<void> {
    const pass = this.chain.then(() => this.drainNow());
    this.chain = pass.catch(() => {});
    return pass;
  }

  private async drainNow(): Promise<void> {
    const handler = this.handler;
    if (!handler) return;
    while (this.pending.length > 0 && !this.stopped) {
      const next = this.pending[0]!;
      let result: Acceptance;
      try {
        result = await handler(next);
      } catch (err) {
        // The dispatcher answers every failure itself; an error here is a bug, and retrying it forever
        // would hold every later message back.
        this.options.logger.error('journal: message dropped after an unexpected error', {
          key: next.dedupeKey,
          err,
        });
        result = 'stored';
      }
      if (result === 'refused') return this.scheduleRetry();
      this.pending.shift();
      // Not fsynced: lost in a crash, it only makes the bot see a message it already has, as a duplicate.
      this.append({ done: next.dedupeKey }, false);
    }
    this.waitMs = 0;
    if (this.pending.length === 0) this.compact();
  }

  private scheduleRetry(): void {
    if (this.retryTimer || this.stopped) return;
    this.waitMs = this.waitMs === 0 ? this.retry.firstMs : Math.min(this.retry.maxMs, this.waitMs * 2);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      void this.drain();
    }, this.waitMs);
    this.retryTimer.unref?.();
  }

  private open(): void {
    try {
      const dir = dirname(this.options.path);
      const fresh = !existsSync(this.options.path);
      mkdirSync(dir, { recursive: true });
      this.fd = openSync(this.options.path, 'a', 0o600);
      // A new file is durable only once its directory entry is.
      if (fresh) syncDir(dir);
    } catch (err) {
      this.options.logger.error('journal cannot be opened', { journal: this.options.path, err });
      this.fd = null;
    }
  }

  private append(entry: Entry, sync: boolean): boolean {
    if (this.fd === null) this.open();
    if (this.fd === null) return false;
    try {
      writeSync(this.fd, `${JSON.stringify(entry)}\n`);
      if (sync) fsyncSync(this.fd);
      return true;
    } catch (err) {
      this.options.logger.error('journal write failed', { journal: this.options.path, err });
      return false;
    }
  }

  /** Nothing left to hand over: the file starts again empty. */
  private compact(): void {
    if (this.fd === null) return;
    try {
      ftruncateSync(this.fd, 0);
    } catch (err) {
      this.options.logger.warn('journal not emptied', { journal: this.options.path, err });
    }
  }

  private load(): Incoming[] {
    return pendingIn(this.options.path, () =>
      this.options.logger.warn('journal: unreadable line skipped', { journal: this.options.path }),
    );
  }
}

/**
 * The messages of a journal file not marked done, in order (none if there is no file); a line torn by a
 * crash is skipped.
 */
export function pendingIn(path: string, onUnreadable: () => void = () => {}): Incoming[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return [];
  }
  const taken = new Map<string, Incoming>();
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    let entry: Entry;
    try {
      entry = JSON.parse(line) as Entry;
    } catch {
      onUnreadable();
      continue;
    }
    if ('done' in entry) taken.delete(entry.done);
    else if (entry.add && !taken.has(entry.add.dedupeKey)) taken.set(entry.add.dedupeKey, revive(entry.add));
  }
  return [...taken.values()];
}

/** A message read back from JSON, with its dates. */
function revive(m: Incoming): Incoming {
  const receivedAt = new Date(m.receivedAt as unknown as string);
  return { ...m, receivedAt, sentAt: m.sentAt ? new Date(m.sentAt as unknown as string) : receivedAt };
}

function syncDir(dir: string): void {
  try {
    const fd = openSync(dir, 'r');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch {
    // Some file systems do not sync directories; the file's own fsync still holds its content.
  }
}
