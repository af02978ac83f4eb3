import type { OfficeNames } from './labels';
import type { Milestone, Plan, Task, Unit } from '../plan/types';
import type { UnitTasks } from '../plan/responsibility';
import { formatDate } from './dates';
import { bold } from './format';

function milestoneLine(m: Milestone): string {
  return m.kind === 'dated' ? `Mốc ${formatDate(m.date)}: ${m.text}` : `Hằng năm: ${m.text}`;
}

function taskLines(task: Task): string[] {
  const lines = [`• ${bold(task.code)} – ${task.title}`, `   Thời gian: ${task.timing}`];
  for (const m of task.milestones) lines.push(`   ${milestoneLine(m)}`);
  return lines;
}

/** Extra lines about the unit's next report, added by the reporting part when it knows them. */
export interface TasksFooter {
  lines: string[];
}

/** "What are we responsible for": the tasks a unit leads and coordinates in one plan. */
export function unitTasksMessage(
  unit: Unit,
  plan: Plan,
  tasks: UnitTasks,
  office: OfficeNames,
  footer: string[] = [],
): string {
  const reported = (t: Task) => t.reported;
  const lead = tasks.lead.filter(reported);
  const coordinate = tasks.coordinate.filter(reported);
  const lines = [bold(`${unit.name} – Kế hoạch số ${plan.number}`)];
  if (lead.length === 0 && coordinate.length === 0) {
    lines.push('Đơn vị không chủ trì hay phối hợp nhiệm vụ nào trong Phụ lục của Kế hoạch.');
  }
  if (lead.length > 0) {
    lines.push('', bold(`Chủ trì (${lead.length} nhiệm vụ):`));
    for (const t of lead) lines.push(...taskLines(t));
  }
  if (coordinate.length > 0) {
    lines.push('', bold(`Phối hợp (${coordinate.length} nhiệm vụ):`));
    for (const t of coordinate) lines.push(...taskLines(t));
  }
  const bodyLead = tasks.lead.filter((t) => !t.reported).map((t) => t.code);
  const bodyCoordinate = tasks.coordinate.filter((t) => !t.reported).map((t) => t.code);
  if (bodyLead.length + bodyCoordinate.length > 0) {
    const parts = [];
    if (bodyLead.length > 0) parts.push(`thực hiện ${bodyLead.join(', ')}`);
    if (bodyCoordinate.length > 0) parts.push(`phối hợp ${bodyCoordinate.join(', ')}`);
    lines.push('', `Nội dung chung của Kế hoạch (mục II): ${parts.join('; ')}.`);
  }
  if (!unit.reports) {
    lines.push('', `Đơn vị không thuộc diện báo cáo định kỳ về ${office.name}.`);
  }
  if (footer.length > 0) lines.push('', ...footer);
  return lines.join('\n');
}

/** Full text of one task, for `/nhiemvu NV3`. */
export function taskDetailMessage(
  plan: Plan,
  task: Task,
  leadNames: string[],
  coordinateNames: string[],
): string {
  const lines = [
    bold(`${task.code} – ${task.title}`),
    `Kế hoạch số ${plan.number}${task.section === 'body' ? ' (nội dung mục II)' : ''}`,
    '',
    task.text,
    '',
    `Thời gian: ${task.timing}`,
    `Chủ trì: ${leadNames.join('; ') || '—'}`,
    `Phối hợp: ${coordinateNames.join('; ') || '—'}`,
  ];
  for (const m of task.milestones) lines.push(milestoneLine(m));
  return lines.join('\n');
}

export function unknownUnitMessage(query: string): string {
  return `Không tìm thấy đơn vị "${query}". Gõ /donvi để xem danh sách đơn vị, hoặc thử tên ngắn như "Phòng KT-HT-ĐT", "VHXH".`;
}

export function ambiguousUnitMessage(query: string, candidates: Unit[]): string {
  const list = candidates.map((u) => `• ${u.short} – ${u.name}`);
  const intro =
    candidates.length === 1
      ? `Có phải ý bạn là đơn vị này?`
      : `"${query}" có thể là một trong các đơn vị sau:`;
  return [intro, ...list, 'Vui lòng gõ lại với tên rõ hơn.'].join('\n');
}

export function tasksNeedUnitMessage(): string {
  return 'Gõ /nhiemvu kèm tên đơn vị, ví dụ: /nhiemvu Phòng KT-HT-ĐT';
}
