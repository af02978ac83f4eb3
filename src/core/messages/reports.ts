import type { Period } from '../periods/periods';
import type { Plan, Task, Unit } from '../plan/types';
import type { ItemValues } from '../report/evaluate';
import type { ParsedItem, TaskStatus, UnreadableLine } from '../report/types';
import { formatDate, formatDateTime } from './dates';
import { bold } from './format';
import { ONE_LINE_EXAMPLE, reportExample } from './help';
import type { OfficeNames } from './labels';
import { deadlineText, periodLabel, periodShortName, reportTitle, statusLabel } from './labels';

/** The statuses a unit may write, as the bot asks for them. */
export const STATUS_WORDS = '"hoàn thành", "đang thực hiện", "chưa thực hiện" hoặc "không phát sinh"';

export function itemLine(item: ItemValues): string {
  const result = item.result.replace(/\s*\n\s*/g, '; ');
  return `${bold(item.taskCode)} – ${statusLabel(item.status)}${result ? `: ${result}` : ''}`;
}

/** Everything the bot understood and did with one reply, for the confirmation message. */
export interface ReportReceipt {
  unit: Unit;
  period: Period;
  /** Named when more than one plan is active: every plan numbers its tasks from NV1. */
  plan?: Plan | null;
  /** Where the text was read from when it was not the message itself, e.g. `tệp "bao-cao.docx"`. */
  source?: string | null;
  /** The reply corrects lines sent before ("Sửa lại NV3: …"). */
  correction?: boolean;
  /** Tasks whose line states statuses that disagree: no status was recorded for them. */
  unclear?: string[];
  revision: number;
  late: boolean;
  /** The lines of this message that were recorded. */
  received: ItemValues[];
  /** The whole report after this message (earlier lines kept). */
  snapshot: ItemValues[];
  /** Tasks of the unit in this period still without a line. */
  missing: { task: Task; role: 'lead' | 'coordinate' }[];
  difficulties: { id: number; text: string }[];
  proposals: string[];
  problems: string[];
  /** Lines that named their task by content, and the task each was read as. */
  byTitle?: { taskCode: string; label: string }[];
  /** A line that gave every task one status, and the tasks it was recorded for. */
  everyTask?: { label: string; codes: string[] } | null;
  /** The tasks kept from the revision before on one line: the unit is sending its report line by line. */
  keptBrief?: boolean;
  timeZone: string;
  at: Date;
  /** The office the difficulties are passed on to. */
  office: OfficeNames;
}

/** A difficulty raised with a report, passed on to the office at once. */
export function difficultyPassedOnLine(d: { id: number; text: string }, office: OfficeNames): string {
  return `Vướng mắc số ${d.id} đã chuyển ${office.name}: ${d.text}`;
}

export function receiptMessage(r: ReportReceipt): string {
  const when = r.late ? `nộp muộn, sau hạn ${formatDate(r.period.deadlineOn)}` : 'đúng hạn';
  const plan = r.plan ? ` – Kế hoạch số ${r.plan.number}` : '';
  const lines = [
    bold(`Đã nhận ${reportTitle(r.period).toLowerCase()}${plan} của ${r.unit.short}`),
    `Lần ${r.revision}${r.correction && r.revision > 1 ? ' (bản sửa)' : ''}, lúc ${formatDateTime(r.at, r.timeZone)} (${when}).`,
  ];
  if (r.source) lines.push(`Nội dung đọc từ ${r.source}.`);
  if (r.everyTask)
    lines.push(
      `Bot ghi “${r.everyTask.label}” cho ${r.everyTask.codes.join(', ')}. Nếu chưa đúng, anh/chị gửi lại dòng của nhiệm vụ đó.`,
    );
  if (r.byTitle && r.byTitle.length > 0)
    lines.push(
      `Bot đọc theo tên nhiệm vụ: ${r.byTitle.map((t) => `“${t.label}” là ${t.taskCode}`).join('; ')}. Nếu chưa đúng, anh/chị gửi lại dòng đó kèm số nhiệm vụ.`,
    );
  if (r.received.length > 0) {
    lines.push('', ...r.received.map(itemLine));
  }
  const kept = r.snapshot.filter((s) => !r.received.some((x) => x.taskCode === s.taskCode));
  if (kept.length > 0) {
    if (r.keptBrief)
      lines.push(
        '',
        `Giữ nguyên từ lần trước: ${kept.map((k) => `${k.taskCode} (${statusLabel(k.status).toLowerCase()})`).join(', ')}.`,
      );
    else lines.push('', 'Giữ nguyên từ lần trước:', ...kept.map(itemLine));
  }
  const noStatus = r.snapshot.filter((i) => i.status === null).map((i) => i.taskCode);
  if (noStatus.length > 0) {
    lines.push('');
    if (r.unclear && r.unclear.length > 0)
      lines.push(
        `${r.unclear.join(', ')}: dòng báo cáo ghi nhiều trạng thái khác nhau nên chưa ghi trạng thái.`,
      );
    lines.push(`Cần bổ sung trạng thái cho ${noStatus.join(', ')}: ${STATUS_WORDS}.`);
  }
  for (const d of r.difficulties) lines.push('', difficultyPassedOnLine(d, r.office));
  if (r.proposals.length > 0) lines.push('', `Đề xuất: ${r.proposals.join('; ')}`);
  if (r.problems.length > 0) lines.push('', ...r.problems);
  if (r.missing.length > 0) {
    const names = r.missing.map((m) => `${m.task.code}${m.role === 'coordinate' ? ' (phối hợp)' : ''}`);
    lines.push('', `Còn thiếu: ${names.join(', ')}. Gửi thêm các dòng này khi có.`);
  } else {
    lines.push('', 'Đã đủ các nhiệm vụ của đơn vị trong kỳ.');
  }
  lines.push(
    r.late
      ? 'Có thể gửi lại dòng của nhiệm vụ để sửa; mỗi lần gửi được lưu thành một bản mới.'
      : `Hạn nộp: ${deadlineText(r.period)}. Gửi lại dòng của nhiệm vụ để sửa; bản cũ vẫn được lưu.`,
  );
  return lines.join('\n');
}

/** A task number whose name in brackets is another task's: "NV4 (Dân vận khéo)". */
export function misnamedLine(code: string, note: string, named: string): string {
  return `${code} ghi kèm “${note}”, là tên của ${named}, nên Bot chưa ghi trạng thái cho ${code}. Đề nghị anh/chị gửi lại dòng này với đúng số nhiệm vụ.`;
}

/** A line that names its task by content the bot cannot tie to one task of the unit. */
export function untitledLine(label: string): string {
  return `Dòng “${label}” chưa ghi số nhiệm vụ, và tên này không khớp riêng một nhiệm vụ nào của đơn vị, nên chưa được ghi nhận. Đề nghị anh/chị gửi lại kèm số nhiệm vụ, ví dụ: “NV… – ${label}”.`;
}

export function notYoursLine(item: ParsedItem, task: Task, leadNames: string[]): string {
  return `${item.taskCode} không thuộc nhiệm vụ của đơn vị nên không được ghi nhận (${task.code} do ${leadNames.join(', ')} chủ trì).`;
}

export function notAskedLine(item: ParsedItem, period: Period): string {
  return `${item.taskCode} không nằm trong yêu cầu báo cáo ${periodLabel(period)} nên không được ghi nhận.`;
}

export function unknownTaskLine(item: ParsedItem, codes: string[]): string {
  return `Kế hoạch không có ${item.taskCode} (các nhiệm vụ: ${codes.join(', ')}).`;
}

export function unreadableLines(lines: UnreadableLine[]): string[] {
  if (lines.length === 0) return [];
  const quoted = lines.map((l) => `“${l.text.trim().slice(0, 200)}”`);
  return [
    `Chưa đọc được ${lines.length === 1 ? 'dòng' : 'các dòng'}: ${quoted.join(', ')}.`,
    `Mỗi nhiệm vụ một dòng gồm số nhiệm vụ, trạng thái và kết quả, ví dụ: ${ONE_LINE_EXAMPLE}`,
  ];
}

/** A reply with nothing the bot could record. */
export function nothingRecordedMessage(problems: string[]): string {
  return ['Chưa ghi nhận được nội dung báo cáo nào.', ...problems].join('\n');
}

/** The periods open for a unit, as it may name them back. */
function periodChoices(periods: Period[]): string {
  return periods.map((p) => `"${periodShortName(p)}"`).join(' hoặc ');
}

/** The reply names a period whose deadline has passed while another one is open. */
export function askWhichPeriodMessage(named: Period, open: Period): string {
  return [
    `Báo cáo ghi kỳ ${periodLabel(named)}, kỳ này đã hết hạn ngày ${formatDate(named.deadlineOn)}; kỳ đang mở là ${periodLabel(open)} (hạn ${formatDate(open.deadlineOn)}).`,
    `Báo cáo này thuộc kỳ nào? Anh/chị trả lời tin nhắn này bằng ${periodChoices([open, named])}. Chưa ghi nhận nội dung nào cho đến khi rõ kỳ.`,
  ].join('\n');
}

/** The reply names a period the plan does not have ("quý IV", "9 tháng"). */
export function askOtherPeriodMessage(text: string, open: Period[]): string {
  return [
    `Kế hoạch không có kỳ báo cáo "${text}": chỉ có kỳ 6 tháng đầu năm và kỳ năm (6 tháng cuối năm báo cáo cùng kỳ năm).`,
    open.length > 0
      ? `Báo cáo này thuộc kỳ nào? Anh/chị trả lời tin nhắn này bằng ${periodChoices(open.slice(0, 2))}. Chưa ghi nhận nội dung nào cho đến khi rõ kỳ.`
      : 'Hiện không có kỳ nào đang mở; chưa ghi nhận nội dung nào.',
  ].join('\n');
}

/** A reply naming two periods at once: one message is filed to one period. */
export function askSeveralPeriodsMessage(text: string): string {
  return [
    `Báo cáo này ghi hai kỳ (${text}); mỗi tin nhắn được ghi vào một kỳ, nên chưa ghi nhận nội dung nào.`,
    'Anh/chị trả lời tin nhắn này bằng tên kỳ của các dòng trên, hoặc gửi riêng các dòng của từng kỳ, mỗi tin nhắn ghi tên kỳ ở dòng đầu.',
  ].join('\n');
}

/** Several plans fit the reply: every plan numbers its tasks from NV1. */
export function askWhichPlanMessage(plans: Plan[]): string {
  const list = plans.map((p) => `Kế hoạch số ${p.number}`).join(', ');
  const example = `"Kế hoạch ${/^\d+/.exec(plans[0]?.number ?? '')?.[0] ?? '168'}"`;
  return [
    `Đơn vị đang có kỳ báo cáo của ${plans.length} kế hoạch (${list}); kế hoạch nào cũng đánh số nhiệm vụ từ NV1.`,
    `Báo cáo này cho kế hoạch nào? Anh/chị trả lời tin nhắn này bằng số kế hoạch, ví dụ ${example}, hoặc ghi số kế hoạch ở dòng đầu báo cáo. Chưa ghi nhận nội dung nào cho đến khi rõ kế hoạch.`,
  ].join('\n');
}

/** A report that names a plan the bot does not follow ("Kế hoạch số 35/KH-UBND"): which was meant? */
export function askUnknownPlanMessage(numbers: string[], plans: Plan[]): string {
  const named = numbers.map((n) => `số ${n}`).join(', ');
  const list = plans.map((p) => `Kế hoạch số ${p.number}`).join(', ');
  const example = `"Kế hoạch ${/^\d+/.exec(plans[0]?.number ?? '')?.[0] ?? '168'}"`;
  return [
    `Báo cáo này ghi Kế hoạch ${named}; Bot chỉ theo dõi ${list}, nên chưa ghi nhận nội dung nào.`,
    `Nếu đây là báo cáo ${list}, anh/chị trả lời tin nhắn này bằng số kế hoạch, ví dụ ${example}.`,
  ].join('\n');
}

/** An answer to the bot's question that names neither a period nor a plan it asked about. */
export function unclearAnswerMessage(): string {
  return 'Chưa rõ kỳ hoặc kế hoạch anh/chị chọn. Anh/chị trả lời lại câu hỏi bằng tên kỳ (ví dụ "năm 2026") hoặc số kế hoạch (ví dụ "KH 168").';
}

/** `/baocao <another unit>` from a unit's chat. */
export function otherUnitReportMessage(unit: Unit): string {
  return `Nhóm này chỉ gửi báo cáo của đơn vị mình, không gửi thay ${unit.short}. Báo cáo của ${unit.short} do nhóm của ${unit.short} gửi.`;
}

export function noOpenPeriodMessage(): string {
  return [
    'Hiện không có kỳ báo cáo nào đang mở cho đơn vị.',
    'Nếu gửi báo cáo cho một kỳ cụ thể, ghi ở dòng đầu, ví dụ: "Báo cáo 6 tháng 2026" hoặc "Báo cáo năm 2026".',
  ].join('\n');
}

export function unknownPeriodMessage(text: string): string {
  return `Không có kỳ báo cáo "${text}". Các kỳ viết như: "6 tháng 2026", "năm 2026", "đột xuất 1".`;
}

export function periodNotForUnitMessage(period: Period): string {
  return `Kỳ báo cáo ${periodLabel(period)} không yêu cầu đơn vị báo cáo.`;
}

export function leaderCannotReportMessage(): string {
  return 'Nhóm này là nhóm của lãnh đạo: không cần gửi báo cáo. Gõ /help để xem các lệnh tra cứu.';
}

export function supervisorCannotReportMessage(body: Unit | null, office: OfficeNames): string {
  return [
    `Nhóm này là nhóm giám sát${body ? ` của ${body.name}` : ''}: không gửi báo cáo hay vướng mắc qua bot, nên tin nhắn này không được ghi nhận.`,
    `Ý kiến giám sát, kiến nghị đề nghị gửi trực tiếp ${office.name}. Gõ /help để xem các lệnh tra cứu.`,
  ].join('\n');
}

export function difficultyReceivedMessage(
  items: { id: number; text: string }[],
  office: OfficeNames,
): string {
  return items
    .map((d) => `Đã ghi nhận vướng mắc số ${d.id} và chuyển ${office.name}: ${d.text}`)
    .concat('Phòng sẽ trả lời vào nhóm này.')
    .join('\n');
}

/** What the office receives at once when a unit raises a difficulty. */
export function difficultyForOfficeMessage(
  d: { id: number; text: string },
  unit: Unit,
  period: Period | null,
): string {
  return [
    bold(`Vướng mắc số ${d.id} – ${unit.short}`),
    d.text,
    period ? `(Kỳ ${periodLabel(period)})` : '',
    `Trả lời: /traloi ${d.id} <nội dung>   ·   Đóng: /dong ${d.id}`,
  ]
    .filter(Boolean)
    .join('\n');
}

export function difficultyAnswerMessage(
  d: { id: number; text: string },
  answer: string,
  office: OfficeNames,
): string {
  return [
    bold(`${office.name} trả lời vướng mắc số ${d.id}`),
    `Vướng mắc: ${d.text}`,
    `Trả lời: ${answer}`,
  ].join('\n');
}

/** One unit's report in a period, with its revisions, for `/xem`. */
export function reportViewMessage(
  unit: Unit,
  period: Period,
  revisions: {
    revision: number;
    submittedAt: Date;
    late: boolean;
    items: ItemValues[];
    proposals: string[];
    chatTitle: string | null;
    senderName: string | null;
  }[],
  missing: string[],
  timeZone: string,
): string {
  const lines = [bold(`${reportTitle(period)} – ${unit.name}`)];
  const latest = revisions[0];
  if (!latest) {
    lines.push(`Chưa có báo cáo. Hạn nộp: ${deadlineText(period)}.`);
    return lines.join('\n');
  }
  const from = [latest.senderName, latest.chatTitle].filter(Boolean).join(', ');
  lines.push(
    `Bản mới nhất: lần ${latest.revision}, ${formatDateTime(latest.submittedAt, timeZone)}${latest.late ? ' (muộn)' : ''}${from ? ` – ${from}` : ''}`,
    '',
    ...latest.items.map(itemLine),
  );
  if (latest.proposals.length > 0) lines.push(`Đề xuất: ${latest.proposals.join('; ')}`);
  if (missing.length > 0) lines.push(`Còn thiếu: ${missing.join(', ')}`);
  if (revisions.length > 1) {
    lines.push('', bold('Các lần gửi trước:'));
    for (const r of revisions.slice(1)) {
      lines.push(
        `Lần ${r.revision} – ${formatDateTime(r.submittedAt, timeZone)}${r.late ? ' (muộn)' : ''}:`,
        ...r.items.map((i) => `   ${itemLine(i)}`),
      );
    }
  }
  return lines.join('\n');
}

export function otherUnitsReportMessage(): string {
  return 'Mỗi đơn vị chỉ xem được báo cáo của mình. Gõ /xem để xem báo cáo của đơn vị.';
}

/** After a status button: what was recorded, and the question for the result (answered by replying). */
export function askResultMessage(
  taskCode: string,
  status: TaskStatus,
  revision: number,
  hasResult: boolean,
): string {
  return [
    `Đã ghi ${bold(taskCode)} – ${statusLabel(status)} (lần ${revision}).`,
    hasResult
      ? `Muốn sửa kết quả ${taskCode}, trả lời tin nhắn này bằng một dòng ngắn.`
      : `Kết quả thực hiện ${taskCode} là gì? Trả lời tin nhắn này bằng một dòng ngắn, ví dụ: tổ chức 2 hội nghị, 150 lượt tham dự.`,
  ].join('\n');
}

export function staleButtonMessage(
  reason: 'invalid' | 'other_unit' | 'closed' | 'not_yours',
  period: Period | null,
): string {
  switch (reason) {
    case 'invalid':
      return 'Nút này không còn hiệu lực. Gửi báo cáo bằng tin nhắn, ví dụ: NV3: đang thực hiện - …';
    case 'other_unit':
      return 'Nút này thuộc lời nhắc gửi đơn vị khác, không ghi nhận cho nhóm này.';
    case 'closed':
      return `Kỳ báo cáo ${period ? periodLabel(period) : ''} đã kết thúc. Gửi báo cáo bằng tin nhắn, ghi rõ kỳ ở dòng đầu.`;
    case 'not_yours':
      return 'Nhiệm vụ này không thuộc đơn vị trong kỳ báo cáo này.';
  }
}

export function buttonAck(taskCode: string, status: TaskStatus): string {
  return `Đã ghi ${taskCode}: ${statusLabel(status)}`;
}

export function reportUsageMessage(): string {
  return `Viết báo cáo ngay sau lệnh, mỗi nhiệm vụ một dòng, ví dụ:\n/baocao ${reportExample()}`;
}

export function viewNeedsUnitMessage(): string {
  return 'Gõ /xem kèm tên đơn vị, ví dụ: /xem Phòng KT-HT-ĐT năm 2026';
}

export function answerUsageMessage(): string {
  return 'Gõ: /traloi <số> <nội dung trả lời>, ví dụ: /traloi 3 Đã bố trí kinh phí in tài liệu trong quý IV.';
}

export function closeUsageMessage(): string {
  return 'Gõ: /dong <số vướng mắc>';
}

/** No difficulty has that number; `listHint` adds how to see the list. */
export function unknownDifficultyMessage(id: number, listHint: boolean): string {
  return `Không có vướng mắc số ${id}.${listHint ? ' Gõ /vuongmac để xem danh sách.' : ''}`;
}

/** The office answered a difficulty: sent to the unit's chat, or kept until the unit registers one. */
export function answerSentMessage(id: number, unit: string, delivered: boolean): string {
  return delivered
    ? `Đã gửi trả lời vướng mắc số ${id} tới ${unit}. Gõ /dong ${id} khi đã xử lý xong.`
    : `Đã lưu trả lời vướng mắc số ${id}, nhưng ${unit} chưa có nhóm đăng ký để nhận.`;
}

export function difficultyClosedMessage(id: number): string {
  return `Đã đóng vướng mắc số ${id}.`;
}
