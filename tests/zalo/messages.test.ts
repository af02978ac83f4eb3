import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { translateZaloError } from '../../src/channels/zalo/errors';
import { chatIdOf, readMessage, threadOf, toZaloText } from '../../src/channels/zalo/messages';
import { qrForTerminal, readModules } from '../../src/channels/zalo/qr';
import { readSession, SessionFileError, writeSession } from '../../src/channels/zalo/session';
import { bold } from '../../src/core/messages/format';
import { CREDENTIALS, zaloError } from '../helpers/fakeZalo';
import { tempDir } from '../helpers/tmp';
import * as m from './fixtures/messages';

const AT = new Date('2026-06-01T02:00:00Z');

function read(message: Parameters<typeof readMessage>[0]) {
  const meaning = readMessage(message, m.BOT_UID, AT);
  if (meaning.type !== 'incoming') throw new Error('ignored');
  return meaning.incoming;
}

describe('reading Zalo messages', () => {
  it('gives pictures sent together one album, from the group layout id, told apart by sender', () => {
    const [a, b] = m.groupAlbum(
      ['https://photo-stal-24.zdn.vn/jpg/a.jpg', 'https://photo-stal-24.zdn.vn/jpg/b.jpg'],
      '/baocao',
      { layoutId: '1756181928641' },
    );
    expect(read(a!).attachment).toEqual({
      kind: 'photo',
      name: null,
      size: null,
      ref: 'https://photo-stal-24.zdn.vn/jpg/a.jpg',
      album: `${m.MEMBER.uid}:1756181928641`,
    });
    expect(read(b!).attachment?.album).toBe(`${m.MEMBER.uid}:1756181928641`);
    // The same layout id from someone else is another album.
    const [other] = m.groupAlbum(['https://photo-stal-24.zdn.vn/jpg/c.jpg'], '', {
      layoutId: '1756181928641',
      from: m.OTHER,
    });
    expect(read(other!).attachment?.album).toBe(`${m.OTHER.uid}:1756181928641`);
    // Read from the attachment's params when the message has no `extraData`.
    const inParams = m.groupPhoto('https://photo-stal-24.zdn.vn/jpg/d.jpg');
    const content = inParams.data.content as { params: string };
    content.params = JSON.stringify({ ...JSON.parse(content.params), group_layout_id: '1756181928642' });
    expect(read(inParams).attachment?.album).toBe(`${m.MEMBER.uid}:1756181928642`);
    // A picture sent alone is in no album.
    expect(read(m.groupPhoto('https://photo-stal-24.zdn.vn/jpg/e.jpg')).attachment).not.toHaveProperty(
      'album',
    );
  });

  it("dates a message by Zalo's timestamp, and by its arrival when it has none", () => {
    const message = m.groupText('NV3: xong');
    message.data.ts = String(Date.UTC(2026, 4, 31, 23, 59));
    expect(read(message)).toMatchObject({ sentAt: new Date('2026-05-31T23:59:00Z'), receivedAt: AT });
    message.data.ts = '';
    expect(read(message).sentAt).toEqual(AT);
  });

  it('reads a group message from a member as not addressed, leaving the decision to the bot', () => {
    const incoming = read(m.groupText('mọi người nhớ họp lúc 3h'));
    expect(incoming).toMatchObject({
      chatId: `zalo:g:${m.GROUP_ID}`,
      chatKind: 'group',
      chatTitle: null,
      sender: { id: m.MEMBER.uid, name: m.MEMBER.name },
      addressed: false,
      replyTo: null,
      kind: 'message',
    });
    expect(incoming.dedupeKey).toMatch(/^zalo:msg:\d+$/);
  });

  it('treats a command, a quote of the bot and an @mention of the bot as addressed', () => {
    expect(read(m.groupText('/nhiemvu')).addressed).toBe(true);
    const quoting = read(m.groupText('NV3 xong', { quote: { msgId: '123', ownerId: m.BOT_UID } }));
    expect(quoting.addressed).toBe(true);
    expect(quoting.replyTo).toEqual({ messageRef: '123', fromBot: true });
    const mention = read(m.groupMention('NV7: hoàn thành'));
    expect(mention.addressed).toBe(true);
    expect(mention.text).toBe('NV7: hoàn thành');
  });

  it('does not take a quote of another member or a mention of someone else as addressed to the bot', () => {
    const quoting = read(m.groupText('đúng rồi', { quote: { msgId: '456', ownerId: m.OTHER.uid } }));
    expect(quoting.addressed).toBe(false);
    expect(quoting.replyTo).toEqual({ messageRef: '456', fromBot: false });
    const other = read(
      m.groupText('@Trần Văn Hùng gửi giúp em', {
        mentions: [{ uid: m.OTHER.uid, pos: 0, len: 14, type: 0 }],
      }),
    );
    expect(other.addressed).toBe(false);
    expect(other.text).toBe('@Trần Văn Hùng gửi giúp em');
  });

  it('reads every direct message as addressed, with the sender as the chat title', () => {
    const incoming = read(m.directText('nhiệm vụ của phòng tôi là gì'));
    expect(incoming).toMatchObject({
      chatId: `zalo:u:${m.MEMBER.uid}`,
      chatKind: 'direct',
      chatTitle: m.MEMBER.name,
      addressed: true,
    });
  });

  it('ignores its own messages and anything that is not text', () => {
    expect(readMessage(m.ownEcho('Đã nhận'), m.BOT_UID, AT).type).toBe('ignored');
    expect(readMessage(m.sticker(), m.BOT_UID, AT).type).toBe('ignored');
  });

  it('maps chat ids both ways, keeping groups and users apart', () => {
    expect(chatIdOf('42', 1)).toBe('zalo:g:42');
    expect(chatIdOf('42', 0)).toBe('zalo:u:42');
    expect(threadOf('zalo:g:42')).toEqual({ threadId: '42', type: 1 });
    expect(threadOf('zalo:u:42')).toEqual({ threadId: '42', type: 0 });
    expect(threadOf('telegram:42')).toBeNull();
  });

  it('turns bold spans into styles over the visible text', () => {
    expect(toZaloText(`${bold('Nhắc báo cáo')} trước ${bold('10/12/2026')}`)).toEqual({
      msg: 'Nhắc báo cáo trước 10/12/2026',
      styles: [
        { start: 0, len: 12, st: 'b' },
        { start: 19, len: 10, st: 'b' },
      ],
    });
  });
});

describe("translating Zalo's errors", () => {
  it.each([
    [zaloError('Vượt quá số request cho phép', 221), 'rate_limited'],
    [zaloError('Không thể gửi tin nhắn', 123), 'recipient_gone'],
    [new TypeError('fetch failed'), 'network'],
    [Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }), 'network'],
    [zaloError('Đăng nhập thất bại'), 'auth'],
    [zaloError('Tham số không hợp lệ', 114), 'rejected'],
  ])('%s → %s', (error, kind) => {
    expect(translateZaloError(error).kind).toBe(kind);
  });
});

describe('the session file', () => {
  it('is written with mode 600 and read back', () => {
    const path = join(tempDir(), 'sub', 'zalo-session.json');
    writeSession(path, CREDENTIALS, AT);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(readSession(path)).toEqual({ credentials: CREDENTIALS, savedAt: AT });
  });

  it('is absent: null; damaged: an error naming the file and what is wrong', () => {
    const dir = tempDir();
    expect(readSession(join(dir, 'none.json'))).toBeNull();
    const path = join(dir, 'zalo-session.json');
    writeFileSync(path, JSON.stringify({ imei: 'x', userAgent: 'y', cookie: [] }));
    expect(() => readSession(path)).toThrow(SessionFileError);
    expect(() => readSession(path)).toThrow(`${path}: not a Zalo session file (cookie`);
    writeFileSync(path, 'not json');
    expect(() => readSession(path)).toThrow(/not a Zalo session file/);
    expect(readFileSync(path, 'utf8')).toBe('not json'); // never overwritten by a failed read
  });
});

describe('the login QR code in the terminal', () => {
  /** A 25×25 module pattern with the three finder patterns, the rest pseudo-random. */
  function pattern(): boolean[][] {
    const n = 25;
    let seed = 7;
    const grid = Array.from({ length: n }, () =>
      Array.from({ length: n }, () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % 3 === 0)),
    );
    const finder = (ox: number, oy: number) => {
      for (let y = -1; y <= 7; y++)
        for (let x = -1; x <= 7; x++) {
          const row = grid[oy + y];
          if (!row || ox + x < 0 || ox + x >= n) continue;
          const ring = Math.max(Math.abs(x - 3), Math.abs(y - 3));
          row[ox + x] = ring !== 2 && ring <= 3;
        }
    };
    finder(0, 0);
    finder(n - 7, 0);
    finder(0, n - 7);
    return grid;
  }

  function draw(grid: boolean[][], scale: number, margin: number): Buffer {
    const size = grid.length * scale + 2 * margin;
    const png = new PNG({ width: size, height: size });
    for (let y = 0; y < size; y++)
      for (let x = 0; x < size; x++) {
        const mx = Math.floor((x - margin) / scale);
        const my = Math.floor((y - margin) / scale);
        const dark = grid[my]?.[mx] === true && x >= margin && y >= margin;
        const i = (y * size + x) * 4;
        png.data[i] = png.data[i + 1] = png.data[i + 2] = dark ? 0 : 255;
        png.data[i + 3] = 255;
      }
    return PNG.sync.write(png);
  }

  it('reads the modules back from the picture Zalo sends', () => {
    const grid = pattern();
    expect(readModules(draw(grid, 8, 40))).toEqual(grid);
    expect(readModules(draw(grid, 5, 13))).toEqual(grid);
  });

  it('draws them with half blocks, light modules filled, inside a quiet zone', () => {
    const lines = qrForTerminal(draw(pattern(), 6, 20)).split('\n');
    expect(lines).toHaveLength(Math.ceil((25 + 4) / 2));
    expect(lines.every((l) => [...l].length === 29)).toBe(true);
    expect(lines[0]).toBe('█'.repeat(29));
    expect(qrForTerminal(Buffer.from('not a png'))).toBe('');
  });
});
