import {
  AlignmentType,
  BorderStyle,
  convertMillimetersToTwip,
  Document,
  Header,
  LineRuleType,
  Packer,
  PageNumber,
  Paragraph,
  Table,
  TableCell,
  TableRow,
  TextRun,
  VerticalAlign,
  WidthType,
} from 'docx';
import type { IParagraphOptions, IRunOptions, ISectionOptions, ParagraphChild } from 'docx';
import type { CompiledPeriod } from '../core/compile';
import { formatDate, formatDay } from '../core/messages/dates';
import { escalatedPhrase } from '../core/messages/difficulties';
import { deadlineText, statusLabel } from '../core/messages/labels';
import { officialTaskName } from '../core/messages/tasks';
import type { ReportVariant } from '../core/plan/types';
import { localDateOf } from '../core/time';
import { CATEGORY_TEXT } from './xlsx';

/**
 * The compiled report as a draft in the format of Nghị định 30/2020/NĐ-CP, Phụ lục I: A4, Times New
 * Roman, margins 20/20/30/15 mm; the issuing body and the national motto with real lines under them,
 * "Số: …" and the place and date line; "BÁO CÁO" and its summary; the body; "Nơi nhận" and the signature
 * block from the plan file; the annex ("Phụ lục", with its "Kèm theo" line) numbered on its own. Page
 * numbers are centred in the top margin from the second page. What the bot cannot know is a highlighted
 * placeholder, never invented.
 *
 * Two variants: the ward UBND's report (its results are folded into the ward's report on mass
 * mobilization to Sở Nội vụ, section III.1.b of the plan), and Phòng VHXH's internal report to the UBND.
 */

/** Which report: the UBND's own, or Phòng VHXH's to the UBND. */
export type DraftVariant = 'ward' | 'office';

const FONT = 'Times New Roman';
const SIZE = 28; // half-points: 14 pt
const PAGE = { width: 11906, height: 16838 }; // A4 in twentieths of a point
const MARGIN = {
  top: convertMillimetersToTwip(20),
  bottom: convertMillimetersToTwip(20),
  left: convertMillimetersToTwip(30),
  right: convertMillimetersToTwip(15),
};
/** Width of the text between the margins, in twips; tables share it out by percentages. */
const TEXT_WIDTH = PAGE.width - MARGIN.left - MARGIN.right;
const columns = (...percents: number[]) => percents.map((p) => Math.round((TEXT_WIDTH * p) / 100));
const NONE = { style: BorderStyle.NONE, size: 0, color: 'FFFFFF' };
const NO_BORDERS = {
  top: NONE,
  bottom: NONE,
  left: NONE,
  right: NONE,
  insideHorizontal: NONE,
  insideVertical: NONE,
};
const NO_MARGINS = { top: 0, bottom: 0, left: 0, right: 0 };

/** The heading's two columns (issuing body | national motto), in twips. */
const HEAD = columns(40, 60) as [number, number];
/**
 * Width of "Độc lập - Tự do - Hạnh phúc" in Times New Roman bold 14 pt, in twips, measured in the PDF
 * LibreOffice makes with Liberation Serif 2 (metric-compatible with Times New Roman): the motto's line is
 * as long as the motto (Phụ lục I, II.1.b).
 */
const MOTTO_WIDTH = 3424;
/**
 * The line under the issuing body: 1/3 to 1/2 as long as its name (Phụ lục I), here 0.4 of it. A capital
 * of Times New Roman bold 13 pt is about 166 twips wide on average, spaces included (measured as above on
 * "ỦY BAN NHÂN DÂN" and "PHƯỜNG LÊ CHÂN").
 */
const bodyRule = (lines: string[]) => Math.round(0.4 * 166 * Math.max(...lines.map((l) => l.length)));
const SUMMARY_RULE = Math.round(TEXT_WIDTH / 3);

/** A span of text; a range of years ("2025 - 2030") and "Văn hóa – Xã hội" are never broken across lines. */
const run = (text: string, options: Omit<IRunOptions, 'text'> = {}) =>
  new TextRun({
    text: text.replace(/(\d) - (\d)/g, '$1\u00a0-\u00a0$2').replace(/(\S) – (\S)/g, '$1\u00a0–\u00a0$2'),
    ...options,
  });
/** A placeholder the clerk must fill in: highlighted so it cannot be missed. */
const blank = (text = '[…]', options: Omit<IRunOptions, 'text'> = {}) =>
  new TextRun({ text, highlight: 'yellow', ...options });

function para(
  children: ParagraphChild[] | string,
  options: Omit<IParagraphOptions, 'children'> = {},
): Paragraph {
  return new Paragraph({
    children: typeof children === 'string' ? [run(children)] : children,
    alignment: AlignmentType.JUSTIFIED,
    spacing: { before: 120, after: 0, line: 312 },
    indent: { firstLine: convertMillimetersToTwip(10) },
    ...options,
  });
}

const centered = (children: ParagraphChild[], after = 0) =>
  new Paragraph({ children, alignment: AlignmentType.CENTER, spacing: { before: 0, after } });

/**
 * A real horizontal line `width` twips long, centred in a space `within` twips wide: the bottom border of
 * an empty, very low paragraph indented from both sides.
 */
function rule(width: number, within: number, after = 0): Paragraph {
  const side = Math.max(0, Math.round((within - width) / 2));
  return new Paragraph({
    children: [],
    indent: { left: side, right: side },
    border: { bottom: { style: BorderStyle.SINGLE, size: 6, color: '000000', space: 1 } },
    spacing: { before: 0, after, line: 60, lineRule: LineRuleType.EXACT },
    run: { size: 2 },
  });
}

const heading = (text: string) =>
  para([run(text, { bold: true })], {
    indent: { firstLine: convertMillimetersToTwip(10) },
    spacing: { before: 120, after: 0, line: 312 },
  });

/** A unit's words as a sentence of the report: trimmed, ending with a full stop. */
function sentence(text: string): string {
  const t = text.trim();
  return /[.!?…]$/.test(t) ? t : `${t}.`;
}

function cell(children: Paragraph[], width: number, unit: 'pct' | 'dxa' = 'pct'): TableCell {
  return new TableCell({
    children,
    width: { size: width, type: unit === 'pct' ? WidthType.PERCENTAGE : WidthType.DXA },
    verticalAlign: VerticalAlign.TOP,
  });
}

/** Who issues the draft, as the heading, the body and the annex name it. */
interface Issuer {
  variant: DraftVariant;
  settings: ReportVariant;
  /** "Ủy ban nhân dân phường Lê Chân", "Phòng Văn hóa – Xã hội". */
  name: string;
  /** Heading lines, in capitals: the parent body (not bold) and the issuing body (bold). */
  parentLines: string[];
  bodyLines: string[];
}

function issuerOf(model: CompiledPeriod, variant: DraftVariant): Issuer {
  const settings = model.plan.compiledReport[variant];
  const upper = (s: string) => s.toLocaleUpperCase('vi');
  // "ỦY BAN NHÂN DÂN PHƯỜNG LÊ CHÂN" is set on two lines, the body's name and the ward's.
  const twoLines = (s: string) => upper(s).split(/\s+(?=PHƯỜNG|XÃ|THỊ TRẤN)/);
  const name = settings.issuer ?? model.ward.authority;
  return {
    variant,
    settings,
    name,
    parentLines: settings.parent ? [upper(settings.parent)] : [],
    bodyLines: settings.issuer ? [upper(settings.issuer)] : twoLines(model.ward.authority),
  };
}

/**
 * Nghị định 30, Phụ lục I: the issuing body (13 pt bold, a short line under it) left, the national motto
 * (12 pt and 14 pt bold, a line as long as the motto) right; "Số: …" (13 pt) under the body and the place
 * and date line (14 pt italic) under the motto, on one row.
 */
function documentHeading(model: CompiledPeriod, issuer: Issuer): Table {
  const year = localDateOf(model.generatedAt, model.ward.timeZone).slice(0, 4);
  const size13 = { size: 26 };
  const [left, right] = HEAD;
  return new Table({
    width: { size: TEXT_WIDTH, type: WidthType.DXA },
    columnWidths: [left, right],
    borders: NO_BORDERS,
    margins: NO_MARGINS,
    rows: [
      new TableRow({
        children: [
          cell(
            [
              ...issuer.parentLines.map((line) => centered([run(line, size13)])),
              ...issuer.bodyLines.map((line) => centered([run(line, { bold: true, ...size13 })])),
              rule(bodyRule(issuer.bodyLines), left),
            ],
            left,
            'dxa',
          ),
          cell(
            [
              centered([run('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', { bold: true, size: 24 })]),
              centered([run('Độc lập - Tự do - Hạnh phúc', { bold: true, size: 28 })]),
              rule(MOTTO_WIDTH, right),
            ],
            right,
            'dxa',
          ),
        ],
      }),
      new TableRow({
        children: [
          cell(
            [
              new Paragraph({
                alignment: AlignmentType.CENTER,
                spacing: { before: 120 },
                children: [
                  run('Số: ', size13),
                  blank('…', size13),
                  run(`/${issuer.settings.symbol}`, size13),
                ],
              }),
            ],
            left,
            'dxa',
          ),
          cell(
            [
              new Paragraph({
                alignment: AlignmentType.CENTER,
                spacing: { before: 120 },
                children: [
                  run(`${model.ward.place}, ngày `, { italics: true }),
                  blank('…', { italics: true }),
                  run(' tháng ', { italics: true }),
                  blank('…', { italics: true }),
                  run(' năm ', { italics: true }),
                  blank(year, { italics: true }),
                ],
              }),
            ],
            right,
            'dxa',
          ),
        ],
      }),
    ],
  });
}

/** "Kế hoạch thực hiện Chương trình …" → "về thực hiện Chương trình …", to follow "Kế hoạch số … ngày …". */
function aboutPlan(title: string): string {
  const rest = title.replace(/^kế hoạch\s+/i, '');
  return `về ${rest.charAt(0).toLocaleLowerCase('vi')}${rest.slice(1)}`;
}

function periodPhrase(model: CompiledPeriod): string {
  const p = model.period;
  if (p.kind === 'six_month') return `6 tháng đầu năm ${p.year}`;
  if (p.kind === 'annual') return `năm ${p.year}`;
  // No parentheses: the phrase itself goes in parentheses in the summary line.
  return `theo yêu cầu đột xuất số ${p.number}, hạn ${formatDate(p.deadlineOn)}`;
}

/**
 * Section III.1.b of the plan: the results are folded into the ward's 6-month or annual report on mass
 * mobilization, sent to Sở Nội vụ. An ad-hoc request has no such report.
 */
function massMobilizationReport(model: CompiledPeriod): string | null {
  const p = model.period;
  if (p.kind === 'adhoc') return null;
  return `báo cáo công tác dân vận ${p.kind === 'six_month' ? '06 tháng' : '01 năm'} năm ${p.year}`;
}

/** "(số liệu từ ngày 15/12/2025 đến ngày 14/06/2026)": the period's own window, not the day of export. */
function dataWindow(model: CompiledPeriod): string {
  const p = model.period;
  return p.kind === 'adhoc'
    ? `số liệu đến ngày ${formatDate(p.cutoffOn)}`
    : `số liệu từ ngày ${formatDate(p.startsOn)} đến ngày ${formatDate(p.cutoffOn)}`;
}

/** The plan, named as the issuer refers to it: the UBND's own plan without "của" itself. */
function planReference(model: CompiledPeriod, issuer: Issuer): string {
  const own = issuer.variant === 'ward';
  const of = own ? '' : ` của ${model.plan.issuer.replace(/\s+phường\s+.*$/i, ' phường')}`;
  return `Kế hoạch số ${model.plan.number} ngày ${formatDate(model.plan.issuedOn)}${of}`;
}

/** "BÁO CÁO" and its summary (trích yếu), bold and centred, with a short line under it. */
function title(model: CompiledPeriod, issuer: Issuer): Paragraph[] {
  const folded = massMobilizationReport(model);
  const bold = (text: string) => centered([run(text, { bold: true })]);
  return [
    bold('BÁO CÁO'),
    bold(`Kết quả thực hiện ${planReference(model, issuer)} ${aboutPlan(model.plan.title)}`),
    bold(folded ? periodPhrase(model) : `(${periodPhrase(model)})`),
    ...(folded ? [bold(`(để lồng ghép vào ${folded})`)] : []),
    rule(SUMMARY_RULE, TEXT_WIDTH, 240),
  ];
}

function introduction(model: CompiledPeriod, issuer: Issuer): Paragraph {
  const folded = massMobilizationReport(model);
  const plan = `${planReference(model, issuer)} ${aboutPlan(model.plan.title)}`;
  const purpose = folded
    ? ` Theo mục III.1.b của Kế hoạch, kết quả thực hiện được tổng hợp, lồng ghép vào ${folded} gửi Sở Nội vụ để tổng hợp, báo cáo Ủy ban nhân dân thành phố.`
    : '';
  const text =
    issuer.variant === 'ward'
      ? `Thực hiện ${plan}.${purpose} Trên cơ sở báo cáo của các cơ quan, đơn vị (${dataWindow(model)}), Ủy ban nhân dân phường báo cáo kết quả thực hiện ${periodPhrase(model)} như sau:`
      : `Thực hiện ${plan}.${purpose} Trên cơ sở báo cáo của các cơ quan, đơn vị (${dataWindow(model)}), ${issuer.name} tổng hợp, báo cáo Ủy ban nhân dân phường kết quả thực hiện ${periodPhrase(model)} như sau:`;
  return para(text);
}

function results(model: CompiledPeriod): Paragraph[] {
  const out: Paragraph[] = [heading('I. KẾT QUẢ THỰC HIỆN')];
  model.byTask.forEach((t, i) => {
    // The plan's own words, never our short title, as the heading of a task.
    out.push(
      para([
        run(`${i + 1}. ${officialTaskName(t.task)}: `, { bold: true }),
        run(t.task.text, { italics: true }),
      ]),
    );
    if (t.results.length === 0) {
      out.push(para([blank('[Chưa có đơn vị báo cáo kết quả thực hiện nhiệm vụ này]')]));
      return;
    }
    for (const r of t.results) {
      out.push(
        para([
          run(`- ${r.unit.name}${r.leads ? ' (chủ trì)' : ''}: `, { bold: true }),
          run(`${sentence(r.result.trim() || 'không nêu kết quả cụ thể')} `),
          run(`(${statusLabel(r.status)})`, { italics: true }),
        ]),
      );
    }
  });
  return out;
}

function assessment(model: CompiledPeriod): Paragraph[] {
  const c = model.counts;
  const expected = model.units.length;
  const reported = c.on_time + c.late;
  const done = model.byTask.reduce((n, t) => n + t.tally.done, 0);
  const asked = model.byTask.reduce(
    (n, t) =>
      n + t.tally.done + t.tally.in_progress + t.tally.not_started + t.tally.unknown + t.tally.missing,
    0,
  );
  const missing = model.units
    .filter((u) => u.category === 'overdue' || u.category === 'not_due')
    .map((u) => u.unit.name);
  return [
    heading('II. ĐÁNH GIÁ CHUNG'),
    para([
      run('Tình hình báo cáo: ', { italics: true }),
      run(
        `hạn các cơ quan, đơn vị gửi báo cáo về ${model.office.name} là ${deadlineText(model.period)}; ` +
          `${reported}/${expected} đơn vị đã gửi báo cáo (${c.on_time} đúng hạn, ${c.late} muộn)` +
          (missing.length > 0 ? `; chưa gửi: ${missing.join(', ')}` : '') +
          `. Các đơn vị báo cáo hoàn thành ${done}/${asked} lượt nhiệm vụ được giao trong kỳ.`,
      ),
    ]),
    para([run('1. Ưu điểm: ', { bold: true }), blank()]),
    para([run('2. Hạn chế: ', { bold: true }), blank()]),
    para([run('3. Nguyên nhân: ', { bold: true }), blank()]),
  ];
}

function nextPeriod(model: CompiledPeriod): Paragraph[] {
  const out = [heading('III. PHƯƠNG HƯỚNG, NHIỆM VỤ KỲ TỚI'), para([blank()])];
  const unfinished = model.byTask.filter(
    (t) => t.tally.in_progress + t.tally.not_started + t.tally.missing > 0,
  );
  if (unfinished.length > 0)
    out.push(
      para([
        run('Các nhiệm vụ còn đang thực hiện hoặc chưa thực hiện: ', { italics: true }),
        run(`${unfinished.map((t) => officialTaskName(t.task)).join(', ')}.`),
      ]),
    );
  for (const { task, milestone } of model.milestones)
    out.push(
      para([
        run(
          milestone.kind === 'dated'
            ? `Mốc của ${officialTaskName(task)} (${formatDate(milestone.date)}), theo Kế hoạch: `
            : `Mốc hằng năm của ${officialTaskName(task)}, theo Kế hoạch: `,
          { italics: true },
        ),
        run(sentence(milestone.text)),
      ]),
    );
  return out;
}

function proposals(model: CompiledPeriod, issuer: Issuer): Paragraph[] {
  const tz = model.ward.timeZone;
  const out = [heading('IV. ĐỀ XUẤT, KIẾN NGHỊ')];
  const lines = [
    ...model.proposals.map((p) => ({ unit: p.unit.name, text: p.text, after: [] as string[] })),
    ...model.difficulties.map((d) => ({
      unit: d.unit?.name ?? d.unitId,
      text: d.text,
      after: [
        ...(d.escalatedAt
          ? [`${model.office.name} ${escalatedPhrase(d.escalatedAt, d.escalatedTo, tz)}.`]
          : []),
        ...(d.answer ? [`Đã trả lời: ${sentence(d.answer)}`] : []),
      ],
    })),
  ];
  if (lines.length === 0) out.push(para([blank('[Không có đề xuất, kiến nghị của các đơn vị trong kỳ]')]));
  for (const l of lines) {
    out.push(
      para([
        run(`- ${l.unit}: `, { bold: true }),
        run(sentence(l.text)),
        ...l.after.map((a) => run(` ${a}`, { italics: true })),
      ]),
    );
  }
  out.push(
    para([
      run(issuer.variant === 'ward' ? 'Kiến nghị, đề xuất với cấp trên: ' : `Đề xuất của ${issuer.name}: `, {
        italics: true,
      }),
      blank(),
    ]),
  );
  return out;
}

/** "Nơi nhận" (12 pt bold italic, the list 11 pt) and the signature block, from the plan file. */
function closing(model: CompiledPeriod, issuer: Issuer): (Paragraph | Table)[] {
  const ending =
    issuer.variant === 'ward'
      ? `Trên đây là báo cáo kết quả thực hiện Kế hoạch số ${model.plan.number} ${periodPhrase(model)}./.`
      : `Trên đây là báo cáo kết quả thực hiện Kế hoạch số ${model.plan.number} ${periodPhrase(model)}, ${issuer.name} kính báo cáo Ủy ban nhân dân phường./.`;
  const small = (text: string) =>
    new Paragraph({ children: [run(text, { size: 22 })], spacing: { before: 0, after: 0 } });
  const recipients = issuer.settings.recipients;
  const signer = issuer.settings;
  const signature = new Table({
    width: { size: TEXT_WIDTH, type: WidthType.DXA },
    columnWidths: columns(45, 55),
    borders: NO_BORDERS,
    margins: NO_MARGINS,
    rows: [
      new TableRow({
        children: [
          cell(
            [
              new Paragraph({
                children: [run('Nơi nhận:', { bold: true, italics: true, size: 24 })],
                spacing: { before: 120, after: 0 },
              }),
              ...recipients.map((r, i) => small(`- ${r}${i === recipients.length - 1 ? '.' : ';'}`)),
            ],
            45,
          ),
          cell(
            [
              ...signer.signer.map(
                (line, i) =>
                  new Paragraph({
                    alignment: AlignmentType.CENTER,
                    spacing: { before: i === 0 ? 120 : 0, after: 0 },
                    children: [run(line.toLocaleUpperCase('vi'), { bold: true })],
                  }),
              ),
              new Paragraph({ children: [], spacing: { before: 0, after: 1600 } }),
              centered([
                signer.signerName
                  ? run(signer.signerName, { bold: true })
                  : blank('[Họ và tên]', { bold: true }),
              ]),
            ],
            55,
          ),
        ],
      }),
    ],
  });
  return [para(ending), signature];
}

/**
 * The annex: "Phụ lục" (14 pt bold), its title, and "(Kèm theo Báo cáo số …/BC-UBND ngày … tháng … năm …
 * của …)" in the decree's form, then the table of the units' reporting.
 */
function annex(model: CompiledPeriod, issuer: Issuer): (Paragraph | Table)[] {
  const tz = model.ward.timeZone;
  const year = localDateOf(model.generatedAt, tz).slice(0, 4);
  const headerCells = ['STT', 'Cơ quan, đơn vị', 'Ngày gửi lần đầu', 'Tình trạng', 'Số lần gửi'];
  const widths = [8, 44, 18, 18, 12];
  const row = (texts: string[], bold = false) =>
    new TableRow({
      tableHeader: bold,
      children: texts.map((t, i) =>
        cell(
          [
            new Paragraph({
              children: [run(t, { bold, size: 24 })],
              alignment: i === 1 && !bold ? AlignmentType.LEFT : AlignmentType.CENTER,
            }),
          ],
          widths[i] ?? 10,
        ),
      ),
    });
  const italic = { italics: true };
  return [
    centered([run('Phụ lục', { bold: true, size: 28 })]),
    centered([
      run(`TÌNH HÌNH GỬI BÁO CÁO CỦA CÁC CƠ QUAN, ĐƠN VỊ ${periodPhrase(model).toLocaleUpperCase('vi')}`, {
        bold: true,
      }),
    ]),
    centered([
      run('(Kèm theo Báo cáo số ', italic),
      blank('…', italic),
      run(`/${issuer.settings.symbol} ngày `, italic),
      blank('…', italic),
      run(' tháng ', italic),
      blank('…', italic),
      run(' năm ', italic),
      blank(year, italic),
      run(` của ${issuer.name})`, italic),
    ]),
    rule(SUMMARY_RULE, TEXT_WIDTH, 240),
    new Table({
      width: { size: 100, type: WidthType.PERCENTAGE },
      columnWidths: columns(...widths),
      rows: [
        row(headerCells, true),
        ...model.units.map((u, i) =>
          row([
            String(i + 1),
            u.unit.name,
            u.firstSubmittedAt ? formatDay(u.firstSubmittedAt, tz) : '',
            CATEGORY_TEXT[u.category],
            String(u.revisions ?? 0),
          ]),
        ),
      ],
    }),
  ];
}

/** Page numbers: centred in the top margin, 14 pt, none on the first page (Nghị định 30, Phụ lục I). */
function numbered(children: (Paragraph | Table)[], restart: boolean): ISectionOptions {
  return {
    properties: {
      titlePage: true,
      page: { size: PAGE, margin: MARGIN, ...(restart ? { pageNumbers: { start: 1 } } : {}) },
    },
    headers: {
      default: new Header({
        children: [
          new Paragraph({
            alignment: AlignmentType.CENTER,
            children: [new TextRun({ children: [PageNumber.CURRENT] })],
          }),
        ],
      }),
      first: new Header({ children: [new Paragraph({ children: [] })] }),
    },
    children,
  };
}

export async function periodDraft(model: CompiledPeriod, variant: DraftVariant = 'ward'): Promise<Buffer> {
  const issuer = issuerOf(model, variant);
  const doc = new Document({
    creator: issuer.name,
    title: `Báo cáo kết quả thực hiện Kế hoạch số ${model.plan.number} ${periodPhrase(model)}`,
    styles: { default: { document: { run: { font: FONT, size: SIZE } } } },
    sections: [
      numbered(
        [
          documentHeading(model, issuer),
          new Paragraph({ children: [], spacing: { after: 240 } }),
          ...title(model, issuer),
          introduction(model, issuer),
          ...results(model),
          ...assessment(model),
          ...nextPeriod(model),
          ...proposals(model, issuer),
          ...closing(model, issuer),
        ],
        false,
      ),
      // The annex starts on a new page (a new section does) and its pages are numbered on their own.
      numbered(annex(model, issuer), true),
    ],
  });
  return Packer.toBuffer(doc);
}
