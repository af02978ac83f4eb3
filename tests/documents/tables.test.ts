import { unzipSync } from 'fflate';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { instantAt } from '../../src/core/time';
import { DEFAULT_INSPECT_LIMITS, inspectDocument } from '../../src/documents/inspect';
import { ConsoleSession } from '../helpers/console';
import type { TestValue } from '../helpers/documents';
import { replaceEntry, wordTableReport, workbook, writeTo } from '../helpers/documents';
import { tempDir } from '../helpers/tmp';

/**
 * Reports units send as tables: a Word document in the annex form and an Excel workbook, built here with
 * the `docx` package and exceljs, read by the real inspection worker and, end to end, through the
 * console's `:file`.
 */

const TZ = 'Asia/Ho_Chi_Minh';
// 01/06/2026 09:00: the six-month period of 2026 is open, its deadline is 10/06/2026.
const JUNE_1 = instantAt('2026-06-01', '09:00', TZ);

const TITLE = ['BÁO CÁO', 'Kết quả thực hiện Kế hoạch số 168/KH-UBND 6 tháng đầu năm 2026'];

/** Phòng KT-HT-ĐT's report in the annex form, its letter head laid out as a table: four tasks, one row each. */
const ANNEX = {
  letterHead: 'table' as const,
  before: [...TITLE, 'Phòng Kinh tế, Hạ tầng và Đô thị báo cáo kết quả như sau:'],
  rows: [
    ['STT', 'Nội dung nhiệm vụ', 'Kết quả thực hiện', 'Tiến độ/Đánh giá', 'Ghi chú'],
    [
      '1',
      'Nhiệm vụ 3: Thực hiện nghiêm quy tắc ứng xử, đạo đức công vụ',
      'Đã tổ chức 2 hội nghị quán triệt;\n150 lượt CBCC tham dự',
      'Hoàn thành',
      '',
    ],
    [
      '2',
      'NV4 - Cải cách hành chính, chuyển đổi số',
      'Đã triển khai số hóa 1.250 hồ sơ, đạt 85%',
      'Đang thực hiện',
      'Phấn đấu hoàn thành quý III',
    ],
    [
      '3',
      'Nhiệm vụ 5. Tiếp công dân, giải quyết khiếu nại',
      'Không phát sinh đơn thư',
      'Không phát sinh',
      '',
    ],
    ['4', 'NV7', 'Đăng ký mô hình "Dân vận khéo" cấp phường', 'Đang thực hiện', ''],
  ],
  after: ['Trân trọng./.', 'TRƯỞNG PHÒNG'],
};

/** The same report with no task codes: the task column has the row number and the task's text only. */
const NO_CODES = {
  before: TITLE,
  rows: [
    ['STT', 'Nội dung nhiệm vụ', 'Kết quả thực hiện', 'Tiến độ'],
    ['1', 'Thực hiện nghiêm quy tắc ứng xử, đạo đức công vụ', 'Tổ chức 2 hội nghị', 'Hoàn thành'],
    ['2', 'Cải cách hành chính, chuyển đổi số', 'Số hóa 1.250 hồ sơ', 'Đang thực hiện'],
    ['3', 'Tiếp công dân, giải quyết khiếu nại', 'Không phát sinh đơn thư', 'Không phát sinh'],
    ['4', 'Phong trào thi đua "Dân vận khéo"', 'Đăng ký 01 mô hình', 'Đang thực hiện'],
  ],
};

/** A unit's workbook: a merged title, a header, formulas with their cached results, a hidden sheet. */
function reportWorkbook() {
  const rows: TestValue[][] = [
    ['BÁO CÁO KẾT QUẢ THỰC HIỆN KẾ HOẠCH SỐ 168/KH-UBND 6 THÁNG ĐẦU NĂM 2026'],
    ['Đơn vị: Phòng Kinh tế, Hạ tầng và Đô thị'],
    ['STT', 'Nhiệm vụ', 'Kết quả thực hiện', 'Tỷ lệ', 'Tiến độ', 'Ghi chú'],
    [1, 'NV1 (phối hợp)', 'Tham mưu 01 văn bản', null, 'Đang thực hiện', null],
    [2, 'NV3', 'Tổ chức 2 hội nghị, 150 lượt CBCC', { formula: 'C9/C9', result: 1 }, 'Hoàn thành', null],
    [3, 'Nhiệm vụ 4', 'Số hóa 1.250 hồ sơ', { formula: '1250/1470', result: 0.85 }, 'Đang thực hiện', null],
    [4, 'NV6', 'Chưa triển khai', null, 'Chưa thực hiện', 'Chờ hướng dẫn'],
    [5, 'NV7', 'Đăng ký mô hình "Dân vận khéo"', null, 'Hoàn thành', new Date(Date.UTC(2026, 4, 20))],
  ];
  return workbook([
    // A sheet the unit hid is not part of what it sent to be read.
    { name: 'Nháp', hidden: true, rows: [['NV3', 'Chưa thực hiện']] },
    { name: 'Báo cáo', rows, merges: ['A1:F1', 'A2:F2'], percentColumns: [4] },
    { name: 'Vướng mắc', rows: [['Vướng mắc: thiếu kinh phí số hóa hồ sơ lưu trữ']] },
  ]);
}

/** Every file kept in the document store. */
function storedFiles(dir: string): string[] {
  const root = join(dir, 'documents');
  if (!existsSync(root)) return [];
  return readdirSync(root).flatMap((sub) => readdirSync(join(root, sub)));
}

let session: ConsoleSession | null = null;
afterEach(async () => {
  await session?.stop();
  session = null;
});

function rows<T>(s: ConsoleSession, sql: string): T[] {
  return s.deps.db.$client.prepare(sql).all() as T[];
}

describe('a Word report in the annex form', () => {
  it('is read row by row in the worker: each row one line, the header left out', async () => {
    const r = await inspectDocument(await wordTableReport(ANNEX), DEFAULT_INSPECT_LIMITS, ['168']);
    expect(r).toMatchObject({
      type: 'accepted',
      fileType: 'docx',
      textProblem: null,
      truncated: false,
      reading: { readsAsReport: true, statusCodes: ['NV3', 'NV4', 'NV5', 'NV7'] },
    });
    const text = r.type === 'accepted' ? (r.text ?? '') : '';
    expect(text.split('\n')).toEqual([
      // The letter head's table is layout: a paragraph a line, as a letter is read.
      'UBND PHƯỜNG LÊ CHÂN',
      'PHÒNG KINH TẾ, HẠ TẦNG VÀ ĐÔ THỊ',
      'Số: 45/BC-KTHTĐT',
      'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM',
      'Độc lập - Tự do - Hạnh phúc',
      'Lê Chân, ngày 05 tháng 6 năm 2026',
      'BÁO CÁO',
      'Kết quả thực hiện Kế hoạch số 168/KH-UBND 6 tháng đầu năm 2026',
      'Phòng Kinh tế, Hạ tầng và Đô thị báo cáo kết quả như sau:',
      '1. Nhiệm vụ 3: Thực hiện nghiêm quy tắc ứng xử, đạo đức công vụ – Đã tổ chức 2 hội nghị quán triệt; 150 lượt CBCC tham dự – Đánh giá: Hoàn thành',
      '2. NV4 - Cải cách hành chính, chuyển đổi số – Đã triển khai số hóa 1.250 hồ sơ, đạt 85% – Phấn đấu hoàn thành quý III – Đánh giá: Đang thực hiện',
      '3. Nhiệm vụ 5. Tiếp công dân, giải quyết khiếu nại – Không phát sinh đơn thư – Đánh giá: Không phát sinh',
      '4. NV7 – Đăng ký mô hình "Dân vận khéo" cấp phường – Đánh giá: Đang thực hiện',
      'Trân trọng./.',
      'TRƯỞNG PHÒNG',
    ]);
  });

  it('records the exact status of each of its 4 tasks through `:file`, and says they came from the file', async () => {
    session = await ConsoleSession.start(JUNE_1);
    const path = writeTo(tempDir(), 'BC 6 thang KTHTDT (bang).docx', await wordTableReport(ANNEX));
    await session.say(':as phong kinh te');
    const out = await session.say(`:file "${path}"`);
    expect(out).toContain('Đã nhận báo cáo 6 tháng đầu năm 2026 của Phòng KT-HT-ĐT');
    expect(out).toMatch(
      /Nội dung đọc từ tệp “BC 6 thang KTHTDT \(bang\)\.docx” \(Word, \d+ KB\), gồm trạng thái NV3, NV4, NV5, NV7: anh\/chị kiểm tra lại giúp\./,
    );
    expect(out).toContain(
      'NV3 – Hoàn thành: Thực hiện nghiêm quy tắc ứng xử, đạo đức công vụ – Đã tổ chức 2 hội nghị quán triệt; 150 lượt CBCC tham dự',
    );
    expect(out).toContain('NV7 – Đang thực hiện: Đăng ký mô hình "Dân vận khéo" cấp phường');
    expect(out).not.toMatch(/STT|Tiến độ\/Đánh giá|Ghi chú/);
    expect(rows(session, 'SELECT task_code, status FROM report_items ORDER BY id')).toEqual([
      { task_code: 'NV3', status: 'done' },
      { task_code: 'NV4', status: 'in_progress' },
      { task_code: 'NV5', status: 'not_applicable' },
      { task_code: 'NV7', status: 'in_progress' },
    ]);
    expect(rows(session, 'SELECT type, statuses_from_file FROM documents')).toEqual([
      { type: 'docx', statuses_from_file: '["NV3","NV4","NV5","NV7"]' },
    ]);
  });

  it('with only row numbers and task text, reads each row by the task its text names, never by its number', async () => {
    session = await ConsoleSession.start(JUNE_1);
    const path = writeTo(tempDir(), 'Bao cao 6 thang.docx', await wordTableReport(NO_CODES));
    await session.say(':as phong kinh te');
    const out = await session.say(`:file "${path}"`);
    expect(out).toContain('Đã nhận báo cáo 6 tháng đầu năm 2026 của Phòng KT-HT-ĐT');
    expect(out).toContain(
      'Bot đọc theo tên nhiệm vụ: “Thực hiện nghiêm quy tắc ứng xử, đạo đức công vụ” là NV3; “Cải cách hành chính, chuyển đổi số” là NV4; “Tiếp công dân, giải quyết khiếu nại” là NV5; “Phong trào thi đua "Dân vận khéo"” là NV7.',
    );
    expect(out).toContain('NV3 – Hoàn thành: Tổ chức 2 hội nghị');
    expect(out).toContain('NV4 – Đang thực hiện: Số hóa 1.250 hồ sơ');
    expect(out).toContain('NV7 – Đang thực hiện: Đăng ký 01 mô hình');
    // Row 4 is NV7 by its text, not NV4 by its number, and rows 1–3 give no NV1–NV3.
    expect(rows(session, 'SELECT task_code, status FROM report_items ORDER BY task_code')).toEqual([
      { task_code: 'NV3', status: 'done' },
      { task_code: 'NV4', status: 'in_progress' },
      { task_code: 'NV5', status: 'not_applicable' },
      { task_code: 'NV7', status: 'in_progress' },
    ]);
    expect(rows(session, 'SELECT revision FROM reports')).toEqual([{ revision: 1 }]);
    const [doc] = rows<{ statuses_from_file: string; text: string }>(
      session,
      'SELECT statuses_from_file, text FROM documents',
    );
    expect(doc?.statuses_from_file).toBe('[]');
    // The rows are kept as read, for the office to see what was sent.
    expect(doc?.text).toContain(
      '2. Cải cách hành chính, chuyển đổi số – Số hóa 1.250 hồ sơ – Tiến độ: Đang thực hiện',
    );
  });
});

describe('an Excel report', () => {
  it('is read in the worker: visible sheets in order, merged titles once, formulas by their cached result', async () => {
    const r = await inspectDocument(await reportWorkbook(), DEFAULT_INSPECT_LIMITS, ['168']);
    expect(r).toMatchObject({
      type: 'accepted',
      fileType: 'xlsx',
      mime: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      textProblem: null,
      truncated: false,
      reading: { readsAsReport: true, statusCodes: ['NV1', 'NV3', 'NV4', 'NV6', 'NV7'] },
    });
    expect(r.type === 'accepted' && r.text?.split('\n')).toEqual([
      'BÁO CÁO KẾT QUẢ THỰC HIỆN KẾ HOẠCH SỐ 168/KH-UBND 6 THÁNG ĐẦU NĂM 2026',
      'Đơn vị: Phòng Kinh tế, Hạ tầng và Đô thị',
      '1. NV1 (phối hợp) – Tham mưu 01 văn bản – Tiến độ: Đang thực hiện',
      '2. NV3 – Tổ chức 2 hội nghị, 150 lượt CBCC – 100% – Tiến độ: Hoàn thành',
      '3. Nhiệm vụ 4 – Số hóa 1.250 hồ sơ – 85% – Tiến độ: Đang thực hiện',
      '4. NV6 – Chưa triển khai – Chờ hướng dẫn – Tiến độ: Chưa thực hiện',
      '5. NV7 – Đăng ký mô hình "Dân vận khéo" – 20/05/2026 – Tiến độ: Hoàn thành',
      'Vướng mắc: thiếu kinh phí số hóa hồ sơ lưu trữ',
    ]);
  });

  it('records the exact statuses through `:file`, and the difficulty on its second sheet', async () => {
    session = await ConsoleSession.start(JUNE_1);
    const path = writeTo(tempDir(), 'KTHTDT-6thang.xlsx', await reportWorkbook());
    await session.say(':as phong kinh te');
    const out = await session.say(`:file ${path}`);
    expect(out).toContain('Đã nhận báo cáo 6 tháng đầu năm 2026 của Phòng KT-HT-ĐT');
    expect(out).toMatch(
      /Nội dung đọc từ tệp “KTHTDT-6thang\.xlsx” \(Excel, \d+ KB\), gồm trạng thái NV1, NV3, NV4, NV6, NV7: anh\/chị kiểm tra lại giúp\./,
    );
    expect(out).toContain('NV3 – Hoàn thành: Tổ chức 2 hội nghị, 150 lượt CBCC – 100%');
    expect(out).toContain(
      'Vướng mắc số 1 đã chuyển Phòng Văn hóa – Xã hội: thiếu kinh phí số hóa hồ sơ lưu trữ',
    );
    expect(rows(session, 'SELECT task_code, status FROM report_items ORDER BY id')).toEqual([
      { task_code: 'NV1', status: 'in_progress' },
      { task_code: 'NV3', status: 'done' },
      { task_code: 'NV4', status: 'in_progress' },
      { task_code: 'NV6', status: 'not_started' },
      { task_code: 'NV7', status: 'done' },
    ]);
    expect(rows(session, 'SELECT type, statuses_from_file FROM documents')).toEqual([
      { type: 'xlsx', statuses_from_file: '["NV1","NV3","NV4","NV6","NV7"]' },
    ]);
  });

  it('that is not a report (an attendance list) shared in a unit group is left alone, like other files', async () => {
    session = await ConsoleSession.start(JUNE_1);
    const dir = tempDir();
    await session.say(':as vhxh');
    const code = /([A-Z2-9]{4}-[A-Z2-9]{4})/.exec(await session.say('/taoma phong kinh te'))?.[1];
    await session.say(':chat nhom kt');
    expect(await session.say(`/dangky ${code}`)).toContain('Đã đăng ký nhóm này cho');
    const attendance = await workbook([
      {
        name: 'Danh sách',
        rows: [
          ['DANH SÁCH ĐẠI BIỂU DỰ HỘI NGHỊ SƠ KẾT CÔNG TÁC DÂN VẬN'],
          ['STT', 'Họ và tên', 'Chức vụ', 'Đơn vị', 'Ký tên'],
          [1, 'Nguyễn Thị Lan', 'Trưởng phòng', 'Phòng Văn hóa – Xã hội', null],
          [2, 'Trần Văn Hùng', 'Phó Trưởng phòng', 'Phòng Kinh tế, Hạ tầng và Đô thị', null],
          [3, 'Lê Minh Tuấn', 'Chuyên viên', 'Văn phòng HĐND và UBND', 'đã ký'],
        ],
        merges: ['A1:E1'],
      },
    ]);
    const path = writeTo(dir, 'danh-sach-dai-bieu.xlsx', attendance);
    expect(await session.say(`:file ${path}`)).toBe(`[nhom kt] > :file ${path}\n`);
    expect(storedFiles(session.dir)).toEqual([]);
    expect(rows(session, 'SELECT COUNT(*) AS n FROM documents')).toEqual([{ n: 0 }]);
    expect(rows(session, "SELECT COUNT(*) AS n FROM inbound WHERE chat_id = 'console:chat:nhom kt'")).toEqual(
      [
        { n: 1 }, // /dangky; the list was neither answered nor stored
      ],
    );
    // The same list sent as the unit's report is taken: the unit decides what its report is.
    expect(await session.say(`:file ${path} @bot báo cáo 6 tháng`)).toContain(
      'Đã nhận văn bản báo cáo 6 tháng đầu năm 2026 của Phòng KT-HT-ĐT',
    );
  });

  it('that is damaged gets a clear answer: kept and counted as submitted, the statuses asked for', async () => {
    session = await ConsoleSession.start(JUNE_1);
    const good = await reportWorkbook();
    const sheet = unzipSync(good)['xl/worksheets/sheet2.xml']!;
    const damaged = replaceEntry(good, 'xl/worksheets/sheet2.xml', sheet.slice(0, sheet.length >> 1));
    const path = writeTo(tempDir(), 'bao-cao-6-thang.xlsx', damaged);
    await session.say(':as phong kinh te');
    const out = await session.say(`:file ${path}`);
    expect(out).toContain('Đã nhận văn bản báo cáo 6 tháng đầu năm 2026 của Phòng KT-HT-ĐT');
    expect(out).toMatch(
      /“bao-cao-6-thang\.xlsx” \(Excel, \d+ KB\) – lần 1, lúc 09:00 01\/06\/2026 \(đúng hạn\)\./,
    );
    expect(out).toContain('Bot không đọc được nội dung tệp (tệp lỗi, có mật khẩu hoặc quá dài).');
    expect(out).toContain('Đề nghị anh/chị trả lời tin nhắn này với trạng thái của NV3, NV7 (chủ trì)');
    expect(rows(session, 'SELECT type, text_problem, text FROM documents')).toEqual([
      { type: 'xlsx', text_problem: 'damaged', text: null },
    ]);
    expect(storedFiles(session.dir)).toHaveLength(1);
    // The bot goes on: the statuses sent next are recorded as the next revision.
    expect(await session.say('NV3: hoàn thành\nNV7: đang thực hiện')).toContain('Lần 2');
  });

  it('is read no further than its caps: rows, cells and sheets', async () => {
    const sheet = (n: number, rowsCount: number) => ({
      name: `Tổ ${n}`,
      // A long log: a row per activity, each naming its task.
      rows: Array.from({ length: rowsCount }, (_, i): TestValue[] => [
        i + 1,
        `NV${(i % 7) + 1}`,
        'Đang thực hiện',
      ]),
    });
    const xlsx = await workbook([sheet(1, 40), sheet(2, 40), sheet(3, 40)]);
    const limits = { ...DEFAULT_INSPECT_LIMITS, maxRows: 50, maxCells: 1000, maxSheets: 5 };
    const byRows = await inspectDocument(xlsx, limits);
    const lines = byRows.type === 'accepted' ? (byRows.text ?? '').split('\n') : [];
    expect(lines).toHaveLength(50);
    expect(lines[39]).toBe('40. NV5 – Đang thực hiện');
    expect(lines[40]).toBe('1. NV1 – Đang thực hiện');
    expect(byRows).toMatchObject({ truncated: true, textProblem: null });

    const byCells = await inspectDocument(xlsx, { ...limits, maxRows: 1000, maxCells: 30 });
    expect(byCells.type === 'accepted' && byCells.text?.split('\n')).toHaveLength(10);
    expect(byCells).toMatchObject({ truncated: true });

    const bySheets = await inspectDocument(xlsx, { ...limits, maxRows: 1000, maxSheets: 2 });
    expect(bySheets.type === 'accepted' && bySheets.text?.split('\n')).toHaveLength(80);
    expect(bySheets).toMatchObject({ truncated: true });

    const whole = await inspectDocument(xlsx, { ...limits, maxRows: 1000 });
    expect(whole.type === 'accepted' && whole.text?.split('\n')).toHaveLength(120);
    expect(whole).toMatchObject({ truncated: false });
  });
});
