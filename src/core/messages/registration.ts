import type { OfficeNames } from './labels';
import type { Unit } from '../plan/types';
import { formatDateTime } from './dates';
import { bold } from './format';

export type BindTarget = { role: 'unit'; unit: Unit } | { role: 'office'; unit: Unit } | { role: 'leader' };

function targetName(t: BindTarget): string {
  return t.role === 'leader'
    ? 'Lãnh đạo phường'
    : t.role === 'office'
      ? `${t.unit.name} (đầu mối theo dõi)`
      : t.unit.name;
}

export function inviteCreatedMessage(
  code: string,
  target: BindTarget,
  expiresAt: Date,
  timeZone: string,
): string {
  return [
    bold(`Mã đăng ký cho ${targetName(target)}: ${code}`),
    `Dùng được một lần, hết hạn lúc ${formatDateTime(expiresAt, timeZone)}.`,
    `Thêm bot vào nhóm chat của ${target.role === 'leader' ? 'lãnh đạo' : 'đơn vị'}, rồi gõ trong nhóm:`,
    `/dangky ${code}`,
  ].join('\n');
}

export function boundMessage(target: BindTarget, previous: string | null): string {
  const lines = [bold(`Đã đăng ký nhóm này cho ${targetName(target)}.`)];
  if (previous) lines.push(`(Trước đây nhóm đăng ký cho ${previous}.)`);
  if (target.role === 'unit') {
    lines.push(
      'Tôi sẽ nhắc đơn vị trước mỗi hạn báo cáo 6 tháng và năm, và nhận báo cáo ngay trong nhóm.',
      'Gõ /nhiemvu để xem nhiệm vụ của đơn vị, /help để xem hướng dẫn báo cáo.',
    );
  } else if (target.role === 'office') {
    lines.push('Nhóm nhận vướng mắc của các đơn vị và bản tin tình hình. Gõ /help để xem các lệnh.');
  } else {
    lines.push('Nhóm sẽ nhận bản tin tình hình báo cáo định kỳ. Gõ /help để xem các lệnh tra cứu.');
  }
  return lines.join('\n');
}

export function boundNoticeForOffice(target: BindTarget, chatTitle: string | null): string {
  return `Nhóm "${chatTitle ?? 'không tên'}" vừa đăng ký cho ${targetName(target)}.`;
}

export function inviteProblemMessage(
  problem: 'unknown' | 'used' | 'expired' | 'missing',
  office: OfficeNames,
): string {
  switch (problem) {
    case 'missing':
      return 'Gõ kèm mã đăng ký, ví dụ: /dangky ABCD-2345';
    case 'unknown':
      return `Mã đăng ký không đúng. Kiểm tra lại mã (8 ký tự, ví dụ ABCD-2345) hoặc xin mã mới từ ${office.name}.`;
    case 'used':
      return `Mã đăng ký này đã được dùng. Mỗi mã chỉ dùng một lần: xin mã mới từ ${office.name}.`;
    case 'expired':
      return `Mã đăng ký đã hết hạn. Xin mã mới từ ${office.name}.`;
  }
}

export function unboundMessage(name: string, count: number): string {
  return count === 0 ? `${name} chưa có nhóm nào đăng ký.` : `Đã hủy đăng ký ${count} nhóm của ${name}.`;
}

export function unboundNoticeForChat(): string {
  return 'Nhóm này đã được hủy đăng ký. Tôi sẽ không gửi nhắc báo cáo vào nhóm nữa.';
}

export function taomaUsage(): string {
  return 'Gõ /taoma kèm tên đơn vị, ví dụ: /taoma Phòng KT-HT-ĐT (hoặc /taoma lanhdao cho nhóm lãnh đạo).';
}

export function huydangkyUsage(): string {
  return 'Gõ /huydangky kèm tên đơn vị, ví dụ: /huydangky Trạm Y tế (hoặc /huydangky lanhdao).';
}

/** `/donvi`: which units have a bound chat and which do not. */
export function registrationsMessage(
  rows: { unit: Unit; chats: string[] }[],
  leaders: string[],
  offices: string[],
  office: OfficeNames,
): string {
  const bound = rows.filter((r) => r.chats.length > 0);
  const unbound = rows.filter((r) => r.chats.length === 0);
  const lines = [bold(`Đăng ký nhóm: ${bound.length}/${rows.length} đơn vị đã có nhóm`)];
  if (bound.length > 0) {
    lines.push('', bold('Đã đăng ký:'));
    for (const r of bound) lines.push(`• ${r.unit.short} – ${r.chats.join('; ')}`);
  }
  if (unbound.length > 0) {
    lines.push('', bold('Chưa đăng ký:'));
    for (const r of unbound) lines.push(`• ${r.unit.short}`);
    lines.push('Tạo mã cho đơn vị bằng /taoma <đơn vị>.');
  }
  lines.push('', `${office.short} (đầu mối): ${offices.join('; ') || 'chưa có nhóm'}`);
  lines.push(`Lãnh đạo: ${leaders.join('; ') || 'chưa có nhóm'}`);
  return lines.join('\n');
}

/** The leaders' chats, as the office reads them in lists. */
export const LEADERS_LABEL = 'Lãnh đạo phường';

/** A chat in a list: its title, else what kind of chat it is. */
export function chatLabel(chat: { title: string | null; kind: 'group' | 'direct' }): string {
  return chat.title ? `"${chat.title}"` : chat.kind === 'direct' ? 'chat riêng' : 'nhóm không tên';
}

/** The office's own chat in the console. */
export function consoleOfficeTitle(officeShort: string): string {
  return `${officeShort} (văn phòng)`;
}
