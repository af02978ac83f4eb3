import fc from 'fast-check';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { App } from '../../src/app';
import { createApp } from '../../src/app';
import { commands } from '../../src/bot/commands';
import type { ChatKind, Incoming } from '../../src/channels/channel';
import { telegramParts } from '../../src/channels/telegram/format';
import { zaloParts, ZALO_TEXT_LIMIT } from '../../src/channels/zalo/messages';
import { loadConfig } from '../../src/config';
import { clean } from '../../src/core/messages/format';
import { instantAt } from '../../src/core/time';
import { silentLogger } from '../../src/log';
import { PLANS_DIR } from '../helpers/plans';
import { buttonProblem, telegramHtmlProblem } from '../helpers/telegramHtml';
import { FakeBotApi } from '../helpers/fakeTelegram';
import type { Runtime } from '../../src/runtime';
import { startRuntime } from '../../src/runtime';
import { readUpdate } from '../../src/channels/telegram/updates';
import type { TgUpdate } from '../../src/channels/telegram/updates';
import * as f from '../telegram/fixtures/updates';
import { tempDir } from '../helpers/tmp';

/**
 * Bad input. Promise: 10,000 generated messages — random Unicode, 100 KB texts, zero-width and
 * right-to-left marks, emoji, half-valid reports, SQL- and HTML-looking text, commands with missing or
 * extra arguments — from bound and unbound chats: no crash, no unhandled rejection, every message meant
 * for the bot stored raw, and every reply valid for Telegram (HTML that parses, under the length limit)
 * and for Zalo.
 */
const NOW = instantAt('2026-06-05', '09:00', 'Asia/Ho_Chi_Minh');
f.stampWith(() => NOW);
const TOKEN = '123456:TEST-token';
let app: App | null = null;
let runtime: Runtime | null = null;
let api: FakeBotApi | null = null;

afterEach(async () => {
  app?.close();
  app = null;
  await runtime?.stop();
  runtime = null;
  await api?.stop();
  api = null;
});

const zeroWidthAndRtl = fc.constantFrom(
  '\u200b',
  '\u200c',
  '\u200d',
  '\u2060',
  '\ufeff',
  '\u202e',
  '\u202b',
  '\u2067',
  '\u061c',
);
const emoji = fc.constantFrom('👍', '🙏', '🇻🇳', '👨‍👩‍👧', '✅', '❌', '🔥', '😀', '\u{1F9D1}\u{200D}\u{1F4BC}');
const hostile = fc.constantFrom(
  "'; DROP TABLE reports; --",
  '" OR 1=1 --',
  '<b>đậm</b><script>alert(1)</script>',
  '<a href="javascript:x">x</a>',
  '&amp; &lt; &#x27; &',
  '\\',
  '%s %d %n',
  '${process.exit(1)}',
  '\u0000\u0001\u0007',
  '\r\n\r\n',
);
const statusWords = fc.constantFrom(
  'hoàn thành',
  'hoan thanh',
  'HT',
  'đang thực hiện',
  'dth',
  'chua',
  'xong',
  '???',
  '',
);
const halfReport = fc
  .tuple(
    fc.constantFrom('NV', 'nv', 'Nv', 'NV ', 'nhiệm vụ ', 'N V', ''),
    fc.integer({ min: -3, max: 120 }),
    fc.constantFrom(':', ' -', '.', '', ' : ', '='),
    statusWords,
    fc.string({ maxLength: 60 }),
  )
  .map(([p, n, sep, st, rest]) => `${p}${n}${sep} ${st} ${rest}`);
const commandNames = commands.flatMap((c) => c.names);
const command = fc
  .tuple(
    fc.constantFrom(...commandNames, 'khongco', 'baocao@lechan_kh_bot', ''),
    fc.oneof(
      fc.constant(''),
      fc.string({ maxLength: 40 }),
      halfReport,
      hostile,
      fc.string({ unit: 'grapheme', maxLength: 30 }),
    ),
  )
  .map(([name, args]) => `/${name} ${args}`);
const text: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.string({ unit: 'grapheme', maxLength: 200 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 200 }) },
  { weight: 3, arbitrary: halfReport },
  {
    weight: 1,
    arbitrary: fc
      .array(halfReport, { minLength: 2, maxLength: 30 })
      .map((l) => `Báo cáo 6 tháng 2026\n${l.join('\n')}`),
  },
  { weight: 2, arbitrary: hostile },
  { weight: 3, arbitrary: command },
  {
    weight: 1,
    arbitrary: fc
      .array(fc.oneof(zeroWidthAndRtl, emoji, fc.string({ maxLength: 5 })), { maxLength: 40 })
      .map((a) => a.join('')),
  },
  {
    weight: 1,
    arbitrary: fc.tuple(halfReport, zeroWidthAndRtl, emoji).map(([r, z, e]) => `${z}${r}${e}${z}`),
  },
);

const CHATS: { id: string; kind: ChatKind }[] = [
  { id: 'telegram:-1001', kind: 'group' }, // unit
  { id: 'telegram:-1002', kind: 'group' }, // office
  { id: 'telegram:-1003', kind: 'group' }, // leader
  { id: 'telegram:-1004', kind: 'group' }, // nobody
  { id: 'telegram:501', kind: 'direct' }, // nobody, direct
];

describe('bad input', () => {
  it('survives 10,000 generated messages: stores every addressed one raw, and every reply is valid', () => {
    app = createApp(loadConfigFor(tempDir()), { logger: silentLogger, clock: () => NOW });
    const a = app;
    a.deps.chats.bind(
      'telegram:-1001',
      { kind: 'group', title: 'Phòng KT', role: 'unit', unitId: 'phong-kt-ht-dt', via: 'test' },
      NOW,
    );
    a.deps.chats.bind(
      'telegram:-1002',
      { kind: 'group', title: 'VHXH', role: 'office', unitId: 'phong-vhxh', via: 'test' },
      NOW,
    );
    a.deps.chats.bind(
      'telegram:-1003',
      { kind: 'group', title: 'Lãnh đạo', role: 'leader', unitId: null, via: 'test' },
      NOW,
    );
    let rejections = 0;
    const onRejection = () => rejections++;
    process.on('unhandledRejection', onRejection);
    const stored = a.deps.db.$client.prepare('SELECT text FROM inbound WHERE dedupe_key = ?').pluck();
    const samples = fc.sample(fc.tuple(text, fc.nat(CHATS.length - 1), fc.boolean(), fc.nat(99)), {
      numRuns: 9_990,
      seed: 168,
    });
    // A few very long texts: 100 KB of report-like lines and of raw Unicode.
    const big = 'NV3: hoàn thành - tổ chức hội nghị 😀\u200b <b>&\n'.repeat(2_300);
    for (let i = 0; i < 10; i++)
      samples.push([i % 2 ? big : big.replace(/\n/g, ' '), i % CHATS.length, true, 0]);

    let addressed = 0;
    let replies = 0;
    let parts = 0;
    const problems: string[] = [];
    samples.forEach(([raw, chatIndex, isAddressed, _], i) => {
      const chat = CHATS[chatIndex]!;
      const incoming: Incoming = {
        dedupeKey: `bad:${i}`,
        chatId: chat.id,
        chatKind: chat.kind,
        chatTitle: 'Nhóm <thử> & "kiểm tra"',
        sender: { id: '42', name: 'Người\u202e thử' },
        text: raw,
        kind: 'message',
        messageRef: String(i),
        replyTo: null,
        addressed: isAddressed,
        receivedAt: NOW,
        sentAt: NOW,
      };
      const response = a.bot.handle(incoming);
      expect(response.error, `message ${i}: ${JSON.stringify(raw.slice(0, 80))}`).toBeUndefined();
      const meant = isAddressed || chat.kind === 'direct' || response.replies.length > 0;
      if (meant && clean(raw).length > 0) {
        addressed++;
        expect(stored.get(`bad:${i}`), `message ${i} stored raw`).toBe(clean(raw));
      }
      for (const reply of response.replies) {
        replies++;
        for (const html of telegramParts(reply.text)) {
          parts++;
          const problem = telegramHtmlProblem(html);
          if (problem) problems.push(`${problem} in reply to ${JSON.stringify(raw.slice(0, 60))}`);
        }
        for (const b of (reply.buttons ?? []).flat()) {
          const problem = buttonProblem({ text: b.label, callback_data: b.data });
          if (problem) problems.push(`${problem} in reply to ${JSON.stringify(raw.slice(0, 60))}`);
        }
        for (const part of zaloParts(reply.text))
          if (part.msg.length > ZALO_TEXT_LIMIT || part.msg.trim() === '')
            problems.push(`zalo part of ${part.msg.length}`);
      }
    });
    process.off('unhandledRejection', onRejection);
    console.log(
      `bad input: ${samples.length} messages, ${addressed} addressed and stored raw, ${replies} replies in ${parts} Telegram parts, ${problems.length} invalid, ${rejections} unhandled rejections`,
    );
    expect(problems.slice(0, 5)).toEqual([]);
    expect(rejections).toBe(0);
    expect(samples.length).toBe(10_000);
    expect(addressed).toBeGreaterThan(5_000);
  });

  it('survives 1,000 generated Telegram updates end to end: every reply accepted by the Bot API, every message stored raw', async () => {
    api = new FakeBotApi(TOKEN, null);
    const a = api;
    const root = await a.start();
    runtime = await startRuntime(
      loadConfig({
        DATABASE_PATH: join(tempDir(), 'bot.sqlite'),
        PLANS_DIR,
        TELEGRAM_BOT_TOKEN: TOKEN,
        TELEGRAM_API_ROOT: root,
        CONSOLE: 'off',
      }),
      { logger: silentLogger, clock: () => NOW, schedule: false },
    );
    const rt = runtime;
    rt.app.deps.chats.bind(
      `telegram:${f.GROUP.id}`,
      { kind: 'group', title: f.GROUP.title, role: 'unit', unitId: 'phong-kt-ht-dt', via: 'test' },
      NOW,
    );
    rt.app.deps.chats.bind(
      `telegram:${f.OFFICE.id}`,
      { kind: 'group', title: f.OFFICE.title, role: 'office', unitId: 'phong-vhxh', via: 'test' },
      NOW,
    );
    let rejections = 0;
    const onRejection = () => rejections++;
    process.on('unhandledRejection', onRejection);
    try {
      const STRANGERS = {
        id: -1_009_990_001,
        title: 'Nhóm <lạ> & "chưa đăng ký"',
        type: 'supergroup' as const,
      };
      // Telegram carries text of up to 4096 characters, without lone surrogates.
      const telegramText = fc
        .oneof(text, fc.string({ unit: 'grapheme', minLength: 3000, maxLength: 4096 }))
        .map((t) => t.slice(0, 4096))
        .filter((t) => t.trim().length > 0 && !/\p{Cs}/u.test(t));
      const samples = fc.sample(fc.tuple(telegramText, fc.nat(3), fc.boolean()), {
        numRuns: 1_000,
        seed: 2026,
      });
      const updates = samples.map(([t, where, mention]) => {
        const body = mention && !t.startsWith('/') ? `@${f.BOT.username} ${t}` : t;
        const entities = mention
          ? { entities: [{ offset: 0, length: f.BOT.username.length + 1, type: 'mention' }] }
          : {};
        return where === 3
          ? f.directMessage(body)
          : f.groupMessage(
              body,
              mention && !t.startsWith('/') ? entities : {},
              [f.GROUP, f.OFFICE, STRANGERS][where],
            );
      });
      for (let i = 0; i < updates.length; i += 50) a.pushAll(updates.slice(i, i + 50));
      await a.waitFor(() => updates.every((u) => a.deliveries(u.update_id) > 0), 60_000);
      // Then the bot still answers: it did not stop on the way.
      const probe = f.groupMessage('/help');
      a.push(probe);
      await a.waitFor(
        () =>
          a
            .sent(f.GROUP.id)
            .some(
              (m) =>
                (m.payload.reply_parameters as { message_id?: number } | undefined)?.message_id ===
                probe.message.message_id,
            ),
        30_000,
      );
      const stored = rt.app.deps.db.$client.prepare('SELECT text FROM inbound WHERE dedupe_key = ?').pluck();
      const identity = { id: f.BOT.id, username: f.BOT.username };
      let meant = 0;
      let storedRaw = 0;
      const notStored: string[] = [];
      for (const u of updates) {
        const read = readUpdate(u as TgUpdate, identity, NOW);
        if (read.type !== 'incoming') continue;
        const answered =
          a
            .sent()
            .some(
              (m) =>
                (m.payload.reply_parameters as { message_id?: number } | undefined)?.message_id ===
                u.message.message_id,
            ) || read.incoming.chatKind === 'direct';
        if (!read.incoming.addressed && !answered) continue;
        meant++;
        const row = stored.get(read.incoming.dedupeKey);
        if (row === clean(read.incoming.text)) storedRaw++;
        else notStored.push(JSON.stringify(read.incoming.text.slice(0, 60)));
      }
      console.log(
        `bad input via Telegram: ${updates.length} updates, ${meant} meant for the bot, ${storedRaw} stored raw, ${a.sent().length} replies accepted, ${a.refused.length} refused by the Bot API, ${rejections} unhandled rejections`,
      );
      expect(a.refused.slice(0, 5)).toEqual([]);
      expect(notStored.slice(0, 5)).toEqual([]);
      expect(rejections).toBe(0);
      expect(meant).toBeGreaterThan(500);
      expect(a.sent().length).toBeGreaterThan(500);
    } finally {
      process.off('unhandledRejection', onRejection);
    }
  });

  it('knows a bad Telegram message when it sees one', () => {
    expect(telegramHtmlProblem('<b>ok</b> &amp; fine')).toBeNull();
    expect(telegramHtmlProblem('<b>open')).toMatch(/unclosed/);
    expect(telegramHtmlProblem('a < b')).toMatch(/unescaped/);
    expect(telegramHtmlProblem('<script>x</script>')).toMatch(/unsupported/);
    expect(telegramHtmlProblem('x'.repeat(4097))).toMatch(/too long/);
    expect(buttonProblem({ text: 'NV3', callback_data: 'x'.repeat(65) })).toMatch(/BUTTON_DATA_INVALID/);
    expect(
      buttonProblem({ text: 'NV3', callback_data: 's|kh-168-2025/6T-2026|phong-kt-ht-dt|NV3|d' }),
    ).toBeNull();
  });
});

function loadConfigFor(dir: string) {
  return loadConfig({ PLANS_DIR, DATABASE_PATH: join(dir, 'bot.sqlite') });
}
