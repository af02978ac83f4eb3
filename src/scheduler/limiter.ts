import type { SendLimits } from '../channels/channel';

export type { SendLimits };

/**
 * Decides when the next message to a chat may go, from what was sent recently. Pure bookkeeping over
 * instants given to it, so it can be tested without waiting.
 */
export class RateLimiter {
  private readonly recent: number[] = [];
  private readonly lastByChat = new Map<string, number>();
  private readonly groupSends = new Map<string, number[]>();
  private pausedUntil = 0;
  /** Not before this instant: the last send plus the channel's minimum gap and jitter. */
  private gapUntil = 0;

  constructor(
    private readonly limits: SendLimits,
    private readonly random: () => number = Math.random,
  ) {}

  /** The earliest instant (ms) at which a message to this chat may be sent. */
  earliest(chatId: string, isGroup: boolean, now: number): number {
    let t = Math.max(now, this.pausedUntil, this.gapUntil);
    if (this.limits.perSecond > 0) {
      this.prune(this.recent, now - 1000);
      if (this.recent.length >= this.limits.perSecond) t = Math.max(t, (this.recent[0] ?? now) + 1000);
    }
    const last = this.lastByChat.get(chatId);
    if (last !== undefined) t = Math.max(t, last + this.limits.perChatIntervalMs);
    if (isGroup && this.limits.groupPerMinute !== null) {
      const sends = this.groupSends.get(chatId) ?? [];
      this.prune(sends, now - 60_000);
      if (sends.length >= this.limits.groupPerMinute) t = Math.max(t, (sends[0] ?? now) + 60_000);
    }
    return t;
  }

  /** Records a send attempt at `at` (the platform counts refused attempts too). */
  record(chatId: string, isGroup: boolean, at: number): void {
    this.recent.push(at);
    this.lastByChat.set(chatId, at);
    if (isGroup && this.limits.groupPerMinute !== null) {
      const sends = this.groupSends.get(chatId) ?? [];
      sends.push(at);
      this.groupSends.set(chatId, sends);
    }
    const jitter = this.limits.jitterMs > 0 ? Math.floor(this.random() * this.limits.jitterMs) : 0;
    this.gapUntil = at + this.limits.minIntervalMs + jitter;
  }

  /** The platform said "too many requests": nothing goes out before `until`. */
  pause(until: number): void {
    this.pausedUntil = Math.max(this.pausedUntil, until);
  }

  private prune(list: number[], before: number): void {
    while (list.length > 0 && (list[0] ?? 0) <= before) list.shift();
  }
}
