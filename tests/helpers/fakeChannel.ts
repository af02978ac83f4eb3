import type { Channel, ChatId, IncomingHandler, Outgoing, Sent } from '../../src/channels/channel';
import { PLAIN_TEXT } from '../../src/channels/channel';
import { ChannelError } from '../../src/channels/errors';

/** What the fake does with the next send to a chat: deliver, or fail in one of our ways. */
export type FakeOutcome = 'ok' | { error: ChannelError };

/** A channel that records sends and fails on demand, for the sender's tests. */
export class FakeChannel implements Channel {
  readonly sent: { chatId: ChatId; text: string; at: number }[] = [];
  readonly attempts: { chatId: ChatId; at: number }[] = [];
  private readonly script: FakeOutcome[] = [];
  private seq = 0;
  /** Text, and pictures where a subclass adds `sendFile`. */
  readonly capabilities = { ...PLAIN_TEXT, files: true, photos: true };
  readonly limits = {
    perSecond: 0,
    minIntervalMs: 0,
    perChatIntervalMs: 0,
    groupPerMinute: null,
    jitterMs: 0,
  };
  readonly down = false;

  constructor(
    readonly name: string,
    private readonly clock: () => number = Date.now,
  ) {}

  /** Outcomes of the next sends, in order; after them every send succeeds. */
  then(...outcomes: FakeOutcome[]): this {
    this.script.push(...outcomes);
    return this;
  }

  owns(chatId: ChatId): boolean {
    return chatId.startsWith(`${this.name}:`);
  }

  async start(_handler: IncomingHandler): Promise<void> {}
  async stop(): Promise<void> {}

  async send(chatId: ChatId, message: Outgoing): Promise<Sent> {
    const at = this.clock();
    this.attempts.push({ chatId, at });
    const next = this.script.shift() ?? 'ok';
    if (next !== 'ok') throw next.error;
    this.sent.push({ chatId, text: message.text, at });
    return { messageRef: `m${++this.seq}` };
  }
}

export const rateLimited = (ms: number): FakeOutcome => ({
  error: new ChannelError('rate_limited', '429 Too Many Requests', ms),
});
export const networkDown = (): FakeOutcome => ({ error: new ChannelError('network', 'ECONNRESET') });
export const chatGone = (): FakeOutcome => ({
  error: new ChannelError('recipient_gone', '403 bot was kicked'),
});
