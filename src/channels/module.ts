import type { Readable, Writable } from 'node:stream';
import type { Config } from '../config';
import type { HttpRoutes } from '../http/server';
import type { Logger } from '../log';
import type { Acceptance, Channel, ChatId, Incoming } from './channel';
import type { ConsoleAdmin } from './console/console';
import type { IncomingJournal } from './journal';

/**
 * A channel is a folder whose `index.ts` exports one `ChannelFactory`, listed once in `registry.ts`.
 * The runtime asks each factory whether the configuration turns it on, builds the ones that are, gives
 * each an outbox sender and starts them; it knows nothing else of any platform.
 */
export interface ChannelFactory {
  /** The channel's name: the prefix of its chat ids. */
  readonly name: string;
  /**
   * Whether the configuration turns this channel on. `others` names the channels already on (the
   * console's `auto` opens only when nothing else is); `tuning` is what `create` will be given.
   */
  enabled(config: Config, situation: { others: readonly string[]; tuning: ChannelTuning }): boolean;
  /** Builds the channel, loading its platform library only now; mounts its routes on `context.http`. */
  create(context: ChannelContext): Promise<Channel>;
  /**
   * Opened even when its configuration says no, when no other channel works and a terminal is attached
   * (the console), so that the administrator is not left without a way in.
   */
  readonly fallback?: boolean;
}

/**
 * Knobs only tests turn, by channel name (a fake login, shorter timeouts). Each channel declares and reads
 * its own entry; the runtime passes them through unread.
 */
export type ChannelTuning = Readonly<Record<string, unknown>>;

/** What a channel is given to work with. */
export interface ChannelContext {
  config: Config;
  logger: Logger;
  clock: () => Date;
  /** The shared HTTP server: webhook routes and files served to the platform mount here. */
  http: HttpRoutes;
  /** Where the channel tells the rest of the bot what happened to it. */
  events: ChannelEvents;
  /** The raw log of incoming messages, for platforms that hand a message over only once. */
  inbox: RawInbox;
  /**
   * A write-ahead journal on the file system (`JOURNAL_DIR`), for channels whose platform never delivers
   * a message again: each message is written there before the bot sees it (or, where the channel keeps
   * messages raw in `inbox`, each one the database refuses).
   */
  journal(name: string): IncomingJournal;
  /** The command menus to show, for platforms that have them (call at start; bindings change). */
  menus(owns: (chatId: ChatId) => boolean): CommandMenu[];
  /** The terminal the process runs in, for the console channel. */
  terminal: TerminalIO;
  tuning: ChannelTuning;
}

export interface ChannelEvents {
  /**
   * The channel has stopped and needs a person (a refused token, a dead session). Told once per incident
   * (`incident` names it); `notice` is what the office is told in its chats on other channels, `advice`
   * what the administrator reads in the log.
   */
  down(problem: { incident: string; notice: string; advice: string }): void;
  /** The channel can send again (after a reconnect, or a login). */
  up(): void;
  /** A chat moved to a new id (a Telegram group that became a supergroup): its binding follows. */
  chatMoved(from: ChatId, to: ChatId): void;
}

/**
 * For platforms whose updates are consumed when fetched (nothing comes again if the process dies): the
 * message is written raw before anything else is done with it, and what a crash left unhandled is
 * handled at the next start.
 */
export interface RawInbox {
  /** Writes the message raw (once per dedupe key); `refused` when the database refuses writes. */
  keep(message: Incoming): Acceptance;
  /**
   * After the bot has had the message: a kept row it did not process was not for the bot (talk between
   * people in a group), and is forgotten rather than kept.
   */
  settle(message: Incoming): void;
  /** Kept messages of this channel never handled (the process stopped in between), oldest first. */
  unhandled(owns: (chatId: ChatId) => boolean): Incoming[];
  /**
   * The last message stored from chats whose id starts with `prefix` (a channel names its own), by when
   * it was sent: where a catch-up of the platform starts. Null when there is none (or it cannot be read).
   */
  lastStored(prefix: string): { messageRef: string | null; sentAt: Date } | null;
}

/** A command menu for one scope: every group, every direct chat, or one chat (the office's, a leaders'). */
export interface CommandMenu {
  scope: 'groups' | 'direct' | { chatId: ChatId };
  commands: { command: string; description: string }[];
}

export interface TerminalIO {
  input: Readable;
  output: Writable;
  /** Resolves `:as` in the console to a bound chat. */
  admin: ConsoleAdmin;
  /** The console's input has ended and every line was handled: the program may end. */
  onClosed: () => void;
  /** After each console line (tests wait on it). */
  onLine?: () => void;
}
