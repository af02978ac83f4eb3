import type { CellValue, Workbook } from 'exceljs';
import type { TableRow } from '../core/tables';
import { tableLines } from '../core/tables';

/**
 * The text of an .xlsx as the report reader takes it: the rows of its first visible sheets, each row one
 * line with its cells joined (`tableLines`), empty cells left out. A formula gives its cached result (the
 * value Excel last computed; nothing is computed here), a merged range its first cell only. Runs in the
 * inspection worker, after the zip check.
 */

export interface XlsxLimits {
  /** Visible sheets read, in the workbook's order. */
  maxSheets: number;
  /** Non-empty rows read, over all sheets. */
  maxRows: number;
  /** Non-empty cells read, over all sheets. */
  maxCells: number;
  /** Characters of text kept. */
  maxChars: number;
}

export interface XlsxText {
  text: string;
  /** More was there than the limits let be read. */
  truncated: boolean;
}

/** exceljs's type of a cell merged into another (`ValueType.Merge`; the enum is not exported as a value). */
const MERGED = 1;

export async function xlsxText(bytes: Uint8Array, limits: XlsxLimits): Promise<XlsxText> {
  const ExcelJS = (await import('exceljs')).default;
  const workbook: Workbook = new ExcelJS.Workbook();
  // exceljs declares a `Buffer` of the older @types/node; any Buffer of the bytes is what it reads.
  await workbook.xlsx.load(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) as never, {
    // Parts of a sheet that hold no text worth reading.
    ignoreNodes: ['dataValidations', 'conditionalFormatting', 'extLst', 'headerFooter', 'drawing', 'picture'],
  });
  const lines: string[] = [];
  let rowsRead = 0;
  let cellsRead = 0;
  let chars = 0;
  let truncated = false;
  const sheets = workbook.worksheets.filter((s) => s.state === 'visible');
  if (sheets.length > limits.maxSheets) truncated = true;
  for (const sheet of sheets.slice(0, limits.maxSheets)) {
    const rows: TableRow[] = [];
    sheet.eachRow((row) => {
      if (rowsRead >= limits.maxRows || cellsRead >= limits.maxCells || chars > limits.maxChars) {
        truncated = true;
        return;
      }
      const cells: TableRow['cells'] = [];
      row.eachCell((cell, col) => {
        if (cellsRead >= limits.maxCells) {
          truncated = true;
          return;
        }
        if (cell.type === MERGED) return;
        const text = valueText(cell.value, cell.numFmt);
        if (!text.trim()) return;
        cellsRead++;
        chars += text.length + 3;
        // A cell may hold several lines (Alt+Enter): they are its paragraphs, as in a Word cell.
        cells.push({ paragraphs: text.split('\n'), col: col - 1 });
      });
      if (cells.length === 0) return;
      rowsRead++;
      rows.push({ cells });
    });
    lines.push(...tableLines(rows));
  }
  const text = lines.join('\n');
  return { text, truncated: truncated || text.length > limits.maxChars };
}

/** A cell's value as people read it in Excel. */
function valueText(value: CellValue, numFmt: string | undefined): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return numberText(value, numFmt);
  // A ticked checkbox (TRUE) reads as a tick, an unticked one as nothing.
  if (typeof value === 'boolean') return value ? '☒' : '';
  if (value instanceof Date) return dateText(value);
  if ('richText' in value) return value.richText.map((r) => r.text).join('');
  if ('formula' in value || 'sharedFormula' in value) return valueText(value.result ?? null, numFmt);
  if ('hyperlink' in value) return valueText(value.text as CellValue, numFmt);
  // An error value (#N/A, #DIV/0!) says nothing of the report.
  return '';
}

function numberText(n: number, numFmt: string | undefined): string {
  if (!Number.isFinite(n)) return '';
  if (numFmt?.includes('%')) return `${Number((n * 100).toFixed(2))}%`;
  return String(Number.isInteger(n) ? n : Number(n.toFixed(4)));
}

/** Dates in Excel are days with no time zone: exceljs gives them at midnight UTC. */
function dateText(d: Date): string {
  if (Number.isNaN(d.getTime())) return '';
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${pad(d.getUTCDate())}/${pad(d.getUTCMonth() + 1)}/${d.getUTCFullYear()}`;
}
