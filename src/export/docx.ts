import {
  AlignmentType,
  BorderStyle,
  convertMillimetersToTwip,
  Document,
  Header,
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
import { statusLabel } from '../core/messages/labels';
import { localDateOf } from '../core/time';
import { CATEGORY_TEXT } from './xlsx';

/**
 * A draft of the compiled report in the format of Nghị định 30/2020/NĐ-CP (Phụ lục I): A4, Times New
 * Roman 14, margins 20/20/30/15 mm, the two-column heading, number and date lines left for the clerk,
 * the body in the usual order, an annex of the units' reporting, "Nơi nhận" and the signature block;
 * page numbers centred in the top margin from the second page, the annex numbered on its own.
 * What the bot cannot know is a highlighted placeholder "[…]", never invented.
 */

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

const run = (text: string, options: Omit<IRunOptions, 'text'> = {}) => new TextRun({ text, ...options });
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
    spacing: { before: 60, after: 60, line: 300 },
    indent: { firstLine: convertMillimetersToTwip(10) },
    ...options,
  });
}

const centered = (children: ParagraphChild[], after = 0) =>
  new Paragraph({ children, alignment: AlignmentType.CENTER, spacing: { before: 0, after } });

const heading = (text: string) =>
  para([run(text, { bold: true })], {
    indent: { firstLine: convertMillimetersToTwip(10) },
    spacing: { before: 120, after: 60 },
  });

/** A unit's words as a sentence of the report: trimmed, ending with a full stop. */
function sentence(text: string): string {
  const t = text.trim();
  return /[.!?…]$/.test(t) ? t : `${t}.`;
}

function cell(children: Paragraph[], widthPct: number): TableCell {
  return new TableCell({
    children,
    width: { size: widthPct, type: WidthType.PERCENTAGE },
    verticalAlign: VerticalAlign.TOP,
  });
}

/** Nghị định 30: issuing body left, national motto right, number under the body, date line under the motto. */
function documentHeading(model: CompiledPeriod): Table {
  const authority = model.ward.authority.toLocaleUpperCase('vi');
  const [body, ...rest] = authority.split(/\s+(?=PHƯỜNG|XÃ|THỊ TRẤN)/);
  const year = localDateOf(model.generatedAt, model.ward.timeZone).slice(0, 4);
  return new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    columnWidths: columns(38, 62),
    borders: NO_BORDERS,
    rows: [
      new TableRow({
        children: [
          cell(
            [
              centered([run(body ?? authority, { bold: true, size: 26 })]),
              ...rest.map((line) => centered([run(line, { bold: true, size: 26 })])),
              centered([run('─────────', { size: 20 })], 120),
              centered([run('Số: '), blank('…'), run('/BC-UBND')]),
            ],
            38,
          ),
          cell(
            [
              centered([run('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', { bold: true, size: 24 })]),
              centered([run('Độc lập - Tự do - Hạnh phúc', { bold: true, size: 28 })]),
              centered([run('───────────────', { size: 20 })], 120),
              centered([
                run(`${model.ward.place}, ngày `, { italics: true }),
                blank('…', { italics: true }),
                run(' tháng ', { italics: true }),
                blank('…', { italics: true }),
                run(` năm ${year}`, { italics: true }),
              ]),
            ],
            62,
          ),
        ],
      }),
    ],
  });
}

/** "Kế hoạch thực hiện Chương trình …" → "về thực hiện Chương trình …", to follow "Kế hoạch số … của …". */
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

function results(model: CompiledPeriod): Paragraph[] {
  const out: Paragraph[] = [heading('I. KẾT QUẢ THỰC HIỆN')];
  model.byTask.forEach((t, i) => {
    out.push(para([run(`${i + 1}. ${t.task.title} (${t.task.code})`, { bold: true, italics: true })]));
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
        run(`${unfinished.map((t) => `${t.task.code} (${t.task.title})`).join('; ')}.`),
      ]),
    );
  for (const { task, milestone } of model.milestones)
    out.push(
      para([
        run(`Mốc cần lưu ý (${task.code}): `, { italics: true }),
        run(
          milestone.kind === 'dated'
            ? `${milestone.text} (${formatDate(milestone.date)}).`
            : `${milestone.text} (hằng năm).`,
        ),
      ]),
    );
  return out;
}

function proposals(model: CompiledPeriod): Paragraph[] {
  const out = [heading('IV. ĐỀ XUẤT, KIẾN NGHỊ')];
  const lines = [
    ...model.proposals.map((p) => ({ unit: p.unit.name, text: p.text, answer: null as string | null })),
    ...model.difficulties.map((d) => ({ unit: d.unit?.name ?? d.unitId, text: d.text, answer: d.answer })),
  ];
  if (lines.length === 0) out.push(para([blank('[Không có đề xuất, kiến nghị của các đơn vị trong kỳ]')]));
  for (const l of lines) {
    out.push(
      para([
        run(`- ${l.unit}: `, { bold: true }),
        run(sentence(l.text)),
        ...(l.answer
          ? [run(` Phòng Văn hóa – Xã hội đã trả lời: ${sentence(l.answer)}`, { italics: true })]
          : []),
      ]),
    );
  }
  out.push(para([run('Đề xuất của Ủy ban nhân dân phường: ', { italics: true }), blank()]));
  return out;
}

function closing(model: CompiledPeriod): (Paragraph | Table)[] {
  const closingLine = para(
    `Trên đây là báo cáo kết quả thực hiện Kế hoạch số ${model.plan.number} ${periodPhrase(model)} của ${model.ward.authority}./.`,
  );
  const small = (text: string, options: Omit<IRunOptions, 'text'> = {}) =>
    run(text, { size: 22, ...options });
  const signature = new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    columnWidths: columns(45, 55),
    borders: NO_BORDERS,
    rows: [
      new TableRow({
        children: [
          cell(
            [
              new Paragraph({ children: [small('Nơi nhận:', { bold: true, italics: true, size: 24 })] }),
              new Paragraph({ children: [small('- '), blank('[…]', { size: 22 }), small(';')] }),
              new Paragraph({ children: [small('- Lưu: VT, VHXH.')] }),
            ],
            45,
          ),
          cell(
            [
              centered([run('TM. ỦY BAN NHÂN DÂN', { bold: true })]),
              centered([blank('[CHỨC VỤ NGƯỜI KÝ]', { bold: true })], 1400),
              centered([blank('[Họ và tên]', { bold: true })]),
            ],
            55,
          ),
        ],
      }),
    ],
  });
  return [closingLine, new Paragraph({ children: [] }), signature];
}

function annex(model: CompiledPeriod): (Paragraph | Table)[] {
  const tz = model.ward.timeZone;
  const headerCells = ['STT', 'Đơn vị', 'Ngày gửi lần đầu', 'Tình trạng', 'Số lần gửi'];
  const widths = [8, 44, 18, 18, 12];
  const row = (texts: string[], bold = false) =>
    new TableRow({
      tableHeader: bold,
      children: texts.map((t, i) =>
        cell(
          [
            new Paragraph({
              children: [run(t, { bold, size: 24 })],
              alignment: i === 1 ? AlignmentType.LEFT : AlignmentType.CENTER,
            }),
          ],
          widths[i] ?? 10,
        ),
      ),
    });
  return [
    centered([run('PHỤ LỤC', { bold: true })]),
    centered([
      run(`TÌNH HÌNH GỬI BÁO CÁO CỦA CÁC ĐƠN VỊ ${periodPhrase(model).toLocaleUpperCase('vi')}`, {
        bold: true,
      }),
    ]),
    centered(
      [
        run(`(Kèm theo Báo cáo số `, { italics: true }),
        blank('…', { italics: true }),
        run('/BC-UBND)', { italics: true }),
      ],
      200,
    ),
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

export async function periodDraft(model: CompiledPeriod): Promise<Buffer> {
  const doc = new Document({
    creator: model.ward.authority,
    title: `Báo cáo kết quả thực hiện Kế hoạch số ${model.plan.number} ${periodPhrase(model)}`,
    styles: { default: { document: { run: { font: FONT, size: SIZE } } } },
    sections: [
      numbered(
        [
          documentHeading(model),
          new Paragraph({ children: [], spacing: { after: 240 } }),
          centered([run('BÁO CÁO', { bold: true })]),
          centered([
            run(
              `Kết quả thực hiện Kế hoạch số ${model.plan.number} ngày ${formatDate(model.plan.issuedOn)} của ${model.plan.issuer}`,
              { bold: true },
            ),
          ]),
          centered([run(`${aboutPlan(model.plan.title)} (${periodPhrase(model)})`, { bold: true })]),
          centered([run('──────────', { size: 20 })], 240),
          para(
            `Thực hiện Kế hoạch số ${model.plan.number} ngày ${formatDate(model.plan.issuedOn)} của ${model.plan.issuer}, trên cơ sở báo cáo của các cơ quan, đơn vị (số liệu đến ngày ${formatDay(model.generatedAt, model.ward.timeZone)}), ${model.ward.authority} báo cáo kết quả thực hiện ${periodPhrase(model)} như sau:`,
          ),
          ...results(model),
          ...assessment(model),
          ...nextPeriod(model),
          ...proposals(model),
          ...closing(model),
        ],
        false,
      ),
      // The annex starts on a new page (a new section does) and its pages are numbered on their own.
      numbered(annex(model), true),
    ],
  });
  return Packer.toBuffer(doc);
}
