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

async function boot(dir = tempDir()): Promise<{ a: FakeBotApi; rt: Runtime; dir: string }> {
  realStart = Date.now();
  api = new FakeBotApi(TOKEN, null);
  const root = await api.start();
  const config = loadConfig({
    DATABASE_PATH: join(dir, 'bot.sqlite'),
    PLANS_DIR,
    TELEGRAM_BOT_TOKEN: TOKEN,
    TELEGRAM_API_ROOT: root,
    CONSOLE: 'off',
    EXPORT_DIR: join(dir, 'exports'),
  });
  runtime = await startRuntime(config, { logger: silentLogger, clock, schedule: false });
  return { a: api, rt: runtime, dir };
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
