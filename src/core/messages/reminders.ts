import type { Button } from '../buttons';
import type { Period } from '../periods/periods';
import type { Milestone, Plan, Task, Unit } from '../plan/types';
import type { PeriodOverview } from '../status';
import { daysBetween } from '../time';
import { formatDate, formatDay } from './dates';
import { bold } from './format';
import { ONE_LINE_EXAMPLE } from './help';
import type { OfficeNames } from './labels';
import { deadlineMovedNote, deadlineText, periodLabel } from './labels';
import { CATEGORY_LABELS } from './status';
import { milestoneLine } from './tasks';

const lowerFirst = (s: string) => s.charAt(0).toLocaleLowerCase('vi') + s.slice(1);

export interface ReminderTask {
  task: Task;
  role: 'lead' | 'coordinate';
}

/** A reminder before the deadline (`offsetDays` ≤ 0) or an overdue notice after it (> 0). */
export function reminderMessage(
  plan: Plan,
  period: Period,
  unit: Unit,
  tasks: ReminderTask[],
  offsetDays: number,
  withButtons: boolean,
): string {
  const deadline = formatDate(period.deadlineOn);
  const head =
    offsetDays < 0
      ? `Nhắc báo cáo ${periodLabel(period)}: còn ${-offsetDays} ngày đến hạn ${deadline}`
      : offsetDays === 0
        ? `Hôm nay (${deadline}) là hạn nộp báo cáo ${periodLabel(period)}`
        : `Quá hạn ${offsetDays} ngày: đơn vị chưa nộp báo cáo ${periodLabel(period)} (hạn ${deadline})`;
  const moved = deadlineMovedNote(period);
  const lines = [bold(head), ...(moved ? [moved] : [])];
  lines.push(`${unit.short} – Kế hoạch số ${plan.number}. Nhiệm vụ cần báo cáo:`);
  for (const { task, role } of tasks) {
    lines.push(`• ${task.code} (${role === 'lead' ? 'chủ trì' : 'phối hợp'}) – ${task.title}`);
  }
  lines.push(
    '',
    `Trả lời tin nhắn này, mỗi nhiệm vụ một dòng, ví dụ: ${ONE_LINE_EXAMPLE}`,
    withButtons
      ? 'Hoặc bấm nút trạng thái bên dưới rồi trả lời kết quả.'
      : 'Có thể viết không dấu; khó khăn ghi "Vướng mắc: …".',
    'Văn bản báo cáo (Word, PDF, ảnh trang có chữ ký) cũng gửi được: trả lời tin nhắn này bằng tệp.',
  );
  if (offsetDays > 0) lines.push('Báo cáo nộp muộn vẫn được nhận và ghi là nộp muộn.');
  return lines.join('\n');
}

export function statusButtons(
  rows: { taskCode: string; data: { done: string; in_progress: string; not_started: string } }[],
): Button[][] {
  return rows.map((r) => [
    { label: `${r.taskCode} ✓ Hoàn thành`, data: r.data.done },
    { label: 'Đang thực hiện', data: r.data.in_progress },
    { label: 'Chưa thực hiện', data: r.data.not_started },
  ]);
}

export interface DigestInput {
  plan: Plan;
  office: OfficeNames;
  overview: PeriodOverview;
  today: string;
  reason: 'weekly' | 'after_deadline';
  newDifficulties: { id: number; unit: Unit; text: string }[];
  openDifficulties: number;
  milestones: { task: Task; milestone: Milestone }[];
  timeZone: string;
  at: Date;
}

/** The leaders' digest: counts, units still missing (named), difficulties, milestones coming due. */
export function digestMessage(d: DigestInput): string {
  const o = d.overview;
  const days = daysBetween(d.today, o.period.deadlineOn);
  const lines = [
    bold(
      `Bản tin báo cáo ${periodLabel(o.period)} – Kế hoạch số ${d.plan.number}, ngày ${formatDay(d.at, d.timeZone)}`,
    ),
    d.reason === 'after_deadline'
      ? `Hạn nộp ${deadlineText(o.period)} đã qua.`
      : days >= 0
        ? `Hạn nộp ${deadlineText(o.period)}, còn ${days} ngày.`
        : `Hạn nộp ${deadlineText(o.period)}, đã quá ${-days} ngày.`,
    `Đơn vị phải báo cáo: ${o.units.length}`,
  ];
  for (const c of ['on_time', 'late', 'not_due', 'overdue'] as const) {
    if (o.counts[c] > 0) lines.push(`• ${CATEGORY_LABELS[c]}: ${o.counts[c]}`);
  }
  const missing = o.units.filter((u) => u.report === null).map((u) => u.unit.short);
  lines.push(
    '',
    missing.length > 0 ? `${bold('Chưa nộp')}: ${missing.join(', ')}` : 'Tất cả đơn vị đã nộp báo cáo.',
  );
  if (d.newDifficulties.length > 0) {
    lines.push('', bold('Vướng mắc mới:'));
    for (const x of d.newDifficulties) lines.push(`• Số ${x.id} – ${x.unit.short}: ${x.text}`);
  }
  if (d.openDifficulties > 0) lines.push(`Vướng mắc chưa xử lý: ${d.openDifficulties}.`);
  if (d.milestones.length > 0) {
    lines.push('', bold('Mốc sắp đến:'));
    for (const { task, milestone } of d.milestones)
      lines.push(`• ${task.code}, ${lowerFirst(milestoneLine(milestone))}`);
    if (d.milestones.some(({ milestone }) => milestone.kind === 'yearly'))
      lines.push(`(Mốc hằng năm được nêu cùng kỳ báo cáo năm theo cách làm của ${d.office.name}.)`);
  }
  lines.push('', 'Chi tiết: /tinhhinh · /chuanop');
  return lines.join('\n');
}

/**
 * What `/nhacnho` did: how many reminders it queued for how many of the `asked` units, and which units it
 * could not remind because no chat is registered for them.
 */
export function nudgeQueuedMessage(r: {
  queued: number;
  reached: number;
  asked: number;
  unregistered: readonly string[];
}): string {
  const lines = [
    r.asked === 0
      ? 'Không có đơn vị nào cần nhắc: các đơn vị đã báo cáo kỳ này.'
      : r.queued === 0
        ? r.unregistered.length > 0
          ? 'Chưa xếp tin nhắc nào.'
          : 'Không có nhóm nào khác của đơn vị để nhắc.'
        : `Đã xếp ${r.queued} tin nhắc tới ${r.reached} đơn vị; tin sẽ được gửi ngay.`,
  ];
  if (r.unregistered.length > 0)
    lines.push(
      `Chưa đăng ký nhóm: ${r.unregistered.join(', ')} (${r.unregistered.length} đơn vị, không nhắc được).`,
      'Tạo mã đăng ký cho đơn vị bằng /taoma <tên đơn vị>.',
    );
  return lines.join('\n');
}

export function noPeriodToNudgeMessage(): string {
  return 'Hiện không có kỳ báo cáo nào để nhắc.';
}
