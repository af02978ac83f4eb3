import type { Capabilities, Channel, ChatId } from './channel';
import { PLAIN_TEXT } from './channel';

/**
 * The channels running in this process, asked by chat: which one owns a chat and what it can do. The bot
 * and the scheduler ask here instead of reading chat-id prefixes. A chat of no running channel (one bound
 * on a platform that is not configured now) is taken as plain text.
 */
export class ChannelDirectory {
  private readonly running: Channel[] = [];

  add(channel: Channel): void {
    this.running.push(channel);
  }

  get all(): readonly Channel[] {
    return this.running;
  }

  /** The running channel that made this chat id, if any. */
  of(chatId: ChatId): Channel | null {
    return this.running.find((c) => c.owns(chatId)) ?? null;
  }

  capabilitiesOf(chatId: ChatId): Capabilities {
    return this.of(chatId)?.capabilities ?? PLAIN_TEXT;
  }
}
