import type { Period } from '../periods/periods';
import type { PeriodRef, TaskStatus } from '../report/types';
import { formatDate } from './dates';

export function statusLabel(status: TaskStatus | null): string {
  switch (status) {
    case 'done':
      return 'Hoàn thành';
    case 'in_progress':
      return 'Đang thực hiện';
    case 'not_started':
      return 'Chưa thực hiện';
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

/** A period as a user named it ("6 tháng 2026", "năm 2026", "đột xuất 2"), echoed back to them. */
export function periodRefName(ref: PeriodRef): string {
  if (ref.kind === 'adhoc') return `đột xuất ${ref.number ?? ''}`.trim();
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
