import { describe, expect, it } from 'vitest';
import { readUpdate } from '../../src/channels/zalobot/updates';
import type { ZbUpdate } from '../../src/channels/zalobot/updates';
import { ANH, BOT_ID, BOT_NAME, image, sticker, text, UNIT_GROUP } from '../helpers/fakeZaloBot';

const bot = { id: BOT_ID, name: BOT_NAME };
const at = new Date('2026-12-09T02:00:00Z');
const read = (u: unknown) => readUpdate(u as ZbUpdate, bot, at);

describe('reading Zalo Bot Platform updates', () => {
  it('reads a private text message as addressed to the bot, with a zalobot: chat id', () => {
    const u = text('đơn vị mình phụ trách gì?');
    expect(read(u)).toEqual({
      dedupeKey: `zalobot:${ANH.id}:${u.message.message_id}`,
      chatId: `zalobot:${ANH.id}`,
      chatKind: 'direct',
      chatTitle: 'Nguyễn Văn Anh',
      sender: { id: ANH.id, name: 'Nguyễn Văn Anh' },
      text: 'đơn vị mình phụ trách gì?',
      kind: 'message',
      messageRef: u.message.message_id,
      replyTo: null,
      addressed: true,
      receivedAt: at,
      sentAt: new Date(u.message.date),
    });
  });

  it('in a group, takes commands and @mentions of the bot as addressed, other talk not', () => {
    const command = read(text('/nhiemvu', ANH, UNIT_GROUP));
    expect([command?.chatId, command?.chatKind, command?.chatTitle, command?.addressed]).toEqual([
      `zalobot:${UNIT_GROUP.id}`,
      'group',
      null,
      true,
    ]);
    const mention = read(text(`@${BOT_NAME} NV3: hoàn thành - 2 hội nghị`, ANH, UNIT_GROUP));
    expect([mention?.text, mention?.addressed]).toEqual(['NV3: hoàn thành - 2 hội nghị', true]);
    const talk = read(text('mọi người nhớ họp lúc 3h', ANH, UNIT_GROUP));
    expect([talk?.text, talk?.addressed]).toEqual(['mọi người nhớ họp lúc 3h', false]);
  });

  it('reads a picture by its caption, and ignores stickers, pictures without words and bots', () => {
    expect(read(image('NV7: hoàn thành - ảnh kèm theo'))?.text).toBe('NV7: hoàn thành - ảnh kèm theo');
    expect(read(image(undefined))).toBeNull();
    expect(read(sticker())).toBeNull();
    const fromBot = text('xin chào');
    fromBot.message.from.is_bot = true;
    expect(read(fromBot)).toBeNull();
    expect(
      read({
        event_name: 'message.unsupported.received',
        message: { ...text('x').message, text: undefined },
      }),
    ).toBeNull();
    expect(read({ event_name: 'message.text.received' })).toBeNull();
  });
});
