import type Database from 'better-sqlite3';
import { performance } from 'node:perf_hooks';
import { Dispatcher } from '../../src/bot/dispatcher';
import type { Channel, Outgoing, Sent } from '../../src/channels/channel';
import { PLAIN_TEXT } from '../../src/channels/channel';
import type { Synchronous } from '../../src/storage/db';
import { silentLogger } from '../../src/log';
import type { BenchContext, BenchPart, Figure } from './part';
import { round as rounded } from './part';
import { incoming, NOW, seedHistory, wardApp } from './ward';

/** A platform that takes every message at once: what is measured is the bot's own path. */
class NullChannel implements Channel {
  readonly name = 'bench';
  readonly capabilities = PLAIN_TEXT;
  readonly limits = {
    perSecond: 0,
    minIntervalMs: 0,
    perChatIntervalMs: 0,
    groupPerMinute: null,
    jitterMs: 0,
  };
  readonly down = false;
  owns(chatId: string): boolean {
    return chatId.startsWith('bench:');
  }
  private seq = 0;
  async start(): Promise<void> {}
  async stop(): Promise<void> {}
  async send(_chatId: string, _message: Outgoing): Promise<Sent> {
    return { messageRef: `m${++this.seq}` };
  }
}

/**
 * Inbound reports, the whole path a real message takes: the channel's handler, the dispatcher, the
 * bot (parse, validate, the message's transaction with its report and held receipt), the send, and
 * the send's bookkeeping (the receipt marked sent and its reference kept for replies, one transaction):
 * two commits per message. Baseline: the same two commits of the same rows into the same tables and
 * indexes, by raw prepared statements. At synchronous NORMAL and FULL.
 */
export const inbound: BenchPart = {
  name: 'inbound',
  async run(ctx) {
    const figures: Figure[] = [];
    for (const sync of ['NORMAL', 'FULL'] as const) {
      // FULL flushes the disk at every commit: fewer messages give the same picture in bounded time.
      const n = sync === 'NORMAL' ? (ctx.quick ? 3_000 : 20_000) : ctx.quick ? 300 : 2_000;
      figures.push(await inboundAt(ctx, sync, n));
    }
    return figures;
  },
};

async function inboundAt(ctx: BenchContext, sync: Synchronous, n: number): Promise<Figure> {
  const app = wardApp(ctx, `inbound-${sync}`, { synchronous: sync });
  seedHistory(app, ctx.log);
  const { deps } = app;
  const units = deps.planSet.organisation.units.filter((u) => u.id !== 'u0000');
  const plan = deps.planSet.plans[0]!;
  const texts = units.map((u, i) =>
    [
      // Every plan numbers its tasks from NV1: a unit of several plans names the one it reports on.
      `Bao cao KH ${plan.number.split('/')[0]} 6 thang 2026`,
      ...deps.responsibility
        .reportableTasks(plan, u.id)
        .slice(0, 3)
        .map(
          (t, k) =>
            `${t.code}: ${k % 2 ? 'dang thuc hien' : 'hoàn thành'} - tổ chức ${i % 9} hội nghị, ${100 + i} lượt tham dự`,
        ),
    ].join('\n'),
  );
  const client = deps.db.$client;
  const before = counts(client);
  const dispatcher = new Dispatcher(app.bot, deps.refs, silentLogger, () => NOW);
  const handle = dispatcher.handlerFor(new NullChannel());
  const periodId = deps.periods.ofPlan(plan.id).find((p) => p.id.endsWith('6T-2026'))!.id;
  // A receipt as the bot writes it, for the baseline's rows to be the same size.
  app.bot.handle(incoming(`bench:${units[0]!.id}`, texts[0]!, 'bench:in:sample', units[0]!.short));
  const replyPayload = client
    .prepare("SELECT payload FROM outbox WHERE kind = 'reply' ORDER BY id DESC LIMIT 1")
    .pluck()
    .get() as string;
  const itemsPerReport = 3;

  // Baseline: the same rows, committed the same two times per message, with nothing else done; on the
  // same migrated schema with the same plans synced, the same history and foreign keys on.
  const baseApp = wardApp(ctx, `inbound-${sync}-baseline`, { synchronous: sync });
  seedHistory(baseApp, ctx.log); // the same history too: indexes of the same size
  const base = baseApp.deps.db.$client;
  const insIn = base.prepare(
    `INSERT INTO inbound (dedupe_key, chat_id, message_ref, sender_id, sender_name, chat_title, kind, text, received_at, sent_at, outcome, processed_at)
     VALUES (?, ?, ?, ?, ?, ?, 'message', ?, ?, ?, 'report', ?)`,
  );
  const insRep = base.prepare(
    `INSERT INTO reports (period_id, unit_id, revision, chat_id, chat_title, sender_name, inbound_id, submitted_at, late, proposals)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0, '[]')`,
  );
  const insItem = base.prepare(
    'INSERT INTO report_items (report_id, task_code, status, result, figures) VALUES (?, ?, ?, ?, ?)',
  );
  const insReply = base.prepare(
    `INSERT INTO outbox (dedupe_key, chat_id, kind, payload, due_at, next_attempt_at, created_at, status)
     VALUES (?, ?, 'reply', ?, ?, ?, ?, 'held')`,
  );
  const sent = base.prepare(
    "UPDATE outbox SET status = 'sent', attempts = attempts + 1, sent_at = ?, platform_ref = ? WHERE dedupe_key = ? AND status = 'held'",
  );
  const ref = base.prepare(
    `INSERT INTO message_refs (chat_id, message_ref, kind, period_id, unit_id, task_code, created_at)
     VALUES (?, ?, 'receipt', ?, ?, NULL, ?) ON CONFLICT DO NOTHING`,
  );
  const message = base.transaction((i: number) => {
    const unitId = units[i % units.length]!.id;
    const chat = `bench:${unitId}`;
    const id = Number(
      insIn.run(`k${i}`, chat, String(i), '1', 'Người báo cáo', chat, texts[i % units.length], i, i, i)
        .lastInsertRowid,
    );
    const report = Number(
      insRep.run(periodId, unitId, i + 1, chat, chat, 'Người báo cáo', id, i).lastInsertRowid,
    );
    for (let k = 0; k < itemsPerReport; k++)
      insItem.run(report, `NV${k + 1}`, 'done', 'tổ chức 2 hội nghị, 150 lượt tham dự', '["2 hội nghị"]');
    insReply.run(`reply:k${i}:0`, chat, replyPayload, i, i, i);
  });
  const delivered = base.transaction((i: number) => {
    sent.run(i, `m${i}`, `reply:k${i}:0`);
    ref.run(`bench:${units[i % units.length]!.id}`, `m${i}`, periodId, units[i % units.length]!.id, i);
  });

  // Both run in alternating rounds, so a change in the machine's load falls on both alike.
  let botMs = 0;
  let baseMs = 0;
  let stored = 0;
  const round = 250;
  for (let from = 0; from < n; from += round) {
    const to = Math.min(n, from + round);
    const t0 = performance.now();
    for (let i = from; i < to; i++) {
      const u = units[i % units.length]!;
      if (
        (await handle(incoming(`bench:${u.id}`, texts[i % units.length]!, `bench:in:${i}`, u.short))) ===
        'stored'
      )
        stored++;
    }
    botMs += performance.now() - t0;
    const b0 = performance.now();
    for (let i = from; i < to; i++) {
      message(i);
      delivered(i);
    }
    baseMs += performance.now() - b0;
  }
  const after = counts(client);
  const rows = {
    inbound: after.inbound - before.inbound - 1,
    reports: after.reports - before.reports - 1,
    items: after.items - before.items - itemsPerReport,
    replies: after.sentReplies - before.sentReplies,
    refs: after.refs - before.refs,
  };
  app.close();
  baseApp.close();
  ctx.log(`inbound ${sync}: ${n} messages, ${stored} stored, rows ${JSON.stringify(rows)}`);
  if (
    rows.inbound !== n ||
    rows.reports !== n ||
    rows.items !== n * itemsPerReport ||
    rows.replies !== n ||
    rows.refs !== n
  )
    throw new Error(`inbound ${sync}: not every message took the whole path (${JSON.stringify(rows)})`);
  const rate = n / (botMs / 1000);
  const baseRate = n / (baseMs / 1000);
  return {
    name: `inbound reports, whole path (dispatcher, bot, send bookkeeping), synchronous ${sync}, ${n.toLocaleString('en')} messages`,
    value: rounded(rate),
    unit: 'msg/s',
    baseline: rounded(baseRate),
    baselineLabel: 'raw inserts of the same 2 commits',
    ratio: rounded(rate / baseRate),
    target: '≥ 0.5 × baseline',
    met: rate / baseRate >= 0.5,
    note: `2 commits per message; rows per message: ${JSON.stringify(perMessage(rows, n))}`,
  };
}

function perMessage(rows: Record<string, number>, n: number): Record<string, number> {
  return Object.fromEntries(Object.entries(rows).map(([k, v]) => [k, rounded(v / n)]));
}

function counts(db: Database.Database) {
  const c = (sql: string) => db.prepare(sql).pluck().get() as number;
  return {
    inbound: c('SELECT COUNT(*) FROM inbound'),
    reports: c('SELECT COUNT(*) FROM reports'),
    items: c('SELECT COUNT(*) FROM report_items'),
    sentReplies: c("SELECT COUNT(*) FROM outbox WHERE kind = 'reply' AND status = 'sent'"),
    refs: c('SELECT COUNT(*) FROM message_refs'),
  };
}
