import type { Incoming, Outgoing, OutgoingFile } from '../channels/channel';
import type { Unit } from '../core/plan/types';
import type { ChatRecord, Role } from '../storage/chats';
import type { MessageContext } from '../storage/messageRefs';
import type { BotDeps } from './deps';

/** One message back to the chat the incoming message came from, optionally with files. */
export interface Reply extends Outgoing {
  /** What the reply is about, so a later reply to it can be tied to its period and task. */
  context?: MessageContext;
  /** Files to send after the text (as documents where the channel can; else their paths are listed). */
  files?: OutgoingFile[];
  /**
   * Files made after the message is handled (spreadsheets, documents): rendering is slow and asynchronous,
   * so it runs outside the message's transaction, on data read inside it. Sent after the text.
   */
  render?: () => Promise<OutgoingFile[]>;
  /**
   * The reply carries a credential (a sign-in link): it is sent once and never written to the outbox, so
   * no copy of it is kept. If the platform cannot take it now, it is lost, and the user asks again.
   */
  secret?: boolean;
}

/** Where a command came from: a chat message, or the web page acting for the chat it was signed in from. */
export type Via = 'chat' | 'web';

/** Everything a command needs about one incoming message, and the replies it produces. */
export class Turn {
  readonly replies: Reply[] = [];
  outcome = 'ignored';
  /** Text for acknowledging a button tap; null acknowledges without text. */
  ack: string | null = null;

  constructor(
    readonly deps: BotDeps,
    readonly incoming: Incoming,
    readonly now: Date,
    readonly chat: ChatRecord,
    /** Row of the raw message in `inbound` (null for an action on the web page: no message came). */
    readonly inboundId: number | null,
    readonly via: Via = 'chat',
  ) {}

  /**
   * When the unit sent the message, by the platform's clock: what a report's period and lateness are
   * judged by, so a message handled late (caught up after a reconnect, held while the database refused
   * writes) is judged as of when it was sent. Never later than now: a platform clock ahead of ours
   * must not move a report into the future.
   */
  get sentAt(): Date {
    const at = this.sentOverride ?? this.incoming.sentAt;
    const sent = at.getTime();
    return Number.isFinite(sent) && sent < this.now.getTime() ? at : this.now;
  }

  private sentOverride: Date | null = null;

  /** The report this message completes was sent earlier (a question about it answered now): judged as of then. */
  judgeAsSentAt(at: Date): void {
    this.sentOverride = at;
  }

  get role(): Role | null {
    return this.chat.role;
  }

  /** The unit the chat speaks for: a unit chat's unit, or the office's own unit for the office. */
  get unit(): Unit | null {
    return this.chat.unitId ? (this.deps.responsibility.units.get(this.chat.unitId) ?? null) : null;
  }

  /** The chat as recorded in the audit log: who did it. */
  get actor(): string {
    return this.chat.id;
  }

  /** Writes to the audit log as this chat; what the web page did for a chat is marked `via: 'web'`. */
  audit(action: string, detail: Record<string, unknown> = {}): void {
    const marked = this.via === 'web' ? { ...detail, via: 'web' } : detail;
    this.deps.audit.write(this.now, this.chat.id, this.chat.role, action, marked);
  }

  /** What the bot message this one replies to was about (its kind, period, task), if the bot knows. */
  replyTarget(): { periodId: string | null; taskCode: string | null; kind: string } | null {
    const ref = this.incoming.replyTo;
    if (!ref || !ref.fromBot) return null;
    const found = this.deps.refs.find(this.chat.id, ref.messageRef);
    return found
      ? { periodId: found.periodId ?? null, taskCode: found.taskCode ?? null, kind: found.kind }
      : null;
  }

  reply(text: string, extra: Omit<Reply, 'text'> = {}): void {
    this.replies.push({
      text,
      replyTo: this.incoming.chatKind === 'group' ? this.incoming.messageRef : null,
      ...extra,
    });
  }
}
