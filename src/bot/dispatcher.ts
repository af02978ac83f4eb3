import type {
  Acceptance,
  Channel,
  Incoming,
  IncomingHandler,
  Outgoing,
  OutgoingFile,
} from '../channels/channel';
import { ChannelError } from '../channels/errors';
import { sendFileOrPath } from '../channels/files';
import { exportFailedMessage } from '../core/messages/exports';
import { internalErrorMessage, storageTroubleMessage } from '../core/messages/help';
import type { Logger } from '../log';
import { isStorageFailure } from '../storage/db';
import type { MessageRefStore } from '../storage/messageRefs';
import type { OutboxItem } from '../storage/outbox';
import type { Bot, Response } from './bot';
import { fileKey, renderKey, replyKey } from './bot';
import type { ReceivedFile } from './documents/intake';
import type { Reply } from './turn';

export interface DispatcherOptions {
  /** Hands a reply the platform refused for now (network, rate limit) to the outbox, to be retried. */
  requeue?: (chatId: string, reply: Reply, key: string) => void;
  /**
   * After the database refused a write: how long every message is refused without trying the database
   * at all (first wait, doubled at each refusal up to the longest). Then one message tries it again.
   */
  backoff?: Partial<{ firstMs: number; maxMs: number }>;
  /** Monotonic time in ms, for the backoff (tests may move it). */
  monotonic?: () => number;
}

/**
 * Connects channels to the bot: each incoming message goes to the bot, and its replies (and files) go
 * back through the channel it came from. A failure here is logged and answered; it never stops the
 * channel. While the database refuses writes, messages are refused (`Acceptance`), never kept in memory:
 * the channel leaves them with the platform, or in its own journal, to be delivered again.
 */
export class Dispatcher {
  /** Chats told about the storage fault during this outage (told once each). */
  private readonly told = new Set<string>();
  /** Set while the database refuses writes: until when messages are refused untried, and the next wait. */
  private refusing: { untilMs: number; waitMs: number } | null = null;
  private readonly inFlight = new Set<Promise<unknown>>();
  private stopped = false;
  private readonly backoff: { firstMs: number; maxMs: number };
  private readonly monotonic: () => number;

  constructor(
    private readonly bot: Bot,
    private readonly refs: MessageRefStore,
    private readonly logger: Logger,
    private readonly clock: () => Date,
    private readonly options: DispatcherOptions = {},
  ) {
    this.backoff = { firstMs: 2_000, maxMs: 60_000, ...options.backoff };
    this.monotonic = options.monotonic ?? (() => performance.now());
    // Replies the last run was sending when it ended, never confirmed by the platform, go out again.
    this.recording('unconfirmed replies not released', () => {
      const released = bot.releaseUnconfirmedReplies();
      if (released > 0) logger.warn('replies unconfirmed when the last run ended go out again', { released });
    });
  }

  /** Whether the database is known to refuse writes (messages are being refused). */
  get refusingWrites(): boolean {
    return this.refusing !== null;
  }

  handlerFor(channel: Channel): IncomingHandler {
    return (incoming) => this.track(this.accept(channel, incoming));
  }

  /** Resolves when no message is being handled or answered (at shutdown, after the channels stopped). */
  async idle(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }

  private track<T>(work: Promise<T>): Promise<T> {
    this.inFlight.add(work);
    void work.finally(() => this.inFlight.delete(work)).catch(() => {});
    return work;
  }

  private async accept(channel: Channel, incoming: Incoming): Promise<Acceptance> {
    // Backed off: the database refused a moment ago; trying now would only wait out its busy timeout.
    if (this.refusing && this.monotonic() < this.refusing.untilMs)
      return this.refuse(channel, incoming, null);
    // A file sent with the message is taken in first (downloaded, checked, read), outside the transaction.
    let file: ReceivedFile | null = null;
    if (incoming.attachment) {
      const received = await this.receiveFile(channel, incoming);
      // Not for the bot: nothing to store, nothing to deliver again.
      if (received === null) return 'stored';
      if ('storageFailure' in received) return this.refuse(channel, incoming, received.storageFailure);
      file = received;
    }
    const response = this.handle(incoming, file);
    if ('storageFailure' in response) return this.refuse(channel, incoming, response.storageFailure);
    if (this.refusing) {
      this.logger.info('storage accepts writes again');
      this.refusing = null;
      this.told.clear();
    }
    await this.respond(channel, incoming, response);
    // Members of its album held before it: taken in now, one after the other, as if they came now.
    for (const member of response.then ?? []) await this.accept(channel, member);
    return 'stored';
  }

  /**
   * At start: members of albums that became a report while they were held, which the last run stopped
   * before taking in, are taken in through their chat's channel. Held members of albums that never
   * became a report, older than `dropBefore`, are forgotten.
   */
  takeHeldAlbumMembers(channels: readonly Channel[], dropBefore: Date): Promise<void> {
    return this.track(this.takeHeld(channels, dropBefore));
  }

  private async takeHeld(channels: readonly Channel[], dropBefore: Date): Promise<void> {
    let held: Incoming[] = [];
    this.recording('held album members not read', () => {
      const dropped = this.bot.dropUnjoinedAlbumMembers(dropBefore);
      if (dropped > 0) this.logger.info('album pictures never part of a report forgotten', { dropped });
      held = this.bot.joinableAlbumMembers();
    });
    if (held.length > 0)
      this.logger.info('album pages held at the last stop are taken in', { held: held.length });
    for (const member of held) {
      if (this.stopped) return;
      const channel = channels.find((c) => c.owns(member.chatId) && !c.down);
      // A channel that is off or down: the member stays held for a start where it is up.
      if (channel) await this.accept(channel, member);
    }
  }

  /**
   * The file of a message, taken in by the bot; a failure of the database itself is returned, to refuse
   * the message, and any other failure stands for a file that could not be taken (the user is told).
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
   * The bot's answer to a message; a failure of the database itself is returned, to refuse the message,
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
   * message was written, and it is refused, for the channel to leave with the platform or keep in its
   * journal. Further messages are refused without trying the database until a growing wait has passed
   * (backed off once, then held). The chat is told once per outage.
   */
  private async refuse(channel: Channel, incoming: Incoming, err: unknown): Promise<Acceptance> {
    if (err) {
      const waitMs = this.refusing
        ? Math.min(this.backoff.maxMs, this.refusing.waitMs * 2)
        : this.backoff.firstMs;
      this.refusing = { untilMs: this.monotonic() + waitMs, waitMs };
      this.logger.error('storage refuses writes; messages refused, to be delivered again', {
        chat: incoming.chatId,
        retryInMs: waitMs,
        err,
      });
    }
    if (this.told.has(incoming.chatId)) return 'refused';
    this.told.add(incoming.chatId);
    if (incoming.kind === 'action' && channel.answerAction)
      await channel.answerAction(incoming, storageTroubleMessage()).catch(() => {});
    await channel
      .send(incoming.chatId, {
        text: storageTroubleMessage(),
        replyTo: incoming.chatKind === 'group' ? incoming.messageRef : null,
      })
      .catch((e: unknown) => this.logger.warn('reply not delivered', { chat: incoming.chatId, err: e }));
    return 'refused';
  }

  /**
   * Nothing is held in memory; held album members not yet taken in at start stay held for the next one.
   * Kept for the runtime's shutdown order.
   */
  stop(): void {
    this.stopped = true;
  }

  /**
   * A message the platform did not take: one refused for now (network, rate limit) goes to the outbox
   * sender, retried; one refused for good is recorded as failed.
   */
  private notDelivered(chatId: string, key: string, err: unknown, requeue: (() => void) | null): void {
    if (err instanceof ChannelError && err.transient) {
      const at = new Date(this.clock().getTime() + (err.retryAfterMs ?? 0));
      let held = false;
      this.recording('reply not handed to the outbox', () => {
        held = this.bot.replyToRetry(key, at, `${err.kind}: ${err.message}`);
      });
      // A reply written with its message is retried from there; others (an error's apology) are queued.
      if (!held && requeue && this.options.requeue) requeue();
      if (held || (requeue && this.options.requeue)) {
        this.logger.warn('reply not delivered now; queued for retry', { chat: chatId, kind: err.kind });
        return;
      }
    } else
      this.recording('refused reply not recorded', () =>
        this.bot.replyRefused(key, err instanceof Error ? err.message : String(err)),
      );
    this.logger.warn('reply not delivered', { chat: chatId, err });
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
    const { chatId } = incoming;
    for (const [index, reply] of response.replies.entries()) {
      const key = replyKey(incoming.dedupeKey, index);
      // A reply carrying a credential (a sign-in link) is never queued: no copy of it is kept anywhere.
      const requeue = reply.secret ? null : () => this.options.requeue?.(chatId, reply, key);
      await this.deliver(channel, chatId, key, reply, requeue);
      // A channel that takes no documents was told where the files are instead (they stay on the server).
      if (channel.capabilities.files)
        for (const [j, file] of (reply.files ?? []).entries())
          await this.deliver(channel, chatId, fileKey(key, j), { text: '', file }, null);
      if (reply.render) {
        // Making the files takes a while: the chat sees that an answer is on its way.
        await channel.typing?.(chatId).catch(() => {});
        await this.makeFiles(channel, chatId, renderKey(key), reply.render);
      }
    }
  }

  /** Sends one held row (a reply or a file) and records what became of it. */
  private async deliver(
    channel: Channel,
    chatId: string,
    key: string,
    message: Outgoing & { file?: OutgoingFile; context?: Reply['context'] },
    requeue: (() => void) | null,
  ): Promise<void> {
    try {
      const sent = message.file
        ? await sendFileOrPath(channel, chatId, message.file)
        : await channel.send(chatId, message);
      this.recording('reply sent, not recorded', () =>
        this.bot.replyDelivered(key, chatId, sent.messageRef, message.context),
      );
    } catch (err) {
      this.notDelivered(chatId, key, err, requeue);
    }
  }

  /**
   * Makes a reply's files (outside the message's transaction: slow and asynchronous), writes each as an
   * outbox row, and sends them. Made but not recorded (the database refusing writes), they are sent
   * anyway; not made, the chat is told.
   */
  private async makeFiles(
    channel: Channel,
    chatId: string,
    key: string,
    render: () => Promise<OutgoingFile[]>,
  ): Promise<void> {
    let files: OutgoingFile[];
    try {
      files = await render();
    } catch (err) {
      this.logger.error('files not made', { chat: chatId, err });
      this.recording('files not made, not recorded', () => this.bot.filesNotMade(key, String(err)));
      await channel
        .send(chatId, { text: exportFailedMessage() })
        .catch((e: unknown) => this.logger.warn('reply not delivered', { chat: chatId, err: e }));
      return;
    }
    // A channel that takes no documents was told where the files are instead (they stay on the server).
    if (!channel.capabilities.files) files = [];
    let keys: string[] | null = null;
    this.recording('files made, not recorded', () => {
      keys = this.bot.filesMade(key, files, chatId, true);
    });
    for (const [j, file] of files.entries()) {
      const rowKey = (keys as string[] | null)?.[j];
      if (rowKey) await this.deliver(channel, chatId, rowKey, { text: '', file }, null);
      else
        await sendFileOrPath(channel, chatId, file).catch((err: unknown) =>
          this.logger.warn('file not delivered', { chat: chatId, file: file.name, err }),
        );
    }
  }

  /**
   * Makes again the files of a reply whose making a crash interrupted (an outbox row of kind `render`,
   * met by the outbox sender): the message that asked for them is handled again without keeping any
   * of it, and its files go to the outbox. Failing that, the chat is told and the row failed.
   */
  async remakeFiles(item: OutboxItem, channel: Pick<Channel, 'capabilities'>): Promise<void> {
    const spec = item.payload.render;
    const fail = (why: string) => {
      this.logger.error('files not made again', { key: item.dedupeKey, why });
      this.bot.filesNotMade(item.dedupeKey, why);
      this.bot.tell(item.chatId, `${item.dedupeKey}:failed`, exportFailedMessage());
    };
    if (!spec) return fail('no message kept with the row');
    let render: (() => Promise<OutgoingFile[]>) | undefined;
    try {
      render = this.bot.replay(spec.incoming)[spec.reply]?.render;
    } catch (err) {
      if (isStorageFailure(err)) throw err;
      return fail(String(err));
    }
    if (!render) return fail('the message no longer asks for files');
    let files: OutgoingFile[];
    try {
      files = await render();
    } catch (err) {
      return fail(String(err));
    }
    this.bot.filesMade(item.dedupeKey, channel.capabilities.files ? files : [], item.chatId, false);
    this.logger.info('files made again after a restart', { key: item.dedupeKey, files: files.length });
  }
}
