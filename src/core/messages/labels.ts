import type { Period } from '../periods/periods';
import type { LocalDate } from '../plan/types';
import type { PeriodRef, TaskStatus } from '../report/types';
import { isoWeekday } from '../time';
import { formatDate } from './dates';

const WEEKDAYS = ['thứ Hai', 'thứ Ba', 'thứ Tư', 'thứ Năm', 'thứ Sáu', 'thứ Bảy', 'Chủ nhật'];

/** "thứ Hai" … "Chủ nhật". */
export function weekdayName(date: LocalDate): string {
  return WEEKDAYS[isoWeekday(date) - 1] ?? '';
}

/** A day off in words after "rơi vào": "thứ Bảy", "ngày nghỉ Tết Nguyên đán", "ngày nghỉ bù Quốc khánh". */
function dayOffPhrase(reason: string): string {
  if (/^(thứ |Chủ nhật|ngày )/.test(reason)) return reason;
  if (/^Nghỉ bù/.test(reason)) return `ngày n${reason.slice(1)}`;
  return `ngày nghỉ ${reason}`;
}

/**
 * The deadline a unit must meet, saying where it moved from when the deadline as set is a day off:
 * "12/06/2028 (hạn 10/06/2028 rơi vào thứ Bảy)".
 */
export function deadlineText(period: Period): string {
  const moved = period.deadlineMovedBecause;
  if (!moved) return formatDate(period.deadlineOn);
  return `${formatDate(period.deadlineOn)} (hạn ${formatDate(period.setDeadlineOn)} rơi vào ${dayOffPhrase(moved)})`;
}

/** Why the deadline moved, in one sentence, or null when it did not (Bộ luật Dân sự 2015, Điều 148). */
export function deadlineMovedNote(period: Period): string | null {
  const moved = period.deadlineMovedBecause;
  if (!moved) return null;
  return `Hạn ${formatDate(period.setDeadlineOn)} rơi vào ${dayOffPhrase(moved)} nên được chuyển sang ngày làm việc tiếp theo là ${weekdayName(period.deadlineOn)}, ${formatDate(period.deadlineOn)} (Điều 148 Bộ luật Dân sự năm 2015).`;
}

export function statusLabel(status: TaskStatus | null): string {
  switch (status) {
    case 'done':
      return 'Hoàn thành';
    case 'in_progress':
      return 'Đang thực hiện';
    case 'not_started':
      return 'Chưa thực hiện';
    case 'not_applicable':
      return 'Không phát sinh';
    case null:
      return 'Chưa rõ trạng thái';
  }
}

/** "6 tháng đầu năm 2026", "năm 2026", "đột xuất số 2 (hạn 15/12/2026)". */
export function periodLabel(period: Period): string {
  switch (period.kind) {
    case 'six_month':
      return `6 tháng đầu năm ${period.year}`;
    case 'annual':
      return `năm ${period.year}`;
    case 'adhoc':
      return `đột xuất số ${period.number} (hạn ${formatDate(period.deadlineOn)})`;
  }
}

/** The way a user would name the period back to the bot: "6 tháng 2026", "năm 2026", "đột xuất 2". */
export function periodShortName(period: Period): string {
  switch (period.kind) {
    case 'six_month':
      return `6 tháng ${period.year}`;
    case 'annual':
      return `năm ${period.year}`;
    case 'adhoc':
      return `đột xuất ${period.number}`;
  }
}

/** A period as a user named it ("6 tháng 2026", "năm 2026", "đột xuất 2"), echoed back to them. */
export function periodRefName(ref: PeriodRef): string {
  if (ref.kind === 'adhoc') return `đột xuất ${ref.number ?? ''}`.trim();
  if (ref.lastYear && ref.year === null) return ref.kind === 'six_month' ? '6 tháng năm trước' : 'năm trước';
  return `${ref.kind === 'six_month' ? '6 tháng' : 'năm'} ${ref.year ?? ''}`.trim();
}

/** "Báo cáo 6 tháng đầu năm 2026". */
export function reportTitle(period: Period): string {
  return `Báo cáo ${periodLabel(period)}`;
}

/** The office that collects the reports (Phòng Văn hóa – Xã hội), as the organisation file names it. */
export interface OfficeNames {
  /** "Phòng Văn hóa – Xã hội" */
  name: string;
  /** "Phòng VHXH" */
  short: string;
}
