import { officeOf } from '../../src/bot/deps';
import ExcelJS from 'exceljs';
import { copyFileSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
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
import type { DocParagraph, DocxRead } from '../helpers/docx';
import { readDocx } from '../helpers/docx';
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
    office: officeOf(a.deps),
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
  const ward = await readDocx(readFileSync(files[1]!.path));
  const office = await readDocx(readFileSync(files[2]!.path));
  return { files, book, ward, office, text: ward.text, model };
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
      'KH168-6T2026-du-thao-bao-cao-phong-vhxh-2026-06-15.docx',
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
    expect(values(issues, 2).slice(0, 7)).toEqual([
      1,
      'Phòng Kinh tế, Hạ tầng và Đô thị',
      'Thiếu kinh phí in tài liệu',
      sheetDay('2026-06-08'),
      'Đã trả lời',
      'Phòng sẽ bố trí kinh phí trong quý III',
      sheetDay('2026-06-15'),
    ]);
    // Not sent up to a higher level: no date, no recipient.
    expect([issues.getRow(2).getCell(8).value, issues.getRow(2).getCell(9).value]).toEqual([null, '']);
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
    // The units, then an empty row and the line that says what the table is (this plan has no criterion).
    expect(book.getWorksheet('Xếp hạng năm 2026')!.rowCount).toBe(expected + 3);
    expect(text).toContain(`Đơn vị số 199 phường Thử Nghiệm`);
  });
});

/** The paragraph whose text starts with `start` (after `from`), or a failure naming it. */
function find(doc: DocxRead, start: string | RegExp, from = 0): DocParagraph {
  const found = doc.paragraphs
    .slice(from)
    .find((p) => (typeof start === 'string' ? p.text.startsWith(start) : start.test(p.text)));
  expect(found, String(start)).toBeDefined();
  return found!;
}

const indexOf = (doc: DocxRead, p: DocParagraph) => doc.paragraphs.indexOf(p);
/** The drawn line right after a paragraph, and its length in twips within a space `within` wide. */
function ruleAfter(doc: DocxRead, p: DocParagraph, within: number): number {
  const next = doc.paragraphs[indexOf(doc, p) + 1]!;
  expect(next.rule, `a line under "${p.text}"`).toBe(true);
  expect(next.text).toBe('');
  return within - next.indent.left - next.indent.right;
}

/** Text width between the margins, and the heading's two columns (40 % | 60 %), in twips. */
const TEXT_WIDTH = 11906 - 1701 - 850;
const HEAD_LEFT = Math.round(TEXT_WIDTH * 0.4);
const HEAD_RIGHT = Math.round(TEXT_WIDTH * 0.6);
/** "Độc lập - Tự do - Hạnh phúc" and "ỦY BAN NHÂN DÂN" in Times New Roman bold, as LibreOffice sets them. */
const MOTTO_TWIPS = 3424;
const BODY_TWIPS = 2445;

/** The body of the report: everything before the annex. */
const body = (doc: DocxRead) => doc.text.slice(0, doc.text.indexOf('\nPhụ lục\n'));

describe('the draft report (Nghị định 30/2020/NĐ-CP)', () => {
  it('is A4, Times New Roman 14, with the official margins, in both variants', async () => {
    const a = open();
    const { ward, office } = await exportOf(a, realistic(a));
    for (const doc of [ward, office]) {
      expect(doc.xml).toMatch(/<w:pgSz w:w="11906" w:h="16838"/);
      const margin = /<w:pgMar ([^>]*)\/>/.exec(doc.xml)?.[1] ?? '';
      const twips = (name: string) => Number(new RegExp(`w:${name}="(\\d+)"`).exec(margin)?.[1]);
      const mm = (t: number) => Math.round((t / 1440) * 25.4);
      expect([mm(twips('top')), mm(twips('bottom')), mm(twips('left')), mm(twips('right'))]).toEqual([
        20, 20, 30, 15,
      ]);
      expect(doc.styles).toMatch(/<w:rFonts w:ascii="Times New Roman"[^>]*\/>/);
      expect(doc.styles).toMatch(/<w:sz w:val="28"\/>/);
    }
  });

  it('numbers pages from the second, centred at the top, and the annex on its own', async () => {
    const a = open();
    const { ward, office } = await exportOf(a, realistic(a));
    for (const doc of [ward, office]) {
      const sections = [...doc.xml.matchAll(/<w:sectPr[\s\S]*?<\/w:sectPr>/g)].map((m) => m[0]);
      expect(sections).toHaveLength(2); // the report, then the annex on a new page
      for (const s of sections) {
        expect(s).toMatch(/<w:pgSz w:w="11906" w:h="16838"/);
        expect(s).toContain('<w:titlePg/>'); // no number on a first page
      }
      expect(sections[0]).not.toMatch(/w:pgNumType w:start/);
      expect(sections[1]).toMatch(/<w:pgNumType w:start="1"/);
      const numbered = doc.headers.filter((h) => h.includes('PAGE'));
      expect(numbered.length).toBeGreaterThanOrEqual(1);
      for (const h of numbered) expect(h).toContain('<w:jc w:val="center"/>');
    }
  });

  it("has the heading of Phụ lục I: the body and the motto with real lines, 'Số' in 13 pt, the place with its administrative word", async () => {
    const a = open();
    const { ward } = await exportOf(a, realistic(a));
    const [body1, body2] = [find(ward, 'ỦY BAN NHÂN DÂN'), find(ward, 'PHƯỜNG LÊ CHÂN')];
    for (const p of [body1, body2]) expect(p.runs.every((r) => r.bold && r.size === 26)).toBe(true);
    // The line under the issuing body: 1/3 to 1/2 of its name; under the motto: as long as the motto.
    const under = ruleAfter(ward, body2, HEAD_LEFT);
    expect(under).toBeGreaterThanOrEqual(BODY_TWIPS / 3);
    expect(under).toBeLessThanOrEqual(BODY_TWIPS / 2);
    const motto = find(ward, 'Độc lập - Tự do - Hạnh phúc');
    expect(motto.runs[0]).toMatchObject({ bold: true, size: 28 });
    expect(Math.abs(ruleAfter(ward, motto, HEAD_RIGHT) - MOTTO_TWIPS)).toBeLessThanOrEqual(10);
    expect(find(ward, 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM').runs[0]).toMatchObject({ bold: true, size: 24 });
    expect(ward.text).not.toMatch(/[─━—]{3,}/); // no lines drawn with characters

    const number = find(ward, 'Số: ');
    expect(number.text).toBe('Số: …/BC-UBND');
    expect(number.runs.map((r) => r.size)).toEqual([26, 26, 26]);
    const place = find(ward, 'Phường Lê Chân, ngày ');
    expect(place.text).toBe('Phường Lê Chân, ngày … tháng … năm 2026');
    expect(place.runs.every((r) => r.italics)).toBe(true);
    expect(place.runs.filter((r) => r.highlight).map((r) => r.text)).toEqual(['…', '…', '2026']);
  });

  it('says what the report is for (section III.1.b) and states the period’s own data window', async () => {
    const a = open();
    const { ward, office } = await exportOf(a, realistic(a));
    const title = ward.paragraphs.slice(
      indexOf(ward, find(ward, 'BÁO CÁO')),
      indexOf(ward, find(ward, 'BÁO CÁO')) + 4,
    );
    expect(title.map((p) => p.text)).toEqual([
      'BÁO CÁO',
      'Kết quả thực hiện Kế hoạch số 168/KH-UBND ngày 14/11/2025 về thực hiện Chương trình phối hợp giữa Ban Xây dựng Đảng Đảng ủy và Đảng ủy Ủy ban nhân dân phường Lê Chân giai đoạn 2025 - 2030',
      '6 tháng đầu năm 2026',
      '(để lồng ghép vào báo cáo công tác dân vận 06 tháng năm 2026)',
    ]);
    for (const p of title) expect(p.runs.every((r) => r.bold) && p.centred).toBe(true);
    expect(Math.abs(ruleAfter(ward, title[3]!, TEXT_WIDTH) - TEXT_WIDTH / 3)).toBeLessThanOrEqual(2);
    expect(body(ward)).toContain(
      'Theo mục III.1.b của Kế hoạch, kết quả thực hiện được tổng hợp, lồng ghép vào báo cáo công tác dân vận 06 tháng năm 2026 gửi Sở Nội vụ để tổng hợp, báo cáo Ủy ban nhân dân thành phố.',
    );
    for (const doc of [ward, office]) {
      expect(body(doc)).toContain('(số liệu từ ngày 15/12/2025 đến ngày 14/06/2026)');
      expect(body(doc)).not.toContain('15/06/2026)'); // the day of the export is not the data window
    }
  });

  it("does not repeat the UBND's name in its own report, and names the plan's issuer in the office's", async () => {
    const a = open();
    const { ward, office } = await exportOf(a, realistic(a));
    expect(body(ward)).not.toContain('của Ủy ban nhân dân phường Lê Chân');
    expect(body(ward)).toContain(
      'Ủy ban nhân dân phường báo cáo kết quả thực hiện 6 tháng đầu năm 2026 như sau:',
    );
    expect(body(ward)).toContain(
      'Trên đây là báo cáo kết quả thực hiện Kế hoạch số 168/KH-UBND 6 tháng đầu năm 2026./.',
    );
    expect(ward.text.match(/của Ủy ban nhân dân phường Lê Chân/g)).toHaveLength(1); // the annex's "Kèm theo"
    expect(body(office)).toContain(
      'Kế hoạch số 168/KH-UBND ngày 14/11/2025 của Ủy ban nhân dân phường về thực hiện',
    );
    expect(body(office)).toContain(
      'Phòng Văn hóa – Xã hội tổng hợp, báo cáo Ủy ban nhân dân phường kết quả thực hiện 6 tháng đầu năm 2026 như sau:',
    );
  });

  it("heads each task with the plan's words, never the bot's short title", async () => {
    const a = open();
    const { ward, model } = await exportOf(a, realistic(a));
    const first = find(ward, '1. Nhiệm vụ 1: ');
    expect(first.runs.map((r) => [r.text, r.bold, r.italics])).toEqual([
      ['1. Nhiệm vụ 1: ', true, false],
      [model.plan.tasks[0]!.text, false, true],
    ]);
    expect(find(ward, '6. Nhiệm vụ 6: ').text).toContain(
      'đạt chuẩn “Chính quyền thân thiện” vì Nhân dân phục vụ.',
    );
    for (const t of model.plan.tasks) expect(ward.text, t.code).not.toContain(t.title);
    expect(ward.text).not.toMatch(/\(NV\d\)/);
    expect(body(ward)).toContain('Các nhiệm vụ còn đang thực hiện hoặc chưa thực hiện: Nhiệm vụ 1,');
    expect(body(ward)).toContain(
      'Mốc của Nhiệm vụ 6 (31/12/2027), theo Kế hoạch: phấn đấu đến hết năm 2027, chính quyền phường được công nhận đạt chuẩn “Chính quyền thân thiện” vì Nhân dân phục vụ.',
    );
  });

  it('has "Nơi nhận" from the plan file and the signer block from its setting, the name left to fill', async () => {
    const a = open();
    const { ward, office } = await exportOf(a, realistic(a));
    const heading = find(ward, 'Nơi nhận:');
    expect(heading.runs[0]).toMatchObject({ bold: true, italics: true, size: 24 });
    const at = indexOf(ward, heading);
    const list = ward.paragraphs.slice(at + 1, at + 6);
    expect(list.map((p) => p.text)).toEqual([
      '- Sở Nội vụ;',
      '- CT, các PCT UBND phường;',
      '- Ban TG&DV Đảng ủy;',
      '- Các phòng chức năng, các đv sự nghiệp trên địa bàn;',
      '- Lưu: VT, VHXH.',
    ]);
    for (const p of list) expect(p.runs.every((r) => r.size === 22)).toBe(true);
    const sign = ward.paragraphs.slice(at + 6, at + 11).filter((p) => p.text);
    expect(sign.map((p) => p.text)).toEqual([
      'TM. ỦY BAN NHÂN DÂN',
      'KT. CHỦ TỊCH',
      'PHÓ CHỦ TỊCH',
      '[Họ và tên]',
    ]);
    for (const p of sign) expect(p.runs.every((r) => r.bold) && p.centred).toBe(true);
    expect(sign[3]!.runs[0]!.highlight).toBe(true);

    const officeAt = indexOf(office, find(office, 'Nơi nhận:'));
    expect(office.paragraphs.slice(officeAt + 1, officeAt + 3).map((p) => p.text)).toEqual([
      '- UBND phường (để báo cáo);',
      '- Lưu: VHXH.',
    ]);
    expect(find(office, 'TRƯỞNG PHÒNG', officeAt).runs[0]!.bold).toBe(true);
  });

  it('takes a changed list of recipients and a signer’s name from the plan file', async () => {
    const dir = join(tempDir(), 'plans');
    mkdirSync(dir);
    for (const f of readdirSync(PLANS_DIR)) copyFileSync(join(PLANS_DIR, f), join(dir, f));
    const file = join(dir, '168-kh-ubnd.yaml');
    writeFileSync(
      file,
      readFileSync(file, 'utf8')
        .replace('        - Sở Nội vụ\n', '        - Sở Nội vụ\n        - Ủy ban MTTQ phường\n')
        .replace("      signer_name: ''\n", '      signer_name: Phạm Việt Anh\n'),
    );
    const a = open(dir);
    const { ward } = await exportOf(a, sixMonth2026(a));
    const at = indexOf(ward, find(ward, 'Nơi nhận:'));
    expect(ward.paragraphs[at + 2]!.text).toBe('- Ủy ban MTTQ phường;');
    const name = find(ward, 'Phạm Việt Anh', at);
    expect(name.runs[0]).toMatchObject({ bold: true, highlight: false });
  });

  it('heads the annex "Phụ lục" with its "Kèm theo" line in the decree’s form', async () => {
    const a = open();
    const { ward, office } = await exportOf(a, realistic(a));
    for (const [doc, symbol, issuer] of [
      [ward, 'BC-UBND', 'Ủy ban nhân dân phường Lê Chân'],
      [office, 'BC-VHXH', 'Phòng Văn hóa – Xã hội'],
    ] as const) {
      const annex = find(doc, /^Phụ lục$/);
      expect(annex.runs[0]).toMatchObject({ bold: true, size: 28, italics: false });
      expect(annex.centred).toBe(true);
      const at = indexOf(doc, annex);
      expect(doc.paragraphs[at + 1]!.text).toBe(
        'TÌNH HÌNH GỬI BÁO CÁO CỦA CÁC CƠ QUAN, ĐƠN VỊ 6 THÁNG ĐẦU NĂM 2026',
      );
      const attached = doc.paragraphs[at + 2]!;
      expect(attached.text).toBe(`(Kèm theo Báo cáo số …/${symbol} ngày … tháng … năm 2026 của ${issuer})`);
      expect(attached.runs.every((r) => r.italics)).toBe(true);
      expect(ruleAfter(doc, attached, TEXT_WIDTH)).toBeGreaterThan(0);
    }
  });

  it("is Phòng VHXH's own report in the internal variant: its heading, number and signer", async () => {
    const a = open();
    const { office } = await exportOf(a, realistic(a));
    const parent = find(office, 'UBND PHƯỜNG LÊ CHÂN');
    expect(parent.runs.every((r) => !r.bold && r.size === 26)).toBe(true);
    const issuer = office.paragraphs[indexOf(office, parent) + 1]!;
    expect(issuer.text).toBe('PHÒNG VĂN HÓA – XÃ HỘI');
    expect(issuer.runs.every((r) => r.bold && r.size === 26)).toBe(true);
    expect(office.paragraphs[indexOf(office, issuer) + 1]!.rule).toBe(true);
    expect(find(office, 'Số: ').text).toBe('Số: …/BC-VHXH');
    expect(find(office, 'Phường Lê Chân, ngày ').text).toBe('Phường Lê Chân, ngày … tháng … năm 2026');
    expect(body(office)).toContain(
      'Trên đây là báo cáo kết quả thực hiện Kế hoạch số 168/KH-UBND 6 tháng đầu năm 2026, Phòng Văn hóa – Xã hội kính báo cáo Ủy ban nhân dân phường./.',
    );
    expect(body(office)).toContain('Đề xuất của Phòng Văn hóa – Xã hội: […]');
    expect(office.text).not.toContain('TM. ỦY BAN NHÂN DÂN');
  });

  it('names an annual and an ad-hoc period in the title, the file names and the annex', async () => {
    const a = open();
    const plan = a.deps.planSet.plans[0]!;
    const annual = a.deps.periods.ofPlan(plan.id).find((p) => p.id.endsWith('N-2026'))!;
    const yearly = await exportOf(a, annual);
    expect(yearly.files[1]!.name).toBe('KH168-N2026-du-thao-bao-cao-2026-06-15.docx');
    expect(yearly.text).toContain('\nnăm 2026\n(để lồng ghép vào báo cáo công tác dân vận 01 năm năm 2026)');
    expect(yearly.text).toContain('(số liệu từ ngày 15/12/2025 đến ngày 14/12/2026)');
    expect(yearly.text).toContain('TÌNH HÌNH GỬI BÁO CÁO CỦA CÁC CƠ QUAN, ĐƠN VỊ NĂM 2026');
    // Task 7's yearly milestone, in the plan's words, with the annual report.
    expect(yearly.text).toContain('Mốc hằng năm của Nhiệm vụ 7, theo Kế hoạch: Hằng năm đánh giá, tổng hợp');

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
      'KH168-DX1-2026-du-thao-bao-cao-phong-vhxh-2026-06-15.docx',
    ]);
    // 20/06/2026 is a Saturday: the deadline is Monday 22/06/2026.
    expect(requested.text).toContain('\n(theo yêu cầu đột xuất số 1, hạn 22/06/2026)\n');
    expect(requested.text).not.toContain('dân vận 06 tháng');
    expect(requested.text).not.toContain('((');
    expect(requested.text).toContain(
      'hạn các cơ quan, đơn vị gửi báo cáo về Phòng Văn hóa – Xã hội là 22/06/2026 (hạn 20/06/2026 rơi vào thứ Bảy)',
    );
    expect(requested.model.tasks.map((t) => t.code)).toEqual(['NV3']);
    // Only the requested task, numbered as the report's first section.
    expect(requested.text).toContain('I. KẾT QUẢ THỰC HIỆN\n1. Nhiệm vụ 3: Thực hiện nghiêm quy tắc ứng xử');
    expect(requested.text).not.toContain('Nhiệm vụ 1:');
  });

  it('states a deadline that moved off a day off (10/06/2028, a Saturday)', async () => {
    const a = open();
    const plan = a.deps.planSet.plans[0]!;
    const p2028 = a.deps.periods.ofPlan(plan.id).find((p) => p.id.endsWith('6T-2028'))!;
    const { text } = await exportOf(a, p2028);
    expect(text).toContain('là 12/06/2028 (hạn 10/06/2028 rơi vào thứ Bảy)');
    expect(text).toContain('(số liệu từ ngày 15/12/2027 đến ngày 14/06/2028)');
  });

  it('has the sections in order, the units’ results, the difficulties with their answers and escalation', async () => {
    const a = open();
    const period = realistic(a);
    const escalated = a.deps.difficulties.raise({
      unitId: 'tram-y-te',
      chatId: 'telegram:z',
      periodId: period.id,
      reportId: null,
      inboundId: null,
      text: 'Chưa có hướng dẫn chấm điểm mô hình',
      at: AFTER_DEADLINE,
    });
    a.deps.difficulties.escalate(escalated.id, 'Sở Nội vụ', 'telegram:office', AFTER_DEADLINE);
    const { text, book } = await exportOf(a, period);
    const order = [
      'ỦY BAN NHÂN DÂN',
      'PHƯỜNG LÊ CHÂN',
      'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM',
      'Độc lập - Tự do - Hạnh phúc',
      'Số: …/BC-UBND',
      'Phường Lê Chân, ngày … tháng … năm 2026',
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
      'Phụ lục',
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
    expect(text).toContain('Đề nghị bổ sung kinh phí in tài liệu tuyên truyền');
    expect(text).toContain('Thiếu kinh phí in tài liệu. Đã trả lời: Phòng sẽ bố trí kinh phí trong quý III.');
    expect(text).toContain(
      '- Trạm Y tế phường: Chưa có hướng dẫn chấm điểm mô hình. Phòng Văn hóa – Xã hội đã báo cáo, đề xuất cấp có thẩm quyền ngày 15/06/2026 (Sở Nội vụ).',
    );
    const issues = book.getWorksheet('Vướng mắc')!;
    const row = issues.getRows(2, 5)!.find((r) => r.getCell(1).value === escalated.id)!;
    expect(row.getCell(5).value).toBe('Đã chuyển cấp có thẩm quyền');
    expect(row.getCell(8).value).toEqual(sheetDay('2026-06-15'));
    expect(row.getCell(9).value).toBe('Sở Nội vụ');
  });

  it('highlights every placeholder', async () => {
    const a = open();
    const { ward, office } = await exportOf(a, realistic(a));
    for (const doc of [ward, office]) {
      const runs = doc.paragraphs.flatMap((p) => p.runs);
      const placeholders = runs.filter((r) => /^\[|^…$/.test(r.text));
      expect(placeholders.length).toBeGreaterThanOrEqual(10);
      for (const r of placeholders) expect(r.highlight, r.text).toBe(true);
    }
  });
});

describe('the scorecard in the spreadsheet', () => {
  it("quotes the plan's criterion (I.2.c) and says the table only tracks reporting", async () => {
    const a = open();
    const { book, model } = await exportOf(a, realistic(a));
    const score = book.getWorksheet('Xếp hạng năm 2026')!;
    const notes = score
      .getRows(2, score.rowCount)!
      .map((r) => r.getCell(2).value)
      .filter((v): v is string => typeof v === 'string' && v.length > 60);
    expect(notes).toEqual([
      `Mục I.2.c của Kế hoạch số 168/KH-UBND: “${model.plan.criterion!.text}”`,
      'Bảng này chỉ tổng hợp việc gửi báo cáo và trạng thái do các đơn vị tự báo cáo qua bot để Phòng Văn hóa – Xã hội theo dõi; không phải kết quả đánh giá, xếp loại thi đua.',
    ]);
    expect(JSON.stringify(score.getSheetValues())).not.toContain('mục III');
  });
});
