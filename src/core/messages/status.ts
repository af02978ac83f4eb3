import type { Period } from '../periods/periods';
import type { Plan, Unit } from '../plan/types';
import type { PeriodOverview, TaskTally, UnitCategory } from '../status';
import { daysBetween } from '../time';
import { formatDay } from './dates';
import { bold } from './format';
import { escalatedPhrase } from './difficulties';
import { deadlineText, periodLabel } from './labels';

const upperFirst = (s: string) => s.charAt(0).toLocaleUpperCase('vi') + s.slice(1);

export const CATEGORY_LABELS: Record<UnitCategory, string> = {
  on_time: 'Đã nộp đúng hạn',
  late: 'Đã nộp muộn',
  not_due: 'Chưa nộp, chưa đến hạn',
  overdue: 'Quá hạn, chưa nộp',
};

export function deadlineLine(period: Period, today: string): string {
  const days = daysBetween(today, period.deadlineOn);
  const rel = days > 0 ? `còn ${days} ngày` : days === 0 ? 'hôm nay là hạn cuối' : `đã quá hạn ${-days} ngày`;
  return `Hạn nộp: ${deadlineText(period)}; ${rel}.`;
}

function tallyText(t: TaskTally): string {
  const parts: string[] = [];
  if (t.done) parts.push(`${t.done} hoàn thành`);
  if (t.in_progress) parts.push(`${t.in_progress} đang thực hiện`);
  if (t.not_started) parts.push(`${t.not_started} chưa thực hiện`);
  if (t.unknown) parts.push(`${t.unknown} chưa rõ trạng thái`);
  if (t.missing) parts.push(`${t.missing} chưa báo cáo`);
  return parts.join(', ') || 'không có đơn vị';
}

/** `/tinhhinh`: counts by category and the statuses reported per task; `more` lines go before the footer. */
export function overviewMessage(
  plan: Plan,
  o: PeriodOverview,
  today: string,
  openDifficulties: number,
  more: readonly string[] = [],
): string {
  const total = o.units.length;
  const lines = [
    bold(`Tình hình báo cáo ${periodLabel(o.period)} – Kế hoạch số ${plan.number}`),
    deadlineLine(o.period, today),
    `Đơn vị phải báo cáo: ${total}`,
  ];
  for (const c of ['on_time', 'late', 'not_due', 'overdue'] as const) {
    if (c === 'not_due' && today > o.period.deadlineOn) continue;
    if (c === 'overdue' && today <= o.period.deadlineOn) continue;
    lines.push(`• ${CATEGORY_LABELS[c]}: ${o.counts[c]}`);
  }
  lines.push('', bold('Theo nhiệm vụ:'));
  for (const { task, tally } of o.tasks) lines.push(`${task.code}: ${tallyText(tally)}`);
  if (openDifficulties > 0) lines.push('', `Vướng mắc chưa xử lý: ${openDifficulties} (gõ /vuongmac)`);
  if (more.length > 0) lines.push('', ...more);
  lines.push('', 'Danh sách chưa nộp: /chuanop · Báo cáo một đơn vị: /xem <đơn vị>');
  return lines.join('\n');
}

/** `/chuanop`: units that have not reported, with their chat. */
export function missingMessage(o: PeriodOverview, today: string, chatsOf: (unit: Unit) => string[]): string {
  const missing = o.units.filter((u) => u.report === null);
  const head = bold(`Chưa nộp báo cáo ${periodLabel(o.period)}: ${missing.length}/${o.units.length} đơn vị`);
  if (missing.length === 0) return [head, 'Tất cả đơn vị đã nộp báo cáo.'].join('\n');
  const lines = [head, deadlineLine(o.period, today), ''];
  for (const u of missing) {
    const chats = chatsOf(u.unit);
    lines.push(`• ${u.unit.short} – ${chats.length > 0 ? chats.join('; ') : 'chưa đăng ký nhóm'}`);
  }
  lines.push('', 'Gửi nhắc ngay: /nhacnho <đơn vị> hoặc /nhacnho tất cả');
  return lines.join('\n');
}

export function difficultiesMessage(
  items: {
    id: number;
    unit: Unit;
    text: string;
    raisedAt: Date;
    status: string;
    answer: string | null;
    escalatedAt: Date | null;
    escalatedTo: string | null;
  }[],
  timeZone: string,
): string {
  if (items.length === 0) return 'Không có vướng mắc nào đang mở.';
  const lines = [bold(`Vướng mắc chưa xử lý: ${items.length}`)];
  for (const d of items) {
    lines.push(
      '',
      `${bold(`Số ${d.id}`)} – ${d.unit.short}, ${formatDay(d.raisedAt, timeZone)}${d.status === 'answered' ? ' (đã trả lời)' : ''}`,
      d.text,
    );
    if (d.escalatedAt) lines.push(`↳ ${upperFirst(escalatedPhrase(d.escalatedAt, d.escalatedTo, timeZone))}`);
    if (d.answer) lines.push(`↳ Trả lời: ${d.answer}`);
  }
  lines.push(
    '',
    'Trả lời: /traloi <số> <nội dung> · Chuyển cấp có thẩm quyền: /chuyencap <số> · Đóng: /dong <số>',
  );
  return lines.join('\n');
}
