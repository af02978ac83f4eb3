import type { Period } from '../periods/periods';
import type { Plan, Task, Unit } from '../plan/types';
import { formatDate } from './dates';
import { bold } from './format';
import { ONE_LINE_EXAMPLE } from './help';
import { deadlineMovedNote, deadlineText } from './labels';

/** An ad-hoc (đột xuất) request, as the unit receives it. */
export function adhocRequestMessage(plan: Plan, period: Period, unit: Unit, tasks: Task[]): string {
  return [
    bold(`Yêu cầu báo cáo đột xuất số ${period.number} – Kế hoạch số ${plan.number}`),
    `Đơn vị: ${unit.short}. Hạn nộp: ${deadlineText(period)}.`,
    period.note ? `Nội dung: ${period.note}` : '',
    'Nhiệm vụ cần báo cáo:',
    ...tasks.map((t) => `• ${t.code} – ${t.title}`),
    '',
    `Trả lời tin nhắn này, mỗi nhiệm vụ một dòng, ví dụ: ${ONE_LINE_EXAMPLE}`,
  ]
    .filter((l) => l !== '')
    .join('\n');
}

/** What `/dotxuat` did; `unregistered` names the units it asked that have no chat to send the request to. */
export function adhocCreatedMessage(
  period: Period,
  units: Unit[],
  tasks: string[],
  queued: number,
  unregistered: readonly string[],
): string {
  return [
    bold(`Đã tạo yêu cầu báo cáo đột xuất số ${period.number}, hạn ${formatDate(period.deadlineOn)}.`),
    deadlineMovedNote(period) ?? '',
    `Nhiệm vụ: ${tasks.join(', ')}.`,
    `Đơn vị (${units.length}): ${units.map((u) => u.short).join(', ')}.`,
    `Đã gửi yêu cầu tới ${queued} nhóm. Theo dõi: /tinhhinh đột xuất ${period.number}`,
    unregistered.length > 0
      ? `Chưa đăng ký nhóm: ${unregistered.join(', ')} (${unregistered.length} đơn vị chưa nhận được yêu cầu; tạo mã đăng ký bằng /taoma <tên đơn vị>).`
      : '',
  ]
    .filter((l) => l !== '')
    .join('\n');
}

export function invalidDateMessage(text: string): string {
  return `Không có ngày "${text}". Hạn viết theo ngày/tháng/năm, ví dụ 20/12/2026 hoặc 20/12.`;
}

export function adhocUsage(): string {
  return [
    'Gõ: /dotxuat <hạn> <nhiệm vụ> [đơn vị, đơn vị | tất cả] [: nội dung]',
    'Hạn viết 20/12/2026, 20/12 hoặc 20-12 (không ghi năm là ngày 20/12 sắp tới).',
    'Ví dụ: /dotxuat 20/12 NV1, NV2',
    'hoặc: /dotxuat 20/12/2026 NV4 Phòng KT-HT-ĐT và Trạm Y tế : số liệu chỉ số hài lòng',
  ].join('\n');
}

export function adhocPastDeadlineMessage(): string {
  return 'Hạn nộp phải từ hôm nay trở đi.';
}

/** No task of the plan was named: says which codes the plan has, from the plan itself. */
export function adhocNoTaskMessage(codes: readonly string[]): string {
  const range = codes.length > 1 ? `${codes[0]}–${codes.at(-1)}` : (codes[0] ?? '');
  return `${adhocUsage()}\nCần ít nhất một nhiệm vụ của Kế hoạch${range ? ` (${range})` : ''}.`;
}

export function adhocUnitsNotResponsibleMessage(units: readonly string[], codes: readonly string[]): string {
  return `${units.join(', ')} không chủ trì hay phối hợp ${codes.join(', ')}: bỏ đơn vị này hoặc chọn nhiệm vụ khác.`;
}
