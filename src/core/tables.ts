import { foldAligned } from './report/parse';
import { statusFromWords } from './report/statusWords';
import { fold } from './text/fold';

/**
 * Tables of a report document (a Word table, a spreadsheet) as lines of text the report reader takes
 * like a reply: one line per row, its cells joined by `CELL_SEPARATOR`. A ward unit's report on the plan
 * is very often the annex form, "STT | Nội dung nhiệm vụ | Kết quả thực hiện | Tiến độ | Ghi chú", one
 * row per task. But most tables of an administrative letter are layout: the letter head (issuing body on
 * the left, national motto on the right), the signature block. Those are written as a letter's lines,
 * a paragraph a line: joined, "Số: 45/BC-…" and "…VIỆT NAM" would read as a report header naming a year.
 * Pure: the readers of .docx and .xlsx give the cells; here is only how a table is written.
 */

/**
 * Between the cells of a row. The report reader treats a dash as a separator: it may start a task line
 * after a row number, separate a task's number from its text, stand before a status that stands on its
 * own ("… – Hoàn thành"), and is trimmed from the ends of a result. A "|" is none of these to it.
 */
export const CELL_SEPARATOR = ' – ';

/** One cell: its paragraphs (or a spreadsheet cell's lines), where it starts and how wide it is. */
export interface TableCell {
  paragraphs: readonly string[];
  /** Grid column where the cell starts, 0-based (merged cells above are counted). */
  col: number;
  /** Grid columns the cell spans (1 unless merged across). */
  span?: number;
}

/**
 * A row's cells. Whether it is a header is read from its words: Word's "repeat as header row" mark is not
 * trusted (mammoth reads `<w:tblHeader w:val="false"/>`, which some editors write, as set).
 */
export interface TableRow {
  cells: TableCell[];
}

/** How the text of each column is written into its rows, learnt from the table's header. */
type Column =
  /** A progress or assessment column ("Tiến độ", "Đánh giá"): its cells get that label before them. */
  | { kind: 'status'; label: string }
  /** A column headed by a status ("Hoàn thành"), ticked with an "x" in the row that has it. */
  | { kind: 'tick'; status: string };

/** Words a column header is made of. */
const HEADER_WORDS =
  /(?:^|[^a-z])(?:stt|tt|so tt|so thu tu|noi dung|nhiem vu|nv|ma so|cong viec|ket qua|tien do|danh gia|ghi chu|don vi|chu tri|phoi hop|thoi gian|thoi han|lo trinh|tinh trang|trang thai|muc do|san pham|giai phap|ton tai|han che|kho khan|vuong mac|de xuat|kien nghi|so lieu|so luong|chi tieu|ty le|ly do|nguyen nhan|phu trach|can bo|hinh thuc|dia diem|ho va ten|ho ten|chuc vu|ky ten|ky nhan|dia chi)(?![a-z])/;
/** The words that label a status in the report reader ("Tiến độ: hoàn thành"). */
const STATUS_LABEL = /(?:tien do|danh gia|tinh trang|trang thai|muc do)(?![a-z])/g;
const LABELLED = new RegExp(`^${STATUS_LABEL.source}`);
/** A task reference: a row that has one is never a header. */
const TASK_REF = /(?:^|[^a-z])(?:nv|nhiem\s*vu)\s*(?:so\s*)?[.#:-]?\s*\d/;
/** A row number as a table's first column has it: "1", "2.", "IV", "a)". */
const ROW_NUMBER = /^(?:(\d{1,3})|([IVX]{1,5})|([a-hđ]))[.)]?$/;
/** A column-number row under the header: "(1) | (2) | (3)", "1 | 2 | 3", "A | B | C". */
const COLUMN_NUMBER = /^\(?(?:\d{1,2}|[A-Z])\)?$/;
/** A tick in a status column: "x", "✓", a checked box. */
const TICK = /^[xXvV✓✔☒☑■●]$/;

/**
 * The text of one cell from its paragraphs: list bullets dropped, joined with "; " (or a space after a
 * paragraph that already ends with punctuation), white space collapsed.
 */
export function cellText(paragraphs: readonly string[]): string {
  let out = '';
  for (const p of paragraphs) {
    const text = p
      .replace(/\s+/g, ' ')
      .trim()
      .replace(/^[-+•*·▪●–—]\s+/, '');
    if (!text) continue;
    out = out ? `${out}${/[.;:,!?]$/.test(out) ? ' ' : '; '}${text}` : text;
  }
  return out;
}

/** A cell as written in a row: its paragraphs joined (`cellText`). */
interface Cell {
  text: string;
  paragraphs: readonly string[];
  col: number;
  span?: number;
}

/**
 * The lines of a table. The table proper starts at its header ("STT | Nội dung nhiệm vụ | Kết quả |
 * Tiến độ") or at its first row that names a task; rows before it, and a table that has neither (a
 * letter head, a signature block), are written a paragraph a line. From there, one line per row: the row
 * number first as a list marker ("3."), then the other cells joined by `CELL_SEPARATOR`, empty cells left
 * out. Header rows are not written: they say how to write the rows below (a progress column's label, the
 * status a tick stands for). A row is never given a task it does not name: a row numbered "1" is row 1,
 * not task 1.
 */
export function tableLines(rows: readonly TableRow[]): string[] {
  const table = rows
    .map((row) => row.cells.map((c) => ({ ...c, text: cellText(c.paragraphs) })).filter((c) => c.text !== ''))
    .filter((cells) => cells.length > 0);
  const start = table.findIndex((cells) => namesTask(cells) || isHeaderRow(cells, false));
  const lines: string[] = [];
  for (const cells of start < 0 ? table : table.slice(0, start))
    for (const c of cells) lines.push(...c.paragraphs.map((p) => p.trim()).filter(Boolean));
  if (start < 0) return lines;

  const columns = new Map<number, Column>();
  let data = false;
  let afterHeader = false;
  for (const cells of table.slice(start)) {
    if (!data && isHeaderRow(cells, afterHeader) && !namesTask(cells)) {
      learnColumns(cells, columns);
      afterHeader = true;
      continue;
    }
    if (!data && afterHeader && cells.length >= 3 && cells.every((c) => COLUMN_NUMBER.test(c.text))) continue;
    if (cells.length > 1) data = true;
    lines.push(rowLine(cells, columns));
  }
  return lines;
}

function namesTask(cells: readonly Cell[]): boolean {
  return cells.some((c) => TASK_REF.test(fold(c.text)));
}

/**
 * Short cells, each a column's name ("Nội dung nhiệm vụ", "Tiến độ") or a status a tick stands for
 * ("Hoàn thành"); a row of statuses alone only under another header row.
 */
function isHeaderRow(cells: readonly Cell[], underHeader: boolean): boolean {
  if (cells.length < 2) return false;
  let named = underHeader;
  for (const c of cells) {
    const f = fold(c.text);
    if (f.length > 80 || f.split(' ').length > 8) return false;
    if (HEADER_WORDS.test(f)) named = true;
    else if (!namesStatus(f)) return false;
  }
  return named;
}

/** Whether a (folded) header is a status and nothing else ("Hoàn thành", "Đang thực hiện"). */
function namesStatus(folded: string): boolean {
  return statusFromWords(folded.split(/[^a-z0-9]+/).filter(Boolean)) !== null;
}

function learnColumns(cells: readonly Cell[], columns: Map<number, Column>): void {
  for (const c of cells) {
    const f = foldAligned(c.text);
    let column: Column | null = null;
    if (namesStatus(fold(c.text))) column = { kind: 'tick', status: capitalised(c.text) };
    else {
      // "Tiến độ/Đánh giá" → "Đánh giá": the reader takes a label right before the status.
      const label = [...f.matchAll(STATUS_LABEL)].at(-1);
      if (label)
        column = {
          kind: 'status',
          label: capitalised(c.text.slice(label.index, label.index + label[0].length)),
        };
    }
    for (let k = 0; k < (c.span ?? 1); k++) {
      if (column) columns.set(c.col + k, column);
      else columns.delete(c.col + k);
    }
  }
}

/**
 * One row: its number as a list marker, then its cells, the progress cells last and labelled, so that
 * the reader cuts the status out whole and what remains is the task and its result.
 */
function rowLine(cells: readonly Cell[], columns: ReadonlyMap<number, Column>): string {
  let marker = '';
  let rest = cells;
  const first = cells[0];
  const number = first ? ROW_NUMBER.exec(first.text) : null;
  // The row number is a list marker, so it is never read as part of the row's text or result.
  if (first && number && cells.length > 1) {
    marker = number[3] ? `${number[3]}) ` : `${number[1] ?? number[2]}. `;
    rest = cells.slice(1);
  }
  const body: string[] = [];
  const progress: string[] = [];
  for (const c of rest) {
    const column = columns.get(c.col);
    if (column?.kind === 'tick' && TICK.test(c.text)) progress.push(`Tiến độ: ${column.status}`);
    else if (column?.kind === 'status')
      progress.push(LABELLED.test(fold(c.text)) ? c.text : `${column.label}: ${c.text}`);
    // A cell of punctuation alone ("-", "…") says nothing the reader can use.
    else if (/[\p{L}\p{N}]/u.test(c.text)) body.push(c.text);
  }
  return `${marker}${[...body, ...progress].join(CELL_SEPARATOR)}`;
}

function capitalised(text: string): string {
  const t = text.trim();
  return t.charAt(0).toUpperCase() + t.slice(1).toLowerCase();
}
