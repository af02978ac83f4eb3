import type { Period } from '../periods/periods';
import type { Unit } from '../plan/types';
import type { DueItem } from '../schedule/due';
import { formatDateTime } from './dates';
import { bold } from './format';
import { periodLabel } from './labels';

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
