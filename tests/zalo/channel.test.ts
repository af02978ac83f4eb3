import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Incoming } from '../../src/channels/channel';
import { ChannelError } from '../../src/channels/errors';
import { writeSession } from '../../src/channels/zalo/session';
import type { ZaloOptions, ZaloProblem } from '../../src/channels/zalo/zalo';
import { ZaloChannel } from '../../src/channels/zalo/zalo';
import { bold } from '../../src/core/messages/format';
import { createLogger } from '../../src/log';
import { CREDENTIALS, FakeZaloLogin, zaloError } from '../helpers/fakeZalo';
import { tempDir } from '../helpers/tmp';
import * as m from './fixtures/messages';

const RECONNECT = { baseMs: 1_000, maxMs: 60_000, stableMs: 30_000 };

interface Harness {
  channel: ZaloChannel;
  login: FakeZaloLogin;
  received: Incoming[];
  problems: ZaloProblem[];
  logs: string[];
  sessionPath: string;
}

let current: ZaloChannel | null = null;

beforeEach(() => {
  vi.useFakeTimers({ now: new Date('2026-06-01T02:00:00Z') });
});

afterEach(async () => {
  await current?.stop();
  current = null;
  vi.useRealTimers();
});

async function startChannel(extra: Partial<ZaloOptions> = {}, prepare?: (h: FakeZaloLogin) => void) {
  const dir = tempDir();
  const sessionPath = join(dir, 'zalo-session.json');
  writeSession(sessionPath, CREDENTIALS, new Date('2026-05-30T00:00:00Z'));
  const login = new FakeZaloLogin(m.BOT_UID);
  prepare?.(login);
  const received: Incoming[] = [];
  const problems: ZaloProblem[] = [];
  const logs: string[] = [];
  const channel = new ZaloChannel({
    sessionPath,
    logger: createLogger('debug', (line) => logs.push(line)),
    login: login.login,
    onProblem: (p) => problems.push(p),
    random: () => 0.5,
    reconnect: RECONNECT,
    sendGapMs: 0,
    ...extra,
  });
  current = channel;
  await channel.start(async (incoming) => {
    received.push(incoming);
    return 'stored';
  });
  await vi.advanceTimersByTimeAsync(0);
  return { channel, login, received, problems, logs, sessionPath } satisfies Harness;
}

describe('the Zalo channel: listening', () => {
  it('logs in with the saved session, listens without zca-js retries, and is online', async () => {
    const h = await startChannel();
    expect(h.login.logins).toBe(1);
    expect(h.login.api.listener.starts).toHaveLength(1);
    expect(h.channel.state).toBe('online');
  });

  it('hands over group and direct messages with our ids, and drops its own echo and stickers', async () => {
    const h = await startChannel();
    const l = h.login.api.listener;
    l.deliver(m.groupText('/nhiemvu'));
    l.deliver(m.ownEcho('Đã nhận báo cáo'));
    l.deliver(m.sticker());
    l.deliver(m.directText('cho tôi hỏi nhiệm vụ'));
    await vi.advanceTimersByTimeAsync(0);
    // Across chats the order may differ (a group's name is looked up first); within a chat it is kept.
    expect(h.received.map((i) => [i.chatId, i.chatKind, i.text, i.addressed]).sort()).toEqual([
      [`zalo:g:${m.GROUP_ID}`, 'group', '/nhiemvu', true],
      [`zalo:u:${m.MEMBER.uid}`, 'direct', 'cho tôi hỏi nhiệm vụ', true],
    ]);
  });

  it("keeps a group's messages in order while its name is looked up, and asks for the name once", async () => {
    const h = await startChannel();
    let asked = 0;
    h.login.api.groupName = async () => {
      asked++;
      await new Promise((r) => setTimeout(r, 50));
      return 'Phòng KT-HT-ĐT';
    };
    for (const text of ['NV3: đang thực hiện', 'sửa: NV3 hoàn thành', '/xem'])
      h.login.api.listener.deliver(m.groupText(text));
    await vi.advanceTimersByTimeAsync(60);
    expect(h.received.map((i) => [i.text, i.chatTitle])).toEqual([
      ['NV3: đang thực hiện', 'Phòng KT-HT-ĐT'],
      ['sửa: NV3 hoàn thành', 'Phòng KT-HT-ĐT'],
      ['/xem', 'Phòng KT-HT-ĐT'],
    ]);
    expect(asked).toBe(1);
  });
});

describe('the Zalo channel: staying up', () => {
  it('reconnects after 1006 with a growing, jittered backoff, and resets it after a stable connection', async () => {
    const h = await startChannel();
    const l = h.login.api.listener;
    const gaps: number[] = [];
    for (let i = 0; i < 4; i++) {
      const before = l.starts.length;
      const closedAt = Date.now();
      l.close(1006, 'abnormal closure');
      await vi.advanceTimersByTimeAsync(RECONNECT.baseMs * 2 ** i - 1);
      expect(l.starts.length).toBe(before); // not yet: no reconnect storm
      await vi.advanceTimersByTimeAsync(2);
      expect(l.starts.length).toBe(before + 1);
      gaps.push((l.starts.at(-1) ?? 0) - closedAt);
    }
    expect(gaps).toEqual([1000, 2000, 4000, 8000]);
    expect(h.channel.state).toBe('online');

    // A connection that lasts resets the backoff.
    await vi.advanceTimersByTimeAsync(RECONNECT.stableMs);
    const before = l.starts.length;
    l.close(1006);
    await vi.advanceTimersByTimeAsync(RECONNECT.baseMs + 1);
    expect(l.starts.length).toBe(before + 1);
    expect(h.problems).toEqual([]);
  });

  it('reconnects when the server closes normally (1000), and never after its own stop', async () => {
    const h = await startChannel();
    const l = h.login.api.listener;
    l.close(1000, 'server going away');
    await vi.advanceTimersByTimeAsync(RECONNECT.baseMs * 1.5);
    expect(l.starts).toHaveLength(2);
    await h.channel.stop();
    await vi.advanceTimersByTimeAsync(60 * 60_000);
    expect(l.starts).toHaveLength(2);
    expect(l.open).toBe(false);
    // A late websocket error after the stop is logged, not thrown (an unheard 'error' would end the process).
    expect(() => l.emit('error', new Error('socket closed'))).not.toThrow();
  });

  it('logs in again after many drops in a row, since the session itself may be gone', async () => {
    const h = await startChannel({ reloginAfter: 3 });
    const l = h.login.api.listener;
    for (let i = 0; i < 3; i++) {
      l.close(1006);
      await vi.advanceTimersByTimeAsync(RECONNECT.baseMs * 2 ** i * 1.5);
    }
    expect(h.login.logins).toBe(2);
    expect(h.channel.state).toBe('online');
  });

  it('does not reconnect after 3003 (kicked): it reports once and stays down', async () => {
    const h = await startChannel();
    const l = h.login.api.listener;
    l.close(3003, 'kicked');
    await vi.advanceTimersByTimeAsync(60 * 60_000);
    expect(l.starts).toHaveLength(1);
    expect(h.login.logins).toBe(1);
    expect(h.channel.state).toBe('down');
    expect(h.problems.map((p) => p.kind)).toEqual(['kicked']);
    expect(h.logs.join('')).toContain('npm run zalo:login');
    await expect(h.channel.send(`zalo:g:${m.GROUP_ID}`, { text: 'x' })).rejects.toMatchObject({
      kind: 'auth',
    });
  });

  it('reports an expired session once, and does not retry it in a loop', async () => {
    const h = await startChannel({}, (login) => (login.refuse = zaloError('Đăng nhập thất bại')));
    await vi.advanceTimersByTimeAsync(60 * 60_000);
    expect(h.login.logins).toBe(1);
    expect(h.channel.state).toBe('down');
    expect(h.problems).toEqual([
      {
        kind: 'session_expired',
        detail: 'Đăng nhập thất bại',
        incident: 'session_expired:2026-05-30T00:00:00.000Z',
      },
    ]);
  });

  it('keeps trying to log in while Zalo cannot be reached, then comes online', async () => {
    const h = await startChannel({}, (login) => (login.refuse = new TypeError('fetch failed')));
    expect(h.channel.state).toBe('connecting');
    await vi.advanceTimersByTimeAsync(RECONNECT.baseMs * 1.5);
    expect(h.login.logins).toBe(2);
    h.login.refuse = null;
    await vi.advanceTimersByTimeAsync(RECONNECT.baseMs * 3);
    expect(h.login.logins).toBe(3);
    expect(h.channel.state).toBe('online');
    expect(h.problems).toEqual([]);
  });

  it('says so when the session file is damaged, naming the file', async () => {
    const dir = tempDir();
    const sessionPath = join(dir, 'zalo-session.json');
    writeFileSync(sessionPath, '{"imei": 12');
    const problems: ZaloProblem[] = [];
    const login = new FakeZaloLogin(m.BOT_UID);
    current = new ZaloChannel({
      sessionPath,
      logger: createLogger('error', () => {}),
      login: login.login,
      onProblem: (p) => problems.push(p),
    });
    await current.start(async () => 'stored');
    expect(login.logins).toBe(0);
    expect(problems[0]?.kind).toBe('session_invalid');
    expect(problems[0]?.detail).toContain(sessionPath);
  });

  it('saves the refreshed cookie back to the session file, readable by its owner only', async () => {
    const h = await startChannel({ saveEveryMs: 60_000 });
    const before = readFileSync(h.sessionPath, 'utf8');
    await vi.advanceTimersByTimeAsync(60_000);
    expect(readFileSync(h.sessionPath, 'utf8')).toBe(before); // unchanged cookie: not rewritten
    h.login.api.cookie = [
      { name: 'zpw_sek', value: 'refreshed', domain: '.chat.zalo.me', path: '/' },
    ] as never;
    await vi.advanceTimersByTimeAsync(60_000);
    const saved = JSON.parse(readFileSync(h.sessionPath, 'utf8')) as { cookie: { value: string }[] };
    expect(saved.cookie[0]?.value).toBe('refreshed');
    expect(statSync(h.sessionPath).mode & 0o777).toBe(0o600);
    expect(h.logs.join('')).not.toContain('refreshed');
  });
});

describe('the Zalo channel: sending', () => {
  it('sends bold spans as Zalo styles, quoting the message it answers', async () => {
    const h = await startChannel();
    const question = m.groupText('/nhiemvu');
    h.login.api.listener.deliver(question);
    await vi.advanceTimersByTimeAsync(0);
    const sent = await h.channel.send(`zalo:g:${m.GROUP_ID}`, {
      text: `${bold('Phòng VHXH')}\nNV3: hoàn thành`,
      replyTo: question.data.msgId,
    });
    const [out] = h.login.api.sent;
    expect(out?.threadId).toBe(m.GROUP_ID);
    expect(out?.type).toBe(1);
    expect(out?.content.msg).toBe('Phòng VHXH\nNV3: hoàn thành');
    expect(out?.content.styles).toEqual([{ start: 0, len: 10, st: 'b' }]);
    expect(out?.content.quote?.msgId).toBe(question.data.msgId);
    expect(out?.content.quote?.uidFrom).toBe(m.MEMBER.uid);
    expect(sent.messageRef).toBe(String(out?.msgId));
  });

  it('names a person with an @mention in a group (styles shifted), and not in a direct chat', async () => {
    const h = await startChannel();
    const person = { userId: m.MEMBER.uid, name: m.MEMBER.name };
    await h.channel.send(`zalo:g:${m.GROUP_ID}`, {
      text: `${bold('Nhắc báo cáo')} năm 2026`,
      mention: person,
    });
    await h.channel.send(`zalo:u:${m.MEMBER.uid}`, { text: 'Nhắc báo cáo', mention: person });
    const [group, direct] = h.login.api.sent;
    const at = `@${m.MEMBER.name}`;
    expect(group?.content).toMatchObject({
      msg: `${at} Nhắc báo cáo năm 2026`,
      mentions: [{ pos: 0, len: at.length, uid: m.MEMBER.uid }],
      styles: [{ start: at.length + 1, len: 12, st: 'b' }],
    });
    expect(direct?.content.mentions).toBeUndefined();
    expect(direct?.text).toBe('Nhắc báo cáo');
  });

  it('splits a long text and quotes only in the first part', async () => {
    const h = await startChannel();
    const question = m.directText('xem');
    h.login.api.listener.deliver(question);
    await vi.advanceTimersByTimeAsync(0);
    const long = Array.from({ length: 300 }, (_, i) => `Dòng số ${i + 1} của báo cáo`).join('\n');
    await h.channel.send(`zalo:u:${m.MEMBER.uid}`, { text: long, replyTo: question.data.msgId });
    const parts = h.login.api.sent;
    expect(parts.length).toBe(4);
    expect(parts.every((p) => p.text.length <= 2000 && p.type === 0)).toBe(true);
    expect(parts.map((p) => p.text).join('\n')).toBe(long);
    expect(parts.filter((p) => p.content.quote)).toHaveLength(1);
  });

  it('spaces its sends by the configured gap, replies included', async () => {
    const h = await startChannel({ sendGapMs: 3_000 });
    const sends = [1, 2, 3].map((i) => h.channel.send(`zalo:g:${m.GROUP_ID}`, { text: `tin ${i}` }));
    await vi.advanceTimersByTimeAsync(100);
    expect(h.login.api.sent).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(3_000);
    expect(h.login.api.sent).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(3_000);
    await Promise.all(sends);
    expect(h.login.api.textsTo(m.GROUP_ID)).toEqual(['tin 1', 'tin 2', 'tin 3']);
  });

  it("translates Zalo's 221 into a rate limit and 123 into a refused recipient", async () => {
    const h = await startChannel();
    h.login.api.failures.push(
      zaloError('Vượt quá số request cho phép', 221),
      zaloError('Không thể gửi tin nhắn cho người chưa là bạn bè', 123),
    );
    const to = `zalo:u:${m.OTHER.uid}`;
    const first = await h.channel.send(to, { text: 'a' }).catch((e: unknown) => e);
    const second = await h.channel.send(to, { text: 'b' }).catch((e: unknown) => e);
    expect(first).toBeInstanceOf(ChannelError);
    expect(first).toMatchObject({ kind: 'rate_limited', retryAfterMs: 300_000 });
    expect(second).toMatchObject({ kind: 'recipient_gone' });
    expect(h.channel.state).toBe('online');
  });

  it('sends a PNG as an attachment with its size, and refuses a chat id that is not Zalo', async () => {
    const h = await startChannel();
    const dir = tempDir();
    const png = Buffer.alloc(33);
    Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex').copy(png);
    png.writeUInt32BE(640, 16);
    png.writeUInt32BE(360, 20);
    writeFileSync(join(dir, 'bieu-do.png'), png);
    await h.channel.sendFile(`zalo:g:${m.GROUP_ID}`, {
      path: join(dir, 'bieu-do.png'),
      name: 'bieu-do.png',
      caption: 'Biểu đồ',
    });
    const attachments = h.login.api.sent[0]?.content.attachments;
    expect(attachments).toEqual([
      { data: png, filename: 'bieu-do.png', metadata: { totalSize: 33, width: 640, height: 360 } },
    ]);
    await expect(h.channel.send('telegram:-100', { text: 'x' })).rejects.toMatchObject({ kind: 'rejected' });
  });

  it('gives up an upload that never ends at its time limit, as a network failure, and later sends go through', async () => {
    const h = await startChannel({ fileTimeoutMs: 60_000, callTimeoutMs: 20_000 });
    const dir = tempDir();
    writeFileSync(join(dir, 'bao-cao.docx'), 'PK');
    // zca-js waits for the upload's websocket callback with no limit; the callback never comes.
    h.login.api.hangUploads = true;
    const upload = h.channel
      .sendFile(`zalo:g:${m.GROUP_ID}`, { path: join(dir, 'bao-cao.docx'), name: 'bao-cao.docx' })
      .catch((e: unknown) => e);
    const text = h.channel.send(`zalo:g:${m.GROUP_ID}`, { text: 'tin sau tệp' });
    await vi.advanceTimersByTimeAsync(59_000);
    expect(h.login.api.sent).toHaveLength(0); // the text waits its turn behind the upload
    await vi.advanceTimersByTimeAsync(1_500);
    expect(await upload).toMatchObject({ kind: 'network', message: 'Zalo did not answer in 60000 ms' });
    await text;
    expect(h.login.api.textsTo(m.GROUP_ID)).toEqual(['tin sau tệp']);
    expect(h.channel.state).toBe('online');
  });
});
