import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import JSZip from 'jszip';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config';
import { instantAt } from '../../src/core/time';
import { silentLogger } from '../../src/log';
import type { Runtime } from '../../src/runtime';
import { startRuntime } from '../../src/runtime';
import { photoPng, pdfWithText, wordReport } from '../helpers/documents';
import { FakeBotApi } from '../helpers/fakeTelegram';
import { PLANS_DIR } from '../helpers/plans';
import { tempDir } from '../helpers/tmp';
import * as f from '../telegram/fixtures/updates';

const TOKEN = '123456:TEST-token';
const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
// The day before the annual deadline (10/12/2026); the clock runs on from there.
const START = instantAt('2026-12-09', '09:00', 'Asia/Ho_Chi_Minh').getTime();
let realStart = Date.now();
const clock = () => new Date(START + (Date.now() - realStart));

let api: FakeBotApi | null = null;
let runtime: Runtime | null = null;
afterEach(async () => {
  await runtime?.stop();
  await api?.stop();
  runtime = null;
  api = null;
});

/** Starts the bot on a new fake Bot API, or (a restart) on the one given, which keeps its updates and files. */
async function boot(
  dir = tempDir(),
  keep: { a: FakeBotApi; root: string } | null = null,
): Promise<{ a: FakeBotApi; rt: Runtime; dir: string; root: string }> {
  realStart = Date.now();
  api = keep?.a ?? new FakeBotApi(TOKEN, null);
  const root = keep?.root ?? (await api.start());
  const config = loadConfig({
    DATABASE_PATH: join(dir, 'bot.sqlite'),
    PLANS_DIR,
    TELEGRAM_BOT_TOKEN: TOKEN,
    TELEGRAM_API_ROOT: root,
    CONSOLE: 'off',
    EXPORT_DIR: join(dir, 'exports'),
  });
  runtime = await startRuntime(config, { logger: silentLogger, clock, schedule: false });
  return { a: api, rt: runtime, dir, root };
}

/** Pushes an update and returns the next `count` messages the bot sends to that update's chat. */
async function exchange(a: FakeBotApi, update: Record<string, unknown>, count = 1): Promise<string[]> {
  const chatId = (update.message as { chat: { id: number } }).chat.id;
  const before = a.sent(chatId).length;
  a.push(update);
  await a.waitFor(() => a.sent(chatId).length >= before + count);
  return a
    .sent(chatId)
    .slice(before, before + count)
    .map((m) => m.text);
}

/**
 * Lets an update be handled and returns what the bot sent to its chat (nothing, when it stays silent). The
 * bot asks for updates after this one only once its batch is handled: that is when to look.
 */
async function quiet(a: FakeBotApi, update: Record<string, unknown>): Promise<string[]> {
  const chatId = (update.message as { chat: { id: number } }).chat.id;
  const before = a.sent(chatId).length;
  const id = a.push(update);
  await a.waitFor(
    () => a.calls.some((c) => c.method === 'getUpdates' && Number(c.payload.offset) > id),
    15_000,
  );
  return a
    .sent(chatId)
    .slice(before)
    .map((m) => m.text);
}

async function bindOfficeAndUnit(a: FakeBotApi, rt: Runtime): Promise<void> {
  const office = rt.app.deps.invites.create('office', 'phong-vhxh', 'terminal', clock(), 72);
  await exchange(a, f.groupMessage(`/dangky ${office.code}`, {}, f.OFFICE));
  const [invite] = await exchange(a, f.groupMessage('/taoma phong kinh te', {}, f.OFFICE));
  const code = /([A-Z2-9]{4}-[A-Z2-9]{4})/.exec(invite ?? '')?.[1];
  const [bound] = await exchange(a, f.groupMessage(`/dangky ${code}`));
  expect(bound).toContain('Đã đăng ký nhóm này cho Phòng Kinh tế, Hạ tầng và Đô thị.');
}

const count = (rt: Runtime, sql: string) => rt.app.deps.db.$client.prepare(sql).pluck().get() as number;

describe('report documents through Telegram, against the local Bot API server', () => {
  it('takes a Word report sent in reply to the reminder, fetched with getFile from the file URL', async () => {
    const { a, rt } = await boot();
    await bindOfficeAndUnit(a, rt);
    expect(rt.scheduler.tick().queued).toBeGreaterThan(0);
    await a.waitFor(() => a.sent(f.GROUP.id).some((m) => m.text.includes('Nhắc báo cáo năm 2026')));
    const reminder = a.sent(f.GROUP.id).find((m) => m.text.includes('Nhắc báo cáo năm 2026'))!;

    const docx = await wordReport([
      'BÁO CÁO',
      'Kết quả thực hiện Kế hoạch 168/KH-UBND năm 2026',
      'NV3: hoàn thành - tổ chức 4 hội nghị',
      'NV7: hoàn thành - 2 mô hình "Dân vận khéo"',
    ]);
    const file = a.hostFile(docx, { ext: 'docx' });
    // No caption: in privacy mode, a reply to the bot is what brings the file to it.
    const [receipt] = await exchange(
      a,
      f.documentMessage(file, 'BC nam 2026.docx', DOCX, {
        extra: { reply_to_message: { message_id: reminder.message_id, from: f.BOT, chat: f.GROUP, date: 1 } },
      }),
    );
    expect(receipt).toContain('<b>Đã nhận báo cáo năm 2026 của Phòng KT-HT-ĐT</b>');
    expect(receipt).toMatch(
      /Nội dung đọc từ tệp “BC nam 2026\.docx” \(Word, \d+ KB\), gồm trạng thái NV3, NV7/,
    );
    expect(receipt).toContain('<b>NV3</b> – Hoàn thành: tổ chức 4 hội nghị');
    expect(a.calls.filter((c) => c.method === 'getFile').map((c) => c.payload.file_id)).toEqual([
      file.file_id,
    ]);
    expect(a.downloads).toEqual(['documents/file_1.docx']);
    expect(count(rt, "SELECT COUNT(*) FROM documents WHERE type = 'docx' AND report_id IS NOT NULL")).toBe(1);
  });

  it('takes a photo with "/baocao" in the caption, downloading its largest size', async () => {
    const { a, rt } = await boot();
    await bindOfficeAndUnit(a, rt);
    const small = a.hostFile(photoPng(8, 6), { folder: 'photos', ext: 'jpg' });
    const large = a.hostFile(photoPng(128, 96), { folder: 'photos', ext: 'jpg' });
    const [receipt] = await exchange(
      a,
      f.photoMessage(
        [
          { ...small, width: 90, height: 67 },
          { ...large, width: 1280, height: 960 },
        ],
        { caption: '/baocao@lechan_kh_bot trang ký báo cáo năm' },
      ),
    );
    expect(receipt).toContain('<b>Đã nhận văn bản báo cáo năm 2026 của Phòng KT-HT-ĐT</b>');
    expect(receipt).toContain('Đơn vị được ghi là đã nộp văn bản.');
    expect(receipt).toContain('Bot không đọc chữ trong ảnh.');
    expect(a.downloads).toEqual(['photos/file_2.jpg']);
    expect(count(rt, "SELECT COUNT(*) FROM documents WHERE type = 'png'")).toBe(1);
  });

  it('refuses too large a file without fetching it, and a file path outside the file service', async () => {
    const { a, rt } = await boot();
    await bindOfficeAndUnit(a, rt);
    const big = a.hostFile(pdfWithText(['NV3: hoàn thành']), { ext: 'pdf', declaredSize: 25 * 1024 * 1024 });
    const [tooBig] = await exchange(
      a,
      f.documentMessage(big, 'bao cao scan.pdf', 'application/pdf', { caption: '/baocao' }),
    );
    expect(tooBig).toContain('Tệp “bao cao scan.pdf” lớn hơn 20 MB nên bot không nhận được.');
    expect(a.calls.filter((c) => c.method === 'getFile')).toHaveLength(0);

    const escape = a.hostFile(pdfWithText(['NV3: hoàn thành']), { path: '../../bot123/getMe' });
    const [refused] = await exchange(
      a,
      f.documentMessage(escape, 'bao-cao.pdf', 'application/pdf', { caption: '/baocao' }),
    );
    expect(refused).toContain('Bot chưa tải được tệp “bao-cao.pdf” từ máy chủ tin nhắn.');
    expect(a.downloads).toEqual([]);
    expect(count(rt, 'SELECT COUNT(*) FROM documents')).toBe(0);
  });

  it('refuses a file from an unbound group like any other message, and never fetches it', async () => {
    const { a, rt } = await boot();
    const stranger = { id: -1005550001, title: 'Nhóm lạ', type: 'supergroup' as const };
    const file = a.hostFile(await wordReport(['NV3: hoàn thành']), { ext: 'docx' });
    const [answer] = await exchange(
      a,
      f.documentMessage(file, 'bao-cao.docx', DOCX, { caption: '/baocao', chat: stranger }),
    );
    expect(answer).toContain('Nhóm chat này chưa được đăng ký nên bot chưa thể trả lời.');
    expect(a.calls.filter((c) => c.method === 'getFile')).toHaveLength(0);
    expect(count(rt, "SELECT COUNT(*) FROM audit WHERE action = 'refused'")).toBe(1);
  });

  it('stays silent on a file shared in the group that is not a report (privacy mode off)', async () => {
    const { a, rt } = await boot();
    await bindOfficeAndUnit(a, rt);
    const invitation = a.hostFile(pdfWithText(['GIAY MOI', 'Moi du hoi nghi so ket ngay 15/12/2026']), {
      ext: 'pdf',
    });
    expect(await quiet(a, f.documentMessage(invitation, 'giay moi.pdf', 'application/pdf'))).toEqual([]);
    const snapshot = a.hostFile(photoPng(), { folder: 'photos', ext: 'jpg' });
    expect(await quiet(a, f.photoMessage([{ ...snapshot, width: 64, height: 48 }]))).toEqual([]);
    // The invitation was read to know; the photo was not even fetched. Neither is kept or recorded.
    expect(a.downloads).toEqual(['documents/file_1.pdf']);
    expect(count(rt, 'SELECT COUNT(*) FROM documents')).toBe(0);
    expect(count(rt, "SELECT COUNT(*) FROM inbound WHERE chat_id = 'telegram:-1001234567890'")).toBe(1); // /dangky
  });

  it("sends the office the zip of the period's documents as a file with /xuat", async () => {
    const { a, rt, dir } = await boot();
    await bindOfficeAndUnit(a, rt);
    const file = a.hostFile(photoPng(), { folder: 'photos', ext: 'jpg' });
    await exchange(a, f.photoMessage([{ ...file, width: 64, height: 48 }], { caption: '/baocao' }));
    const before = a.calls.length;
    await exchange(a, f.groupMessage('/xuat', {}, f.OFFICE));
    await a.waitFor(
      () => a.calls.slice(before).filter((c) => c.method === 'sendDocument').length >= 4,
      15_000,
    );
    const documents = a.calls
      .slice(before)
      .filter((c) => c.method === 'sendDocument')
      .map((c) => (c.payload.document as { filename: string }).filename);
    expect(documents).toEqual([
      'KH168-N2026-tong-hop-2026-12-09.xlsx',
      'KH168-N2026-du-thao-bao-cao-2026-12-09.docx',
      'KH168-N2026-du-thao-bao-cao-phong-vhxh-2026-12-09.docx',
      'KH168-N2026-van-ban-2026-12-09.zip',
    ]);
    const zipPath = join(dir, 'exports', 'KH168-N2026-van-ban-2026-12-09.zip');
    expect(existsSync(zipPath)).toBe(true);
    const zip = await JSZip.loadAsync(readFileSync(zipPath));
    expect(Object.keys(zip.files)).toEqual(['Phòng KT-HT-ĐT/2026-12-09_lan-1_anh.png']);
  });
});

/** Pushes updates in one batch and waits until the bot has handled them all (it polls past the last). */
async function handled(a: FakeBotApi, updates: Record<string, unknown>[]): Promise<void> {
  a.pushAll(updates);
  const last = Math.max(...updates.map((u) => u.update_id as number));
  await a.waitFor(
    () => a.calls.some((c) => c.method === 'getUpdates' && Number(c.payload.offset) > last),
    15_000,
  );
}

/** Three photos of signed pages, hosted on the fake file service, as Telegram gives a photo's sizes. */
function pages(a: FakeBotApi, n = 3) {
  return Array.from({ length: n }, (_, i) => [
    { ...a.hostFile(photoPng(8, 6 + i), { folder: 'photos', ext: 'jpg' }), width: 90, height: 67 },
    { ...a.hostFile(photoPng(128, 96 + i), { folder: 'photos', ext: 'jpg' }), width: 1280, height: 960 },
  ]);
}

const ANNUAL = 'kh-168-2025/N-2026';
const UNIT = 'phong-kt-ht-dt';
/** Documents of the unit in the annual period, and how many report revisions they were filed with. */
const albumRows = (rt: Runtime) =>
  rt.app.deps.db.$client
    .prepare<[string, string], { docs: number; reports: number; albums: number }>(
      `SELECT COUNT(*) AS docs, COUNT(DISTINCT report_id) AS reports, COUNT(DISTINCT album) AS albums
       FROM documents WHERE unit_id = ? AND period_id = ? AND report_id IS NOT NULL`,
    )
    .get(UNIT, ANNUAL);

describe('a report photographed as several pictures, sent as one Telegram album', () => {
  it('in the unit’s group: the pictures after the captioned one join its report; one receipt', async () => {
    const { a, rt } = await boot();
    await bindOfficeAndUnit(a, rt);
    const before = a.sent(f.GROUP.id).length;
    await handled(a, f.album(pages(a), { caption: '/baocao báo cáo năm 2026, bản ký 3 trang' }));
    const said = a.sent(f.GROUP.id).slice(before);
    expect(said).toHaveLength(1);
    expect(said[0]?.text).toContain('<b>Đã nhận văn bản báo cáo năm 2026 của Phòng KT-HT-ĐT</b>');
    expect(said[0]?.text).toContain('Anh/chị gõ /xem để kiểm tra đã đủ các trang.');
    // Each picture fetched once, in its largest size; all three kept with the one report revision.
    expect(a.downloads).toEqual(['photos/file_2.jpg', 'photos/file_4.jpg', 'photos/file_6.jpg']);
    expect(albumRows(rt)).toEqual({ docs: 3, reports: 1, albums: 1 });
    expect(count(rt, 'SELECT COUNT(*) FROM reports')).toBe(1);
    expect(count(rt, 'SELECT COUNT(*) FROM album_held')).toBe(0);
    const [view] = await exchange(a, f.groupMessage('/xem'));
    expect(view).toContain('<b>Văn bản đã nộp (3):</b>');
    expect(view?.match(/• ảnh PNG, \d+ byte – lần 1, 09:0\d 09\/12\/2026, Nguyễn Văn Anh/g)).toHaveLength(3);
  });

  it('in a direct chat, where every picture is addressed to the bot: one receipt, not one per picture', async () => {
    const { a, rt } = await boot();
    await bindOfficeAndUnit(a, rt);
    const invite = rt.app.deps.invites.create('unit', UNIT, 'test', clock(), 72);
    await exchange(a, f.directMessage(`/dangky ${invite.code}`));
    const before = a.sent(f.PRIVATE.id).length;
    await handled(a, f.album(pages(a), { chat: f.PRIVATE }));
    const said = a.sent(f.PRIVATE.id).slice(before);
    expect(said).toHaveLength(1);
    expect(said[0]?.text).toContain('<b>Đã nhận văn bản báo cáo năm 2026 của Phòng KT-HT-ĐT</b>');
    expect(said[0]?.text).toContain('– lần 1,');
    expect(a.downloads).toHaveLength(3);
    expect(albumRows(rt)).toEqual({ docs: 3, reports: 1, albums: 1 });
    expect(count(rt, 'SELECT COUNT(*) FROM reports')).toBe(1);
  });

  it('stays silent on an album of event photos in the group, and fetches none of them', async () => {
    const { a, rt } = await boot();
    await bindOfficeAndUnit(a, rt);
    const before = a.sent(f.GROUP.id).length;
    await handled(a, f.album(pages(a, 4), { caption: 'Ảnh hội nghị sơ kết sáng nay mọi người nhé' }));
    expect(a.sent(f.GROUP.id).slice(before)).toEqual([]);
    expect(a.calls.filter((c) => c.method === 'getFile')).toHaveLength(0);
    expect(a.downloads).toEqual([]);
    expect(count(rt, 'SELECT COUNT(*) FROM documents')).toBe(0);
    expect(count(rt, "SELECT COUNT(*) FROM inbound WHERE chat_id = 'telegram:-1001234567890'")).toBe(1); // /dangky
    // Held, unfetched, in case a picture naming the report comes late; forgotten after the window.
    expect(count(rt, 'SELECT COUNT(*) FROM album_held')).toBe(4);
  });

  it('takes in the pictures that came before the captioned one, even in an earlier batch', async () => {
    const { a, rt } = await boot();
    await bindOfficeAndUnit(a, rt);
    const [first, ...rest] = f.album(pages(a), { caption: '/baocao' });
    const before = a.sent(f.GROUP.id).length;
    await handled(a, rest);
    expect(a.sent(f.GROUP.id).slice(before)).toEqual([]);
    expect(a.downloads).toEqual([]);
    expect(count(rt, 'SELECT COUNT(*) FROM album_held')).toBe(2);

    // Telegram numbers updates as it hands them out: the late one comes with a later update_id.
    await handled(a, [f.later(first!)]);
    const said = a.sent(f.GROUP.id).slice(before);
    expect(said).toHaveLength(1);
    expect(said[0]?.text).toContain('<b>Đã nhận văn bản báo cáo năm 2026 của Phòng KT-HT-ĐT</b>');
    expect(a.downloads).toEqual(['photos/file_2.jpg', 'photos/file_4.jpg', 'photos/file_6.jpg']);
    expect(albumRows(rt)).toEqual({ docs: 3, reports: 1, albums: 1 });
    expect(count(rt, 'SELECT COUNT(*) FROM album_held')).toBe(0);
    // Each picture is a message of the unit's, stored raw once.
    expect(count(rt, "SELECT COUNT(*) FROM inbound WHERE outcome LIKE 'document:album:%'")).toBe(2);
  });

  it('keeps the album across a restart: a later picture still joins the report, a held one is taken in', async () => {
    const first = await boot();
    const { a, dir, root } = first;
    await bindOfficeAndUnit(a, first.rt);
    const [captioned, second, third] = f.album(pages(a), { caption: '/baocao' });
    const before = a.sent(f.GROUP.id).length;
    await handled(a, [second!]);
    expect(count(first.rt, 'SELECT COUNT(*) FROM album_held')).toBe(1);
    await first.rt.stop();

    // Started again on the same database: the captioned picture takes in the one held before the stop.
    const next = await boot(dir, { a, root });
    await handled(a, [f.later(captioned!)]);
    expect(a.sent(f.GROUP.id).slice(before)).toHaveLength(1);
    expect(albumRows(next.rt)).toEqual({ docs: 2, reports: 1, albums: 1 });
    await next.rt.stop();

    // And once more: the last picture joins the report kept before the restart, silently.
    const last = await boot(dir, { a, root });
    await handled(a, [f.later(third!)]);
    expect(a.sent(f.GROUP.id).slice(before)).toHaveLength(1);
    expect(albumRows(last.rt)).toEqual({ docs: 3, reports: 1, albums: 1 });
    expect(count(last.rt, 'SELECT COUNT(*) FROM reports')).toBe(1);
    expect(count(last.rt, 'SELECT COUNT(*) FROM album_held')).toBe(0);
    // The captioned picture first, then the one held for it, then the last.
    expect(a.downloads).toEqual(['photos/file_2.jpg', 'photos/file_4.jpg', 'photos/file_6.jpg']);
  });
});
