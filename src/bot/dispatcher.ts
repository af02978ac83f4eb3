import type { Channel, Incoming, IncomingHandler } from '../channels/channel';
import { ChannelError } from '../channels/errors';
import { exportFailedMessage } from '../core/messages/exports';
import { internalErrorMessage, storageTroubleMessage } from '../core/messages/help';
import type { Logger } from '../log';
import { isStorageFailure } from '../storage/db';
import type { MessageRefStore } from '../storage/messageRefs';
import type { Bot, Response } from './bot';
import { replyKey } from './bot';
import type { ReceivedFile } from './documents/intake';
import type { Reply } from './turn';

export interface DispatcherOptions {
  /** Hands a reply the platform refused for now (network, rate limit) to the outbox, to be retried. */
  requeue?: (chatId: string, reply: Reply, key: string) => void;
  retry?: Partial<{ firstMs: number; maxMs: number; maxHeld: number }>;
}

/**
 * Connects channels to the bot: each incoming message goes to the bot, and its replies go back through
 * the channel it came from. A failure here is logged and answered; it never stops the channel.
 */
export class Dispatcher {
  /** Messages that arrived while the database could not be written: handled, in order, once it can. */
  private readonly held: { channel: Channel; incoming: Incoming; file: ReceivedFile | null }[] = [];
  private readonly told = new Set<string>();
  private retryTimer: NodeJS.Timeout | null = null;
  private retryDelayMs = 0;

  constructor(
    private readonly bot: Bot,
    private readonly refs: MessageRefStore,
    private readonly logger: Logger,
    private readonly clock: () => Date,
    private readonly options: DispatcherOptions = {},
  ) {
    this.retry = { firstMs: 2_000, maxMs: 60_000, maxHeld: 10_000, ...options.retry };
    // Replies the last run was sending when it ended, never confirmed by the platform, go out again.
    this.recording('unconfirmed replies not released', () => {
      const released = bot.releaseUnconfirmedReplies();
      if (released > 0) logger.warn('replies unconfirmed when the last run ended go out again', { released });
    });
  }

  private readonly retry: { firstMs: number; maxMs: number; maxHeld: number };

  /** How many messages wait for the database to come back. */
  get heldCount(): number {
    return this.held.length;
  }

  handlerFor(channel: Channel): IncomingHandler {
    return async (incoming) => {
      let file: ReceivedFile | null = null;
      if (incoming.attachment) {
        const received = await this.receiveFile(channel, incoming);
        if (received === null) return 'stored';
        if ('storageFailure' in received) {
          await this.hold(channel, incoming, received.storageFailure, null);
          return 'stored';
        }
        file = received;
      }
      // A held message is the dispatcher's to handle once the database is back: the platform need not
      // deliver it again.
      if (this.held.length > 0) {
        await this.hold(channel, incoming, null, file);
        return 'stored';
      }
      const response = this.handle(incoming, file);
      if ('storageFailure' in response) {
        await this.hold(channel, incoming, response.storageFailure, file);
        return 'stored';
      }
      await this.respond(channel, incoming, response);
      return 'stored';
    };
  }

  /**
   * The file of a message, taken in before the message is handled; null when it is not for the bot. A
   * failure (a bug, not the user's file) is logged and told to the sender as a file that could not be had.
   */
  private async receiveFile(
    channel: Channel,
    incoming: Incoming,
  ): Promise<ReceivedFile | null | { storageFailure: unknown }> {
    try {
      return await this.bot.receiveFile(channel, incoming, this.logger);
    } catch (err) {
      if (isStorageFailure(err)) return { storageFailure: err };
      this.logger.error('file not taken in', { chat: incoming.chatId, err });
      return {
        type: 'refused',
        problem: 'unavailable',
        name: incoming.attachment?.name ?? null,
        detected: null,
      };
    }
  }

  /**
   * The bot's answer to a message; a failure of the database itself is returned, to hold the message,
   * and any other failure is logged and answered with an apology (the raw message is kept).
   */
  private handle(incoming: Incoming, file: ReceivedFile | null): Response | { storageFailure: unknown } {
    try {
      const response = this.bot.handle(incoming, file);
      if (response.error)
        this.logger.error('message handling failed; the raw message is kept', {
          chat: incoming.chatId,
          err: response.error,
        });
      return response;
    } catch (err) {
      if (isStorageFailure(err)) return { storageFailure: err };
      this.logger.error('message handling failed', { chat: incoming.chatId, err });
      return { replies: [{ text: internalErrorMessage() }], ack: null };
    }
  }

  /**
   * The database refused a write (full disk, read-only file, a lock held too long): nothing of the
   * message was written. It is kept in memory and handled when the database accepts writes again, in
   * arrival order; the chat is told once that its message is waiting.
   */
  private async hold(
    channel: Channel,
    incoming: Incoming,
    err: unknown,
    file: ReceivedFile | null,
  ): Promise<void> {
    if (this.held.length >= this.retry.maxHeld) {
      this.logger.error('storage unavailable and too many messages held; dropping', {
        chat: incoming.chatId,
      });
      return;
    }
    this.held.push({ channel, incoming, file });
    if (err) this.logger.error('storage unavailable; message held for retry', { chat: incoming.chatId, err });
    this.scheduleRetry();
    if (this.told.has(incoming.chatId)) return;
    this.told.add(incoming.chatId);
    if (incoming.kind === 'action' && channel.answerAction)
      await channel.answerAction(incoming, storageTroubleMessage()).catch(() => {});
    await channel
      .send(incoming.chatId, {
        text: storageTroubleMessage(),
        replyTo: incoming.chatKind === 'group' ? incoming.messageRef : null,
      })
      .catch((e: unknown) => this.logger.warn('reply not delivered', { chat: incoming.chatId, err: e }));
  }

  private scheduleRetry(): void {
    if (this.retryTimer) return;
    this.retryDelayMs =
      this.retryDelayMs === 0 ? this.retry.firstMs : Math.min(this.retry.maxMs, this.retryDelayMs * 2);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      void this.retryHeld();
    }, this.retryDelayMs);
    this.retryTimer.unref?.();
  }

  private async retryHeld(): Promise<void> {
    while (this.held.length > 0) {
      const next = this.held[0]!;
      // A file held before it could be taken in (the database was down) is taken in now.
      if (next.incoming.attachment && next.file === null) {
        const received = await this.receiveFile(next.channel, next.incoming);
        if (received !== null && 'storageFailure' in received) return this.scheduleRetry();
        if (received === null) {
          this.held.shift();
          continue;
        }
        next.file = received;
      }
      const response = this.handle(next.incoming, next.file);
      if ('storageFailure' in response) return this.scheduleRetry();
      this.held.shift();
      await this.respond(next.channel, next.incoming, response);
    }
    this.logger.info('storage available again; held messages handled');
    this.retryDelayMs = 0;
    this.told.clear();
  }

  /** Stops retrying (at shutdown); what is held is lost with the process, as it was never stored. */
  stop(): void {
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
  }

  /**
   * A reply the platform did not take: one refused for now (network, rate limit) goes to the outbox
   * sender, retried; one refused for good is recorded as failed.
   */
  private notDelivered(incoming: Incoming, reply: Reply, key: string, err: unknown): void {
    if (reply.secret) {
      // Never queued: no copy of a credential is kept. The user asks for a new one.
      this.logger.warn('a reply carrying a sign-in link was not delivered; not kept for retry', {
        chat: incoming.chatId,
      });
      return;
    }
    if (err instanceof ChannelError && err.transient) {
      const at = new Date(this.clock().getTime() + (err.retryAfterMs ?? 0));
      let held = false;
      this.recording('reply not handed to the outbox', () => {
        held = this.bot.replyToRetry(key, at, `${err.kind}: ${err.message}`);
      });
      // A reply written with its message is retried from there; others (an error's apology) are queued.
      if (!held) this.options.requeue?.(incoming.chatId, reply, key);
      if (held || this.options.requeue) {
        this.logger.warn('reply not delivered now; queued for retry', {
          chat: incoming.chatId,
          kind: err.kind,
        });
        return;
      }
    } else
      this.recording('refused reply not recorded', () =>
        this.bot.replyRefused(key, err instanceof Error ? err.message : String(err)),
      );
    this.logger.warn('reply not delivered', { chat: incoming.chatId, err });
  }

  /** A bookkeeping write after a send: its failure (the database refusing writes) is logged, not thrown. */
  private recording(what: string, write: () => void): void {
    try {
      write();
    } catch (err) {
      this.logger.error(what, { err });
    }
  }

  private async respond(channel: Channel, incoming: Incoming, response: Response): Promise<void> {
    if (incoming.kind === 'action' && channel.answerAction) {
      await channel.answerAction(incoming, response.ack).catch((err: unknown) => {
        this.logger.warn('button not acknowledged', { chat: incoming.chatId, err });
      });
    }
    for (const [index, reply] of response.replies.entries()) {
      const key = replyKey(incoming.dedupeKey, index);
      try {
        const sent = await channel.send(incoming.chatId, reply);
        this.recording('reply sent, not recorded', () => {
          this.bot.replyDelivered(key, sent.messageRef);
          this.refs.saveSent(incoming.chatId, sent.messageRef, reply.context, this.clock());
        });
      } catch (err) {
        this.notDelivered(incoming, reply, key, err);
      }
      let files = reply.files ?? [];
      if (reply.render) {
        // Making the files takes a while: the chat sees that an answer is on its way.
        await channel.typing?.(incoming.chatId).catch(() => {});
        try {
          files = [...files, ...(await reply.render())];
        } catch (err) {
          this.logger.error('files not made', { chat: incoming.chatId, err });
          await channel
            .send(incoming.chatId, { text: exportFailedMessage() })
            .catch((e: unknown) =>
              this.logger.warn('reply not delivered', { chat: incoming.chatId, err: e }),
            );
        }
      }
      // A channel that takes no documents was told where the files are instead (they stay on the server).
      if (!channel.capabilities.files) files = [];
      for (const file of files) {
        try {
          if (channel.sendFile) await channel.sendFile(incoming.chatId, file);
          else await channel.send(incoming.chatId, { text: `${file.caption ?? file.name}: ${file.path}` });
        } catch (err) {
          this.logger.warn('file not delivered', { chat: incoming.chatId, file: file.name, err });
        }
      }
    }
  }
}
