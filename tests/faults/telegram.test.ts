import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config';
import { instantAt } from '../../src/core/time';
import { silentLogger } from '../../src/log';
import type { Runtime } from '../../src/runtime';
import { startRuntime } from '../../src/runtime';
import { FakeBotApi } from '../helpers/fakeTelegram';
import { PLANS_DIR } from '../helpers/plans';
import { tempDir } from '../helpers/tmp';
import * as f from '../telegram/fixtures/updates';

/**
 * Telegram platform faults and redelivery. Promises: the Bot API answering 500, 502, 429, 409, 401,
 * dropping the connection, never answering or losing its answer does not stop the bot — it hears again,
 * and every reply is delivered, retried through the outbox, once (twice only when Telegram took it and
 * the answer was lost: at least once) — while the console keeps answering; an update of any kind
 * delivered three times is processed once.
 */
const TOKEN = '123456:TEST-token';
const START = instantAt('2026-06-05', '09:00', 'Asia/Ho_Chi_Minh').getTime();
const realStart = Date.now();

const clock = () => new Date(START + (Date.now() - realStart));
f.stampWith(clock);

let runtime: Runtime | null = null;
let api: FakeBotApi | null = null;

afterEach(async () => {
  await runtime?.stop();
  await api?.stop();
  // Whatever the faults, nothing the bot sent was refused as Telegram would refuse it (HTML, length, buttons).
  const refused = api?.refused ?? [];
  runtime = null;
  api = null;
  expect(refused).toEqual([]);
});

async function boot() {
  api = new FakeBotApi(TOKEN, null);
  const root = await api.start();
  const stdin = new PassThrough();
  const stdout = new PassThrough();
  let printed = '';
  stdout.on('data', (d: Buffer) => (printed += d.toString()));
  runtime = await startRuntime(
    loadConfig({
      DATABASE_PATH: join(tempDir(), 'bot.sqlite'),
      PLANS_DIR,
      TELEGRAM_BOT_TOKEN: TOKEN,
      TELEGRAM_API_ROOT: root,
      CONSOLE: 'on',
    }),
    {
      logger: silentLogger,
      clock,
      schedule: false,
      stdin,
      stdout,
      tuning: { telegram: { requestTimeoutMs: 1_500, restartDelayMs: 200, pollTimeoutMs: 2_500 } },
    },
  );
  const rt = runtime;
  const a = api;
  // The office on Telegram, and Phòng KT-HT-ĐT's group.
  const office = rt.app.deps.invites.create('office', 'phong-vhxh', 'terminal', clock(), 72);
  a.push(f.groupMessage(`/dangky ${office.code}`, {}, f.OFFICE));
  const unit = rt.app.deps.invites.create('unit', 'phong-kt-ht-dt', 'terminal', clock(), 72);
  a.push(f.groupMessage(`/dangky ${unit.code}`));
  await a.waitFor(() => a.sent(f.GROUP.id).length === 1 && a.sent(f.OFFICE.id).length >= 1, 10_000);
  const console = {
    /** Types a line in the console and waits for its answer. */
    async ask(line: string): Promise<string> {
      const before = printed.length;
      stdin.write(`${line}\n`);
      const end = Date.now() + 5_000;
      while (!printed.slice(before).includes('bot:')) {
        if (Date.now() > end) throw new Error(`console did not answer ${line}`);
        await new Promise((r) => setTimeout(r, 10));
      }
      return printed.slice(before);
    },
  };
  return { rt, a, console };
}

const reportCount = (rt: Runtime) =>
  rt.app.deps.db.$client.prepare('SELECT COUNT(*) FROM reports').pluck().get() as number;

describe('Telegram platform faults', () => {
  it('hears again after getUpdates answers 500, drops, hangs, 409 and 401; the console answers meanwhile', async () => {
    const { rt, a, console: terminal } = await boot();
    a.script(
      'getUpdates',
      { status: 500, body: { ok: false, error_code: 500, description: 'Internal Server Error' } },
      'drop',
      'hang',
      // Another process polling with the same token, then a token refused for a moment.
      {
        status: 409,
        body: { ok: false, error_code: 409, description: 'Conflict: terminated by other getUpdates request' },
      },
      { status: 401, body: { ok: false, error_code: 401, description: 'Unauthorized' } },
    );
    const faultsFrom = a.calls.filter((c) => c.method === 'getUpdates').length;
    // The console is served whatever Telegram does.
    expect(await terminal.ask('/help')).toContain('/nhiemvu');
    // The update comes only once the five faults have been served: the bot must get past them to hear it.
    await a.waitFor(() => a.calls.filter((c) => c.method === 'getUpdates').length >= faultsFrom + 5, 40_000);
    a.push(f.groupMessage('NV7: hoàn thành - đăng ký mô hình "Dân vận khéo"'));
    await a.waitFor(() => a.sent(f.GROUP.id).some((m) => m.text.includes('Đã nhận báo cáo')), 40_000);
    const polls = a.calls.filter((c) => c.method === 'getUpdates').length - faultsFrom;
    expect(polls).toBeGreaterThanOrEqual(6);
    expect(reportCount(rt)).toBe(1);
    expect(a.sent(f.GROUP.id).filter((m) => m.text.includes('Đã nhận báo cáo'))).toHaveLength(1);
    console.log(
      `telegram getUpdates faults: 5 (500, drop, hang, 409, 401) → recovered after ${polls} polls; 1 report, 1 receipt; console answered`,
    );
  });

  it('delivers every reply when sendMessage answers 502, 429, drops, hangs or loses its answer: once, and twice only where the answer was lost', async () => {
    const { rt, a, console: terminal } = await boot();
    const busy = {
      status: 429,
      body: {
        ok: false,
        error_code: 429,
        description: 'Too Many Requests: retry after 1',
        parameters: { retry_after: 1 },
      },
    };
    const down = { status: 502, body: { ok: false, error_code: 502, description: 'Bad Gateway' } };
    const from = a.calls.length;
    a.script('sendMessage', down, 'drop', busy, 'hang', 'delivered-drop');
    const texts = [
      'NV3: hoàn thành - lần 1',
      'NV7: đang thực hiện - lần 2',
      'NV3: hoàn thành - lần 3',
      'NV7: hoàn thành - lần 4',
      'NV3: đang thực hiện - lần 5',
    ];
    const updates = texts.map((t) => f.groupMessage(t));
    a.pushAll(updates);
    // The console is served while Telegram's sends fail.
    expect(await terminal.ask('/help')).toContain('/nhiemvu');
    // Each receipt quotes the report it answers.
    const receiptsOf = (messageId: number) =>
      a
        .sent(f.GROUP.id)
        .filter(
          (m) =>
            (m.payload.reply_parameters as { message_id?: number } | undefined)?.message_id === messageId,
        );
    await a.waitFor(() => updates.every((u) => receiptsOf(u.message.message_id).length > 0), 40_000);
    // The one whose answer was lost after Telegram had taken it is the one sent twice (at least once).
    // Its second sending waits out the outbox's retry pause, which a loaded machine stretches: wait for
    // it rather than for a fixed time, then a little longer for anything that should not come.
    const lost = a.calls.slice(from).filter((c) => c.method === 'sendMessage')[4]!;
    const lostFor = (lost.payload.reply_parameters as { message_id: number }).message_id;
    await a.waitFor(() => receiptsOf(lostFor).length >= 2, 40_000);
    await new Promise((r) => setTimeout(r, 1_000));
    const perReport = updates.map((u) => receiptsOf(u.message.message_id).length);
    console.log(
      `telegram sendMessage faults: 502, drop, 429, hang, answer lost → receipts per report ${perReport.join(', ')} (twice: the one whose answer was lost); console answered`,
    );
    expect(perReport).toEqual(updates.map((u) => (u.message.message_id === lostFor ? 2 : 1)));
    expect(reportCount(rt)).toBe(5);
    expect(rt.app.deps.outbox.counts()).toMatchObject({ held: 0, pending: 0, sending: 0, failed: 0 });
  });

  it('processes every update delivered three times once: reports, corrections, difficulties, a code, taps, commands', async () => {
    const { rt, a } = await boot();
    const deps = rt.app.deps;
    const NEW_GROUP = { id: -1_005_550_001, title: 'Trạm Y tế phường', type: 'supergroup' as const };
    const code = deps.invites.create('unit', 'tram-y-te', 'terminal', clock(), 72).code;
    const reports = Array.from({ length: 10 }, (_, i) => f.groupMessage(`NV3: hoàn thành - lần ${i}`));
    const updates: Record<string, unknown>[] = [
      ...reports,
      f.editedMessage('NV3: đang thực hiện - sửa lần 0', reports[0]!.message.message_id),
      f.editedMessage('NV7: hoàn thành - sửa lần 1', reports[1]!.message.message_id),
      ...[1, 2, 3].map((i) => f.groupMessage(`Vướng mắc: thiếu kinh phí in tài liệu, đợt ${i}`)),
      f.groupMessage(`/dangky ${code}`, {}, NEW_GROUP),
      f.callbackQuery('s|kh-168-2025/6T-2026|phong-kt-ht-dt|NV7|p', 1),
      f.callbackQuery('s|kh-168-2025/6T-2026|phong-kt-ht-dt|NV3|d', 1),
      f.groupMessage('/nhiemvu'),
      f.groupMessage('/tinhhinh', {}, f.OFFICE),
      f.directMessage('/help'),
    ];
    const ids = updates.map((u) => u.update_id as number);
    const sends = () => a.sent().length;
    const taps = () => a.calls.filter((c) => c.method === 'answerCallbackQuery');
    /** Waits until nothing has been sent or queued for half a second. */
    const quiet = async () => {
      let last = '';
      let since = Date.now();
      await a.waitFor(() => {
        const counts = deps.outbox.counts();
        const now = `${sends()}/${taps().length}/${counts.pending}/${counts.held}/${counts.sending}`;
        if (now !== last) [last, since] = [now, Date.now()];
        return counts.pending + counts.held + counts.sending === 0 && Date.now() - since > 500;
      }, 20_000);
    };
    const effects = () => {
      const db = deps.db.$client;
      const n = (sql: string) => db.prepare(sql).pluck().get() as number;
      return {
        inbound: n(`SELECT COUNT(*) FROM inbound WHERE dedupe_key LIKE 'telegram:update:%'`),
        reports: n('SELECT COUNT(*) FROM reports'),
        items: n('SELECT COUNT(*) FROM report_items'),
        difficulties: n('SELECT COUNT(*) FROM difficulties'),
        boundChats: n('SELECT COUNT(*) FROM chats WHERE role IS NOT NULL'),
        invitesUsed: n('SELECT COUNT(*) FROM invites WHERE used_by_chat IS NOT NULL'),
        outbox: n('SELECT COUNT(*) FROM outbox'),
        audit: n('SELECT COUNT(*) FROM audit'),
        sent: sends(),
      };
    };
    const before = effects();
    // First delivery; half the updates come twice in the same answer.
    a.pushAll(updates.flatMap((u, i) => (i % 2 ? [u, structuredClone(u)] : [u])));
    await a.waitFor(() => ids.every((id) => a.deliveries(id) >= 1), 10_000);
    await quiet();
    const once = effects();
    const texted = taps().filter((t) => t.payload.text !== undefined).length;
    // Then again, in later polls, after the bot has answered and moved on, until each came three times.
    for (let round = 0; round < 2; round++) {
      for (const [i, u] of updates.entries()) if (a.deliveries(ids[i]!) < 3) a.redeliver(u);
      const polls = a.calls.filter((c) => c.method === 'getUpdates').length;
      await a.waitFor(() => a.calls.filter((c) => c.method === 'getUpdates').length > polls + 1, 10_000);
    }
    await quiet();
    const thrice = effects();
    const delivered = ids.map((id) => a.deliveries(id));
    console.log(
      `telegram redelivery: ${updates.length} updates of 7 kinds, ${delivered.reduce((x, y) => x + y, 0)} deliveries → ${thrice.inbound - before.inbound} stored, ${once.reports - before.reports} report revisions, ${once.difficulties} difficulties, ${once.sent - before.sent} messages sent; after the repeats: ${thrice.sent - once.sent} more messages, ${thrice.reports - once.reports} more revisions`,
    );
    expect(delivered.every((d) => d === 3)).toBe(true);
    expect(thrice).toEqual(once);
    expect(once.inbound - before.inbound).toBe(updates.length);
    // What the first delivery did, it did once: 10 reports, 2 corrections, 2 taps; 3 difficulties, each
    // told to the office once; the code bound one group, and was not refused on the repeats.
    expect(once.reports - before.reports).toBe(14);
    expect(once.difficulties).toBe(3);
    expect(a.sent(f.OFFICE.id).filter((m) => m.text.includes('thiếu kinh phí in tài liệu'))).toHaveLength(3);
    expect(once.boundChats - before.boundChats).toBe(1);
    expect(a.sent(NEW_GROUP.id).map((m) => m.text.includes('Đã đăng ký'))).toEqual([true]);
    // Every tap is answered (the button stops spinning), only the first with text.
    expect(texted).toBe(2);
    expect(taps()).toHaveLength(6);
  });
});
