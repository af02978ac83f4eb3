import type { DocumentType } from '../documents';
import { formatSize } from '../documents';
import type { Period } from '../periods/periods';
import type { Plan, Task, Unit } from '../plan/types';
import type { ItemValues } from '../report/evaluate';
import { formatDate, formatDateTime } from './dates';
import { bold } from './format';
import { ONE_LINE_EXAMPLE } from './help';
import { periodLabel, reportTitle } from './labels';
import { itemLine } from './reports';

/** What the bot says of report documents: receipts, refusals, and where documents are listed. */

export function documentTypeLabel(type: DocumentType): string {
  switch (type) {
    case 'pdf':
      return 'PDF';
    case 'docx':
      return 'Word';
    case 'doc':
      return 'Word .doc';
    case 'xlsx':
      return 'Excel';
    case 'jpg':
      return 'ảnh JPG';
    case 'png':
      return 'ảnh PNG';
  }
}

export const ACCEPTED_TYPES_TEXT = 'PDF, Word (.docx, .doc), Excel (.xlsx), ảnh JPG hoặc PNG';

/** “bao-cao.docx” (Word (.docx), 35 KB), or "ảnh JPG, 245 KB" for a photo without a name. */
export function fileDescription(file: { name: string | null; type: DocumentType; size: number }): string {
  const what = `${documentTypeLabel(file.type)}, ${formatSize(file.size)}`;
  return file.name ? `“${file.name}” (${what})` : what;
}

function named(name: string | null): string {
  return name ? `Tệp “${name}”` : 'Tệp này';
}

export type FileRefusal = 'too_large' | 'wrong_type' | 'zip_bomb' | 'unavailable' | 'unreadable';

/** A file the bot does not take, with what it does take. Nothing of the file is kept. */
export function fileRefusedMessage(
  problem: FileRefusal,
  file: { name: string | null; detected: string | null },
  limits: { maxMb: number; maxUnpackedMb: number },
): string {
  switch (problem) {
    case 'too_large':
      return [
        `${named(file.name)} lớn hơn ${limits.maxMb} MB nên bot không nhận được.`,
        `Anh/chị gửi bản nhỏ hơn (ví dụ bản PDF, hoặc ảnh chụp trang có chữ ký), hoặc gửi các dòng báo cáo bằng tin nhắn, ví dụ: ${ONE_LINE_EXAMPLE}`,
      ].join('\n');
    case 'wrong_type':
      return [
        `${named(file.name)}${file.detected ? ` (định dạng ${file.detected.toUpperCase()})` : ''} không phải loại tệp báo cáo bot nhận.`,
        `Bot nhận: ${ACCEPTED_TYPES_TEXT}, tối đa ${limits.maxMb} MB.`,
      ].join('\n');
    case 'zip_bomb':
      return [
        `${named(file.name)} khi giải nén lớn hơn ${limits.maxUnpackedMb} MB nên bot không mở (tệp có thể bị lỗi hoặc không an toàn).`,
        'Anh/chị lưu lại văn bản rồi gửi lại, hoặc gửi bản PDF.',
      ].join('\n');
    case 'unavailable':
      return `Bot chưa tải được ${file.name ? `tệp “${file.name}”` : 'tệp'} từ máy chủ tin nhắn. Anh/chị vui lòng gửi lại tệp.`;
    case 'unreadable':
      return `Bot không mở được ${file.name ? `tệp “${file.name}”` : 'tệp'} để kiểm tra. Anh/chị gửi lại, hoặc gửi bản PDF hay ảnh chụp văn bản.`;
  }
}

/**
 * Where a receipt's lines were read from, when a report came as a file: the file itself (naming the tasks
 * whose status it gave, for the sender to check), or the caption sent with it.
 */
export function fileSource(
  file: { name: string | null; type: DocumentType; size: number },
  fromFile: readonly string[],
): string {
  const what = file.name ? `tệp ${fileDescription(file)}` : `${fileDescription(file)} gửi kèm`;
  if (fromFile.length === 0) return `lời nhắn kèm ${file.name ? `tệp ${fileDescription(file)}` : 'ảnh'}`;
  return `${what}, gồm trạng thái ${fromFile.join(', ')}: anh/chị kiểm tra lại giúp`;
}

/**
 * Under the bot's question about a report that came as a file: the file is kept meanwhile, and the
 * answer files it (its task lines included), with no need to send it again.
 */
export function documentKeptLine(file: { name: string | null; type: DocumentType; size: number }): string {
  return `Văn bản ${fileDescription(file)} đã được lưu. Khi anh/chị trả lời, bot ghi nhận văn bản này (cùng các dòng trạng thái trong tệp, nếu có) vào kỳ anh/chị chọn (đúng hạn hay muộn tính theo lúc gửi tệp); không cần gửi lại tệp.`;
}

/** After an answer that did not make the period clear: the file still waits, filed to no period. */
export function documentWaitingLine(file: { name: string | null; type: DocumentType; size: number }): string {
  return `Văn bản ${fileDescription(file)} vẫn được lưu nhưng chưa ghi nhận vào kỳ nào; bot ghi nhận khi anh/chị trả lời rõ kỳ.`;
}

/** Why nothing of a document's text gave task statuses. */
export type UnreadReason =
  'image' | 'no_text_layer' | 'unreadable' | 'not_read' | 'no_task_lines' | 'lines_not_recorded';

function unreadLine(reason: UnreadReason, type: DocumentType, lines: readonly string[]): string {
  switch (reason) {
    case 'image':
      return 'Bot không đọc chữ trong ảnh.';
    case 'no_text_layer':
      return 'Tệp PDF này là bản quét (không có lớp chữ) nên bot không đọc được nội dung.';
    case 'unreadable':
      return 'Bot không đọc được nội dung tệp (tệp lỗi, có mật khẩu hoặc quá dài).';
    case 'not_read':
      return `Bot không đọc nội dung tệp ${documentTypeLabel(type)}.`;
    case 'no_task_lines':
      return 'Bot không tìm thấy trong tệp dòng nào ghi mã nhiệm vụ kèm trạng thái (dạng "NV3: hoàn thành - …"; với bảng, cột nhiệm vụ cần ghi "NV3" hoặc "Nhiệm vụ 3"), nên chưa ghi nhận trạng thái từ tệp.';
    case 'lines_not_recorded':
      return `Các dòng ${lines.join(', ')} trong tệp chưa ghi nhận được (không thuộc nhiệm vụ của đơn vị hoặc không đọc được). Anh/chị gửi lại các dòng này bằng tin nhắn.`;
  }
}

/** A document filed as the unit's report without statuses read from it (a photo, a scan, a letter). */
export interface DocumentReceipt {
  unit: Unit;
  period: Period;
  /** Named when more than one plan is active: every plan numbers its tasks from NV1. */
  plan: Plan | null;
  file: { name: string | null; type: DocumentType; size: number };
  revision: number;
  late: boolean;
  at: Date;
  timeZone: string;
  reason: UnreadReason;
  /** Task lines seen in the file but not recorded. */
  notRecorded: string[];
  /** The report's lines kept from earlier revisions. */
  kept: ItemValues[];
  /** Tasks still without a status: the ones the receipt asks for. */
  needStatus: { task: Task; role: 'lead' | 'coordinate' }[];
}

export function documentReceiptMessage(r: DocumentReceipt): string {
  const when = r.late ? `nộp muộn, sau hạn ${formatDate(r.period.deadlineOn)}` : 'đúng hạn';
  const lines = [
    bold(
      `Đã nhận văn bản ${reportTitle(r.period).toLowerCase()}${r.plan ? ` – Kế hoạch số ${r.plan.number}` : ''} của ${r.unit.short}`,
    ),
    `${fileDescription(r.file)} – lần ${r.revision}, lúc ${formatDateTime(r.at, r.timeZone)} (${when}).`,
    'Đơn vị được ghi là đã nộp văn bản.',
    '',
    unreadLine(r.reason, r.file.type, r.notRecorded),
  ];
  if (r.kept.length > 0) lines.push('', 'Giữ nguyên từ lần trước:', ...r.kept.map(itemLine));
  if (r.needStatus.length > 0) {
    const lead = r.needStatus.filter((n) => n.role === 'lead').map((n) => n.task.code);
    const coordinate = r.needStatus.filter((n) => n.role === 'coordinate').map((n) => n.task.code);
    const which = [
      lead.length > 0 ? `${lead.join(', ')} (chủ trì)` : null,
      coordinate.length > 0 ? `${coordinate.join(', ')} (phối hợp)` : null,
    ]
      .filter(Boolean)
      .join('; ');
    lines.push(
      '',
      `Đề nghị anh/chị trả lời tin nhắn này với trạng thái của ${which}, mỗi nhiệm vụ một dòng, ví dụ: ${ONE_LINE_EXAMPLE}`,
    );
  } else lines.push('', 'Các nhiệm vụ của đơn vị trong kỳ đều đã có trạng thái.');
  if (!r.late) lines.push(`Hạn nộp: ${formatDate(r.period.deadlineOn)}.`);
  return lines.join('\n');
}

/**
 * Under the receipt (or the period question) for a picture or file sent as one of several at once: the
 * others are kept with it, without a receipt each. Said as "if": in a Telegram group where the bot sees
 * only what is addressed to it, pictures without a caption never reach it.
 */
export function albumPagesLine(asked: boolean): string {
  return asked
    ? 'Các ảnh, tệp khác anh/chị gửi cùng lúc với tệp này (cùng một album) cũng được lưu và ghi nhận cùng kỳ anh/chị chọn, không cần gửi lại.'
    : 'Các ảnh, tệp khác anh/chị gửi cùng lúc với tệp này (cùng một album) được lưu kèm văn bản này, không báo nhận riêng từng ảnh. Anh/chị gõ /xem để kiểm tra đã đủ các trang.';
}

/** A document kept, but no period to file it to. */
export function documentNoPeriodMessage(
  file: { name: string | null; type: DocumentType; size: number },
  why: 'none_open' | 'unknown_named' | 'not_for_unit' | 'unclear',
  period: Period | null,
): string {
  const reason =
    why === 'none_open'
      ? 'hiện không có kỳ báo cáo nào đang mở cho đơn vị'
      : why === 'not_for_unit' && period
        ? `kỳ ${periodLabel(period)} không yêu cầu đơn vị báo cáo`
        : why === 'unclear'
          ? 'chưa rõ văn bản báo cáo cho kỳ nào, kế hoạch nào'
          : 'bot không nhận ra kỳ báo cáo tệp nói tới';
  return [
    `Đã lưu văn bản ${fileDescription(file)}, nhưng chưa ghi nhận là báo cáo vì ${reason}.`,
    'Anh/chị gửi lại tệp, ghi kỳ ở lời nhắn kèm theo, ví dụ: "Báo cáo năm 2026 – Kế hoạch số 168".',
  ].join('\n');
}

/** `/xem`: the unit's documents in the period. */
export function documentsViewLines(
  docs: readonly {
    name: string | null;
    type: DocumentType;
    size: number;
    revision: number | null;
    receivedAt: Date;
    senderName: string | null;
    statusesFromFile: string[];
  }[],
  timeZone: string,
): string[] {
  if (docs.length === 0) return [];
  const lines = [bold(`Văn bản đã nộp (${docs.length}):`)];
  for (const d of docs) {
    const who = d.senderName ? `, ${d.senderName}` : '';
    const rev = d.revision !== null ? ` – lần ${d.revision}` : '';
    const read =
      d.statusesFromFile.length > 0 ? `; trạng thái ${d.statusesFromFile.join(', ')} đọc từ tệp` : '';
    lines.push(`• ${fileDescription(d)}${rev}, ${formatDateTime(d.receivedAt, timeZone)}${who}${read}`);
  }
  return lines;
}

/** `/tinhhinh`: which units sent a document, apart from task statuses. */
export function documentsOverviewLine(units: readonly string[], expected: number): string {
  return units.length === 0
    ? 'Đã nộp văn bản: chưa đơn vị nào.'
    : `Đã nộp văn bản (${units.length}/${expected}): ${units.join(', ')}.`;
}

/** Caption of one part of the zip of a period's documents. */
export function documentsZipCaption(
  period: Period,
  counts: { units: number; files: number },
  part: number,
  parts: number,
): string {
  const which = parts > 1 ? ` (phần ${part}/${parts})` : '';
  return `Văn bản các đơn vị đã nộp, ${periodLabel(period)}${which}: ${counts.files} tệp của ${counts.units} đơn vị, mỗi đơn vị một thư mục`;
}

/** Added to `/xuat`'s first answer when units sent documents in the period. */
export function documentsZipComingLine(files: number, units: number): string {
  return `Kèm tệp nén ${files} văn bản của ${units} đơn vị (mỗi đơn vị một thư mục).`;
}
