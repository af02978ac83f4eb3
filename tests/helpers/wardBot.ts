import { mkdtempSync, readdirSync, copyFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp } from '../../src/app';
import type { App } from '../../src/app';
import type { Incoming } from '../../src/channels/channel';
import { loadConfig } from '../../src/config';
import { plain } from '../../src/core/messages/format';
import { instantAt } from '../../src/core/time';
import { silentLogger } from '../../src/log';
import type { Role } from '../../src/storage/chats';
import { PLANS_DIR } from './plans';

/** Local time in Hải Phòng, "2026-12-04 09:00". */
export function hp(local: string): Date {
  const [day, time] = local.split(' ');
  return instantAt(day ?? '', time ?? '09:00', 'Asia/Ho_Chi_Minh');
}

/** What one message came to: its outcome (`ignored` when the bot did not read it) and the replies. */
export interface Said {
  key: string;
  outcome: string;
  reply: string;
  /** Platform references of the bot's replies that carry a context, to reply to them. */
  refs: string[];
}

/**
 * The real bot on a real SQLite file (migrations, plans synced), with chats bound directly and messages
 * handed to `Bot.handle` as a channel would hand them: groups where the bot sees every message (Zalo,
 * Telegram without privacy mode), direct chats, replies to the bot's own messages.
 */
export class WardBot {
  now: Date;
  readonly app: App;
  private seq = 0;

  private constructor(
    readonly dir: string,
    start: Date,
    plansDir: string,
  ) {
    this.now = start;
    this.app = createApp(
      loadConfig({
        DATABASE_PATH: join(dir, 'bot.sqlite'),
        PLANS_DIR: plansDir,
        EXPORT_DIR: join(dir, 'exports'),
      }),
      { logger: silentLogger, clock: () => this.now },
    );
  }

  /** `plansDir` defaults to the shipped plans. The caller closes it (`close`). */
  static start(start: Date, plansDir = PLANS_DIR): WardBot {
    return new WardBot(mkdtempSync(join(tmpdir(), 'planbot-ward-')), start, plansDir);
  }

  get deps() {
    return this.app.deps;
  }

  get db() {
    return this.app.deps.db.$client;
  }

  bind(chatId: string, kind: 'group' | 'direct', role: Role, unitId: string | null, title?: string): string {
    this.deps.chats.bind(
      chatId,
      {
        kind: kind,
        title: title ?? (kind === 'group' ? chatId : null),
        role: role,
        unitId: unitId,
        via: 'test',
      },
      this.now,
    );
    return chatId;
  }

  /**
   * Sends one message. In a group it is unaddressed (the bot sees it as Zalo shows it every message)
   * unless it replies to one of the bot's messages (`replyTo`) or `addressed` is set.
   */
  say(chatId: string, text: string, opts: { replyTo?: string; addressed?: boolean } = {}): Said {
    const key = `test:${++this.seq}`;
    const group = this.deps.chats.get(chatId)?.kind !== 'direct';
    const incoming: Incoming = {
      dedupeKey: key,
      chatId,
      chatKind: group ? 'group' : 'direct',
      chatTitle: group ? chatId : null,
      sender: { id: 'u1', name: 'Cán bộ' },
      text,
      kind: 'message',
      messageRef: key,
      replyTo: opts.replyTo ? { messageRef: opts.replyTo, fromBot: true } : null,
      addressed: opts.addressed ?? (!group || opts.replyTo !== undefined),
      receivedAt: this.now,
      sentAt: this.now,
    };
    const response = this.app.bot.handle(incoming);
    const refs: string[] = [];
    response.replies.forEach((r, i) => {
      if (!r.context) return;
      const ref = `bot:${key}:${i}`;
      this.deps.refs.saveSent(chatId, ref, r.context, this.now);
      refs.push(ref);
    });
    const outcome =
      this.db
        .prepare<[string], string>('SELECT outcome FROM inbound WHERE dedupe_key = ?')
        .pluck()
        .get(key) ?? 'ignored';
    return { key, outcome, reply: plain(response.replies.map((r) => r.text).join('\n---\n')), refs };
  }

  /** Runs `fn` and undoes everything it wrote (the bot's own transactions nest in it as savepoints). */
  isolated<T>(fn: () => T): T {
    this.db.exec('BEGIN');
    try {
      return fn();
    } finally {
      this.db.exec('ROLLBACK');
    }
  }

  count(table: string, where = '1 = 1', ...params: unknown[]): number {
    return this.db
      .prepare(`SELECT COUNT(*) FROM ${table} WHERE ${where}`)
      .pluck()
      .get(...params) as number;
  }

  close(): void {
    this.app.close();
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/**
 * A plans folder with the shipped files and a second plan, 200/KH-UBND (2026–2030), that numbers its
 * four tasks from NV1 too: Phòng KT-HT-ĐT leads its NV2 and NV3 (so NV3 is Phòng KT-HT-ĐT's in both
 * plans, NV2 only in this one, NV7 only in 168).
 */
export function plansWithSecondPlan(dir: string): string {
  for (const name of readdirSync(PLANS_DIR)) copyFileSync(join(PLANS_DIR, name), join(dir, name));
  const task = (code: string, title: string, lead: string, coordinate: string) => [
    `  - code: ${code}`,
    `    title: ${title}`,
    `    text: ${title}, theo Kế hoạch số 200/KH-UBND.`,
    '    timing: 2026 - 2030',
    `    lead: [${lead}]`,
    `    coordinate: [${coordinate}]`,
  ];
  writeFileSync(
    join(dir, '200-kh-ubnd.yaml'),
    [
      'kind: plan',
      'id: kh-200-2026',
      'number: 200/KH-UBND',
      'title: Kế hoạch cải cách hành chính phường Lê Chân giai đoạn 2026 - 2030',
      'issuer: Ủy ban nhân dân phường Lê Chân',
      'issued: 15/01/2026',
      'signer: { name: Phạm Việt Anh, title: Phó Chủ tịch }',
      'summary: Kế hoạch thử nghiệm thứ hai, đánh số nhiệm vụ từ NV1 như mọi kế hoạch.',
      'span: { from: 2026, to: 2030 }',
      'reporting: { six_month: { cutoff: 14/06, deadline: 10/06 }, annual: { cutoff: 14/12, deadline: 10/12 } }',
      'tasks:',
      ...task('NV1', 'Rà soát thủ tục hành chính', 'phong-vhxh', 'phong-chuc-nang'),
      ...task('NV2', 'Số hóa hồ sơ đất đai, xây dựng', 'phong-kt-ht-dt', 'tt-phvhcc'),
      ...task('NV3', 'Công khai quy hoạch, hạ tầng', 'phong-kt-ht-dt', 'vp-hdnd-ubnd'),
      ...task('NV4', 'Một cửa liên thông', 'tt-phvhcc', 'phong-chuc-nang'),
      '',
    ].join('\n'),
  );
  return dir;
}
