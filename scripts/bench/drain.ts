import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { TELEGRAM_LIMITS, TelegramChannel } from '../../src/channels/telegram/telegram';
import { createApp } from '../../src/app';
import { loadConfig } from '../../src/config';
import { silentLogger } from '../../src/log';
import { OutboxSender } from '../../src/scheduler/sender';
import type { FakeLimits } from '../../tests/helpers/fakeTelegram';
import { FakeBotApi } from '../../tests/helpers/fakeTelegram';
import type { BenchContext, BenchPart, Figure } from './part';
import { round } from './part';

/**
 * What Telegram enforces, written here apart from the sender's own limits (`TELEGRAM_LIMITS`), so a
 * sender that allowed itself more than Telegram does meets 429s here instead of agreeing with itself:
 * about 30 messages a second overall, one a second to a chat, twenty a minute to a group.
 */
const TELEGRAM_ENFORCES: FakeLimits = { perSecond: 30, perChatIntervalMs: 1_000, groupPerMinute: 20 };

interface Chat {
  id: number;
  group: boolean;
}

/** Drains `perChat[i]` messages to each chat through the real Telegram channel, against the fake. */
async function drain(ctx: BenchContext, name: string, chats: Chat[], perChat: (i: number) => number) {
  const api = new FakeBotApi('42:bench', TELEGRAM_ENFORCES);
  const root = await api.start();
  const app = createApp(
    loadConfig({ DATABASE_PATH: join(ctx.dir, `${name}.sqlite`), PLANS_DIR: './plans' }),
    { logger: silentLogger },
  );
  const channel = new TelegramChannel({
    token: '42:bench',
    apiRoot: root,
    logger: silentLogger,
    polling: false,
  });
  await channel.start(async () => 'stored');
  const { deps } = app;
  const now = new Date();
  chats.forEach((c, i) =>
    deps.chats.touch(`telegram:${c.id}`, c.group ? 'group' : 'direct', `Nhóm ${i}`, now),
  );
  let total = 0;
  // Round-robin over the chats, as a wave of reminders and notices is queued.
  const max = Math.max(...chats.map((_, i) => perChat(i)));
  for (let k = 0; k < max; k++)
    chats.forEach((c, i) => {
      if (k >= perChat(i)) return;
      deps.outbox.enqueue(
        {
          dedupeKey: `m${total}`,
          chatId: `telegram:${c.id}`,
          kind: 'notice',
          payload: { text: `tin ${total}` },
          dueAt: now,
        },
        now,
      );
      total++;
    });
  const sender = new OutboxSender(channel, deps.outbox, deps.chats, deps.refs, silentLogger, {
    limits: TELEGRAM_LIMITS,
    maxAttempts: 10,
    clock: () => new Date(),
    onGaveUp: () => {},
  });
  ctx.log(`${name}: draining ${total} messages to ${chats.length} chats…`);
  const t0 = performance.now();
  await sender.drainOnce();
  const seconds = (performance.now() - t0) / 1000;
  const delivered = api.sent().map((m) => m.text);
  const unique = new Set(delivered);
  await channel.stop();
  await api.stop();
  app.close();
  return {
    total,
    seconds,
    rateLimited: api.rateLimited,
    duplicates: delivered.length - unique.size,
    lost: total - unique.size,
  };
}

/**
 * The outbox drained through the real Telegram channel against the fake Bot API enforcing Telegram's
 * limits: many chats (the overall 30 a second binds), and few chats and groups with many messages each
 * (one a second per chat and twenty a minute per group bind). 429s counted by the fake.
 */
export const drainPart: BenchPart = {
  name: 'drain',
  async run(ctx) {
    const figures: Figure[] = [];
    const manyTotal = ctx.quick ? 300 : 2_000;
    const manyChats = ctx.quick ? 75 : 500;
    const many = await drain(
      ctx,
      'drain-many',
      Array.from({ length: manyChats }, (_, c) => ({
        id: c % 2 === 0 ? -(1_000_000 + c) : 1_000_000 + c,
        group: c % 2 === 0,
      })),
      (i) => Math.floor(manyTotal / manyChats) + (i < manyTotal % manyChats ? 1 : 0),
    );
    const rate = many.total / many.seconds;
    figures.push({
      name: `outbox drain, ${many.total.toLocaleString('en')} messages to ${manyChats} chats (Telegram's limits enforced)`,
      value: round(rate),
      unit: 'msg/s',
      baseline: TELEGRAM_ENFORCES.perSecond,
      baselineLabel: "Telegram's 30/s",
      ratio: round(rate / TELEGRAM_ENFORCES.perSecond),
      target: '≥ 0.9 × 30/s; 429s ≤ 1; no duplicate, no loss',
      met:
        rate / TELEGRAM_ENFORCES.perSecond >= 0.9 &&
        many.rateLimited <= 1 &&
        many.duplicates === 0 &&
        many.lost === 0,
      note: `429s: ${many.rateLimited}, duplicates: ${many.duplicates}, lost: ${many.lost}`,
    });

    // Few chats, many messages each: four groups and four direct chats.
    const groups = ctx.quick ? 2 : 4;
    const perGroup = ctx.quick ? 21 : 25;
    const perDirect = ctx.quick ? 10 : 25;
    const few: Chat[] = [
      ...Array.from({ length: groups }, (_, g) => ({ id: -(2_000_000 + g), group: true })),
      ...Array.from({ length: groups }, (_, d) => ({ id: 2_000_000 + d, group: false })),
    ];
    const count = (i: number) => (few[i]!.group ? perGroup : perDirect);
    // The least time Telegram's limits allow: a chat's k-th message (from 0) goes at k seconds at the
    // earliest, and a group's 21st only a minute after its first.
    const ideal = Math.max(
      ...few.map((c, i) => {
        const last = count(i) - 1;
        return c.group ? Math.max(last, Math.floor(last / TELEGRAM_ENFORCES.groupPerMinute) * 60) : last;
      }),
    );
    const r = await drain(ctx, 'drain-few', few, count);
    const efficiency = ideal / r.seconds;
    figures.push({
      name: `outbox drain, ${r.total} messages to ${groups} groups and ${groups} direct chats (1/s per chat, 20/min per group)`,
      value: round(r.seconds),
      unit: 's',
      baseline: ideal,
      baselineLabel: "the least time Telegram's limits allow",
      ratio: round(efficiency),
      target: '≥ 0.9 of the least time (ratio least/actual); 429s ≤ 1; no duplicate, no loss',
      met: efficiency >= 0.9 && r.rateLimited <= 1 && r.duplicates === 0 && r.lost === 0,
      note: `429s: ${r.rateLimited}, duplicates: ${r.duplicates}, lost: ${r.lost}`,
    });
    return figures;
  },
};
