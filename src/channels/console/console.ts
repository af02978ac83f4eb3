import { readFile, stat } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import { plain } from '../../core/messages/format';
import type {
  Acceptance,
  Capabilities,
  Channel,
  ChatId,
  DownloadLimits,
  Incoming,
  IncomingAttachment,
  IncomingHandler,
  Outgoing,
  OutgoingFile,
  Sent,
  SendLimits,
} from '../channel';
import { DownloadError } from '../download';
import type { IncomingJournal } from '../journal';

/** Where `:as` and `:chat` lead: a chat id and how to show it. The terminal is trusted to bind. */
export interface ConsoleChat {
  chatId: ChatId;
  title: string;
  kind: 'group' | 'direct';
}

/** The administrator's side of the console: resolves `:as <name>` to a bound chat, binding if needed. */
export interface ConsoleAdmin {
  /** `:as phong kinh te`, `:as vhxh`, `:as lanhdao`: a chat bound to that unit or role, or an answer why not. */
  actAs(name: string): ConsoleChat | { error: string };
  /** The chat a session starts in. */
  initialChat(): ConsoleChat;
}

export interface ConsoleOptions {
  input: Readable;
  output: Writable;
  admin: ConsoleAdmin;
  /** Called once stdin has closed and every line has been handled. */
  onClosed?: () => void;
  /** Called after each line has been handled (for programs that drive the console, such as tests). */
  onHandled?: () => void;
  /**
   * Where each line is written before the bot sees it. A line cannot be typed again by the platform, so
   * one the bot refuses (the database refusing writes) waits there, and is handled when the database
   * is back or at the next start; the console goes on reading meanwhile.
   */
  journal?: IncomingJournal;
  clock?: () => Date;
}

/**
 * A chat in the terminal, for trying the bot without any account. Each line is one message; a line
 * ending in `\` continues on the next. Lines starting with `:` switch chats. Messages the bot sends to
 * other chats are printed with the chat they go to.
 */
export class ConsoleChannel implements Channel {
  readonly name = 'console';
  /** Files and pictures are shown as the path they were written to; everything reads as plain text. */
  readonly capabilities: Capabilities = {
    buttons: false,
    mentions: false,
    files: true,
    photos: true,
    menus: false,
    maxTextLength: Number.MAX_SAFE_INTEGER,
    formatting: 'plain',
  };
  readonly limits: SendLimits = {
    perSecond: 0,
    minIntervalMs: 0,
    perChatIntervalMs: 0,
    groupPerMinute: null,
    jitterMs: 0,
  };
  readonly down = false;
  readonly deliversAfterStop = true;
  private current: ConsoleChat;
  private readonly titles = new Map<ChatId, string>();
  private seq = 0;
  /** Names this run in the lines' keys: a line of an earlier run left in the journal keeps its own. */
  private readonly run = `${process.pid}-${Date.now().toString(36)}`;
  private closed: Promise<void> | null = null;
  private readonly interactive: boolean;

  constructor(private readonly options: ConsoleOptions) {
    this.current = options.admin.initialChat();
    this.titles.set(this.current.chatId, this.current.title);
    this.interactive = Boolean((options.input as { isTTY?: boolean }).isTTY);
  }

  /** Resolves when input has ended and every message has been handled. */
  get finished(): Promise<void> {
    return this.closed ?? Promise.resolve();
  }

  async start(handler: IncomingHandler): Promise<void> {
    const journal = this.options.journal;
    // What the last run left in the journal is handled before the first new line.
    if (journal) await journal.start(handler);
    const accept = journal ? (m: Incoming) => journal.submit(m) : handler;
    const rl = createInterface({ input: this.options.input, terminal: false });
    this.print(
      [
        'Trò chuyện thử với bot trong cửa sổ lệnh. Mỗi dòng là một tin nhắn; dòng kết thúc bằng \\ được viết tiếp ở dòng sau.',
        ':as <đơn vị | vhxh | lanhdao | giamsat>  nói trong nhóm của đơn vị / Phòng VHXH / lãnh đạo / cơ quan giám sát',
        ':chat <tên>                                nói trong một nhóm mới chưa đăng ký',
        ':file <đường dẫn> [chú thích]              gửi một tệp (báo cáo Word, PDF, ảnh…) vào nhóm đang ở',
        `Đang ở: ${this.current.title}. Gõ /help để xem các lệnh.`,
      ].join('\n'),
    );
    this.prompt();
    this.closed = (async () => {
      let pending = '';
      for await (const rawLine of rl) {
        const line = rawLine.replace(/\r$/, '');
        if (line.endsWith('\\')) {
          pending += `${line.slice(0, -1)}\n`;
          continue;
        }
        const text = pending + line;
        pending = '';
        await this.handleLine(text, accept);
        this.options.onHandled?.();
        this.prompt();
      }
      if (pending.trim()) await this.handleLine(pending.replace(/\n$/, ''), accept);
      this.options.onClosed?.();
    })();
  }

  async stop(): Promise<void> {
    this.options.input.pause();
    await this.options.journal?.stop();
  }

  owns(chatId: ChatId): boolean {
    return chatId.startsWith('console:');
  }

  async send(chatId: ChatId, message: Outgoing): Promise<Sent> {
    const ref = `c${++this.seq}`;
    const body = plain(message.text);
    const buttons = message.buttons?.map((row) => row.map((b) => `[${b.label}]`).join(' ')).join('\n');
    const text = buttons ? `${body}\n${buttons}` : body;
    if (chatId === this.current.chatId) this.print(indent('bot', text));
    else this.print(indent(`bot → ${this.titles.get(chatId) ?? chatId}`, text));
    return { messageRef: ref };
  }

  async sendFile(chatId: ChatId, file: OutgoingFile): Promise<Sent> {
    const text = `${file.caption ? `${file.caption}\n` : ''}Tệp: ${file.path}`;
    return this.send(chatId, { text });
  }

  /**
   * A file from this computer's disk (the terminal is the administrator's): read whole, up to the limit.
   * Its type is still detected from the bytes by the bot, as for any platform's file.
   */
  async download(attachment: IncomingAttachment, limits: DownloadLimits): Promise<Buffer> {
    const size = (await stat(attachment.ref).catch(() => null))?.size;
    if (size === undefined) throw new DownloadError('unavailable', `no file at ${attachment.ref}`);
    if (size > limits.maxBytes) throw new DownloadError('too_large', `${size} bytes`);
    return readFile(attachment.ref);
  }

  private async handleLine(text: string, accept: (m: Incoming) => Promise<Acceptance>): Promise<void> {
    if (!this.interactive && text.trim()) this.print(`[${this.current.title}] > ${text}`);
    const trimmed = text.trim();
    if (/^:file(?:\s|$)/i.test(trimmed)) return this.sendFileLine(trimmed, accept);
    if (trimmed.startsWith(':')) return this.switchChat(trimmed);
    if (!trimmed) return;
    await accept(this.incoming(text));
  }

  /** `:file <path> [caption]`, the path in quotes if it has spaces: the file is sent to the current chat. */
  private async sendFileLine(line: string, accept: (m: Incoming) => Promise<Acceptance>): Promise<void> {
    const m = /^:file\s+(?:"([^"]+)"|(\S+))\s*([\s\S]*)$/i.exec(line);
    const path = m?.[1] ?? m?.[2];
    if (!path)
      return this.print('Gõ ":file <đường dẫn tệp> [chú thích]", ví dụ: :file bao-cao.docx Báo cáo năm 2026');
    const full = resolve(path);
    const info = await stat(full).catch(() => null);
    if (!info?.isFile()) return this.print(`Không tìm thấy tệp ${full}.`);
    const name = basename(full);
    const attachment: IncomingAttachment = {
      kind: /\.(?:jpe?g|png)$/i.test(name) ? 'photo' : 'document',
      name,
      size: info.size,
      ref: full,
    };
    await accept({ ...this.incoming(m?.[3] ?? ''), attachment });
  }

  private incoming(text: string): Incoming {
    const now = this.options.clock?.() ?? new Date();
    return {
      dedupeKey: `console:${this.run}:${++this.seq}`,
      chatId: this.current.chatId,
      chatKind: this.current.kind,
      chatTitle: this.current.title,
      sender: { id: 'console-user', name: 'Người dùng cửa sổ lệnh' },
      text,
      kind: 'message',
      messageRef: `c${this.seq}`,
      replyTo: null,
      // The console is a conversation with the bot, except in a `:chat` group, where it acts like one.
      addressed: this.current.kind === 'direct' || /@bot\b/i.test(text),
      receivedAt: now,
      // A line has no other date than the moment it is read.
      sentAt: now,
    };
  }

  private switchChat(line: string): void {
    const m = /^:(\w+)\s*(.*)$/.exec(line);
    const verb = m?.[1]?.toLowerCase();
    const arg = m?.[2]?.trim() ?? '';
    if (verb === 'chat') {
      const name = arg || `nhóm ${this.seq + 1}`;
      this.current = { chatId: `console:chat:${name.toLowerCase()}`, title: name, kind: 'group' };
    } else if (verb === 'as' && arg) {
      let found: ConsoleChat | { error: string };
      try {
        found = this.options.admin.actAs(arg);
      } catch (err) {
        // Binding a chat on first use writes to the database, which may refuse writes just now.
        return this.print(`Chưa chuyển được sang "${arg}" (${(err as Error).message}); thử lại sau.`);
      }
      if ('error' in found) return this.print(found.error);
      this.current = found;
    } else {
      return this.print(
        'Lệnh của cửa sổ lệnh: ":as <đơn vị | vhxh | lanhdao | giamsat [cơ quan]>", ":chat <tên nhóm>" hoặc ":file <đường dẫn> [chú thích]".',
      );
    }
    this.titles.set(this.current.chatId, this.current.title);
    this.print(
      `— Đang ở: ${this.current.title}${this.current.kind === 'group' && verb === 'chat' ? ' (nhóm chưa đăng ký)' : ''}`,
    );
  }

  private prompt(): void {
    if (this.interactive) this.options.output.write(`[${this.current.title}] > `);
  }

  private print(text: string): void {
    this.options.output.write(`${text}\n`);
  }
}

function indent(label: string, text: string): string {
  return `${label}: ${text.replace(/\n(?!\n|$)/g, '\n  ')}`;
}
