import type { OfficeNames } from './labels';
import type { Unit } from '../plan/types';
import { formatDay } from './dates';
import { bold } from './format';

/*
 * Difficulties sent up a level (section III of the plan: Phòng VHXH "tổng hợp, xem xét, giải quyết hoặc
 * báo cáo, đề xuất cấp có thẩm quyền xem xét, giải quyết").
 */

/** How an escalated item reads in lists: "đã báo cáo, đề xuất cấp có thẩm quyền ngày 05/06/2026 (Sở Nội vụ)". */
export function escalatedPhrase(at: Date, to: string | null, timeZone: string): string {
  return `đã báo cáo, đề xuất cấp có thẩm quyền ngày ${formatDay(at, timeZone)}${to ? ` (${to})` : ''}`;
}

export function escalateUsage(): string {
  return [
    'Gõ: /chuyencap <số> [nơi nhận hoặc ghi chú]',
    'Ví dụ: /chuyencap 3 Sở Nội vụ, Công văn số …/UBND',
    'Vướng mắc vẫn mở; khi có ý kiến trả lời của cấp có thẩm quyền, ghi lại bằng /traloi <số> <nội dung>.',
  ].join('\n');
}

export function escalateUnknownMessage(id: number): string {
  return `Không có vướng mắc số ${id}. Gõ /vuongmac để xem danh sách.`;
}

export function escalateClosedMessage(id: number): string {
  return `Vướng mắc số ${id} đã đóng. Nếu cần xử lý tiếp, đề nghị đơn vị nêu lại vướng mắc.`;
}

/** The office's confirmation. */
export function escalatedMessage(
  d: { id: number },
  unit: Unit | null,
  to: string | null,
  at: Date,
  timeZone: string,
  told: boolean,
): string {
  const name = unit?.short ?? 'đơn vị';
  return [
    `Đã ghi: vướng mắc số ${d.id} của ${name} ${escalatedPhrase(at, to, timeZone)}.`,
    told ? `Đã báo cho ${name}.` : `${name} chưa có nhóm đăng ký nên chưa được báo.`,
    `Khi có ý kiến trả lời, ghi lại bằng /traloi ${d.id} <nội dung>; xử lý xong thì /dong ${d.id}.`,
  ].join('\n');
}

/** What the unit that raised it is told. */
export function escalatedNoticeForUnit(
  d: { id: number; text: string },
  to: string | null,
  at: Date,
  timeZone: string,
  office: OfficeNames,
): string {
  return [
    bold(`Vướng mắc số ${d.id}: ${office.name} đã báo cáo, đề xuất cấp có thẩm quyền xem xét, giải quyết`),
    `Vướng mắc: ${d.text}`,
    `Ngày chuyển: ${formatDay(at, timeZone)}${to ? `; nơi nhận, ghi chú: ${to}` : ''}.`,
    'Phòng sẽ báo lại vào nhóm này khi có ý kiến trả lời.',
  ].join('\n');
}
