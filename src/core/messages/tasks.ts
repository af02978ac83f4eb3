import type { OfficeNames } from './labels';
import type { Milestone, Plan, Task, Unit } from '../plan/types';
import type { UnitTasks } from '../plan/responsibility';
import { formatDate } from './dates';
import { bold } from './format';

/** A milestone in the plan's words, said to be the plan's; the bot's note is shown apart. */
export function milestoneLine(m: Milestone): string {
  const words = m.text.replace(/\.$/, '');
  return m.kind === 'dated'
    ? `Mốc ${formatDate(m.date)} (Kế hoạch ghi): ${words}`
    : `Mốc hằng năm (Kế hoạch ghi): ${words}`;
}

/** "Nhiệm vụ 4" for NV4 (the appendix numbers its tasks), "mục II.1.a" for the body. */
export function officialTaskName(task: Task): string {
  const n = /^NV(\d+)$/.exec(task.code)?.[1];
  return n ? `Nhiệm vụ ${n}` : `mục ${task.code}`;
}

/** Marks a task whose bodies are read by the bot (the table is unclear), with a note after the list. */
const READ = '*';

function taskLines(task: Task): string[] {
  const lines = [
    `• ${bold(task.code)}${task.reading ? READ : ''} – ${task.title}`,
    `   Lộ trình thực hiện: ${task.timing}`,
  ];
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
  const code = (t: Task) => `${t.code}${t.reading ? READ : ''}`;
  const bodyLead = tasks.lead.filter((t) => !t.reported).map(code);
  const bodyCoordinate = tasks.coordinate.filter((t) => !t.reported).map(code);
  if (bodyLead.length + bodyCoordinate.length > 0) {
    const parts = [];
    if (bodyLead.length > 0) parts.push(`thực hiện ${bodyLead.join(', ')}`);
    if (bodyCoordinate.length > 0) parts.push(`phối hợp ${bodyCoordinate.join(', ')}`);
    lines.push('', `Nội dung chung của Kế hoạch (mục II): ${parts.join('; ')}.`);
  }
  if ([...tasks.lead, ...tasks.coordinate].some((t) => t.reading)) {
    lines.push(
      '',
      `${READ} Theo cách hiểu của bot, vì Kế hoạch không ghi rõ: gõ /nhiemvu <mã> để xem lời Kế hoạch và cách hiểu.`,
    );
  }
  lines.push('Tên nhiệm vụ ở trên là tên ngắn của bot; nội dung nguyên văn: /nhiemvu NV3.');
  if (!unit.reports) {
    lines.push('', `Đơn vị không thuộc diện báo cáo định kỳ về ${office.name}.`);
  }
  if (footer.length > 0) lines.push('', ...footer);
  return lines.join('\n');
}

/** Full text of one task, for `/nhiemvu NV3`: the plan's words first, the bot's additions labelled. */
export function taskDetailMessage(
  plan: Plan,
  task: Task,
  leadNames: string[],
  coordinateNames: string[],
): string {
  const appendix = task.section === 'appendix';
  const lines = [
    bold(
      `${task.code} – ${appendix ? `${officialTaskName(task)} trong Phụ lục` : `Mục ${task.code}`} của Kế hoạch số ${plan.number}`,
    ),
    '',
    'Nguyên văn Kế hoạch:',
    task.text,
  ];
  if (task.form) lines.push(`Hình thức: ${task.form}`);
  lines.push(`${appendix ? 'Lộ trình thực hiện' : 'Thời gian thực hiện'}: ${task.timing}`);
  const leadWord = appendix ? 'Cơ quan chủ trì' : 'Cơ quan thực hiện';
  if (task.leadAsWritten) lines.push(`${leadWord}: ${task.leadAsWritten}`);
  if (task.coordinateAsWritten) lines.push(`Cơ quan phối hợp: ${task.coordinateAsWritten}`);
  if (!appendix && !task.leadAsWritten && task.lead.length === 0)
    lines.push(`${leadWord}: Kế hoạch không ghi riêng cho mục này.`);
  for (const m of task.milestones) lines.push(milestoneLine(m));

  lines.push('', bold('Của bot (không phải lời Kế hoạch):'));
  lines.push(`Tên ngắn: ${task.title}`);
  if (leadNames.length + coordinateNames.length > 0) {
    lines.push(
      `Đơn vị bot theo dõi – ${appendix ? 'chủ trì' : 'thực hiện'}: ${leadNames.join('; ') || '—'}; phối hợp: ${coordinateNames.join('; ') || '—'}`,
    );
  } else {
    lines.push('Bot không giao mục này cho đơn vị nào.');
  }
  if (task.reading) lines.push(`Cách hiểu: ${task.reading}`);
  for (const m of task.milestones) if (m.note) lines.push(`Về mốc: ${m.note}`);
  return lines.join('\n');
}

export function unknownUnitMessage(query: string): string {
  return `Không tìm thấy đơn vị "${query}". Gõ /donvi để xem danh sách đơn vị, hoặc thử tên ngắn như "Phòng KT-HT-ĐT", "VHXH".`;
}

export function ambiguousUnitMessage(query: string, candidates: Unit[]): string {
  const list = candidates.map((u) => `• ${u.short} – ${u.name}`);
  const intro =
    candidates.length === 1
      ? `"${query}" có phải là đơn vị này không?`
      : `"${query}" có thể là một trong các đơn vị sau:`;
  return [intro, ...list, 'Đề nghị anh/chị gõ lại tên đơn vị cho rõ hơn.'].join('\n');
}

export function unknownTaskMessage(code: string, codes: string[]): string {
  return `Kế hoạch không có ${code} (các nhiệm vụ: ${codes.join(', ')}).`;
}

export function tasksNeedUnitMessage(): string {
  return 'Gõ /nhiemvu kèm tên đơn vị, ví dụ: /nhiemvu Phòng KT-HT-ĐT';
}
