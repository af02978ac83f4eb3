import { describe, expect, it } from 'vitest';
import { bold } from '../../src/core/messages/format';
import { escapeHtml, telegramParts, toTelegramHtml } from '../../src/channels/telegram/format';
import { translateTelegramError } from '../../src/channels/telegram/errors';
import { readUpdate } from '../../src/channels/telegram/updates';
import type { TgUpdate } from '../../src/channels/telegram/updates';
import * as f from './fixtures/updates';

const me = { id: f.BOT.id, username: f.BOT.username };
const at = new Date('2026-12-01T02:00:00Z');
const read = (u: object) => readUpdate(u as TgUpdate, me, at);

describe('reading Telegram updates', () => {
  it("dates a message by Telegram's own clock (an edit by when it was edited), a tap by when it came", () => {
    f.stampWith(() => new Date('2026-12-09T03:00:00Z'));
    try {
      expect(read(f.groupMessage('NV3: xong'))).toMatchObject({
        incoming: { sentAt: new Date('2026-12-09T03:00:00Z'), receivedAt: at },
      });
      const edited = f.editedMessage('NV3: xong hẳn', 7);
      expect(read(edited)).toMatchObject({ incoming: { sentAt: new Date('2026-12-09T03:00:00Z') } });
      expect(edited.edited_message.date).toBeLessThan(edited.edited_message.edit_date);
      expect(read(f.callbackQuery('st:x', 42))).toMatchObject({ incoming: { sentAt: at } });
    } finally {
      f.stampWith(() => new Date());
    }
  });

  it('a plain group message is not addressed to the bot', () => {
    const r = read(f.groupMessage('chiều nay họp nhé'));
    expect(r).toMatchObject({
      type: 'incoming',
      incoming: { chatId: `telegram:${f.GROUP.id}`, chatKind: 'group', addressed: false },
    });
  });

  it('a command, a reply to the bot and a mention are addressed; the mention is removed', () => {
    expect(read(f.groupMessage('/baocao@lechan_kh_bot NV3: xong'))).toMatchObject({
      incoming: { addressed: true, text: '/baocao@lechan_kh_bot NV3: xong' },
    });
    expect(read(f.replyToBot('NV3: xong', 42))).toMatchObject({
      incoming: { addressed: true, replyTo: { messageRef: '42', fromBot: true } },
    });
    expect(read(f.mention('NV7: hoàn thành'))).toMatchObject({
      incoming: { addressed: true, text: 'NV7: hoàn thành' },
    });
  });

  it('a direct message is addressed, with the sender and chat names kept', () => {
    expect(read(f.directMessage('xin chào'))).toMatchObject({
      incoming: {
        chatKind: 'direct',
        addressed: true,
        sender: { id: '501', name: 'Nguyễn Văn Anh' },
        chatTitle: 'Nguyễn Văn Anh',
      },
    });
  });

  it('an edited message comes again as a message (a correction)', () => {
    const r = read(f.editedMessage('NV3: hoàn thành', 77));
    expect(r).toMatchObject({
      type: 'incoming',
      incoming: { kind: 'message', messageRef: '77', text: 'NV3: hoàn thành' },
    });
  });

  it('a button tap becomes an action with its data and the callback to answer', () => {
    const u = f.callbackQuery('s|kh-168-2025/N-2026|phong-kt-ht-dt|NV3|d', 55);
    const r = read(u);
    expect(r).toMatchObject({
      type: 'incoming',
      callbackId: u.callback_query.id,
      incoming: {
        kind: 'action',
        text: 's|kh-168-2025/N-2026|phong-kt-ht-dt|NV3|d',
        messageRef: '55',
        addressed: true,
      },
    });
  });

  it('a person joining is ignored; the bot joining is greeted like /start', () => {
    expect(read(f.memberJoined(f.ANH)).type).toBe('ignored');
    expect(read(f.memberJoined(f.BOT))).toMatchObject({ incoming: { text: '/start', addressed: true } });
  });

  it('a group upgraded to a supergroup moves to its new id', () => {
    expect(read(f.migration())).toEqual({
      type: 'moved',
      from: `telegram:${f.OLD_GROUP.id}`,
      to: `telegram:${f.GROUP.id}`,
    });
  });

  it('the pictures of one album carry its media group as their album; a picture sent alone has none', () => {
    const sizes = (n: number) => [
      { file_id: `p${n}`, file_unique_id: `u${n}`, file_size: 900, width: 90, height: 67 },
    ];
    const [first, second] = f.album([sizes(1), sizes(2)], { caption: '/baocao' });
    const a = read(first!);
    const b = read(second!);
    if (a.type !== 'incoming' || b.type !== 'incoming') throw new Error('ignored');
    expect(a.incoming.attachment).toEqual({
      kind: 'photo',
      name: null,
      size: 900,
      ref: 'p1',
      album: first!.message.media_group_id,
    });
    expect(b.incoming.attachment?.album).toBe(a.incoming.attachment?.album);
    expect([a.incoming.text, b.incoming.text]).toEqual(['/baocao', '']);
    const alone = read(f.photoMessage(sizes(3), { caption: '/baocao' }));
    expect(alone.type === 'incoming' && alone.incoming.attachment).toEqual({
      kind: 'photo',
      name: null,
      size: 900,
      ref: 'p3',
    });
  });

  it('the same update read twice has the same dedupe key', () => {
    const u = f.groupMessage('/nhiemvu');
    expect(read(u)).toMatchObject({ incoming: { dedupeKey: `telegram:update:${u.update_id}` } });
    expect(read(structuredClone(u))).toMatchObject({
      incoming: { dedupeKey: `telegram:update:${u.update_id}` },
    });
  });
});

describe('Telegram HTML', () => {
  it('escapes everything a user wrote and keeps our bold', () => {
    expect(escapeHtml('a < b && c > d_e *f*')).toBe('a &lt; b &amp;&amp; c &gt; d_e *f*');
    expect(toTelegramHtml(`${bold('NV3')} – <script>alert(1)</script> & _x_`)).toBe(
      '<b>NV3</b> – &lt;script&gt;alert(1)&lt;/script&gt; &amp; _x_',
    );
  });

  it('splits a long message under the limit, each part valid on its own', () => {
    const lines = Array.from(
      { length: 400 },
      (_, i) => `${bold(`Dòng ${i}`)} <tag> & nội dung dài dài dài dài dài`,
    );
    const parts = telegramParts(lines.join('\n'));
    expect(parts.length).toBe(5);
    for (const p of parts) {
      const visible = p.replace(/<\/?b>/g, '').replace(/&lt;|&gt;|&amp;/g, 'x');
      expect(visible.length).toBeLessThanOrEqual(4000);
      expect(p.match(/<b>/g)?.length).toBe(p.match(/<\/b>/g)?.length);
    }
    expect(parts.join('\n').match(/<b>/g)?.length).toBe(400);
  });

  it('splits one enormous line too', () => {
    const parts = telegramParts(bold('x'.repeat(9000)));
    expect(parts).toHaveLength(3);
    for (const p of parts) expect(p).toMatch(/^<b>x+<\/b>$/);
  });
});

describe('Telegram errors become our kinds', () => {
  const tg = (error_code: number, description: string, parameters?: object) => ({
    response: { error_code, description, parameters },
  });
  it.each([
    [tg(429, 'Too Many Requests: retry after 7', { retry_after: 7 }), 'rate_limited', 7000],
    [tg(403, 'Forbidden: bot was kicked from the supergroup chat'), 'recipient_gone', null],
    [tg(403, 'Forbidden: bot was blocked by the user'), 'recipient_gone', null],
    [tg(400, 'Bad Request: chat not found'), 'recipient_gone', null],
    [tg(400, "Bad Request: can't parse entities"), 'rejected', null],
    [tg(401, 'Unauthorized'), 'auth', null],
    [tg(502, 'Bad Gateway'), 'network', null],
    [
      Object.assign(new Error('request to http://x failed, reason: connect ECONNREFUSED'), {
        name: 'FetchError',
      }),
      'network',
      null,
    ],
  ])('%#', (err, kind, retry) => {
    const e = translateTelegramError(err);
    expect(e.kind).toBe(kind);
    expect(e.retryAfterMs).toBe(retry);
  });
});
