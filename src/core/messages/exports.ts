import type { CompiledPeriod, ScoreRow } from '../compile';
import type { Period } from '../periods/periods';
import type { Plan } from '../plan/types';
import { fold } from '../text/fold';
import { bold } from './format';
import type { OfficeNames } from './labels';
import { periodLabel } from './labels';

/** `KH168-6T2026`, `KH168-N2026`, `KH168-DX3-2026`: ASCII, safe in any file system and chat. */
export function exportFileStem(plan: Plan, period: Period): string {
  const number = fold(plan.number.split('/')[0] ?? plan.id).replace(/[^a-z0-9]+/g, '');
  const code =
    period.kind === 'six_month'
      ? `6T${period.year}`
      : period.kind === 'annual'
        ? `N${period.year}`
        : `DX${period.number}-${period.year}`;
  return `KH${number}-${code}`;
}

function exportFigures(model: CompiledPeriod): string[] {
  const reported = model.counts.on_time + model.counts.late;
  return [
    bold(`Tổng hợp báo cáo ${periodLabel(model.period)} – Kế hoạch số ${model.plan.number}`),
    `${reported}/${model.units.length} đơn vị đã gửi (${model.counts.late} muộn), ${model.lines.length} dòng báo cáo kể cả các lần sửa, ${model.difficulties.length} vướng mắc.`,
  ];
}

export function exportStartedMessage(model: CompiledPeriod): string {
  return [
    ...exportFigures(model),
    `Đang tạo bảng tính và hai dự thảo báo cáo (của UBND phường và của ${model.office.name}); tệp sẽ được gửi ngay sau tin này.`,
  ].join('\n');
}

/**
 * `/xuat` on a channel that takes no documents (the Zalo Bot Platform): the figures, and where the files
 * are instead — the office's chats on a channel that takes them (by name), else the server's export folder.
 */
export function exportNoFilesHereMessage(
  model: CompiledPeriod,
  elsewhere: readonly string[],
  webPage = false,
): string {
  return [
    ...exportFigures(model),
    'Kênh này không nhận tệp, nên bảng tính và các dự thảo báo cáo được lưu trên máy chủ của bot.',
    ...(webPage
      ? ['Để tải tệp, anh/chị gõ /web để nhận đường dẫn đăng nhập trang theo dõi, rồi mở mục "Xuất tệp".']
      : []),
    elsewhere.length > 0
      ? `${webPage ? 'Hoặc gõ' : 'Để nhận tệp, anh/chị gõ'} /xuat trong ${elsewhere.join(', ')}.`
      : webPage
        ? 'Hoặc gõ /xuat trong nhóm của Phòng trên Telegram.'
        : 'Để nhận tệp, anh/chị gõ /xuat trong nhóm của Phòng trên Telegram, hoặc nhờ quản trị viên lấy tệp trong thư mục xuất tệp trên máy chủ.',
  ].join('\n');
}

export function exportFailedMessage(): string {
  return 'Không tạo được tệp tổng hợp do lỗi của bot; dữ liệu báo cáo không bị ảnh hưởng. Đề nghị anh/chị thử lại sau ít phút hoặc báo quản trị viên.';
}

export function scorecardMessage(
  plan: Plan,
  office: OfficeNames,
  year: number,
  rows: readonly ScoreRow[],
): string {
  if (rows.length === 0)
    return `Kế hoạch số ${plan.number} chưa có đơn vị nào phải báo cáo trong năm ${year}.`;
  const lines = rows.map((r) => {
    const done = r.tasksAsked > 0 ? `; hoàn thành ${r.tasksDone}/${r.tasksAsked} nhiệm vụ` : '';
    const counts =
      r.due === 0
        ? 'chưa đến hạn báo cáo'
        : `${r.onTime}/${r.due} đúng hạn, ${r.late} muộn, ${r.missing} chưa nộp`;
    return `${r.rank}. ${r.unit.short} – ${counts}${done}`;
  });
  return [
    bold(`Theo dõi việc gửi báo cáo năm ${year} – Kế hoạch số ${plan.number}`),
    'Xếp theo: ít báo cáo chưa nộp, ít báo cáo muộn, nhiều nhiệm vụ đơn vị tự báo cáo hoàn thành.',
    '',
    ...lines,
    '',
    ...scorecardNote(plan, office),
  ].join('\n');
}

/**
 * What the scorecard is, and what it is not: the plan's own criterion quoted (section I.2.c of Plan 168),
 * then the bot's note that the table only tracks reporting.
 */
export function scorecardNote(plan: Plan, office: OfficeNames): string[] {
  const own = `Bảng này chỉ tổng hợp việc gửi báo cáo và trạng thái do các đơn vị tự báo cáo qua bot để ${office.name} theo dõi; không phải kết quả đánh giá, xếp loại thi đua.`;
  if (!plan.criterion) return [own];
  return [`Mục ${plan.criterion.section} của Kế hoạch số ${plan.number}: “${plan.criterion.text}”`, own];
}

export function unknownYearMessage(text: string, from: number, to: number): string {
  return `Không rõ năm "${text}". Kế hoạch áp dụng từ năm ${from} đến năm ${to}, ví dụ: /xephang ${from + 1}.`;
}
