import ExcelJS from 'exceljs';
import type { CellState, CompiledPeriod, ScoreRow } from '../core/compile';
import { share } from '../core/compile';
import { formatDate, formatDay } from '../core/messages/dates';
import { scorecardNote } from '../core/messages/exports';
import { deadlineText, periodLabel, statusLabel } from '../core/messages/labels';
import type { UnitCategory } from '../core/status';
import { wallClock } from '../core/time';

/**
 * Fills of the matrix: green done, yellow in progress, red not started, lilac nothing arose, grey
 * missing (ARGB).
 */
const FILL: Record<CellState, string | null> = {
  done: 'FFC6EFCE',
  in_progress: 'FFFFEB9C',
  not_started: 'FFFFC7CE',
  not_applicable: 'FFE4DFEC',
  unknown: 'FFDDEBF7',
  missing: 'FFD9D9D9',
  not_asked: null,
};

const CELL_TEXT: Record<CellState, string> = {
  done: 'Hoàn thành',
  in_progress: 'Đang thực hiện',
  not_started: 'Chưa thực hiện',
  not_applicable: 'Không phát sinh',
  unknown: 'Chưa rõ',
  missing: 'Chưa báo cáo',
  not_asked: '',
};

export const CATEGORY_TEXT: Record<UnitCategory, string> = {
  on_time: 'Đúng hạn',
  late: 'Muộn',
  not_due: 'Chưa đến hạn',
  overdue: 'Quá hạn, chưa gửi',
};

const HEADER_FILL = 'FF1F4E79';
const DAY_FORMAT = 'dd/mm/yyyy';
const TIME_FORMAT = 'dd/mm/yyyy hh:mm';

/**
 * An instant as a spreadsheet date showing the ward's wall clock (a spreadsheet has no time zones: the
 * value is the local date and time written as if it were UTC). A real date, not text, so the office can
 * sort and filter by it; `withTime: false` keeps the day only.
 */
function sheetDate(instant: Date, timeZone: string, withTime: boolean): Date {
  const w = wallClock(instant, timeZone);
  return withTime
    ? new Date(Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute))
    : new Date(Date.UTC(w.year, w.month - 1, w.day));
}

/** Puts a date (or nothing) in a cell, shown as dd/mm/yyyy (with the time where asked). */
function setDate(cell: ExcelJS.Cell, instant: Date | null, timeZone: string, withTime = false): void {
  if (!instant) return;
  cell.value = sheetDate(instant, timeZone, withTime);
  cell.numFmt = withTime ? TIME_FORMAT : DAY_FORMAT;
}

function styleHeader(sheet: ExcelJS.Worksheet): void {
  const header = sheet.getRow(1);
  header.font = { bold: true, color: { argb: 'FFFFFFFF' }, name: 'Times New Roman', size: 12 };
  header.alignment = { vertical: 'middle', horizontal: 'center', wrapText: true };
  header.height = 32;
  header.eachCell((cell) => {
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: HEADER_FILL } };
  });
  sheet.views = [{ state: 'frozen', ySplit: 1, xSplit: 0 }];
  // Printed as the office would: A4 landscape, one page wide, the header row on every page.
  sheet.pageSetup = {
    paperSize: 9,
    orientation: 'landscape',
    fitToPage: true,
    fitToWidth: 1,
    fitToHeight: 0,
    printTitlesRow: '1:1',
  };
}

/**
 * Times New Roman 12 under the header, keeping what a cell already has (the red of a late unit, the grey
 * of a superseded line): setting a row's font would replace each cell's font whole.
 */
function bodyFont(sheet: ExcelJS.Worksheet): void {
  sheet.eachRow((row, n) => {
    if (n === 1) return;
    row.eachCell({ includeEmpty: true }, (cell) => {
      cell.font = { name: 'Times New Roman', size: 12, ...cell.font };
    });
  });
}

/** Filter buttons on the header row: the office picks a unit, a task or a status. */
function addFilter(sheet: ExcelJS.Worksheet): void {
  sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: sheet.columnCount } };
}

function sheetOf(book: ExcelJS.Workbook, name: string, columns: { header: string; width: number }[]) {
  const sheet = book.addWorksheet(name);
  sheet.columns = columns.map((c) => ({ header: c.header, width: c.width }));
  styleHeader(sheet);
  return sheet;
}

/**
 * The office's spreadsheet: the unit × task matrix in colour, every report line, the difficulties and
 * their answers, and the year's scorecard. Vietnamese headers, frozen header rows, dates dd/mm/yyyy.
 */
export async function periodWorkbook(
  model: CompiledPeriod,
  scorecard: ScoreRow[],
  year: number,
): Promise<Buffer> {
  const tz = model.ward.timeZone;
  const book = new ExcelJS.Workbook();
  book.creator = model.ward.authority;
  book.created = model.generatedAt;
  book.title = `Tổng hợp báo cáo ${periodLabel(model.period)} – Kế hoạch ${model.plan.number}`;

  const matrix = sheetOf(book, 'Tổng hợp', [
    { header: 'STT', width: 6 },
    { header: 'Đơn vị', width: 42 },
    { header: 'Tình trạng nộp', width: 18 },
    { header: 'Ngày gửi', width: 13 },
    { header: 'Số lần gửi', width: 10 },
    ...model.tasks.map((t) => ({ header: `${t.code}\n${t.title}`, width: 18 })),
  ]);
  matrix.getRow(1).height = 60;
  // The unit's name stays in view while scrolling across the tasks.
  matrix.views = [{ state: 'frozen', ySplit: 1, xSplit: 2 }];
  model.units.forEach((u, i) => {
    const row = matrix.addRow([
      i + 1,
      u.unit.name,
      CATEGORY_TEXT[u.category],
      null,
      u.revisions ?? 0,
      ...model.tasks.map((t) => CELL_TEXT[u.cells.get(t.code) ?? 'not_asked']),
    ]);
    setDate(row.getCell(4), u.firstSubmittedAt, tz);
    model.tasks.forEach((t, k) => {
      const fill = FILL[u.cells.get(t.code) ?? 'not_asked'];
      const cell = row.getCell(6 + k);
      cell.alignment = { horizontal: 'center', vertical: 'middle' };
      if (fill) cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: fill } };
    });
    if (u.category === 'late' || u.category === 'overdue')
      row.getCell(3).font = { color: { argb: 'FFC00000' }, bold: u.category === 'overdue' };
  });
  matrix.addRow([]);
  matrix.addRow([
    '',
    `Kỳ báo cáo: ${periodLabel(model.period)}; kỳ số liệu từ ${formatDate(model.period.startsOn)} đến ${formatDate(model.period.cutoffOn)}; hạn gửi ${model.office.short} ${deadlineText(model.period)}; bảng lập ngày ${formatDay(model.generatedAt, tz)}.`,
  ]);
  const legend = matrix.addRow([
    '',
    'Chú thích màu:',
    ...(['done', 'in_progress', 'not_started', 'not_applicable', 'missing'] as const).map(
      (s) => CELL_TEXT[s],
    ),
  ]);
  (['done', 'in_progress', 'not_started', 'not_applicable', 'missing'] as const).forEach((s, k) => {
    legend.getCell(3 + k).fill = {
      type: 'pattern',
      pattern: 'solid',
      fgColor: { argb: FILL[s] ?? 'FFFFFFFF' },
    };
  });

  const lines = sheetOf(book, 'Chi tiết báo cáo', [
    { header: 'Đơn vị', width: 36 },
    { header: 'Nhiệm vụ', width: 10 },
    { header: 'Trạng thái', width: 16 },
    { header: 'Kết quả', width: 60 },
    { header: 'Số liệu', width: 28 },
    { header: 'Gửi lúc', width: 18 },
    { header: 'Đúng hạn / muộn', width: 15 },
    { header: 'Lần gửi', width: 9 },
    { header: 'Bản được tính', width: 12 },
    { header: 'Người gửi', width: 22 },
  ]);
  for (const l of model.lines) {
    const row = lines.addRow([
      l.unit.name,
      l.taskCode,
      statusLabel(l.status),
      l.result,
      l.figures.join('; '),
      null,
      l.late ? 'Muộn' : 'Đúng hạn',
      l.revision,
      l.latest ? 'Có' : 'Không (đã sửa)',
      l.senderName ?? '',
    ]);
    setDate(row.getCell(6), l.submittedAt, tz, true);
    row.getCell(4).alignment = { wrapText: true, vertical: 'top' };
    if (!l.latest) row.font = { color: { argb: 'FF808080' } };
  }
  addFilter(lines);

  const issues = sheetOf(book, 'Vướng mắc', [
    { header: 'Số', width: 6 },
    { header: 'Đơn vị', width: 36 },
    { header: 'Nội dung', width: 60 },
    { header: 'Ngày nêu', width: 12 },
    { header: 'Tình trạng', width: 14 },
    { header: 'Trả lời', width: 60 },
    { header: 'Ngày trả lời', width: 12 },
    { header: 'Báo cáo, đề xuất cấp có thẩm quyền ngày', width: 16 },
    { header: 'Nơi nhận, ghi chú', width: 30 },
  ]);
  const statusText = { open: 'Chưa trả lời', answered: 'Đã trả lời', closed: 'Đã đóng' } as const;
  for (const d of model.difficulties) {
    const row = issues.addRow([
      d.id,
      d.unit?.name ?? d.unitId,
      d.text,
      null,
      d.status === 'open' && d.escalatedAt ? 'Đã chuyển cấp có thẩm quyền' : statusText[d.status],
      d.answer ?? '',
      null,
      null,
      d.escalatedTo ?? '',
    ]);
    setDate(row.getCell(4), d.raisedAt, tz);
    setDate(row.getCell(7), d.answeredAt, tz);
    setDate(row.getCell(8), d.escalatedAt, tz);
    row.getCell(3).alignment = { wrapText: true, vertical: 'top' };
    row.getCell(6).alignment = { wrapText: true, vertical: 'top' };
  }
  addFilter(issues);

  const score = sheetOf(book, `Xếp hạng năm ${year}`, [
    { header: 'Hạng', width: 7 },
    { header: 'Đơn vị', width: 42 },
    { header: 'Số báo cáo phải nộp', width: 12 },
    { header: 'Đúng hạn', width: 10 },
    { header: 'Muộn', width: 9 },
    { header: 'Chưa nộp', width: 10 },
    { header: 'Tỷ lệ đúng hạn', width: 12 },
    { header: 'Nhiệm vụ hoàn thành', width: 14 },
    { header: 'Tỷ lệ hoàn thành', width: 12 },
  ]);
  for (const r of scorecard) {
    const row = score.addRow([
      r.rank,
      r.unit.name,
      r.due,
      r.onTime,
      r.late,
      r.missing,
      r.due === 0 ? null : r.onTime / r.due,
      `${r.tasksDone}/${r.tasksAsked}`,
      r.tasksAsked === 0 ? null : share(r.tasksDone, r.tasksAsked),
    ]);
    row.getCell(7).numFmt = '0%';
    row.getCell(9).numFmt = '0%';
  }
  // What the table is, and what it is not: the plan's criterion quoted, then our note.
  scorecardNote(model.plan, model.office).forEach((line, i) => {
    // After one empty row, under the table.
    const note = score.getRow(score.rowCount + (i === 0 ? 2 : 1));
    note.getCell(2).value = line;
    note.getCell(2).alignment = { wrapText: false, vertical: 'top' };
    note.getCell(2).font = { italic: true };
  });

  for (const sheet of book.worksheets) bodyFont(sheet);
  return Buffer.from(await book.xlsx.writeBuffer());
}
