import { afterEach, describe, expect, it } from 'vitest';
import type { Incoming } from '../../src/channels/channel';
import { ALBUM_WINDOW_MS } from '../../src/core/documents';
import { hp, WardBot } from '../helpers/wardBot';

let ward: WardBot | null = null;
afterEach(() => {
  ward?.close();
  ward = null;
});

const GROUP = 'telegram:-1001234567890';
const AT = hp('2026-12-09 09:00');

/** A picture of an album shared in the group, `minutes` after 09:00 by the platform's clock. */
function picture(n: number, album: string, minutes = 0, chatId = GROUP): Incoming {
  const sentAt = new Date(AT.getTime() + minutes * 60_000);
  return {
    dedupeKey: `telegram:update:${n}`,
    chatId,
    chatKind: 'group',
    chatTitle: 'Phòng KT-HT-ĐT',
    sender: { id: '501', name: 'Nguyễn Văn Anh' },
    text: '',
    kind: 'message',
    messageRef: String(n),
    replyTo: null,
    addressed: false,
    // Handled late (a backlog after a restart): the window is counted by when it was sent.
    receivedAt: new Date(sentAt.getTime() + 3_600_000),
    sentAt,
    attachment: { kind: 'photo', name: null, size: 900, ref: `file-${n}`, album },
  };
}

/** A kept document of the album: a member of it was taken as the unit's report. */
function keepHead(w: WardBot, album: string): void {
  w.deps.documents.add({
    sha256: 'a'.repeat(64),
    size: 900,
    type: 'png',
    mime: 'image/png',
    name: null,
    unitId: 'phong-kt-ht-dt',
    periodId: null,
    reportId: null,
    chatId: GROUP,
    senderId: '501',
    senderName: 'Nguyễn Văn Anh',
    inboundId: null,
    receivedAt: AT,
    textChars: 0,
    textProblem: null,
    statusesFromFile: [],
    text: null,
    album,
  });
}

describe('album members held back (album_held)', () => {
  it('holds a message once, and gives it back whole, in the order sent', () => {
    ward = WardBot.start(AT);
    const { albums } = ward.deps;
    albums.hold(picture(2, 'A', 0.02), ALBUM_WINDOW_MS);
    albums.hold(picture(1, 'A', 0.01), ALBUM_WINDOW_MS);
    albums.hold(picture(2, 'A', 0.02), ALBUM_WINDOW_MS);
    albums.hold(picture(3, 'B', 0.03), ALBUM_WINDOW_MS);
    expect(albums.count()).toBe(3);
    const held = albums.heldOf(GROUP, 'A');
    expect(held.map((m) => m.dedupeKey)).toEqual(['telegram:update:1', 'telegram:update:2']);
    expect(held[0]).toEqual(picture(1, 'A', 0.01));
    expect(albums.heldOf('telegram:-100999', 'A')).toEqual([]);
    albums.release('telegram:update:1');
    expect(albums.heldOf(GROUP, 'A').map((m) => m.dedupeKey)).toEqual(['telegram:update:2']);
  });

  it('forgets pictures of an album no report came for, by the platform’s clock, never those of a report', () => {
    ward = WardBot.start(AT);
    const { albums } = ward.deps;
    albums.hold(picture(1, 'event', 0), ALBUM_WINDOW_MS);
    albums.hold(picture(2, 'scan', 0), ALBUM_WINDOW_MS);
    keepHead(ward, 'scan');
    // Within the window of the first: nothing is forgotten.
    albums.hold(picture(3, 'other', 9), ALBUM_WINDOW_MS);
    expect(albums.count()).toBe(3);
    // Past it: the event's picture goes; the scan's page waits to be taken in.
    albums.hold(picture(4, 'later', 11), ALBUM_WINDOW_MS);
    expect(albums.heldOf(GROUP, 'event')).toEqual([]);
    expect(albums.joinable().map((m) => m.dedupeKey)).toEqual(['telegram:update:2']);
    expect(albums.count()).toBe(3);

    // At a start: what never became a report and came in before the cut is forgotten.
    expect(albums.dropUnjoined(new Date(AT.getTime() + 3_600_000 + 10 * 60_000))).toBe(1);
    expect(albums.joinable().map((m) => m.dedupeKey)).toEqual(['telegram:update:2']);
    expect(albums.heldOf(GROUP, 'later').map((m) => m.dedupeKey)).toEqual(['telegram:update:4']);
  });
});
