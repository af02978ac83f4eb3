import type { Channel, Incoming, OutgoingFile } from '../channels/channel';
import type { Logger } from '../log';
import type { OutboxPayload } from '../storage/outbox';
import type { ChatRecord } from '../storage/chats';
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
import { answerCourtesy } from './reporting/courtesy';
import { courtesyOf } from '../core/report/courtesy';
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
  /**
   * Messages to take in after this one, through the same channel: the members of an album held back
   * before this message made the album a report (see `bot/documents/intake.ts`).
   */
  then?: Incoming[];
}

/** What a command run from the web page did: its outcome, and the replies it would have sent. */
export interface WebCommandResult {
  outcome: string;
  replies: Reply[];
}

const NOTHING: Response = { replies: [], ack: null };

/** The outbox key of the `index`-th reply to an incoming message. */
export const replyKey = (dedupeKey: string, index: number): string => `reply:${dedupeKey}:${index}`;
/** The outbox key of the `index`-th file sent with (or made for) the message of key `of`. */
export const fileKey = (of: string, index: number): string => `${of}:file:${index}`;
/** The outbox key of the files of a reply still to be made. */
export const renderKey = (reply: string): string => `${reply}:render`;

/** Thrown inside a transaction to roll it back on purpose. */
const ROLLBACK = Symbol('rollback');

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
      const album = incoming.attachment?.album;
      // A held member of an album is held no longer once its message is handled, however it ends.
      if (album) this.deps.albums.release(incoming.dedupeKey);
      if (recorded.type === 'duplicate') return NOTHING;
      const now = this.deps.clock();
      const chat = this.deps.chats.touch(incoming.chatId, incoming.chatKind, incoming.chatTitle, now);
      const turn = new Turn(this.deps, incoming, now, chat, recorded.id);
      const file = this.files.get(incoming);
      const albumKnown = album ? this.deps.documents.albumHead(incoming.chatId, album) !== null : false;
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
        // A credential is sent once and kept nowhere: a crash before it goes out loses it, and the user asks again.
        if (reply.secret) return;
        const key = replyKey(incoming.dedupeKey, index);
        const { text, buttons, forceReply, replyTo, context } = reply;
        const hold = (dedupeKey: string, kind: string, payload: OutboxPayload) =>
          this.deps.outbox.hold({ dedupeKey, chatId: incoming.chatId, kind, payload, dueAt: now }, now);
        hold(key, 'reply', { text, buttons, forceReply, replyTo, context });
        // Files go the same way: a crash before the platform took one sends it on the next start.
        (reply.files ?? []).forEach((file, j) => hold(fileKey(key, j), 'file', { text: '', file }));
        // Files still to be made: the message itself is kept with the row, so that a crash while they
        // are made has the next start make them again (see `replay`).
        if (reply.render) hold(renderKey(key), 'render', { text: '', render: { incoming, reply: index } });
      });
      // This message made its album a report: the members held before it are taken in now. They stay
      // held until each is handled, so that a stop in between has the next start take them in.
      const then =
        album && !albumKnown && this.deps.documents.albumHead(incoming.chatId, album)
          ? this.deps.albums.heldOf(incoming.chatId, album)
          : [];
      return { replies: turn.replies, ack: turn.ack, ...(then.length > 0 ? { then } : {}) };
    });
    this.replayTx = client.transaction(
      (incoming: Incoming, command: ParsedCommand | null, out: { replies: Reply[] }) => {
        const recorded = this.deps.inbound.record(incoming);
        const now = this.deps.clock();
        const chat = this.deps.chats.touch(incoming.chatId, incoming.chatKind, incoming.chatTitle, now);
        const turn = new Turn(this.deps, incoming, now, chat, recorded.id);
        if (incoming.kind === 'action') this.handleAction(turn);
        else if (command) this.runCommand(turn, command);
        else this.handleText(turn, this.read(incoming.text));
        out.replies = turn.replies;
        throw ROLLBACK;
      },
    );
    // The platform took a reply: marked sent, and what it was about kept for replies to it, in one commit.
    this.deliveredTx = client.transaction(
      (key: string, chatId: string, platformRef: string | null, context: Reply['context'] | null) => {
        const now = this.deps.clock();
        this.deps.outbox.heldSent(key, platformRef, now);
        this.deps.refs.saveSent(chatId, platformRef, context ?? undefined, now);
      },
    );
    this.filesMadeTx = client.transaction(
      (key: string, files: OutgoingFile[], chatId: string, held: boolean) => {
        const now = this.deps.clock();
        this.deps.outbox.settle(key, 'sent', null, now);
        return files.map((file, j) => {
          const input = {
            dedupeKey: fileKey(key, j),
            chatId,
            kind: 'file',
            payload: { text: '', file },
            dueAt: now,
          };
          if (held) this.deps.outbox.hold(input, now);
          else this.deps.outbox.enqueue(input, now);
          return input.dedupeKey;
        });
      },
    );
    this.forWeb = client.transaction((chat: ChatRecord, command: ParsedCommand): WebCommandResult => {
      const now = this.deps.clock();
      // The binding as it is now, not as it was at sign-in: an unbound chat may no longer act.
      const current = this.deps.chats.get(chat.id) ?? chat;
      const incoming: Incoming = {
        dedupeKey: `web:${chat.id}:${now.getTime()}`,
        chatId: chat.id,
        chatKind: current.kind,
        chatTitle: current.title,
        sender: { id: 'web', name: null },
        text: `/${command.name} ${command.args}`,
        kind: 'message',
        messageRef: null,
        replyTo: null,
        addressed: true,
        receivedAt: now,
        sentAt: now,
      };
      const turn = new Turn(this.deps, incoming, now, current, null, 'web');
      this.runCommand(turn, command);
      return { outcome: turn.outcome, replies: turn.replies };
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
   * Runs one command for the web page, as the chat it was signed in from would type it: the same commands,
   * the same access check and the same audit (marked `via: 'web'`), in one transaction. Nothing is stored
   * as a message and nothing is sent to the chat: the replies (and files to render) are the page's to show.
   * Notices the command queues for other chats (the answer to a unit) go out as they would from the chat.
   */
  runForWeb(chat: ChatRecord, name: string, args: string): WebCommandResult {
    return this.forWeb(chat, { name, args: clean(args).trim() });
  }

  /**
   * Where a reply the dispatcher was sending ended: taken by the platform (`sent`), to be retried by the
   * outbox sender from `retryAt` (returns false when the reply was not held: nothing to retry), or
   * refused for good.
   */
  replyDelivered(key: string, chatId: string, platformRef: string | null, context: Reply['context']): void {
    this.deliveredTx(key, chatId, platformRef, context ?? null);
  }

  replyToRetry(key: string, retryAt: Date, error: string): boolean {
    const released = this.deps.outbox.heldRetry(key, retryAt, error);
    if (released) this.deps.wake();
    return released;
  }

  replyRefused(key: string, error: string): void {
    this.deps.outbox.heldFailed(key, error);
  }

  /**
   * The files of a reply are made: its render row is settled and each file gets its own outbox row, held
   * for the dispatcher that sends them now, or pending for the outbox sender. Returns the files' keys.
   */
  filesMade(renderRow: string, files: OutgoingFile[], chatId: string, held: boolean): string[] {
    const keys = this.filesMadeTx(renderRow, files, chatId, held);
    if (!held) this.deps.wake();
    return keys;
  }

  /** The files of a reply could not be made (the reason is kept with its row). */
  filesNotMade(renderRow: string, error: string): void {
    this.deps.outbox.settle(renderRow, 'failed', error);
  }

  /**
   * The replies the bot would give to a stored message now, worked out in a transaction that is then
   * rolled back, so nothing of it is kept: to make again the files of a reply whose making a crash
   * interrupted (the file-making closure is gone with the process; the message that asked is kept).
   */
  replay(raw: Incoming): Reply[] {
    const incoming = { ...raw, text: clean(raw.text) };
    const command = incoming.kind === 'message' ? parseCommand(incoming.text) : null;
    const out: { replies: Reply[] } = { replies: [] };
    try {
      this.replayTx(incoming, command, out);
    } catch (err) {
      if (err !== ROLLBACK) throw err;
    }
    return out.replies;
  }

  /** Held album members whose album has become a report since: to be taken in (see `Response.then`). */
  joinableAlbumMembers(): Incoming[] {
    return this.deps.albums.joinable();
  }

  /** Forgets held album members received before `before` whose album never became a report. */
  dropUnjoinedAlbumMembers(before: Date): number {
    return this.deps.albums.dropUnjoined(before);
  }

  /** Queues a notice to a chat for the outbox sender, once per key. */
  tell(chatId: string, key: string, text: string): void {
    const now = this.deps.clock();
    if (
      this.deps.outbox.enqueue({ dedupeKey: key, chatId, kind: 'notice', payload: { text }, dueAt: now }, now)
    )
      this.deps.wake();
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
  private readonly replayTx: (
    incoming: Incoming,
    command: ParsedCommand | null,
    out: { replies: Reply[] },
  ) => void;
  private readonly deliveredTx: (
    key: string,
    chatId: string,
    platformRef: string | null,
    context: Reply['context'] | null,
  ) => void;
  private readonly filesMadeTx: (
    key: string,
    files: OutgoingFile[],
    chatId: string,
    held: boolean,
  ) => string[];
  private readonly forWeb: (chat: ChatRecord, command: ParsedCommand) => WebCommandResult;

  private read(text: string): Reading {
    const parsed = parseReport(text);
    // A report asks nothing: its question is read only when it is not one (most messages are reports).
    let intent: Intent | null | undefined;
    return {
      parsed,
      get intent() {
        if (intent === undefined) intent = detectIntent(text);
        return intent;
      },
    };
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
  private handleText(turn: Turn, reading: Reading): void {
    const { parsed } = reading;
    if (turn.role === null) {
      if (reading.intent?.kind === 'help') replyHelp(turn);
      else {
        turn.reply(notRegisteredMessage(officeOf(this.deps)));
        turn.outcome = 'unbound';
      }
      return;
    }
    const target = turn.replyTarget();
    if (isClarification(turn, target, parsed)) return answerClarification(turn);
    if (parsed.recordable) return handleReportText(turn, turn.incoming.text, target, false, { parsed });
    const intent = reading.intent;
    const courtesy = intent ? null : courtesyOf(turn.incoming.text, parsed);
    if (courtesy) return answerCourtesy(turn, courtesy, parsed, target);
    if (target?.taskCode && !intent)
      return handleReportText(turn, turn.incoming.text, target, false, { parsed });
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
