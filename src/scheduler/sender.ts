import type { Channel, OutgoingFile, Sent } from '../channels/channel';
import type { ChartData } from '../core/chart';
import { ChannelError } from '../channels/errors';
import { sendFileOrPath } from '../channels/files';
import { existsSync } from 'node:fs';
import type { Logger } from '../log';
import { isStorageFailure } from '../storage/db';
import type { ChatStore } from '../storage/chats';
import type { MessageRefStore } from '../storage/messageRefs';
import type { OutboxItem, OutboxStore } from '../storage/outbox';
import { RateLimiter } from './limiter';
import type { SendLimits } from './limiter';

export interface SenderOptions {
  limits: SendLimits;
  /** Attempts before a transiently failing message is given up (marked failed). */
  maxAttempts: number;
  /** Told once per item given up for good, so the office can learn of it. */
  onGaveUp: (item: OutboxItem, reason: string) => void;
  clock: () => Date;
  random?: () => number;
  /** Draws a payload's chart into a file, for channels that take files; without it charts are left out. */
  drawChart?: (chart: ChartData, key: string) => Promise<OutgoingFile>;
  /**
   * Makes again the files of a reply whose making a crash interrupted (a row of kind `render`), settling
   * the row and queueing the files; without it such a row fails.
   */
  remakeFiles?: (item: OutboxItem) => Promise<void>;
}

/** A render row that failed this many times (the process dying while making it) is given up. */
const RENDER_ATTEMPTS = 3;

const IDLE_MS = 60_000;
const STORAGE_PAUSE_MS = 1_000;
const STORAGE_PAUSE_MAX_MS = 60_000;

/**
 * Drains the outbox of one channel within its rate limits. Each message is marked `sending` before the
 * platform call and `sent` after it: a crash in between sends that one message again on restart
 * (at least once). Decisions are made on our error kinds only.
 */
export class OutboxSender {
  private running = false;
  private loop: Promise<void> | null = null;
  private wakeUp: (() => void) | null = null;
  private readonly limiter: RateLimiter;
  private readonly random: () => number;

  constructor(
    private readonly channel: Channel,
    private readonly outbox: OutboxStore,
    private readonly chats: ChatStore,
    private readonly refs: MessageRefStore,
    private readonly logger: Logger,
    private readonly options: SenderOptions,
  ) {
    this.random = options.random ?? Math.random;
    this.limiter = new RateLimiter(options.limits, this.random);
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run().catch((err: unknown) => {
      this.logger.error('outbox sender stopped on an unexpected error', { channel: this.channel.name, err });
    });
  }

  /** Something was queued: look at the outbox now rather than at the next timer. */
  wake(): void {
    this.wakeUp?.();
  }

  /** Stops after the message in flight (if any) has been sent and recorded. */
  async stop(): Promise<void> {
    this.running = false;
    this.wake();
    await this.loop;
  }

  /** Sends everything ready now and returns (for tests and the benchmark). */
  async drainOnce(): Promise<number> {
    let sent = 0;
    for (;;) {
      const item = await this.nextItem(false);
      if (!item) return sent;
      await this.deliver(item);
      sent++;
    }
  }

  /**
   * Sends until stopped. The database refusing writes (read-only, full, locked past the busy timeout)
   * pauses the sender, with growing waits, instead of ending it: it resumes when the fault clears.
   */
  private async run(): Promise<void> {
    let pauseMs = 0;
    while (this.running) {
      try {
        const item = await this.nextItem(true);
        if (item && this.running) await this.deliver(item);
        pauseMs = 0;
      } catch (err) {
        if (!isStorageFailure(err)) throw err;
        pauseMs = Math.min(STORAGE_PAUSE_MAX_MS, pauseMs === 0 ? STORAGE_PAUSE_MS : pauseMs * 2);
        this.logger.error('outbox: the database refuses writes; sending paused', {
          channel: this.channel.name,
          retryInMs: pauseMs,
          err,
        });
        await this.sleep(pauseMs);
      }
    }
  }

  /**
   * The ready item that may be sent soonest within the limits; waits for its turn. Without ready items,
   * waits for a wake-up or the next due time (when `wait`), or returns null.
   */
  private async nextItem(wait: boolean): Promise<OutboxItem | null> {
    while (this.running || !wait) {
      const now = this.options.clock().getTime();
      const ready = this.outbox.ready(this.channel.name, new Date(now), 200);
      if (ready.length === 0) {
        if (!wait) return null;
        const next = this.outbox.nextWake(this.channel.name, new Date(now))?.getTime();
        await this.sleep(next === undefined ? IDLE_MS : Math.min(IDLE_MS, Math.max(0, next - now)));
        continue;
      }
      let best: OutboxItem | null = null;
      let bestAt = Infinity;
      for (const item of ready) {
        const at = this.limiter.earliest(item.chatId, this.isGroup(item.chatId), now);
        if (at < bestAt) {
          best = item;
          bestAt = at;
        }
        if (at <= now) break;
      }
      if (best && bestAt <= now) return best;
      await this.sleep(bestAt - now);
    }
    return null;
  }

  private async deliver(item: OutboxItem): Promise<void> {
    const now = this.options.clock();
    if (item.expiresAt && now.getTime() > item.expiresAt.getTime()) {
      this.outbox.markSkipped(item.id, 'quá hạn gửi (bot không chạy lúc đến giờ)');
      this.logger.warn('stale message skipped', { key: item.dedupeKey, due: item.dueAt.toISOString() });
      return;
    }
    const chat = this.chats.get(item.chatId);
    if (chat?.gone) {
      this.outbox.markFailed(item.id, 'nhóm không còn nhận tin');
      return;
    }
    if (item.kind === 'render') return this.remake(item);
    const file = item.payload.file;
    if (file && !existsSync(file.path)) {
      this.outbox.markFailed(item.id, `tệp không còn: ${file.path}`);
      this.logger.error('file to send is gone', { key: item.dedupeKey, file: file.path });
      return;
    }
    const isGroup = this.isGroup(item.chatId);
    this.outbox.markSending(item.id);
    let sent: Sent;
    try {
      // Counted when the platform has answered, not when asked: the platform counts the moment a
      // request arrives, which is after we start it, so spacing from the answer never comes too soon.
      sent = await (
        file ? sendFileOrPath(this.channel, item.chatId, file) : this.channel.send(item.chatId, item.payload)
      ).finally(() => this.limiter.record(item.chatId, isGroup, this.options.clock().getTime()));
    } catch (err) {
      this.onError(item, err);
      return;
    }
    // Recorded apart from the send: a database that refuses this write is not a failed send (the item
    // stays `sending` and goes again once the database is back: at least once).
    const at = this.options.clock();
    this.outbox.markSent(item.id, sent.messageRef, at);
    this.refs.saveSent(item.chatId, sent.messageRef, item.payload.context, at);
    await this.sendChart(item, isGroup);
  }

  /** Files a crash kept from being made: made again (the row is settled by whoever makes them). */
  private async remake(item: OutboxItem): Promise<void> {
    if (!this.options.remakeFiles || item.attempts >= RENDER_ATTEMPTS) {
      this.outbox.markFailed(item.id, 'tệp không tạo lại được');
      this.logger.error('files given up', { key: item.dedupeKey, attempts: item.attempts });
      return;
    }
    this.outbox.markSending(item.id);
    try {
      await this.options.remakeFiles(item);
    } catch (err) {
      if (isStorageFailure(err)) throw err;
      this.outbox.markFailed(item.id, String(err));
      this.logger.error('files not made again', { key: item.dedupeKey, err });
    }
  }

  /**
   * The chart of a digest, after its text: best effort. The text has been delivered and recorded; a chart
   * that cannot be drawn or sent is logged and not retried, so it never holds the queue.
   */
  private async sendChart(item: OutboxItem, isGroup: boolean): Promise<void> {
    const chart = item.payload.chart;
    const draw = this.options.drawChart;
    if (!chart || !draw || !this.channel.sendFile || !this.channel.capabilities.photos) return;
    try {
      const file = await draw(chart, item.dedupeKey);
      const wait =
        this.limiter.earliest(item.chatId, isGroup, this.options.clock().getTime()) -
        this.options.clock().getTime();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      this.limiter.record(item.chatId, isGroup, this.options.clock().getTime());
      await this.channel.sendFile(item.chatId, file);
    } catch (err) {
      this.logger.warn('digest chart not sent', { key: item.dedupeKey, err: String(err) });
    }
  }

  private onError(item: OutboxItem, err: unknown): void {
    const now = this.options.clock().getTime();
    const e =
      err instanceof ChannelError ? err : new ChannelError('network', String(err), null, { cause: err });
    const attempts = item.attempts + 1;
    switch (e.kind) {
      case 'rate_limited': {
        const wait = e.retryAfterMs ?? 5_000;
        this.limiter.pause(now + wait);
        this.outbox.retryAt(item.id, new Date(now + wait), e.message);
        this.logger.warn('rate limited', { channel: this.channel.name, retryAfterMs: wait });
        return;
      }
      case 'network':
      case 'auth': {
        if (attempts >= this.options.maxAttempts) return this.giveUp(item, e);
        const backoff = Math.min(15 * 60_000, 2_000 * 2 ** (attempts - 1));
        const jitter = Math.floor(this.random() * backoff * 0.2);
        this.outbox.retryAt(item.id, new Date(now + backoff + jitter), e.message);
        this.logger.warn('send failed, will retry', {
          key: item.dedupeKey,
          kind: e.kind,
          attempts,
          err: e.message,
        });
        return;
      }
      case 'recipient_gone':
        this.chats.markGone(item.chatId, new Date(now));
        return this.giveUp(item, e);
      case 'rejected':
        return this.giveUp(item, e);
    }
  }

  private giveUp(item: OutboxItem, e: ChannelError): void {
    this.outbox.markFailed(item.id, `${e.kind}: ${e.message}`);
    this.logger.error('message given up', {
      key: item.dedupeKey,
      chat: item.chatId,
      kind: e.kind,
      err: e.message,
    });
    this.options.onGaveUp(item, e.kind);
  }

  private isGroup(chatId: string): boolean {
    return this.chats.get(chatId)?.kind !== 'direct';
  }

  /** Waits `ms`, or less when woken (something was queued, or the sender is stopping). */
  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        if (this.wakeUp === done) this.wakeUp = null;
        resolve();
      };
      const timer = setTimeout(done, Math.max(0, ms));
      this.wakeUp = done;
    });
  }
}
