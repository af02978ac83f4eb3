import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import JSZip from 'jszip';
import { afterEach, describe, expect, it } from 'vitest';
import { instantAt } from '../../src/core/time';
import { ConsoleSession } from '../helpers/console';
import {
  photoJpeg,
  photoPng,
  pdfWithText,
  plainZip,
  wordReport,
  writeTo,
  zipBomb,
} from '../helpers/documents';
import { PLANS_DIR } from '../helpers/plans';
import { plansWithSecondPlan } from '../helpers/wardBot';
import { runBot } from '../helpers/spawnBot';
import { tempDir } from '../helpers/tmp';

const TZ = 'Asia/Ho_Chi_Minh';
// 01/06/2026 09:00: the six-month period of 2026 is open, its deadline is 10/06/2026.
const JUNE_1 = instantAt('2026-06-01', '09:00', TZ);
// 01/12/2026 09:00: the annual period of 2026 is being collected (deadline 10/12/2026); June's has passed.
const DEC_1 = instantAt('2026-12-01', '09:00', TZ);

/** A formal report as a unit's office writes it in Word: letter head, greeting, title, task lines, closing. */
const WORD_REPORT = [
  'Kính gửi: Phòng Văn hóa – Xã hội',
  'BÁO CÁO',
  'Kết quả thực hiện Kế hoạch số 168/KH-UBND 6 tháng đầu năm 2026',
  'NV3: hoàn thành - tổ chức 2 hội nghị quán triệt, 150 lượt CBCC tham dự',
  'NV7: đang thực hiện - đăng ký mô hình "Dân vận khéo" về cải cách hành chính',
  'Trân trọng./.',
];

let session: ConsoleSession | null = null;
afterEach(async () => {
  await session?.stop();
  session = null;
});

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

function rows<T>(s: ConsoleSession, sql: string): T[] {
  return s.deps.db.$client.prepare(sql).all() as T[];
}

/** Units a reminder wave (`-7`: seven days before the deadline) was queued for (keys `remind:<period>:<unit>:-7@<chat>`). */
function remindedFor(s: ConsoleSession, offset: string): string[] {
  return rows<{ unit_id: string }>(
    s,
    `SELECT DISTINCT unit_id FROM outbox WHERE kind = 'remind' AND dedupe_key LIKE '%:${offset}@%' ORDER BY unit_id`,
  ).map((r) => r.unit_id);
}

/** Every file kept in the document store, by name (its sha256). */
function storedFiles(dir: string): string[] {
  const root = join(dir, 'documents');
  if (!existsSync(root)) return [];
  return readdirSync(root).flatMap((sub) => readdirSync(join(root, sub)));
}

describe('report documents through the console (`:file`)', () => {
  it("records a Word report's statuses from the file, says so, and lists the document in /xem", async () => {
    session = await ConsoleSession.start(JUNE_1);
    const docx = await wordReport(WORD_REPORT);
    const path = writeTo(tempDir(), 'BC 6 thang 2026 - KTHTDT.docx', docx);
    await session.say(':as phong kinh te');
    const out = await session.say(`:file "${path}"`);
    expect(out).toContain('Đã nhận báo cáo 6 tháng đầu năm 2026 của Phòng KT-HT-ĐT');
    expect(out).toMatch(
      /Nội dung đọc từ tệp “BC 6 thang 2026 - KTHTDT\.docx” \(Word, \d+ KB\), gồm trạng thái NV3, NV7: anh\/chị kiểm tra lại giúp\./,
    );
    expect(out).toContain('NV3 – Hoàn thành: tổ chức 2 hội nghị quán triệt, 150 lượt CBCC tham dự');
    expect(out).toContain('NV7 – Đang thực hiện: đăng ký mô hình "Dân vận khéo" về cải cách hành chính');
    expect(out).toContain('Lần 1, lúc 09:00 01/06/2026 (đúng hạn).');

    expect(rows(session, 'SELECT task_code, status FROM report_items ORDER BY id')).toEqual([
      { task_code: 'NV3', status: 'done' },
      { task_code: 'NV7', status: 'in_progress' },
    ]);
    const [doc, ...more] = rows<Record<string, unknown>>(
      session,
      'SELECT d.*, r.revision FROM documents d JOIN reports r ON r.id = d.report_id',
    );
    expect(more).toHaveLength(0);
    expect(doc).toMatchObject({
      sha256: sha256(docx),
      size: docx.length,
      type: 'docx',
      mime: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      name: 'BC 6 thang 2026 - KTHTDT.docx',
      unit_id: 'phong-kt-ht-dt',
      period_id: 'kh-168-2025/6T-2026',
      sender_name: 'Người dùng cửa sổ lệnh',
      statuses_from_file: '["NV3","NV7"]',
      revision: 1,
    });
    // Kept under the data folder, named by its hash, byte for byte.
    expect(storedFiles(session.dir)).toEqual([sha256(docx)]);
    const h = sha256(docx);
    expect(readFileSync(join(session.dir, 'documents', h.slice(0, 2), h)).equals(docx)).toBe(true);

    const view = await session.say('/xem');
    expect(view).toContain('Văn bản đã nộp (1):');
    expect(view).toMatch(
      /• “BC 6 thang 2026 - KTHTDT\.docx” \(Word, \d+ KB\) – lần 1, 09:00 01\/06\/2026, Người dùng cửa sổ lệnh; trạng thái NV3, NV7 đọc từ tệp/,
    );
  });

  it('reads the text layer of a PDF like a text reply, and the caption as part of it', async () => {
    session = await ConsoleSession.start(JUNE_1);
    const pdf = pdfWithText([
      'CÔNG AN PHƯỜNG LÊ CHÂN',
      'Báo cáo 6 tháng đầu năm 2026',
      'NV3: đã hoàn thành - tuyên truyền tại 12 tổ dân phố',
    ]);
    const path = writeTo(tempDir(), 'bao-cao.pdf', pdf);
    await session.say(':as cong an');
    const out = await session.say(`:file ${path} Gửi báo cáo ạ.\nVướng mắc: thiếu loa tuyên truyền lưu động`);
    expect(out).toContain('Đã nhận báo cáo 6 tháng đầu năm 2026 của Công an phường');
    expect(out).toContain('gồm trạng thái NV3: anh/chị kiểm tra lại giúp');
    expect(out).toContain('NV3 – Hoàn thành: tuyên truyền tại 12 tổ dân phố');
    expect(out).toContain('Vướng mắc số 1 đã chuyển Phòng Văn hóa – Xã hội: thiếu loa tuyên truyền lưu động');
    expect(rows(session, 'SELECT type, text_chars > 0 AS read FROM documents')).toEqual([
      { type: 'pdf', read: 1 },
    ]);
  });

  it('takes a photo of the signed page as "đã nộp văn bản": reminders stop, /tinhhinh shows it, the receipt asks for the statuses', async () => {
    session = await ConsoleSession.start(JUNE_1);
    await session.say(':as cong an');
    await session.say(':as phong kinh te');
    const photo = writeTo(tempDir(), 'IMG_20260601_0930.jpg', photoJpeg());
    const out = await session.say(`:file ${photo}`);
    expect(out).toContain('Đã nhận văn bản báo cáo 6 tháng đầu năm 2026 của Phòng KT-HT-ĐT');
    expect(out).toMatch(
      /“IMG_20260601_0930\.jpg” \(ảnh JPG, \d+ KB\) – lần 1, lúc 09:00 01\/06\/2026 \(đúng hạn\)\./,
    );
    expect(out).toContain('Đơn vị được ghi là đã nộp văn bản.');
    expect(out).toContain('Bot không đọc chữ trong ảnh.');
    expect(out).toContain(
      'Đề nghị anh/chị trả lời tin nhắn này với trạng thái của NV3, NV7 (chủ trì); NV1, NV4, NV5, NV6 (phối hợp)',
    );
    expect(rows(session, 'SELECT revision FROM reports')).toEqual([{ revision: 1 }]);
    expect(rows(session, 'SELECT COUNT(*) AS n FROM report_items')).toEqual([{ n: 0 }]);

    // The reminder 7 days before the deadline goes to the other bound units (the office reports too).
    const tick = session.runtime.scheduler.tick(instantAt('2026-06-03', '08:00', TZ));
    expect(tick.queued).toBeGreaterThan(0);
    const reminded = rows<{ unit_id: string }>(
      session,
      "SELECT DISTINCT unit_id FROM outbox WHERE kind = 'remind' AND status <> 'skipped' ORDER BY unit_id",
    ).map((r) => r.unit_id);
    expect(reminded).toEqual(['cong-an', 'phong-vhxh']);

    await session.say(':as vhxh');
    const status = await session.say('/tinhhinh');
    expect(status).toContain('• Đã nộp đúng hạn: 1');
    expect(status).toContain('Đã nộp văn bản (1/7): Phòng KT-HT-ĐT.');
    expect(status).toContain('NV3: 7 chưa báo cáo');
    const missing = await session.say('/chuanop');
    expect(missing).toContain('Chưa nộp báo cáo 6 tháng đầu năm 2026: 6/7 đơn vị');
    expect(missing).not.toContain('Phòng KT-HT-ĐT –');

    // Replying with the statuses fills them in; the document stays in the history.
    await session.say(':as phong kinh te');
    const next = await session.say('NV3: hoàn thành - tổ chức 2 hội nghị\nNV7: đang thực hiện');
    expect(next).toContain('Lần 2');
    const view = await session.say('/xem');
    expect(view).toContain('NV3 – Hoàn thành: tổ chức 2 hội nghị');
    expect(view).toMatch(/• “IMG_20260601_0930\.jpg” \(ảnh JPG, \d+ KB\) – lần 1, 09:00 01\/06\/2026/);
  });

  it('files a December Word report headed "6 tháng đầu năm" to the annual period once the unit answers "năm 2026"', async () => {
    session = await ConsoleSession.start(DEC_1);
    await session.say(':as cong an');
    await session.say(':as phong kinh te');
    const docx = await wordReport([
      'BÁO CÁO',
      'Kết quả thực hiện Kế hoạch số 168/KH-UBND 6 tháng đầu năm 2026',
      'NV3: hoàn thành - tổ chức 3 hội nghị quán triệt',
      'NV7: đang thực hiện - đăng ký mô hình "Dân vận khéo" cấp phường',
      'Trân trọng./.',
    ]);
    const path = writeTo(tempDir(), 'BC KTHTDT.docx', docx);
    const asked = await session.say(`:file "${path}"`);
    expect(asked).toContain('kỳ đang mở là năm 2026 (hạn 10/12/2026)');
    expect(asked).toContain('Báo cáo này thuộc kỳ nào?');
    expect(asked).toMatch(
      /Văn bản “BC KTHTDT\.docx” \(Word, \d+ KB\) đã được lưu\. Khi anh\/chị trả lời, bot ghi nhận văn bản này \(cùng các dòng trạng thái trong tệp, nếu có\) vào kỳ anh\/chị chọn/,
    );
    expect(asked).not.toContain('gửi lại tệp kèm');
    // Kept with its text, filed nowhere yet; nothing counts the unit as reported.
    expect(rows(session, 'SELECT period_id, report_id, statuses_from_file FROM documents')).toEqual([
      { period_id: null, report_id: null, statuses_from_file: '[]' },
    ]);
    const [kept] = rows<{ text: string }>(session, 'SELECT text FROM documents');
    expect(kept?.text).toContain('NV7: đang thực hiện - đăng ký mô hình "Dân vận khéo" cấp phường');
    expect(rows(session, 'SELECT COUNT(*) AS n FROM reports')).toEqual([{ n: 0 }]);
    session.runtime.scheduler.tick(instantAt('2026-12-03', '08:00', TZ));
    expect(remindedFor(session, '-7')).toEqual(['cong-an', 'phong-kt-ht-dt', 'phong-vhxh']);

    session.now = instantAt('2026-12-03', '15:00', TZ);
    const filed = await session.say('năm 2026');
    expect(filed).toContain('Đã nhận báo cáo năm 2026 của Phòng KT-HT-ĐT');
    expect(filed).toMatch(
      /Nội dung đọc từ tệp “BC KTHTDT\.docx” \(Word, \d+ KB\), gồm trạng thái NV3, NV7: anh\/chị kiểm tra lại giúp\./,
    );
    expect(filed).toContain('NV3 – Hoàn thành: tổ chức 3 hội nghị quán triệt');
    expect(filed).toContain('NV7 – Đang thực hiện: đăng ký mô hình "Dân vận khéo" cấp phường');
    // Judged as of when the file was sent.
    expect(filed).toContain('Lần 1, lúc 09:00 01/12/2026 (đúng hạn).');

    expect(rows(session, 'SELECT period_id, revision, late FROM reports')).toEqual([
      { period_id: 'kh-168-2025/N-2026', revision: 1, late: 0 },
    ]);
    expect(rows(session, 'SELECT task_code, status FROM report_items ORDER BY id')).toEqual([
      { task_code: 'NV3', status: 'done' },
      { task_code: 'NV7', status: 'in_progress' },
    ]);
    expect(
      rows(
        session,
        'SELECT d.period_id, r.revision, d.statuses_from_file FROM documents d JOIN reports r ON r.id = d.report_id',
      ),
    ).toEqual([{ period_id: 'kh-168-2025/N-2026', revision: 1, statuses_from_file: '["NV3","NV7"]' }]);
    const outcomes = rows<{ id: number; outcome: string }>(
      session,
      "SELECT id, outcome FROM inbound WHERE outcome LIKE 'report:%' ORDER BY id",
    );
    expect(outcomes.map((o) => o.outcome)).toEqual([
      'report:ask:which_period:document',
      `report:kh-168-2025/N-2026:r1:document:answers=${outcomes[0]?.id}`,
    ]);

    const view = await session.say('/xem');
    expect(view).toContain('Văn bản đã nộp (1):');
    expect(view).toMatch(
      /• “BC KTHTDT\.docx” \(Word, \d+ KB\) – lần 1, 09:00 01\/12\/2026, Người dùng cửa sổ lệnh; trạng thái NV3, NV7 đọc từ tệp/,
    );
    // Answered once: the same words again file nothing more.
    await session.say('năm 2026');
    expect(rows(session, 'SELECT COUNT(*) AS n FROM reports')).toEqual([{ n: 1 }]);
    expect(rows(session, 'SELECT COUNT(*) AS n FROM documents')).toEqual([{ n: 1 }]);

    // Reminders stop for the unit: the next wave goes to the others only.
    session.runtime.scheduler.tick(instantAt('2026-12-07', '08:00', TZ));
    expect(remindedFor(session, '-3')).toEqual(['cong-an', 'phong-vhxh']);
    await session.say(':as vhxh');
    const status = await session.say('/tinhhinh');
    expect(status).toContain('• Đã nộp đúng hạn: 1');
    expect(status).toContain('Đã nộp văn bản (1/7): Phòng KT-HT-ĐT.');
    expect(await session.say('/xem phong kinh te nam 2026')).toContain('Văn bản đã nộp (1):');
  });

  it('files a photo the bot asked about as "đã nộp văn bản" once answered, on time as of when it was sent; an unclear answer files nothing', async () => {
    // The day before the annual deadline (10/12/2026).
    session = await ConsoleSession.start(instantAt('2026-12-09', '09:00', TZ));
    await session.say(':as phong kinh te');
    const photo = writeTo(tempDir(), 'IMG_20261209_0900.jpg', photoJpeg());
    const asked = await session.say(`:file ${photo} Báo cáo 6 tháng đầu năm 2026 (bản ký)`);
    expect(asked).toContain('Báo cáo này thuộc kỳ nào?');
    expect(asked).toMatch(/Văn bản “IMG_20261209_0900\.jpg” \(ảnh JPG, \d+ KB\) đã được lưu\./);
    expect(rows(session, 'SELECT outcome FROM inbound ORDER BY id DESC LIMIT 1')).toEqual([
      { outcome: 'report:ask:which_period:document' },
    ]);

    // Two days later, after the deadline: a year mistyped first.
    session.now = instantAt('2026-12-11', '08:30', TZ);
    const unclear = await session.say('nam 2062');
    expect(unclear).toContain('Chưa rõ kỳ hoặc kế hoạch anh/chị chọn.');
    expect(unclear).toMatch(
      /Văn bản “IMG_20261209_0900\.jpg” \(ảnh JPG, \d+ KB\) vẫn được lưu nhưng chưa ghi nhận vào kỳ nào; bot ghi nhận khi anh\/chị trả lời rõ kỳ\./,
    );
    expect(rows(session, 'SELECT period_id, report_id FROM documents')).toEqual([
      { period_id: null, report_id: null },
    ]);
    expect(rows(session, 'SELECT COUNT(*) AS n FROM reports')).toEqual([{ n: 0 }]);

    const filed = await session.say('năm 2026 ạ');
    expect(filed).toContain('Đã nhận văn bản báo cáo năm 2026 của Phòng KT-HT-ĐT');
    expect(filed).toMatch(
      /“IMG_20261209_0900\.jpg” \(ảnh JPG, \d+ KB\) – lần 1, lúc 09:00 09\/12\/2026 \(đúng hạn\)\./,
    );
    expect(filed).toContain('Đơn vị được ghi là đã nộp văn bản.');
    expect(filed).toContain('Bot không đọc chữ trong ảnh.');
    expect(filed).toContain('Đề nghị anh/chị trả lời tin nhắn này với trạng thái của NV3, NV7 (chủ trì)');
    expect(rows(session, 'SELECT period_id, revision, late FROM reports')).toEqual([
      { period_id: 'kh-168-2025/N-2026', revision: 1, late: 0 },
    ]);
    expect(rows(session, 'SELECT COUNT(*) AS n FROM report_items')).toEqual([{ n: 0 }]);
    expect(
      rows(session, 'SELECT d.period_id, r.revision FROM documents d JOIN reports r ON r.id = d.report_id'),
    ).toEqual([{ period_id: 'kh-168-2025/N-2026', revision: 1 }]);
    expect(await session.say('/xem')).toMatch(
      /Văn bản đã nộp \(1\):\n\s*• “IMG_20261209_0900\.jpg” \(ảnh JPG, \d+ KB\) – lần 1, 09:00 09\/12\/2026/,
    );
    await session.say(':as vhxh');
    const status = await session.say('/tinhhinh nam 2026');
    expect(status).toContain('Đã nộp văn bản (1/7): Phòng KT-HT-ĐT.');
    expect(status).toContain('• Đã nộp đúng hạn: 1');
  });

  it('files a photo to the plan and the period of two answers, when the bot had to ask for both', async () => {
    session = await ConsoleSession.start(DEC_1, { env: { PLANS_DIR: plansWithSecondPlan(tempDir()) } });
    await session.say(':as phong kinh te');
    const photo = writeTo(tempDir(), 'trang-ky.png', photoPng());
    const plan = await session.say(`:file ${photo} Báo cáo 6 tháng đầu năm 2026`);
    expect(plan).toContain('Báo cáo này cho kế hoạch nào?');
    expect(plan).toMatch(/Văn bản “trang-ky\.png” \(ảnh PNG, \d+ byte\) đã được lưu\./);
    const period = await session.say('KH 200');
    expect(period).toContain('Báo cáo này thuộc kỳ nào?');
    expect(period).toMatch(/Văn bản “trang-ky\.png” \(ảnh PNG, \d+ byte\) đã được lưu\./);
    expect(rows(session, 'SELECT COUNT(*) AS n FROM reports')).toEqual([{ n: 0 }]);
    const filed = await session.say('năm 2026');
    expect(filed).toContain('Đã nhận văn bản báo cáo năm 2026 – Kế hoạch số 200/KH-UBND của Phòng KT-HT-ĐT');
    expect(
      rows(session, 'SELECT d.period_id, r.revision FROM documents d JOIN reports r ON r.id = d.report_id'),
    ).toEqual([{ period_id: 'kh-200-2026/N-2026', revision: 1 }]);
    expect(
      rows<{ outcome: string }>(
        session,
        "SELECT outcome FROM inbound WHERE outcome LIKE 'report:%' ORDER BY id",
      ).map((r: { outcome: string }) => r.outcome.replace(/\d+$/, 'N')),
    ).toEqual([
      'report:ask:which_plan:document',
      'report:ask:which_period:document:answers=N',
      'report:kh-200-2026/N-2026:r1:document:answers=N',
    ]);
  });

  it('refuses a file too large, of another type, and a zip bomb, saying what it takes; nothing is kept', async () => {
    session = await ConsoleSession.start(JUNE_1, {
      env: { DOCUMENT_MAX_MB: '1', DOCUMENT_MAX_UNPACKED_MB: '2' },
    });
    const dir = tempDir();
    await session.say(':as phong kinh te');

    const big = writeTo(
      dir,
      'bao-cao-scan.pdf',
      Buffer.concat([pdfWithText(['x']), Buffer.alloc(1_100_000)]),
    );
    expect(await session.say(`:file ${big}`)).toContain(
      'Tệp “bao-cao-scan.pdf” lớn hơn 1 MB nên bot không nhận được.',
    );

    const zip = writeTo(dir, 'bao-cao.docx', plainZip()); // named .docx, but the bytes are a plain zip
    const wrong = await session.say(`:file ${zip}`);
    expect(wrong).toContain('Tệp “bao-cao.docx” (định dạng ZIP) không phải loại tệp báo cáo bot nhận.');
    expect(wrong).toContain(
      'Bot nhận: PDF, Word (.docx, .doc), Excel (.xlsx), ảnh JPG hoặc PNG, tối đa 1 MB.',
    );

    const script = writeTo(dir, 'bao-cao.pdf', Buffer.from('#!/bin/sh\necho "NV3: hoàn thành"\n'));
    expect(await session.say(`:file ${script}`)).toContain(
      'Tệp “bao-cao.pdf” không phải loại tệp báo cáo bot nhận.',
    );

    const bomb = writeTo(dir, 'bao-cao-nam.docx', zipBomb(8 * 1024 * 1024));
    expect(await session.say(`:file ${bomb}`)).toContain(
      'Tệp “bao-cao-nam.docx” khi giải nén lớn hơn 2 MB nên bot không mở',
    );

    expect(rows(session, 'SELECT COUNT(*) AS n FROM documents')).toEqual([{ n: 0 }]);
    expect(rows(session, 'SELECT COUNT(*) AS n FROM reports')).toEqual([{ n: 0 }]);
    expect(storedFiles(session.dir)).toEqual([]);
    const refusals = rows<{ detail: string }>(
      session,
      "SELECT detail FROM audit WHERE action = 'refused'",
    ).map((r) => (JSON.parse(r.detail) as { problem: string }).problem);
    expect(refusals).toEqual(['too_large', 'wrong_type', 'wrong_type', 'zip_bomb']);
    // The messages themselves are kept raw, with their outcome.
    expect(rows(session, "SELECT outcome FROM inbound WHERE outcome LIKE 'document:%' ORDER BY id")).toEqual([
      { outcome: 'document:refused:too_large' },
      { outcome: 'document:refused:wrong_type' },
      { outcome: 'document:refused:wrong_type' },
      { outcome: 'document:refused:zip_bomb' },
    ]);
  });

  it('refuses a file from an unbound chat like any other message, and stays silent on files that are not reports', async () => {
    session = await ConsoleSession.start(JUNE_1);
    const dir = tempDir();
    const report = writeTo(dir, 'bao-cao.docx', await wordReport(WORD_REPORT));

    await session.say(':chat nhom la');
    // Shared in the group, not addressed to the bot: not even looked at.
    expect(await session.say(`:file ${report}`)).toBe(`[nhom la] > :file ${report}\n`);
    const refused = await session.say(`:file ${report} @bot báo cáo`);
    expect(refused).toContain('Nhóm chat này chưa được đăng ký nên bot chưa thể trả lời.');
    expect(rows(session, "SELECT detail FROM audit WHERE action = 'refused'")).toEqual([
      { detail: '{"asked":"message","role":"unbound"}' },
    ]);

    // A unit's group: photos of an event and an invitation are people's business; a report is not.
    await session.say(':as vhxh');
    const code = /([A-Z2-9]{4}-[A-Z2-9]{4})/.exec(await session.say('/taoma phong kinh te'))?.[1];
    await session.say(':chat nhom kt');
    expect(await session.say(`/dangky ${code}`)).toContain('Đã đăng ký nhóm này cho');
    const event = writeTo(dir, 'hoi-nghi.png', photoPng());
    const invitation = writeTo(
      dir,
      'giay-moi.docx',
      await wordReport(['GIẤY MỜI', 'Mời dự hội nghị sơ kết công tác dân vận, 14 giờ ngày 05/6/2026']),
    );
    expect(await session.say(`:file ${event}`)).toBe(`[nhom kt] > :file ${event}\n`);
    expect(await session.say(`:file ${invitation}`)).toBe(`[nhom kt] > :file ${invitation}\n`);
    expect(storedFiles(session.dir)).toEqual([]);
    // A document with a plain name whose text reads as the report is taken.
    const plain = writeTo(dir, 'van-ban-so-45.docx', await wordReport(WORD_REPORT));
    expect(await session.say(`:file ${plain}`)).toContain(
      'Đã nhận báo cáo 6 tháng đầu năm 2026 của Phòng KT-HT-ĐT',
    );
    expect(rows(session, 'SELECT COUNT(*) AS n FROM documents')).toEqual([{ n: 1 }]);
    expect(rows(session, "SELECT COUNT(*) AS n FROM inbound WHERE chat_id = 'console:chat:nhom kt'")).toEqual(
      [
        { n: 2 }, // /dangky and the report; the photo and the invitation were never stored
      ],
    );
  });

  it('adds a zip of the period’s documents to /xuat, one folder per unit, read back byte for byte', async () => {
    const exportDir = join(tempDir(), 'exports');
    session = await ConsoleSession.start(JUNE_1, { env: { EXPORT_DIR: exportDir } });
    const dir = tempDir();
    const docx = await wordReport(WORD_REPORT);
    const png = photoPng();
    const pdf = pdfWithText(['Bao cao 6 thang dau nam 2026', 'NV3: hoan thanh']);
    await session.say(':as phong kinh te');
    await session.say(`:file "${writeTo(dir, 'Báo cáo KT.docx', docx)}"`);
    await session.say(`:file ${writeTo(dir, 'trang-ky.png', png)} báo cáo`);
    await session.say(':as cong an');
    await session.say(`:file ${writeTo(dir, 'bc.pdf', pdf)}`);

    await session.say(':as vhxh');
    const out = await session.say('/xuat');
    expect(out).toContain('Kèm tệp nén 3 văn bản của 2 đơn vị (mỗi đơn vị một thư mục).');
    expect(out).toContain(
      'Văn bản các đơn vị đã nộp, 6 tháng đầu năm 2026: 3 tệp của 2 đơn vị, mỗi đơn vị một thư mục',
    );
    const zipPath = /Tệp: (\S+\.zip)/.exec(out)?.[1];
    expect(zipPath).toBe(join(exportDir, 'KH168-6T2026-van-ban-2026-06-01.zip'));

    const zip = await JSZip.loadAsync(readFileSync(zipPath!));
    const names = Object.keys(zip.files)
      .filter((n) => !zip.files[n]!.dir)
      .sort();
    expect(names).toEqual([
      'Công an phường/2026-06-01_lan-1_bc.pdf',
      'Phòng KT-HT-ĐT/2026-06-01_lan-1_bao-cao-kt.docx',
      'Phòng KT-HT-ĐT/2026-06-01_lan-2_trang-ky.png',
    ]);
    const bytes = async (n: string) => Buffer.from(await zip.file(n)!.async('uint8array'));
    expect((await bytes('Phòng KT-HT-ĐT/2026-06-01_lan-1_bao-cao-kt.docx')).equals(docx)).toBe(true);
    expect((await bytes('Phòng KT-HT-ĐT/2026-06-01_lan-2_trang-ky.png')).equals(png)).toBe(true);
    expect((await bytes('Công an phường/2026-06-01_lan-1_bc.pdf')).equals(pdf)).toBe(true);
  });

  it('reads a Word report in `npm start` itself (the reader runs in a worker of the real process)', async () => {
    const dir = tempDir();
    const path = writeTo(
      dir,
      'bao-cao.docx',
      await wordReport(['Báo cáo năm 2026', 'NV3: hoàn thành - 2 hội nghị']),
    );
    const r = await runBot(`:as phong kinh te\n:file ${path}\n/xem nam 2026\n`, {
      DATABASE_PATH: join(dir, 'bot.sqlite'),
      PLANS_DIR,
    });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Đã nhận báo cáo năm 2026 của Phòng KT-HT-ĐT');
    expect(r.stdout).toContain('gồm trạng thái NV3: anh/chị kiểm tra lại giúp');
    expect(r.stdout).toMatch(/Văn bản đã nộp \(1\):\n {2}• “bao-cao\.docx” \(Word, \d+ KB\) – lần 1/);
    expect(storedFiles(dir)).toHaveLength(1);
  });
});
