import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { App } from '../../src/app';
import { createApp } from '../../src/app';
import { scorecardOf } from '../../src/queries/scorecard';
import { loadConfig } from '../../src/config';
import { compilePeriod } from '../../src/core/compile';
import type { Period } from '../../src/core/periods/periods';
import { instantAt } from '../../src/core/time';
import { writePeriodExport } from '../../src/export';
import { silentLogger } from '../../src/log';
import { writeSyntheticWard } from '../../scripts/bench/ward';
import { PLANS_DIR } from '../helpers/plans';
import { tempDir } from '../helpers/tmp';

const TZ = 'Asia/Ho_Chi_Minh';
const AFTER_DEADLINE = instantAt('2026-06-15', '09:00', TZ);
let app: App | null = null;

afterEach(() => {
  app?.close();
  app = null;
});

function open(plansDir = PLANS_DIR): App {
  const dir = tempDir();
  app = createApp(
    loadConfig({ DATABASE_PATH: join(dir, 'bot.sqlite'), PLANS_DIR: plansDir, EXPORT_DIR: dir }),
    {
      logger: silentLogger,
      clock: () => AFTER_DEADLINE,
    },
  );
  return app;
}

function sixMonth2026(a: App): Period {
  const plan = a.deps.planSet.plans[0]!;
  return a.deps.periods.ofPlan(plan.id).find((p) => p.id.endsWith('6T-2026'))!;
}

function submit(
  a: App,
  period: Period,
  unitId: string,
  at: Date,
  late: boolean,
  items: [string, 'done' | 'in_progress' | 'not_started', string][],
  proposals: string[] = [],
) {
  a.deps.reports.submit({
    periodId: period.id,
    unitId,
    chatId: `telegram:${unitId}`,
    chatTitle: unitId,
    senderName: 'Nguyễn Thị Lan',
    inboundId: null,
    at,
    late,
    items: items.map(([taskCode, status, result]) => ({
      taskCode,
      status,
      result,
      figures: result.match(/\d+ [\p{L}]+/gu) ?? [],
    })),
    proposals,
  });
}

/** A realistic period: most units reported, one late, one revised, two difficulties answered. */
function realistic(a: App): Period {
  const period = sixMonth2026(a);
  const onTime = instantAt('2026-06-08', '10:00', TZ);
  submit(a, period, 'phong-kt-ht-dt', onTime, false, [
    ['NV3', 'in_progress', 'tổ chức 2 hội nghị quán triệt, 150 lượt CBCC tham dự'],
    ['NV7', 'done', 'đăng ký mô hình "Dân vận khéo"'],
  ]);
  submit(
    a,
    period,
    'phong-kt-ht-dt',
    instantAt('2026-06-09', '15:00', TZ),
    false,
    [
      ['NV3', 'done', 'tổ chức 3 hội nghị quán triệt, 210 lượt CBCC tham dự'],
      ['NV7', 'done', 'đăng ký mô hình "Dân vận khéo"'],
    ],
    ['Đề nghị bổ sung kinh phí in tài liệu tuyên truyền'],
  );
  submit(a, period, 'vp-hdnd-ubnd', onTime, false, [
    ['NV1', 'done', 'tham mưu sơ kết 1 nghị quyết'],
    ['NV2', 'in_progress', 'rà soát 12 thủ tục'],
  ]);
  submit(a, period, 'cong-an', instantAt('2026-06-12', '08:30', TZ), true, [
    ['NV3', 'not_started', 'chưa triển khai'],
  ]);
  const d1 = a.deps.difficulties.raise({
    unitId: 'phong-kt-ht-dt',
    chatId: 'telegram:x',
    periodId: period.id,
    reportId: null,
    inboundId: null,
    text: 'Thiếu kinh phí in tài liệu',
    at: onTime,
  });
  const d2 = a.deps.difficulties.raise({
    unitId: 'cong-an',
    chatId: 'telegram:y',
    periodId: period.id,
    reportId: null,
    inboundId: null,
    text: 'Chưa rõ đầu mối phối hợp NV3',
    at: onTime,
  });
  a.deps.difficulties.answer(
    d1.id,
    'Phòng sẽ bố trí kinh phí trong quý III',
    'telegram:office',
    AFTER_DEADLINE,
  );
  a.deps.difficulties.answer(d2.id, 'Đầu mối là Phòng VHXH', 'telegram:office', AFTER_DEADLINE);
  return period;
}

async function exportOf(a: App, period: Period) {
  const plan = a.deps.planSet.plans.find((p) => p.id === period.planId)!;
  const model = compilePeriod({
    ward: a.deps.planSet.organisation.ward,
    plan,
    period,
    responsibility: a.deps.responsibility,
    revisions: a.deps.reports.revisionsOf(period.id),
    difficulties: a.deps.difficulties.ofPeriod(period.id),
    now: AFTER_DEADLINE,
  });
  const files = await writePeriodExport(
    model,
    scorecardOf(a.deps, plan, period.year, AFTER_DEADLINE),
    a.deps.settings.exportDir,
  );
  const book = new ExcelJS.Workbook();
  await book.xlsx.readFile(files[0]!.path);
  const zip = await JSZip.loadAsync(readFileSync(files[1]!.path));
  const xml = (await zip.file('word/document.xml')?.async('string')) ?? '';
  const styles = (await zip.file('word/styles.xml')?.async('string')) ?? '';
  const headers = await Promise.all(zip.file(/^word\/header\d+\.xml$/).map((f) => f.async('string')));
  const text = [...xml.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]).join('');
  return { files, book, xml, styles, headers, text, model };
}

/** A spreadsheet date as written: the ward's wall clock as if it were UTC. */
const sheetDay = (day: string, time = '00:00') => new Date(`${day}T${time}:00Z`);

const values = (sheet: ExcelJS.Worksheet, row: number) =>
  (sheet.getRow(row).values as unknown[]).slice(1).map((v) => (v === null || v === undefined ? '' : v));

describe('the compiled spreadsheet', () => {
  it('has the matrix with colours, every report line with revisions, the difficulties and the scorecard', async () => {
    const a = open();
    const { files, book } = await exportOf(a, realistic(a));
    expect(files.map((f) => f.name)).toEqual([
      'KH168-6T2026-tong-hop-2026-06-15.xlsx',
      'KH168-6T2026-du-thao-bao-cao-2026-06-15.docx',
    ]);
    expect(book.worksheets.map((w) => w.name)).toEqual([
      'Tổng hợp',
      'Chi tiết báo cáo',
      'Vướng mắc',
      'Xếp hạng năm 2026',
    ]);

    const matrix = book.getWorksheet('Tổng hợp')!;
    expect(values(matrix, 1).slice(0, 5)).toEqual([
      'STT',
      'Đơn vị',
      'Tình trạng nộp',
      'Ngày gửi',
      'Số lần gửi',
    ]);
    expect(String(values(matrix, 1)[5])).toMatch(/^NV1\n/);
    // Header row and unit names frozen; printed A4 landscape, one page wide.
    expect(matrix.views[0]).toMatchObject({ state: 'frozen', ySplit: 1, xSplit: 2 });
    expect(matrix.pageSetup).toMatchObject({ paperSize: 9, orientation: 'landscape', fitToWidth: 1 });
    const kt = matrix.getRows(2, 20)!.find((r) => r.getCell(2).value === 'Phòng Kinh tế, Hạ tầng và Đô thị')!;
    expect(kt.getCell(3).value).toBe('Đúng hạn');
    // A real date (the office sorts and filters by it), shown dd/mm/yyyy.
    expect(kt.getCell(4).value).toEqual(sheetDay('2026-06-08'));
    expect(kt.getCell(4).numFmt).toBe('dd/mm/yyyy');
    expect(kt.getCell(5).value).toBe(2);
    const nv3 = kt.getCell(5 + 3);
    expect(nv3.value).toBe('Hoàn thành');
    expect(nv3.fill).toMatchObject({ fgColor: { argb: 'FFC6EFCE' } });
    const ca = matrix.getRows(2, 20)!.find((r) => r.getCell(2).value === 'Công an phường')!;
    expect(ca.getCell(3).value).toBe('Muộn');
    expect(ca.getCell(3).font).toMatchObject({ name: 'Times New Roman', color: { argb: 'FFC00000' } });
    expect(ca.getCell(5 + 3).fill).toMatchObject({ fgColor: { argb: 'FFFFC7CE' } });
    const missing = matrix.getRows(2, 20)!.find((r) => r.getCell(2).value === 'Trạm Y tế phường')!;
    expect(missing.getCell(3).value).toBe('Quá hạn, chưa gửi');
    expect(missing.getCell(3).font).toMatchObject({ bold: true, color: { argb: 'FFC00000' } });
    expect(missing.getCell(4).value).toBeNull();

    const lines = book.getWorksheet('Chi tiết báo cáo')!;
    const rows = lines.getRows(2, lines.rowCount - 1)!.map((r) => (r.values as unknown[]).slice(1));
    expect(rows).toHaveLength(7); // 2 + 2 revisions of KT-HT-ĐT, 2 of VP, 1 of Công an
    expect(rows).toContainEqual([
      'Phòng Kinh tế, Hạ tầng và Đô thị',
      'NV3',
      'Đang thực hiện',
      'tổ chức 2 hội nghị quán triệt, 150 lượt CBCC tham dự',
      '2 hội; 150 lượt',
      sheetDay('2026-06-08', '10:00'),
      'Đúng hạn',
      1,
      'Không (đã sửa)',
      'Nguyễn Thị Lan',
    ]);
    expect(rows.filter((r) => r[6] === 'Muộn')).toHaveLength(1);
    expect(lines.getRow(2).getCell(6).numFmt).toBe('dd/mm/yyyy hh:mm');
    expect(lines.autoFilter).toBe('A1:J1');
    // The superseded revision is greyed out, in the sheet's font.
    const superseded = lines.getRows(2, 7)!.find((r) => r.getCell(9).value === 'Không (đã sửa)')!;
    expect(superseded.getCell(4).font).toMatchObject({
      name: 'Times New Roman',
      color: { argb: 'FF808080' },
    });

    const issues = book.getWorksheet('Vướng mắc')!;
    expect(values(issues, 2)).toEqual([
      1,
      'Phòng Kinh tế, Hạ tầng và Đô thị',
      'Thiếu kinh phí in tài liệu',
      sheetDay('2026-06-08'),
      'Đã trả lời',
      'Phòng sẽ bố trí kinh phí trong quý III',
      sheetDay('2026-06-15'),
    ]);
    expect(issues.getRow(2).getCell(7).numFmt).toBe('dd/mm/yyyy');

    const score = book.getWorksheet('Xếp hạng năm 2026')!;
    expect(values(score, 2).slice(0, 6)).toEqual([1, 'Phòng Kinh tế, Hạ tầng và Đô thị', 1, 1, 0, 0]);
    const caScore = score.getRows(2, 10)!.find((r) => r.getCell(2).value === 'Công an phường')!;
    expect([caScore.getCell(4).value, caScore.getCell(5).value, caScore.getCell(6).value]).toEqual([0, 1, 0]);
  });

  it('says a period with no reports plainly: every unit missing, no lines', async () => {
    const a = open();
    const { book, text } = await exportOf(a, sixMonth2026(a));
    const matrix = book.getWorksheet('Tổng hợp')!;
    const categories = matrix.getRows(2, 7)!.map((r) => r.getCell(3).value);
    expect(new Set(categories)).toEqual(new Set(['Quá hạn, chưa gửi']));
    expect(book.getWorksheet('Chi tiết báo cáo')!.rowCount).toBe(1);
    expect(text).toContain('0/7 đơn vị đã gửi báo cáo');
    expect(text).toContain('[Chưa có đơn vị báo cáo kết quả thực hiện nhiệm vụ này]');
    expect(text).toContain('[Không có đề xuất, kiến nghị của các đơn vị trong kỳ]');
  });

  it('holds a ward of 200 units', async () => {
    const wardDir = join(tempDir(), 'ward');
    writeSyntheticWard(wardDir, 200, 1);
    const a = open(wardDir);
    const period = sixMonth2026(a);
    const units = a.deps.planSet.organisation.units.filter((u) => u.id !== 'u0000');
    units.forEach((u, i) => {
      const tasks = a.deps.responsibility.reportableTasks(a.deps.planSet.plans[0]!, u.id);
      if (i % 10 !== 0)
        submit(
          a,
          period,
          u.id,
          instantAt('2026-06-09', '09:00', TZ),
          i % 7 === 0,
          tasks.map((t) => [t.code, 'done', `kết quả ${i}`]),
        );
    });
    const { book, text, model } = await exportOf(a, period);
    const expected = model.units.length;
    expect(expected).toBeGreaterThanOrEqual(150);
    expect(
      book
        .getWorksheet('Tổng hợp')!
        .getRow(expected + 1)
        .getCell(1).value,
    ).toBe(expected);
    expect(book.getWorksheet('Xếp hạng năm 2026')!.rowCount).toBe(expected + 1);
    expect(text).toContain(`Đơn vị số 199 phường Thử Nghiệm`);
  });
});

describe('the draft report (Nghị định 30/2020/NĐ-CP)', () => {
  it('is A4, Times New Roman 14, with the official margins', async () => {
    const a = open();
    const { xml, styles } = await exportOf(a, realistic(a));
    expect(xml).toMatch(/<w:pgSz w:w="11906" w:h="16838"/);
    const margin = /<w:pgMar ([^>]*)\/>/.exec(xml)?.[1] ?? '';
    const twips = (name: string) => Number(new RegExp(`w:${name}="(\\d+)"`).exec(margin)?.[1]);
    const mm = (t: number) => Math.round((t / 1440) * 25.4);
    expect([mm(twips('top')), mm(twips('bottom')), mm(twips('left')), mm(twips('right'))]).toEqual([
      20, 20, 30, 15,
    ]);
    expect(styles).toMatch(/<w:rFonts w:ascii="Times New Roman"[^>]*\/>/);
    expect(styles).toMatch(/<w:sz w:val="28"\/>/);
  });

  it('numbers pages from the second, centred at the top, and the annex on its own', async () => {
    const a = open();
    const { xml, headers } = await exportOf(a, realistic(a));
    const sections = [...xml.matchAll(/<w:sectPr[\s\S]*?<\/w:sectPr>/g)].map((m) => m[0]);
    expect(sections).toHaveLength(2); // the report, then the annex on a new page
    for (const s of sections) {
      expect(s).toMatch(/<w:pgSz w:w="11906" w:h="16838"/);
      expect(s).toContain('<w:titlePg/>'); // no number on a first page
    }
    expect(sections[0]).not.toMatch(/w:pgNumType w:start/);
    expect(sections[1]).toMatch(/<w:pgNumType w:start="1"/);
    const numbered = headers.filter((h) => h.includes('PAGE'));
    expect(numbered.length).toBe(2);
    for (const h of numbered) expect(h).toContain('<w:jc w:val="center"/>');
  });

  it('names an annual and an ad-hoc period in the title, the file names and the annex', async () => {
    const a = open();
    const plan = a.deps.planSet.plans[0]!;
    const annual = a.deps.periods.ofPlan(plan.id).find((p) => p.id.endsWith('N-2026'))!;
    const yearly = await exportOf(a, annual);
    expect(yearly.files[1]!.name).toBe('KH168-N2026-du-thao-bao-cao-2026-06-15.docx');
    expect(yearly.text).toContain('giai đoạn 2025 - 2030 (năm 2026)');
    expect(yearly.text).toContain('TÌNH HÌNH GỬI BÁO CÁO CỦA CÁC ĐƠN VỊ NĂM 2026');

    const adhoc = a.deps.periods.createAdhoc({
      planId: plan.id,
      deadlineOn: '2026-06-20',
      startsOn: '2026-06-15',
      taskCodes: ['NV3'],
      unitIds: null,
      note: null,
      createdBy: 'test',
      now: AFTER_DEADLINE,
    });
    const requested = await exportOf(a, adhoc);
    expect(requested.files.map((f) => f.name)).toEqual([
      'KH168-DX1-2026-tong-hop-2026-06-15.xlsx',
      'KH168-DX1-2026-du-thao-bao-cao-2026-06-15.docx',
    ]);
    expect(requested.text).toContain('(theo yêu cầu đột xuất số 1, hạn 20/06/2026)');
    expect(requested.text).not.toContain('((');
    expect(requested.model.tasks.map((t) => t.code)).toEqual(['NV3']);
    // Only the requested task, numbered as the report's first section.
    expect(requested.text).toContain(
      'I. KẾT QUẢ THỰC HIỆN1. Quy tắc ứng xử, đạo đức công vụ, phong cách làm việc gần dân (NV3)',
    );
    expect(requested.text).not.toContain('Tham mưu cụ thể hóa');
  });

  it('has the heading, the title, the sections in order, the annex and the signature block, with placeholders', async () => {
    const a = open();
    const { text } = await exportOf(a, realistic(a));
    const order = [
      'ỦY BAN NHÂN DÂN',
      'PHƯỜNG LÊ CHÂN',
      'Số: …/BC-UBND',
      'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM',
      'Độc lập - Tự do - Hạnh phúc',
      'Lê Chân, ngày … tháng … năm 2026',
      'BÁO CÁO',
      'Kết quả thực hiện Kế hoạch số 168/KH-UBND',
      '6 tháng đầu năm 2026',
      'I. KẾT QUẢ THỰC HIỆN',
      'II. ĐÁNH GIÁ CHUNG',
      '1. Ưu điểm: […]',
      '2. Hạn chế: […]',
      '3. Nguyên nhân: […]',
      'III. PHƯƠNG HƯỚNG, NHIỆM VỤ KỲ TỚI',
      'IV. ĐỀ XUẤT, KIẾN NGHỊ',
      'Nơi nhận:',
      'TM. ỦY BAN NHÂN DÂN',
      '[CHỨC VỤ NGƯỜI KÝ]',
      'PHỤ LỤC',
    ];
    let at = -1;
    for (const part of order) {
      const found = text.indexOf(part, at + 1);
      expect(found, part).toBeGreaterThan(at);
      at = found;
    }
    // The units' latest results merged under their task, the lead first; a revised line only as revised.
    expect(text).toContain(
      '- Phòng Kinh tế, Hạ tầng và Đô thị (chủ trì): tổ chức 3 hội nghị quán triệt, 210 lượt CBCC tham dự.',
    );
    expect(text).not.toContain('150 lượt CBCC');
    expect(text).toContain('3/7 đơn vị đã gửi báo cáo (2 đúng hạn, 1 muộn)');
    // Proposals and difficulties, with the office's answers.
    expect(text).toContain('Đề nghị bổ sung kinh phí in tài liệu tuyên truyền');
    expect(text).toContain(
      'Thiếu kinh phí in tài liệu. Phòng Văn hóa – Xã hội đã trả lời: Phòng sẽ bố trí kinh phí trong quý III.',
    );
    // The milestone of task 6.
    expect(text).toMatch(/NV6.*31\/12\/2027/);
  });

  it('highlights every placeholder', async () => {
    const a = open();
    const { xml } = await exportOf(a, realistic(a));
    const runs = [...xml.matchAll(/<w:r>(.*?)<\/w:r>/g)].map((m) => m[1] ?? '');
    const placeholders = runs.filter((r) => /<w:t[^>]*>[^<]*(\[|…)/.test(r));
    expect(placeholders.length).toBeGreaterThanOrEqual(8);
    for (const r of placeholders) expect(r).toContain('<w:highlight w:val="yellow"/>');
  });
});
