import type { Period } from '../periods/periods';
import type { Unit } from '../plan/types';
import type { TetBreakWarning } from '../schedule/calendarNotice';
import type { DueItem } from '../schedule/due';
import { formatDate, formatDateTime } from './dates';
import { bold } from './format';
import { deadlineText, periodLabel } from './labels';

const KIND_LABELS: Record<string, string> = {
  remind: 'nhắc báo cáo',
  overdue: 'nhắc quá hạn',
  digest: 'bản tin lãnh đạo',
  nudge: 'nhắc (theo yêu cầu của đầu mối)',
  difficulty: 'vướng mắc',
  answer: 'trả lời vướng mắc',
  adhoc: 'yêu cầu đột xuất',
  notice: 'thông báo',
};

/** `/lich`: coming reminders and digests grouped by send time, then what waits in the outbox. */
export function scheduleMessage(
  items: DueItem[],
  queued: { kind: string; chatId: string; nextAttemptAt: Date; periodId: string | null }[],
  periodOf: (id: string) => Period | null,
  unitOf: (id: string) => Unit | null,
  timeZone: string,
): string {
  const lines = [bold('Lịch gửi tự động (45 ngày tới)')];
  const groups = new Map<string, { at: Date; kind: string; periodId: string; units: string[] }>();
  for (const i of [...items].sort((a, b) => a.at.getTime() - b.at.getTime())) {
    const k = `${i.at.getTime()}|${i.kind}|${i.periodId}`;
    let g = groups.get(k);
    if (!g) groups.set(k, (g = { at: i.at, kind: i.kind, periodId: i.periodId, units: [] }));
    if (i.kind !== 'digest') g.units.push(unitOf(i.unitId)?.short ?? i.unitId);
  }
  const periodIds = [...new Set(items.map((i) => i.periodId))];
  for (const p of periodIds.map(periodOf)) {
    if (p) lines.push(`Hạn nộp báo cáo ${periodLabel(p)}: ${deadlineText(p)}.`);
  }
  if (groups.size === 0) lines.push('Không có lời nhắc hay bản tin nào trong 45 ngày tới.');
  for (const g of [...groups.values()].slice(0, 30)) {
    const p = periodOf(g.periodId);
    const who = g.kind === 'digest' ? '' : `: ${g.units.length} đơn vị chưa báo cáo`;
    lines.push(
      `• ${formatDateTime(g.at, timeZone)} – ${KIND_LABELS[g.kind] ?? g.kind} ${p ? periodLabel(p) : ''}${who}`,
    );
  }
  lines.push('(Đơn vị đã báo cáo sẽ không bị nhắc; giờ gửi tránh đêm, cuối tuần và ngày lễ.)');
  if (queued.length > 0) {
    lines.push('', bold(`Đang chờ gửi: ${queued.length} tin`));
    for (const q of queued.slice(0, 10)) {
      lines.push(
        `• ${formatDateTime(q.nextAttemptAt, timeZone)} – ${KIND_LABELS[q.kind] ?? q.kind} → ${q.chatId}`,
      );
    }
  }
  return lines.join('\n');
}

/** Told to the office once in December when next year's Tết break is not in the organisation file. */
export function tetBreakMissingMessage(w: TetBreakWarning, file: string): string {
  return [
    bold(`Chưa có lịch nghỉ Tết Nguyên đán năm ${w.year}`),
    `Tệp ${file} chưa ghi lịch nghỉ Tết năm ${w.year}. Bot đang tính theo Bộ luật Lao động: nghỉ từ ${formatDate(w.from)} đến ${formatDate(w.to)}, kể cả ngày nghỉ bù; lịch Chính phủ công bố có thể khác (hoán đổi ngày làm việc).`,
    `Khi có thông báo, đề nghị anh/chị ghi lịch nghỉ vào mục calendar, tet_break của tệp (ví dụ ${w.year}: { from: ${formatDate(w.from)}, to: ${formatDate(w.to)} }), ghi ngày làm bù vào extra_working_days, rồi khởi động lại bot. Lời nhắc và hạn nộp rơi vào ngày nghỉ sẽ được tính lại theo lịch đã nhập.`,
  ].join('\n');
}
