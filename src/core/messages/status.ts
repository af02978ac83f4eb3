import type { Period } from '../periods/periods';
import type { Plan, Task, Unit } from '../plan/types';
import type { TaskStatus } from '../report/types';
import type { PeriodOverview, TaskTally, UnitCategory } from '../status';
import { daysBetween } from '../time';
import { formatDay } from './dates';
import { bold } from './format';
import { escalatedPhrase } from './difficulties';
import { deadlineText, periodLabel, statusLabel } from './labels';

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
  if (t.not_applicable) parts.push(`${t.not_applicable} không phát sinh`);
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

/** One unit's line for one task, as a question about the task shows it. */
export interface TaskLine {
  unit: Unit;
  lead: boolean;
  item: { status: TaskStatus | null; result: string } | null;
}

/** "NV6 đến đâu rồi?" asked by the office or the leaders: every unit's line for the task in the period. */
export function taskStatusMessage(
  plan: Plan,
  task: Task,
  period: Period,
  today: string,
  lines: TaskLine[],
): string {
  const reported = lines.filter((l) => l.item);
  const out = [
    bold(`${task.code} – ${task.title}`),
    `Báo cáo ${periodLabel(period)} – Kế hoạch số ${plan.number}. ${deadlineLine(period, today)}`,
    `Đã báo cáo: ${reported.length}/${lines.length} đơn vị.`,
  ];
  for (const l of reported) {
    const result = l.item?.result ? `: ${l.item.result.replace(/\s*\n\s*/g, '; ')}` : '';
    out.push(
      `• ${l.unit.short}${l.lead ? ' (chủ trì)' : ''} – ${statusLabel(l.item?.status ?? null)}${result}`,
    );
  }
  const missing = lines.filter((l) => !l.item);
  if (missing.length > 0)
    out.push(
      `Chưa báo cáo: ${missing.map((l) => `${l.unit.short}${l.lead ? ' (chủ trì)' : ''}`).join(', ')}.`,
    );
  return out.join('\n');
}

/** "NV6 đến đâu rồi?" asked in a unit's chat: the unit's own line for the task. */
export function ownTaskStatusMessage(
  unit: Unit,
  task: Task,
  period: Period,
  today: string,
  item: { status: TaskStatus | null; result: string } | null,
  asked: boolean,
): string {
  const head = bold(`${task.code} – ${task.title}`);
  if (!asked)
    return [head, `${unit.short} không báo cáo ${task.code} trong kỳ ${periodLabel(period)}.`].join('\n');
  return [
    head,
    `${unit.short}, báo cáo ${periodLabel(period)}: ${
      item
        ? `${statusLabel(item.status)}${item.result ? ` – ${item.result.replace(/\s*\n\s*/g, '; ')}` : ''}`
        : 'chưa báo cáo'
    }.`,
    deadlineLine(period, today),
  ].join('\n');
}

/** "Phòng mình còn thiếu gì?": what the unit has sent in the period and what it still owes. */
export function unitStatusMessage(
  unit: Unit,
  period: Period,
  today: string,
  sent: { revision: number; at: string; late: boolean } | null,
  items: { taskCode: string; status: TaskStatus | null }[],
  missing: { code: string; coordinate: boolean }[],
): string {
  const out = [bold(`Báo cáo ${periodLabel(period)} của ${unit.short}`)];
  out.push(
    sent
      ? `Đã gửi ${sent.revision} lần, lần gần nhất lúc ${sent.at}${sent.late ? ' (nộp muộn)' : ''}.`
      : 'Đơn vị chưa gửi báo cáo kỳ này.',
  );
  for (const i of items) out.push(`${i.taskCode} – ${statusLabel(i.status)}`);
  const noStatus = items.filter((i) => i.status === null).map((i) => i.taskCode);
  if (noStatus.length > 0) out.push(`Chưa có trạng thái: ${noStatus.join(', ')}.`);
  const owed = missing.map((m) => `${m.code}${m.coordinate ? ' (phối hợp)' : ''}`).join(', ');
  out.push(
    missing.length === 0
      ? 'Đã đủ các nhiệm vụ của đơn vị trong kỳ.'
      : sent
        ? `Còn thiếu: ${owed}.`
        : `Các nhiệm vụ cần báo cáo: ${owed}.`,
  );
  out.push(deadlineLine(period, today));
  if (missing.length > 0)
    out.push(`Mỗi nhiệm vụ một dòng, ví dụ: ${missing[0]?.code ?? 'NV3'}: đang thực hiện - …`);
  return out.join('\n');
}
