import { existsSync, mkdirSync, readdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Dispatcher } from '../../src/bot/dispatcher';
import type { Channel, ChatId, Outgoing, OutgoingFile, Sent } from '../../src/channels/channel';
import { ChannelError } from '../../src/channels/errors';
import { exportFailedMessage } from '../../src/core/messages/exports';
import { instantAt } from '../../src/core/time';
import { chartSvg, writeChart } from '../../src/export/chart';
import { silentLogger } from '../../src/log';
import { TELEGRAM_LIMITS } from '../../src/channels/telegram/telegram';
import { digestPayload } from '../../src/queries/digest';
import { OutboxSender } from '../../src/scheduler/sender';
import { ConsoleSession } from '../helpers/console';
import { FakeChannel } from '../helpers/fakeChannel';
import { tempDir } from '../helpers/tmp';

const TZ = 'Asia/Ho_Chi_Minh';
let session: ConsoleSession | null = null;

afterEach(async () => {
  await session?.stop();
  session = null;
});

const PNG_SIGNATURE = '89504e470d0a1a0a';

describe('/xuat and /xephang', () => {
  it('sends the office the spreadsheet and both drafts as files, and refuses a unit', async () => {
    const exportDir = join(tempDir(), 'exports');
    session = await ConsoleSession.start(instantAt('2026-06-12', '09:00', TZ), {
      env: { EXPORT_DIR: exportDir },
    });
    await session.say(':as phong kinh te');
    await session.say(
      'Báo cáo 6 tháng 2026\nNV3: hoàn thành - tổ chức 2 hội nghị\nNV7: đang thực hiện - đăng ký mô hình',
    );
    const refused = await session.say('/xuat');
    expect(refused).toContain('bot: Lệnh /xuat chỉ dành cho Phòng Văn hóa – Xã hội.');
    expect(refused).not.toContain('.xlsx');
    expect(existsSync(exportDir)).toBe(false);

    await session.say(':as vhxh');
    const out = await session.say('/xuat 6 thang 2026');
    expect(out).toContain('Tổng hợp báo cáo 6 tháng đầu năm 2026 – Kế hoạch số 168/KH-UBND');
    expect(out).toContain('1/7 đơn vị đã gửi (1 muộn)');
    const paths = [...out.matchAll(/(\S+\.(?:xlsx|docx))/g)].map((m) => m[1]!);
    expect(paths.map((p) => p.slice(exportDir.length + 1))).toEqual([
      'KH168-6T2026-tong-hop-2026-06-12.xlsx',
      'KH168-6T2026-du-thao-bao-cao-2026-06-12.docx',
      'KH168-6T2026-du-thao-bao-cao-phong-vhxh-2026-06-12.docx',
    ]);
    for (const p of paths) expect(readFileSync(p).subarray(0, 2).toString()).toBe('PK'); // zip containers
    // The files went through the outbox like text: the files to make, then each file, all settled.
    const rows = session.deps.db.$client
      .prepare("SELECT kind, status, payload FROM outbox WHERE kind IN ('render', 'file') ORDER BY id")
      .all() as { kind: string; status: string; payload: string }[];
    expect(rows.map((r) => `${r.kind}:${r.status}`)).toEqual([
      'render:sent',
      'file:sent',
      'file:sent',
      'file:sent',
    ]);
    expect(rows.slice(1).map((r) => (JSON.parse(r.payload) as { file: { path: string } }).file.path)).toEqual(
      paths,
    );

    const audit = session.deps.db.$client
      .prepare("SELECT action FROM audit WHERE action = 'command:xuat'")
      .pluck()
      .all();
    expect(audit).toEqual(['command:xuat']);

    const score = await session.say('/xephang 2026');
    expect(score).toContain('Theo dõi việc gửi báo cáo năm 2026 – Kế hoạch số 168/KH-UBND');
    expect(score).toMatch(/1\. Phòng KT-HT-ĐT – 0\/1 đúng hạn, 1 muộn, 0 chưa nộp; hoàn thành 1\/6 nhiệm vụ/);
    expect(await session.say('/xephang 2040')).toContain('Kế hoạch áp dụng từ năm 2025 đến năm 2030');
  });

  it('gives the leaders the scorecard but not the files', async () => {
    const exportDir = join(tempDir(), 'exports');
    session = await ConsoleSession.start(instantAt('2026-12-20', '09:00', TZ), {
      env: { EXPORT_DIR: exportDir },
    });
    await session.say(':as lanhdao');
    const refused = await session.say('/xuat');
    expect(refused).toContain('Lệnh /xuat chỉ dành cho Phòng Văn hóa – Xã hội');
    expect(existsSync(exportDir)).toBe(false);
    // No year: the current one. Nobody reported: both reports of 2026 missing for every unit.
    const score = await session.say('/xephang');
    expect(score).toContain('Theo dõi việc gửi báo cáo năm 2026');
    expect(score).toMatch(/1\. \S.* – 0\/2 đúng hạn, 0 muộn, 2 chưa nộp/);
  });

  it('tells the office when the files cannot be made, and keeps answering', async () => {
    // The export folder cannot be made: its parent is a file.
    const blocker = join(tempDir(), 'khong-phai-thu-muc');
    writeFileSync(blocker, '');
    session = await ConsoleSession.start(instantAt('2026-06-12', '09:00', TZ), {
      env: { EXPORT_DIR: join(blocker, 'exports') },
    });
    await session.say(':as vhxh');
    const out = await session.say('/xuat');
    expect(out).toContain('Đang tạo bảng tính và hai dự thảo báo cáo');
    expect(out).toContain(exportFailedMessage());
    expect(out).not.toMatch(/\.(xlsx|docx)/);
    expect(
      session.deps.db.$client.prepare("SELECT status FROM outbox WHERE kind = 'render'").pluck().all(),
    ).toEqual(['failed']);
    expect(await session.say('/xephang 2026')).toContain('Theo dõi việc gửi báo cáo năm 2026');
  });

  it('sends a file the platform could not take now again from the outbox, and fails one whose file is gone', async () => {
    const exportDir = join(tempDir(), 'exports');
    session = await ConsoleSession.start(instantAt('2026-06-12', '09:00', TZ), {
      env: { EXPORT_DIR: exportDir },
    });
    const { app } = session.runtime;
    const deps = app.deps;
    deps.chats.bind(
      'telegram:-100',
      { kind: 'group', title: 'VHXH', role: 'office', unitId: 'phong-vhxh', via: 'test' },
      session.now,
    );
    // The first file meets a network failure; everything else goes through.
    const channel = new FileChannel('telegram');
    channel.failFiles.push(new ChannelError('network', 'ECONNRESET'));
    const dispatcher = new Dispatcher(app.bot, deps.refs, silentLogger, () => session!.now);
    const accepted = await dispatcher.handlerFor(channel)({
      dedupeKey: 'telegram:update:1',
      chatId: 'telegram:-100',
      chatKind: 'group',
      chatTitle: 'VHXH',
      sender: { id: '1', name: 'Văn thư' },
      text: '/xuat 6 thang 2026',
      kind: 'message',
      messageRef: '1',
      replyTo: null,
      addressed: true,
      receivedAt: session.now,
      sentAt: session.now,
    });
    expect(accepted).toBe('stored');
    expect(channel.files.map((f) => f.file.name)).toEqual([
      'KH168-6T2026-du-thao-bao-cao-2026-06-12.docx',
      'KH168-6T2026-du-thao-bao-cao-phong-vhxh-2026-06-12.docx',
    ]);
    const fileRows = () =>
      deps.db.$client
        .prepare("SELECT dedupe_key, status FROM outbox WHERE kind = 'file' ORDER BY id")
        .all() as { dedupe_key: string; status: string }[];
    expect(fileRows().map((r) => r.status)).toEqual(['pending', 'sent', 'sent']);

    const sender = new OutboxSender(channel, deps.outbox, deps.chats, deps.refs, silentLogger, {
      limits: { ...TELEGRAM_LIMITS, perChatIntervalMs: 0 },
      maxAttempts: 3,
      clock: () => session!.now,
      onGaveUp: () => {},
    });
    expect(await sender.drainOnce()).toBe(1);
    expect(channel.files.map((f) => f.file.name)).toEqual([
      'KH168-6T2026-du-thao-bao-cao-2026-06-12.docx',
      'KH168-6T2026-du-thao-bao-cao-phong-vhxh-2026-06-12.docx',
      'KH168-6T2026-tong-hop-2026-06-12.xlsx',
    ]);
    expect(fileRows().map((r) => r.status)).toEqual(['sent', 'sent', 'sent']);

    // A file row whose file was removed meanwhile is failed at once, not retried.
    deps.outbox.enqueue(
      {
        dedupeKey: 'file:gone',
        chatId: 'telegram:-100',
        kind: 'file',
        payload: { text: '', file: { path: join(exportDir, 'khong-con.xlsx'), name: 'khong-con.xlsx' } },
        dueAt: session.now,
      },
      session.now,
    );
    expect(await sender.drainOnce()).toBe(1);
    expect(deps.outbox.get('file:gone')).toMatchObject({ status: 'failed', attempts: 0 });
    expect(channel.files).toHaveLength(3);
  });
});

/** A channel that takes files, recording them. */
class FileChannel extends FakeChannel implements Channel {
  readonly files: { chatId: ChatId; file: OutgoingFile }[] = [];
  /** Errors thrown by the next file sends, in order. */
  readonly failFiles: Error[] = [];
  async sendFile(chatId: ChatId, file: OutgoingFile): Promise<Sent> {
    const failure = this.failFiles.shift();
    if (failure) throw failure;
    this.files.push({ chatId, file });
    return { messageRef: null };
  }
  override async send(chatId: ChatId, message: Outgoing): Promise<Sent> {
    return super.send(chatId, message);
  }
}

/** A digest queued for a leaders' chat of the channel, at the session's time. */
function queueDigest(s: ConsoleSession, channel: string) {
  const deps = s.deps;
  const period = deps.periods.ofPlan(deps.planSet.plans[0]!.id).find((p) => p.id.endsWith('6T-2026'))!;
  const payload = digestPayload(deps, period, 'after_deadline', s.now);
  const chatId = `${channel}:leaders`;
  deps.chats.bind(
    chatId,
    { kind: 'group', title: 'Lãnh đạo', role: 'leader', unitId: null, via: 'test' },
    s.now,
  );
  deps.outbox.enqueue(
    { dedupeKey: `digest@${chatId}`, chatId, kind: 'digest', payload, dueAt: s.now },
    s.now,
  );
  return { payload, chatId };
}

describe("the digest's chart", () => {
  it('is drawn without a browser, with Vietnamese labels, as a PNG', async () => {
    const chart = {
      title: 'Tình hình báo cáo năm 2026',
      series: [
        { name: 'Đúng hạn', color: '#4caf50' },
        { name: 'Muộn', color: '#ffc107' },
      ],
      rows: [
        { label: 'Đơn vị', parts: [5, 2] },
        { label: 'NV3 Quy tắc ứng xử <b>&', parts: [0, 3] },
      ],
    };
    const svg = chartSvg(chart);
    expect(svg).toContain('NV3 Quy tắc ứng xử &lt;b&gt;&amp;');
    const file = await writeChart(chart, tempDir(), 'digest:kh/N-2026:weekly@telegram:-100');
    expect(file.path).toMatch(/charts\/bieu-do-digest-kh-N-2026-weekly-telegram-100\.png$/);
    const png = readFileSync(file.path);
    expect(png.subarray(0, 8).toString('hex')).toBe(PNG_SIGNATURE);
    expect(png.readUInt32BE(16)).toBe(900);
    expect(png.length).toBeGreaterThan(5_000);
  });

  it('follows the digest where the channel takes files, and is left out where it does not', async () => {
    session = await ConsoleSession.start(instantAt('2026-06-11', '09:00', TZ));
    const deps = session.deps;
    const period = deps.periods.ofPlan(deps.planSet.plans[0]!.id).find((p) => p.id.endsWith('6T-2026'))!;
    const payload = digestPayload(deps, period, 'after_deadline', session.now);
    expect(payload.chart?.title).toBe('Tình hình báo cáo 6 tháng đầu năm 2026');
    expect(payload.chart?.rows[0]).toEqual({ label: 'Đơn vị', parts: [0, 0, 7, 0, 0] });
    // The fifth part is "Không phát sinh", which only tasks have.
    expect(payload.chart?.series.map((s) => s.name).at(-1)).toBe('Không phát sinh');

    const dir = tempDir();
    const drawChart = async (chart: NonNullable<typeof payload.chart>, key: string) =>
      writeChart(chart, dir, key);
    for (const [channel, expectFile] of [
      [new FileChannel('telegram'), true],
      [new FakeChannel('zalo'), false],
    ] as const) {
      const chatId = `${channel.name}:leaders`;
      deps.chats.bind(
        chatId,
        { kind: 'group', title: 'Lãnh đạo', role: 'leader', unitId: null, via: 'test' },
        session.now,
      );
      deps.outbox.enqueue(
        { dedupeKey: `digest@${chatId}`, chatId, kind: 'digest', payload, dueAt: session.now },
        session.now,
      );
      const sender = new OutboxSender(channel, deps.outbox, deps.chats, deps.refs, silentLogger, {
        limits: { ...TELEGRAM_LIMITS, perChatIntervalMs: 0 },
        maxAttempts: 3,
        clock: () => session!.now,
        onGaveUp: () => {},
        drawChart,
      });
      expect(await sender.drainOnce()).toBe(1);
      expect(channel.sent.map((s) => s.text.split('\n')[0])).toEqual([payload.text.split('\n')[0]]);
      if (channel instanceof FileChannel) {
        expect(channel.files).toHaveLength(1);
        const png = readFileSync(channel.files[0]!.file.path);
        expect(png.subarray(0, 8).toString('hex')).toBe(PNG_SIGNATURE);
      } else {
        expect(existsSync(join(dir, 'charts', 'bieu-do-digest-zalo-leaders.png'))).toBe(expectFile);
      }
    }
  });

  it('lets the text go alone when the chart cannot be drawn, and does not send the digest again', async () => {
    session = await ConsoleSession.start(instantAt('2026-06-11', '09:00', TZ));
    const { payload, chatId } = queueDigest(session, 'telegram');
    const channel = new FileChannel('telegram');
    const sender = new OutboxSender(
      channel,
      session.deps.outbox,
      session.deps.chats,
      session.deps.refs,
      silentLogger,
      {
        limits: { ...TELEGRAM_LIMITS, perChatIntervalMs: 0 },
        maxAttempts: 3,
        clock: () => session!.now,
        onGaveUp: () => {},
        drawChart: async () => {
          throw new Error('ENOENT: no such file or directory');
        },
      },
    );
    expect(await sender.drainOnce()).toBe(1);
    expect(channel.sent.map((s) => s.text)).toEqual([payload.text]);
    expect(channel.files).toEqual([]);
    expect(session.deps.outbox.get(`digest@${chatId}`)?.status).toBe('sent');
    expect(await sender.drainOnce()).toBe(0);
  });

  it('keeps the charts of the last days only, so the folder does not grow forever', async () => {
    const dir = tempDir();
    const folder = join(dir, 'charts');
    mkdirSync(folder, { recursive: true });
    const day = 86_400_000;
    const aged = (name: string, days: number) => {
      writeFileSync(join(folder, name), 'png');
      const at = new Date(Date.now() - days * day);
      utimesSync(join(folder, name), at, at);
    };
    aged('bieu-do-digest-cu-1.png', 30);
    aged('bieu-do-digest-cu-2.png', 15);
    aged('bieu-do-digest-moi.png', 13);
    aged('ghi-chu.txt', 90); // not a chart: left alone
    const chart = { title: 'Tình hình', series: [{ name: 'Đúng hạn', color: '#4caf50' }], rows: [] };
    await writeChart(chart, dir, 'digest:hom-nay', 14);
    expect(readdirSync(folder).sort()).toEqual([
      'bieu-do-digest-hom-nay.png',
      'bieu-do-digest-moi.png',
      'ghi-chu.txt',
    ]);
  });
});
