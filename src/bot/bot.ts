import type { Channel, Incoming } from '../channels/channel';
import type { Logger } from '../log';
import { isStorageFailure } from '../storage/db';
import {
  internalErrorMessage,
  notAllowedMessage,
  notUnderstoodMessage,
  notRegisteredMessage,
  unknownCommandMessage,
} from '../core/messages/help';
import { clean } from '../core/messages/format';
import { detectIntent } from '../core/intents';
import type { Intent } from '../core/intents';
import { fold } from '../core/text/fold';
import { findCommand } from './commands';
import type { ParsedCommand } from './commands/parse';
import { parseCommand } from './commands/parse';
import { reportCommand } from './commands/report';
import { handleDocument } from './documents/handle';
import type { ReceivedFile } from './documents/intake';
import { receiveFile } from './documents/intake';
import { replyHelp } from './commands/help';
import type { BotDeps } from './deps';
import { officeOf } from './deps';
import { handleStatusButton } from './reporting/buttons';
import { answerClarification, isClarification } from './reporting/clarify';
import { handleReportText } from './reporting/report';
import { answerQuestion } from './questions';
import type { Reply } from './turn';
import { Turn } from './turn';
import { parseReport } from '../core/report/parse';
import type { ParsedReport } from '../core/report/types';

/** What the bot read of a plain message before deciding whether it is meant for it. */
interface Reading {
  parsed: ParsedReport;
  intent: Intent | null;
}

/** Words that address the people of a group, not the bot: "… vậy mọi người?", "cả nhà ơi". */
const TO_PEOPLE = /(?:^|\s)(?:moi nguoi|ca nha|cac dong chi|cac ban|ae|anh em)(?:\s|$|[,.?!])/;

/** What the bot does with one incoming message: replies to its chat, and an answer to a button tap. */
export interface Response {
  replies: Reply[];
  /** Short text shown when acknowledging a button tap (null: acknowledge silently). */
  ack: string | null;
  /** The failure, when handling the message failed (the raw message is kept, the user told). */
  error?: unknown;
}

const NOTHING: Response = { replies: [], ack: null };

/** The outbox key of the `index`-th reply to an incoming message. */
export const replyKey = (dedupeKey: string, index: number): string => `reply:${dedupeKey}:${index}`;

export { parseCommand } from './commands/parse';
export type { ParsedCommand } from './commands/parse';

/**
 * The channel-agnostic conversation: takes one incoming message, stores it raw, decides what it is,
 * does it, and returns the replies for the same chat. Synchronous: every step is a local SQLite call.
 */
export class Bot {
  constructor(private readonly deps: BotDeps) {
    const client = this.deps.db.$client;
    // Built once: better-sqlite3 makes a new function per transaction() call.
    this.inTransaction = client.transaction((incoming: Incoming, command: ParsedCommand | null): Response => {
      const recorded = this.deps.inbound.record(incoming);
      if (recorded.type === 'duplicate') return NOTHING;
      const now = this.deps.clock();
      const chat = this.deps.chats.touch(incoming.chatId, incoming.chatKind, incoming.chatTitle, now);
      const turn = new Turn(this.deps, incoming, now, chat, recorded.id);
      const file = this.files.get(incoming);
      if (incoming.kind === 'action') this.handleAction(turn);
      // A file taken in for a unit is its report, its caption (after /baocao, if written) the text.
      else if (file && file.type !== 'not_fetched' && reportsHere(turn) && isReportCommand(command))
        handleDocument(turn, file, command ? command.args : incoming.text);
      else if (command) this.runCommand(turn, command);
      else this.handleText(turn, this.readings.get(incoming) ?? this.read(incoming.text));
      this.auditRefusal(turn, command);
      this.deps.inbound.markProcessed(recorded.id, turn.outcome, now);
      // The replies are written with the message they answer, held for the dispatcher to send: a crash
      // after this commit and before the platform took them no longer loses them (the platform's
      // redelivery is a duplicate then, and answers nothing).
      turn.replies.forEach((reply, index) => {
        const { text, buttons, forceReply, replyTo, context } = reply;
        this.deps.outbox.hold(
          {
            dedupeKey: replyKey(incoming.dedupeKey, index),
            chatId: incoming.chatId,
            kind: 'reply',
            payload: { text, buttons, forceReply, replyTo, context },
            dueAt: now,
          },
          now,
        );
      });
      return { replies: turn.replies, ack: turn.ack };
    });
    this.recordFailure = client.transaction((incoming: Incoming, error: unknown) => {
      const recorded = this.deps.inbound.record(incoming);
      if (recorded.type !== 'duplicate')
        this.deps.inbound.markProcessed(
          recorded.id,
          `error:${String(error).slice(0, 200)}`,
          this.deps.clock(),
        );
    });
  }

  /**
   * `file`: what `receiveFile` made of the message's attachment. A message with a file the intake did
   * not take in is not for the bot.
   */
  handle(raw: Incoming, file: ReceivedFile | null = null): Response {
    const incoming = { ...raw, text: clean(raw.text) };
    const command = incoming.kind === 'message' ? parseCommand(incoming.text) : null;
    if (raw.attachment) {
      // A file's message is for the bot when the intake took the file in (or answers it unfetched).
      if (file === null) return NOTHING;
      this.files.set(incoming, file);
    } else {
      const reading = incoming.kind === 'message' && !command ? this.read(incoming.text) : null;
      if (!this.isForMe(incoming, command !== null, reading)) return NOTHING;
      if (reading) this.readings.set(incoming, reading);
    }
    try {
      return this.inTransaction(incoming, command);
    } catch (error) {
      // The database itself failed: nothing was written; the dispatcher holds the message for later.
      if (isStorageFailure(error)) throw error;
      // A bug in handling this message: its work was rolled back whole, its raw text is kept with the
      // error, and the user is told it was saved.
      this.recordFailure(incoming, error);
      return { replies: [{ text: internalErrorMessage() }], ack: null, error };
    }
  }

  /**
   * Where a reply the dispatcher was sending ended: taken by the platform (`sent`), to be retried by the
   * outbox sender from `retryAt` (returns false when the reply was not held: nothing to retry), or
   * refused for good.
   */
  replyDelivered(key: string, platformRef: string | null): void {
    this.deps.outbox.heldSent(key, platformRef, this.deps.clock());
  }

  replyToRetry(key: string, retryAt: Date, error: string): boolean {
    const released = this.deps.outbox.heldRetry(key, retryAt, error);
    if (released) this.deps.wake();
    return released;
  }

  replyRefused(key: string, error: string): void {
    this.deps.outbox.heldFailed(key, error);
  }

  /** At start: replies the last run never saw confirmed go to the outbox sender. Returns how many. */
  releaseUnconfirmedReplies(): number {
    return this.deps.outbox.releaseHeld();
  }

  /**
   * One transaction per message: the raw message, what it changes, and its outcome commit together, so
   * a crash leaves either all of it or none (and then the platform delivers the message again).
   */
  private readonly inTransaction: (incoming: Incoming, command: ParsedCommand | null) => Response;
  /** What `handle` read of a message before the transaction, so it is read once. */
  private readonly readings = new WeakMap<Incoming, Reading>();
  /** The file of a message, taken in before the transaction (see `receiveFile`). */
  private readonly files = new WeakMap<Incoming, ReceivedFile>();

  /**
   * Takes in the file of a message before it is handled (download, checks, text): slow and
   * asynchronous, so it runs before the message's transaction. Null: the file is not for the bot.
   */
  receiveFile(
    channel: Pick<Channel, 'download'>,
    incoming: Incoming,
    logger: Logger,
  ): Promise<ReceivedFile | null> {
    return receiveFile(this.deps, channel, incoming, logger);
  }
  private readonly recordFailure: (incoming: Incoming, error: unknown) => void;

  private read(text: string): Reading {
    return { parsed: parseReport(text), intent: detectIntent(text) };
  }

  /**
   * The chatter rule. In a group, a message not addressed to the bot (no command, mention or reply to
   * it) is read only when it reads as a report: a status or a result for a task, a difficulty, a proposal.
   * A question or a remark that names a task, a header alone, is people talking, and is neither answered
   * nor stored. The office's and the leaders' groups talk to the bot: a question there is answered
   * (unless it calls on the people: "… vậy mọi người?"); in a unit's group it is left to the people there.
   */
  private isForMe(incoming: Incoming, isCommand: boolean, reading: Reading | null): boolean {
    if (incoming.addressed || isCommand || incoming.chatKind === 'direct' || incoming.kind === 'action')
      return true;
    if (!reading) return false;
    if (reading.parsed.recordable) return true;
    const intent = reading.intent;
    if (!intent || TO_PEOPLE.test(fold(incoming.text))) return false;
    if (intent.kind === 'help' && intent.toBot) return true;
    const role = this.deps.chats.get(incoming.chatId)?.role ?? null;
    return role === 'office' || role === 'leader';
  }

  /**
   * Refusals not decided by a command's audience (which audits its own): an unbound chat asking anything
   * but help or registration, and a leader or a supervising body sending a report. Every refusal is kept for the office.
   */
  private auditRefusal(turn: Turn, command: ParsedCommand | null): void {
    if (
      turn.outcome !== 'unbound' &&
      turn.outcome !== 'refused:leader-report' &&
      turn.outcome !== 'refused:supervisor-report'
    )
      return;
    const asked =
      turn.incoming.kind === 'action'
        ? 'button'
        : command
          ? `/${command.name.slice(0, 32)}`
          : turn.outcome === 'unbound'
            ? 'message'
            : 'report';
    turn.audit('refused', { asked, role: turn.role ?? 'unbound' });
  }

  private handleAction(turn: Turn): void {
    if (turn.role === null) {
      turn.ack = notRegisteredMessage(officeOf(this.deps));
      turn.outcome = 'unbound';
      return;
    }
    handleStatusButton(turn);
  }

  private runCommand(turn: Turn, command: ParsedCommand): void {
    const found = findCommand(command.name);
    if (!found) {
      if (turn.role === null) {
        turn.reply(notRegisteredMessage(officeOf(this.deps)));
        turn.outcome = 'unbound';
      } else {
        turn.reply(unknownCommandMessage(command.name));
        turn.outcome = `unknown-command:${command.name}`;
      }
      return;
    }
    const audience = turn.role ?? 'unbound';
    if (!found.audience.includes(audience)) {
      turn.outcome = `refused:${found.names[0]}`;
      // Who tried what they may not do is kept for the office, as every binding and office action is.
      turn.audit('refused', { command: found.names[0], role: audience });
      if (audience === 'unbound') turn.reply(notRegisteredMessage(officeOf(this.deps)));
      else turn.reply(notAllowedMessage(found.names[0] ?? command.name, found.audience, officeOf(this.deps)));
      return;
    }
    turn.outcome = `command:${found.names[0]}`;
    if (audience === 'office') turn.audit(`command:${found.names[0]}`, { args: command.args.slice(0, 500) });
    found.run(turn, command.args);
  }

  /**
   * A plain message meant for the bot: an answer to its question about a report, a report (or
   * difficulty), a question it knows, or, addressed to it, something it does not understand.
   */
  private handleText(turn: Turn, { parsed, intent }: Reading): void {
    if (turn.role === null) {
      if (intent?.kind === 'help') replyHelp(turn);
      else {
        turn.reply(notRegisteredMessage(officeOf(this.deps)));
        turn.outcome = 'unbound';
      }
      return;
    }
    const target = turn.replyTarget();
    if (isClarification(turn, target, parsed)) return answerClarification(turn);
    if (parsed.recordable || (target?.taskCode && !intent)) {
      return handleReportText(turn, turn.incoming.text, target, false, { parsed });
    }
    if (intent) return answerQuestion(turn, intent);
    if (turn.role === 'leader') {
      turn.reply(notUnderstoodMessage());
      turn.outcome = 'not-understood';
      return;
    }
    handleReportText(turn, turn.incoming.text, target, false, { parsed });
  }
}

/** Only a unit, or the office for its own tasks, sends a report file. */
function reportsHere(turn: Turn): boolean {
  return turn.role === 'unit' || turn.role === 'office';
}

/** No command, or /baocao: a file's caption that is another command is that command. */
function isReportCommand(command: ParsedCommand | null): boolean {
  return command === null || findCommand(command.name) === reportCommand;
}
