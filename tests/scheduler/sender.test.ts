import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { silentLogger } from '../../src/log';
import { RateLimiter } from '../../src/scheduler/limiter';
import { OutboxSender } from '../../src/scheduler/sender';
import { ChatStore } from '../../src/storage/chats';
import { openDatabase } from '../../src/storage/db';
import type { Db } from '../../src/storage/db';
import { MessageRefStore } from '../../src/storage/messageRefs';
import type { OutboxItem } from '../../src/storage/outbox';
import { OutboxStore } from '../../src/storage/outbox';
import { chatGone, FakeChannel, networkDown, rateLimited } from '../helpers/fakeChannel';
import { tempDir } from '../helpers/tmp';

const T0 = new Date('2026-12-01T01:00:00Z').getTime();

let db: Db;
let outbox: OutboxStore;
let chats: ChatStore;

beforeEach(() => {
  vi.useFakeTimers({ now: T0 });
  db = openDatabase(join(tempDir(), 'bot.sqlite'));
  outbox = new OutboxStore(db);
  chats = new ChatStore(db);
});

afterEach(() => {
  vi.useRealTimers();
  db.$client.close();
});

function queue(n: number, chatOf: (i: number) => string, prefix = 'm'): void {
  for (let i = 0; i < n; i++) {
    const chatId = chatOf(i);
    if (!chats.get(chatId))
      chats.touch(chatId, chatId.includes(':u') ? 'direct' : 'group', chatId, new Date(T0));
    outbox.enqueue(
      {
        dedupeKey: `${prefix}${i}`,
        chatId,
        kind: 'remind',
        payload: { text: `${prefix}${i}` },
        dueAt: new Date(T0),
      },
      new Date(T0),
    );
  }
}

function sender(
  channel: FakeChannel,
  gaveUp: OutboxItem[] = [],
  limits = { perSecond: 30, minIntervalMs: 0, perChatIntervalMs: 1000, groupPerMinute: 20, jitterMs: 0 },
) {
  return new OutboxSender(channel, outbox, chats, new MessageRefStore(db), silentLogger, {
    limits,
    maxAttempts: 4,
    clock: () => new Date(Date.now()),
    random: () => 0,
    onGaveUp: (item) => gaveUp.push(item),
  });
}

describe('the outbox sender', () => {
  it('waits retry_after on a 429, then delivers every message once, in order per chat', async () => {
    const channel = new FakeChannel('telegram', () => Date.now()).then(rateLimited(3000));
    queue(6, (i) => `telegram:-${i % 2}`);
    const s = sender(channel);
    const done = s.drainOnce();
    await vi.runAllTimersAsync();
    expect(await done).toBe(7); // six messages plus the one attempt refused
    expect(channel.sent.map((m) => m.text).sort()).toEqual(['m0', 'm1', 'm2', 'm3', 'm4', 'm5']);
    for (const chat of ['telegram:-0', 'telegram:-1']) {
      const texts = channel.sent.filter((m) => m.chatId === chat).map((m) => m.text);
      expect(texts).toEqual([...texts].sort());
    }
    // Nothing went out during the 3 s the platform asked for.
    const first = channel.attempts[0]!.at;
    expect(channel.attempts.slice(1).every((a) => a.at >= first + 3000)).toBe(true);
    expect(outbox.counts()).toMatchObject({ sent: 6, pending: 0 });
  });

  it('keeps 1 s between two messages to one chat and 20 a minute to one group', async () => {
    const channel = new FakeChannel('telegram', () => Date.now());
    queue(25, () => 'telegram:-100');
    const done = sender(channel).drainOnce();
    await vi.runAllTimersAsync();
    await done;
    const times = channel.sent.map((m) => m.at);
    for (let i = 1; i < times.length; i++) expect(times[i]! - times[i - 1]!).toBeGreaterThanOrEqual(1000);
    for (let i = 20; i < times.length; i++) expect(times[i]! - times[i - 20]!).toBeGreaterThanOrEqual(60_000);
  });

  it('retries a transient failure with backoff, and gives up after the last attempt', async () => {
    const gaveUp: OutboxItem[] = [];
    const channel = new FakeChannel('telegram', () => Date.now()).then(networkDown(), networkDown());
    queue(1, () => 'telegram:-1');
    let done = sender(channel, gaveUp).drainOnce();
    await vi.runAllTimersAsync();
    await done;
    expect(channel.sent).toHaveLength(0);
    expect(outbox.get('m0')).toMatchObject({ status: 'pending', attempts: 1 });
    // The backoff passes; the second try fails again, the third goes through.
    vi.setSystemTime(T0 + 10_000);
    done = sender(channel, gaveUp).drainOnce();
    await vi.runAllTimersAsync();
    await done;
    vi.setSystemTime(T0 + 60_000);
    done = sender(channel, gaveUp).drainOnce();
    await vi.runAllTimersAsync();
    await done;
    expect(channel.sent.map((m) => m.text)).toEqual(['m0']);
    expect(outbox.get('m0')).toMatchObject({ status: 'sent', attempts: 3 });

    const down = new FakeChannel('telegram', () => Date.now()).then(
      networkDown(),
      networkDown(),
      networkDown(),
      networkDown(),
    );
    queue(1, () => 'telegram:-2', 'x');
    for (let i = 0; i < 4; i++) {
      vi.setSystemTime(T0 + 3_600_000 * (i + 1));
      done = sender(down, gaveUp).drainOnce();
      await vi.runAllTimersAsync();
      await done;
    }
    expect(outbox.get('x0')).toMatchObject({ status: 'failed', attempts: 4 });
    expect(gaveUp.map((i) => i.dedupeKey)).toEqual(['x0']);
  });

  it('sleeps, not spins, while a chat waits for its first message to be retried', async () => {
    // The first message of the chat fails; the two behind it are due but wait for it (order per chat).
    const channel = new FakeChannel('telegram', () => Date.now()).then(networkDown());
    queue(3, () => 'telegram:-9');
    let looks = 0;
    const ready = outbox.ready.bind(outbox);
    outbox.ready = (...args) => (looks++, ready(...args));
    const s = sender(channel);
    s.start();
    await vi.advanceTimersByTimeAsync(1_500);
    // Backoff is 2 s: the sender looked once, tried, and looked once more; no loop on the waiting ones.
    expect(channel.attempts).toHaveLength(1);
    expect(looks).toBeLessThanOrEqual(3);
    await vi.advanceTimersByTimeAsync(5_000);
    await s.stop();
    expect(channel.sent.map((m) => m.text)).toEqual(['m0', 'm1', 'm2']);
  });

  it('marks a permanent failure failed at once, marks the chat gone and never retries it', async () => {
    const gaveUp: OutboxItem[] = [];
    const channel = new FakeChannel('telegram', () => Date.now()).then(chatGone());
    queue(3, () => 'telegram:-7');
    const done = sender(channel, gaveUp).drainOnce();
    await vi.runAllTimersAsync();
    await done;
    expect(channel.attempts).toHaveLength(1);
    expect(outbox.counts()).toMatchObject({ failed: 3, sent: 0 });
    expect(chats.get('telegram:-7')?.gone).toBe(true);
    expect(gaveUp.map((i) => i.dedupeKey)).toEqual(['m0']);
  });

  it('skips a message whose time has passed instead of sending it days late', async () => {
    const channel = new FakeChannel('telegram', () => Date.now());
    chats.touch('telegram:-1', 'group', 'x', new Date(T0));
    outbox.enqueue(
      {
        dedupeKey: 'old',
        chatId: 'telegram:-1',
        kind: 'remind',
        payload: { text: 'old' },
        dueAt: new Date(T0 - 3 * 86_400_000),
        expiresAt: new Date(T0 - 2 * 86_400_000),
      },
      new Date(T0),
    );
    const done = sender(channel).drainOnce();
    await vi.runAllTimersAsync();
    await done;
    expect(channel.sent).toHaveLength(0);
    expect(outbox.get('old')?.status).toBe('skipped');
  });

  it('sends an item left "sending" by a crash again: at least once', async () => {
    queue(1, () => 'telegram:-1');
    outbox.markSending(outbox.get('m0')!.id);
    const channel = new FakeChannel('telegram', () => Date.now());
    const done = sender(channel).drainOnce();
    await vi.runAllTimersAsync();
    await done;
    expect(channel.sent.map((m) => m.text)).toEqual(['m0']);
  });

  it('lets stop() finish the message in flight', async () => {
    queue(3, (i) => `telegram:-${i}`);
    let release: () => void = () => {};
    const channel = new FakeChannel('telegram', () => Date.now());
    const original = channel.send.bind(channel);
    channel.send = async (chatId, message) => {
      await new Promise<void>((r) => (release = r));
      return original(chatId, message);
    };
    const s = sender(channel);
    s.start();
    await vi.advanceTimersByTimeAsync(10);
    const stopping = s.stop();
    release();
    await vi.runAllTimersAsync();
    await stopping;
    expect(channel.sent).toHaveLength(1);
    expect(outbox.counts()).toMatchObject({ sent: 1, pending: 2 });
  });
});

describe('the rate limiter', () => {
  it('spaces a channel by its minimum gap plus jitter (Zalo)', () => {
    const l = new RateLimiter(
      { perSecond: 0, minIntervalMs: 4000, perChatIntervalMs: 0, groupPerMinute: null, jitterMs: 3000 },
      () => 0.5,
    );
    l.record('zalo:g:1', true, 0);
    expect(l.earliest('zalo:g:2', true, 0)).toBe(5500);
  });

  it('allows 30 a second across chats and no more', () => {
    const l = new RateLimiter({
      perSecond: 30,
      minIntervalMs: 0,
      perChatIntervalMs: 1000,
      groupPerMinute: 20,
      jitterMs: 0,
    });
    for (let i = 0; i < 30; i++) {
      expect(l.earliest(`c${i}`, false, 0)).toBe(0);
      l.record(`c${i}`, false, 0);
    }
    expect(l.earliest('c30', false, 0)).toBe(1000);
  });
});
