/**
 * Our own kinds of delivery failure. Channels translate platform errors into these at the edge;
 * the sender decides on the kind, never on a telegraf or zca-js class.
 */
export type ChannelErrorKind =
  /** Too many requests: wait `retryAfterMs` and try again. */
  | 'rate_limited'
  /** The chat is gone, the bot was removed or blocked, or the recipient refuses messages: do not retry. */
  | 'recipient_gone'
  /** Credentials rejected or session expired: nothing will work until an administrator acts. */
  | 'auth'
  /** Connection trouble or a server error: retry with backoff. */
  | 'network'
  /** The platform refused this message itself (too long, malformed): retrying will not help. */
  | 'rejected';

export class ChannelError extends Error {
  constructor(
    readonly kind: ChannelErrorKind,
    message: string,
    readonly retryAfterMs: number | null = null,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'ChannelError';
  }

  get transient(): boolean {
    return this.kind === 'rate_limited' || this.kind === 'network';
  }
}
