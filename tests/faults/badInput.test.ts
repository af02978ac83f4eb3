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
import { tempDir } from '../helpers/tmp';

/**
 * Bad input. Promise: 10,000 generated messages — random Unicode, 100 KB texts, zero-width and
 * right-to-left marks, emoji, half-valid reports, SQL- and HTML-looking text, commands with missing or
 * extra arguments — from bound and unbound chats: no crash, no unhandled rejection, every message meant
 * for the bot stored raw, and every reply valid for Telegram (HTML that parses, under the length limit)
 * and for Zalo.
 */
const NOW = instantAt('2026-06-05', '09:00', 'Asia/Ho_Chi_Minh');
let app: App | null = null;

afterEach(() => {
  app?.close();
  app = null;
});

/** Checks a message as Telegram's HTML parse mode would: known tags, balanced, entities, length. */
export function telegramHtmlProblem(html: string): string | null {
  const allowed = new Set([
    'b',
    'strong',
    'i',
    'em',
    'u',
    's',
    'code',
    'pre',
    'a',
    'tg-spoiler',
    'blockquote',
  ]);
  const stack: string[] = [];
  let visible = '';
  const token = /<(\/?)([a-z-]+)(?:\s[^<>]*)?>|&(amp|lt|gt|quot|#\d+);|([<>&])|([^<>&]+)/g;
  for (const m of html.matchAll(token)) {
    const [, close, tag, entity, bad, text] = m;
    if (bad) return `unescaped "${bad}" at ${m.index}`;
    if (text !== undefined) visible += text;
    else if (entity) visible += entity === 'amp' ? '&' : entity === 'lt' ? '<' : entity === 'gt' ? '>' : '"';
    else if (tag) {
      if (!allowed.has(tag)) return `unsupported tag <${tag}>`;
      if (close) {
        if (stack.pop() !== tag) return `unbalanced </${tag}>`;
      } else stack.push(tag);
    }
  }
  if (stack.length > 0) return `unclosed <${stack.join('>, <')}>`;
  if (visible.length > 4096) return `too long: ${visible.length}`;
  if (visible.trim().length === 0) return 'empty message';
  return null;
}

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
    a.deps.chats.bind('telegram:-1001', 'group', 'Phòng KT', 'unit', 'phong-kt-ht-dt', 'test', NOW);
    a.deps.chats.bind('telegram:-1002', 'group', 'VHXH', 'office', 'phong-vhxh', 'test', NOW);
    a.deps.chats.bind('telegram:-1003', 'group', 'Lãnh đạo', 'leader', null, 'test', NOW);
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

  it('knows a bad Telegram message when it sees one', () => {
    expect(telegramHtmlProblem('<b>ok</b> &amp; fine')).toBeNull();
    expect(telegramHtmlProblem('<b>open')).toMatch(/unclosed/);
    expect(telegramHtmlProblem('a < b')).toMatch(/unescaped/);
    expect(telegramHtmlProblem('<script>x</script>')).toMatch(/unsupported/);
    expect(telegramHtmlProblem('x'.repeat(4097))).toMatch(/too long/);
  });
});

function loadConfigFor(dir: string) {
  return loadConfig({ PLANS_DIR, DATABASE_PATH: join(dir, 'bot.sqlite') });
}
