import type { TableRow } from '../core/tables';
import { tableLines } from '../core/tables';

/**
 * The text of a .docx as the report reader takes it: each paragraph a line, each table row one line
 * with its cells joined (`tableLines`). mammoth reads the document; its raw text puts every cell on a
 * paragraph of its own, which parts a row's status from its task, so the rows are written here from
 * mammoth's document tree instead (taken through `transformDocument`, and nothing converted to HTML).
 * Runs in the inspection worker.
 */

/** The part of mammoth's document tree read here (`mammoth/lib/documents.js`). */
interface DocElement {
  type: string;
  children?: DocElement[];
  value?: string;
  checked?: boolean;
  colSpan?: number;
  rowSpan?: number;
}

export interface DocxText {
  text: string;
  /** More text was there than `maxChars`. */
  truncated: boolean;
}

export async function docxText(bytes: Uint8Array, maxChars: number): Promise<DocxText> {
  const mammoth = (await import('mammoth')).default;
  let body: DocElement | null = null;
  await mammoth.convertToHtml(
    { buffer: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) },
    {
      // The tree is kept, and an empty document converted: no HTML is written, no image is read.
      transformDocument: (document: DocElement) => {
        body = document;
        return { ...document, children: [] };
      },
    },
  );
  const out = new Lines(maxChars);
  if (body) blocks(body, out);
  return { text: out.lines.join('\n'), truncated: out.full };
}

/** Lines collected up to a number of characters (one past it, to know that there was more). */
class Lines {
  lines: string[] = [];
  private chars = 0;
  constructor(private readonly max: number) {}
  get full(): boolean {
    return this.chars > this.max;
  }
  /** Characters still to be kept. */
  get room(): number {
    return this.max - this.chars;
  }
  push(...lines: string[]): void {
    for (const line of lines) {
      if (this.full) return;
      this.lines.push(line);
      this.chars += line.length + 1;
    }
  }
}

function blocks(element: DocElement, out: Lines): void {
  for (const child of element.children ?? []) {
    if (out.full) return;
    if (child.type === 'paragraph') out.push(...inline(child).split('\n'));
    else if (child.type === 'table') out.push(...tableLines(rowsOf(child, out)));
    else blocks(child, out);
  }
}

/** The text of a paragraph: a line break (Shift+Enter) starts a new line, a tab stays a tab. */
function inline(element: DocElement): string {
  switch (element.type) {
    case 'text':
      return element.value ?? '';
    case 'tab':
      return '\t';
    case 'break':
      return '\n';
    case 'checkbox':
      return element.checked ? '☒' : '';
    default:
      return (element.children ?? []).map(inline).join('');
  }
}

/**
 * A table's rows with each cell's grid column: a cell merged down from a row above (mammoth keeps it in
 * the first row only, with its `rowSpan`) still takes its column, so the cells after it keep theirs.
 */
function rowsOf(table: DocElement, out: Lines): TableRow[] {
  const rows: TableRow[] = [];
  const spanned: number[] = [];
  let chars = 0;
  for (const row of table.children ?? []) {
    if (row.type !== 'tableRow') continue;
    const cells: TableRow['cells'] = [];
    let col = 0;
    for (const cell of row.children ?? []) {
      if (cell.type !== 'tableCell') continue;
      while ((spanned[col] ?? 0) > 0) col++;
      const span = count(cell.colSpan, MAX_COLUMNS);
      const paragraphs = cellParagraphs(cell, out);
      for (const p of paragraphs) chars += p.length + 2;
      cells.push({ paragraphs, col, span });
      for (let k = 0; k < span && col + k < MAX_COLUMNS; k++)
        spanned[col + k] = count(cell.rowSpan, Infinity);
      col += span;
    }
    rows.push({ cells });
    for (let k = 0; k < spanned.length; k++) spanned[k] = Math.max(0, (spanned[k] ?? 0) - 1);
    // A table longer than the text kept is not read to its end.
    if (chars > out.room) break;
  }
  return rows;
}

/** Word's limit is 63 columns; a file that says more (a hostile `gridSpan`) is not followed further. */
const MAX_COLUMNS = 64;

/** A span as the file gives it: a whole number from 1 to `max`, or 1. */
function count(n: number | undefined, max: number): number {
  return n !== undefined && Number.isInteger(n) && n >= 1 ? Math.min(n, max) : 1;
}

/** The paragraphs of a cell; a table inside it gives one paragraph per row. */
function cellParagraphs(cell: DocElement, out: Lines): string[] {
  return (cell.children ?? []).flatMap((child) => {
    if (child.type === 'paragraph') return inline(child).split('\n');
    if (child.type === 'table') return tableLines(rowsOf(child, out));
    const inner = new Lines(Number.MAX_SAFE_INTEGER);
    blocks(child, inner);
    return inner.lines;
  });
}
