import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  AlignmentType,
  Document,
  Packer,
  Paragraph,
  Table,
  TableCell,
  TableRow,
  TextRun,
  WidthType,
} from 'docx';
import ExcelJS from 'exceljs';
import { deflateSync, unzipSync, zipSync } from 'fflate';
import { PNG } from 'pngjs';

/**
 * Files as units send them, made in the tests: a Word report built with the `docx` package, a PDF with a
 * real text layer, photos, and hostile files (a zip bomb whose archive lies about its sizes).
 */

/** A Word report as a ward's office writes one: letter head, title, then the lines. */
export async function wordReport(lines: readonly string[]): Promise<Buffer> {
  const head = ['UBND PHƯỜNG LÊ CHÂN', 'PHÒNG KINH TẾ, HẠ TẦNG VÀ ĐÔ THỊ', 'Số: 45/BC-KTHTĐT'];
  const doc = new Document({
    sections: [
      {
        children: [
          ...head.map(
            (t) =>
              new Paragraph({
                alignment: AlignmentType.LEFT,
                children: [new TextRun({ text: t, bold: true })],
              }),
          ),
          ...lines.map((t) => new Paragraph({ children: [new TextRun(t)] })),
        ],
      },
    ],
  });
  return Packer.toBuffer(doc);
}

/** A cell of a test table: its text (a "\n" starts a new paragraph), or a cell merged across or down. */
export type TestCell = string | { text: string; columnSpan?: number; rowSpan?: number };

/** The head of an administrative letter as Word templates lay it out: a table of two columns, no header. */
const LETTER_HEAD = [
  ['UBND PHƯỜNG LÊ CHÂN', 'PHÒNG KINH TẾ, HẠ TẦNG VÀ ĐÔ THỊ', 'Số: 45/BC-KTHTĐT'],
  ['CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', 'Độc lập - Tự do - Hạnh phúc', 'Lê Chân, ngày 05 tháng 6 năm 2026'],
];

/**
 * A Word report in the annex form: the letter head (as paragraphs, or laid out as a two-column table as
 * Word templates do), the lines before, a table (the first row marked as the header when
 * `repeatHeader`), then the lines after. Cells merged down are left out of the rows below, as Word
 * stores them.
 */
export async function wordTableReport(table: {
  before: readonly string[];
  rows: readonly (readonly TestCell[])[];
  after?: readonly string[];
  repeatHeader?: boolean;
  letterHead?: 'paragraphs' | 'table';
}): Promise<Buffer> {
  const para = (t: string, bold = false) => new Paragraph({ children: [new TextRun({ text: t, bold })] });
  const cellOf = (c: TestCell, bold: boolean) => {
    const cell = typeof c === 'string' ? { text: c } : c;
    return new TableCell({
      children: cell.text.split('\n').map((t) => para(t, bold)),
      ...(cell.columnSpan ? { columnSpan: cell.columnSpan } : {}),
      ...(cell.rowSpan ? { rowSpan: cell.rowSpan } : {}),
    });
  };
  const rows = table.rows.map(
    (cells, r) =>
      new TableRow({
        tableHeader: r === 0 && table.repeatHeader === true,
        children: cells.map((c) => cellOf(c, r === 0)),
      }),
  );
  const head =
    table.letterHead === 'table'
      ? [
          new Table({
            rows: [new TableRow({ children: LETTER_HEAD.map((lines) => cellOf(lines.join('\n'), true)) })],
            width: { size: 100, type: WidthType.PERCENTAGE },
          }),
        ]
      : LETTER_HEAD[0]!.map((t) => para(t, true));
  const doc = new Document({
    sections: [
      {
        children: [
          ...head,
          ...table.before.map((t) => para(t)),
          new Table({ rows, width: { size: 100, type: WidthType.PERCENTAGE } }),
          ...(table.after ?? []).map((t) => para(t)),
        ],
      },
    ],
  });
  return Packer.toBuffer(doc);
}

/** A value of a test workbook's cell: a formula keeps the result Excel computed last. */
export type TestValue =
  string | number | boolean | Date | null | { formula: string; result: number | string };

/** An .xlsx as a unit fills one: sheets of rows, merged ranges ("A1:E1"), hidden sheets. */
export async function workbook(
  sheets: readonly {
    name: string;
    rows: readonly (readonly TestValue[])[];
    merges?: readonly string[];
    hidden?: boolean;
    percentColumns?: readonly number[];
  }[],
): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  for (const sheet of sheets) {
    const ws = wb.addWorksheet(sheet.name, sheet.hidden ? { state: 'hidden' } : {});
    sheet.rows.forEach((row, r) =>
      row.forEach((value, c) => {
        if (value !== null) ws.getCell(r + 1, c + 1).value = value;
      }),
    );
    for (const c of sheet.percentColumns ?? []) ws.getColumn(c).numFmt = '0%';
    for (const range of sheet.merges ?? []) ws.mergeCells(range);
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** A zip container with one entry's bytes replaced (a workbook whose sheet is cut short, say). */
export function replaceEntry(zip: Buffer, path: string, bytes: Uint8Array<ArrayBuffer>): Buffer {
  const entries = unzipSync(zip);
  if (!entries[path]) throw new Error(`no entry ${path}`);
  entries[path] = bytes;
  return Buffer.from(zipSync(entries));
}

/**
 * A one-page PDF whose text layer holds the lines (Helvetica; letters outside Latin-1, such as "ệ", get
 * their own codes mapped to their Unicode glyph names, as a PDF writer does for a subset font).
 */
export function pdfWithText(lines: readonly string[], pages = 1): Buffer {
  const extra: string[] = [];
  const encode = (s: string) =>
    [...s]
      .map((ch) => {
        if ((ch.codePointAt(0) ?? 0) < 128) return /[()\\]/.test(ch) ? `\\${ch}` : ch;
        let i = extra.indexOf(ch);
        if (i < 0) i = extra.push(ch) - 1;
        return `\\${(128 + i).toString(8)}`;
      })
      .join('');
  const content = `BT /F1 11 Tf 60 780 Td 14 TL\n${lines.map((l) => `(${encode(l)}) '`).join('\n')}\nET`;
  const differences = extra.map(
    (ch) => `/uni${(ch.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`,
  );
  const kids = Array.from({ length: pages }, (_, i) => `${6 + i} 0 R`).join(' ');
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    `<< /Type /Pages /Kids [${kids}] /Count ${pages} >>`,
    '',
    `<< /Length ${Buffer.byteLength(content, 'latin1')} >>\nstream\n${content}\nendstream`,
    `<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding << /Type /Encoding /BaseEncoding /WinAnsiEncoding /Differences [128 ${differences.join(' ')}] >> >>`,
    ...Array.from(
      { length: pages },
      () =>
        '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    ),
  ];
  let out = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((o, i) => {
    offsets.push(Buffer.byteLength(out, 'latin1'));
    out += `${i + 1} 0 obj\n${o || 'null'}\nendobj\n`;
  });
  const xref = Buffer.byteLength(out, 'latin1');
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  out += offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('');
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
}

/** A photo of a signed page (a small real PNG). */
export function photoPng(width = 64, height = 48): Buffer {
  const png = new PNG({ width, height });
  for (let i = 0; i < png.data.length; i += 4) {
    png.data[i] = 240;
    png.data[i + 1] = 240;
    png.data[i + 2] = (i / 4) % width < 4 ? 20 : 235;
    png.data[i + 3] = 255;
  }
  return PNG.sync.write(png);
}

/** A JPEG as a phone camera starts one (JFIF header), enough for its type to be known from the bytes. */
export function photoJpeg(): Buffer {
  const header = Buffer.from('ffd8ffe000104a46494600010101004800480000', 'hex');
  return Buffer.concat([header, Buffer.alloc(2000, 0x41), Buffer.from('ffd9', 'hex')]);
}

/**
 * A .docx-shaped zip whose `word/document.xml` inflates to `inflatedBytes`, while the archive declares
 * every entry to unpack to `declared` bytes (a zip bomb lies about its sizes).
 */
export function zipBomb(inflatedBytes: number, declared = 1000): Buffer {
  const types =
    '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>';
  const zip = Buffer.from(
    zipSync({
      '[Content_Types].xml': new TextEncoder().encode(types),
      'word/document.xml': new Uint8Array(inflatedBytes),
    }),
  );
  // Every local header (size at +22) and central directory entry (size at +24) now lies.
  for (let i = 0; i + 4 <= zip.length; i++) {
    const sig = zip.readUInt32LE(i);
    if (sig === 0x04034b50) zip.writeUInt32LE(declared, i + 22);
    else if (sig === 0x02014b50) zip.writeUInt32LE(declared, i + 24);
  }
  return zip;
}

/** A plain zip archive (not a report type). */
export function plainZip(): Buffer {
  return Buffer.from(zipSync({ 'anh/1.txt': new TextEncoder().encode('ảnh hội nghị') }));
}

/** Writes a file into a folder and returns its path. */
export function writeTo(dir: string, name: string, bytes: Buffer): string {
  const path = join(dir, name);
  writeFileSync(path, bytes);
  return path;
}

/** Deflated zeros, for measuring the zip check alone. */
export function deflatedZeros(n: number): Uint8Array {
  return deflateSync(new Uint8Array(n), { level: 9 });
}

/**
 * An old-format Office file (a compound file, CFB): its header, and a directory entry naming its main
 * stream, "WordDocument" for a .doc, "Workbook" for an .xls. Enough for the type to be known.
 */
export function compoundFile(stream: 'WordDocument' | 'Workbook'): Buffer {
  const header = Buffer.alloc(512);
  Buffer.from('d0cf11e0a1b11ae1', 'hex').copy(header);
  header.writeUInt16LE(0x003e, 24); // minor version
  header.writeUInt16LE(0x0003, 26); // major version 3
  header.writeUInt16LE(0xfffe, 28); // little-endian
  header.writeUInt16LE(9, 30); // 512-byte sectors
  const entry = Buffer.alloc(128);
  Buffer.from(`${stream}\0`, 'utf16le').copy(entry);
  entry.writeUInt16LE((stream.length + 1) * 2, 64);
  return Buffer.concat([header, Buffer.from('Root Entry\0', 'utf16le'), entry, Buffer.alloc(1024)]);
}
