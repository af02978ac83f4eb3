import type { OfficeNames } from './labels';
import type { Unit } from '../plan/types';
import { formatDateTime } from './dates';
import { bold } from './format';

export type BindTarget =
  | { role: 'unit'; unit: Unit }
  | { role: 'office'; unit: Unit }
  | { role: 'leader' }
  | { role: 'supervisor'; unit: Unit };

function targetName(t: BindTarget): string {
  switch (t.role) {
    case 'leader':
      return 'Lãnh đạo phường';
    case 'office':
      return `${t.unit.name} (đầu mối theo dõi)`;
    case 'supervisor':
      return `${t.unit.name} (giám sát)`;
    case 'unit':
      return t.unit.name;
  }
}

export function inviteCreatedMessage(
  code: string,
  target: BindTarget,
  expiresAt: Date,
  timeZone: string,
): string {
  const whose =
    target.role === 'leader' ? 'lãnh đạo' : target.role === 'supervisor' ? 'cơ quan giám sát' : 'đơn vị';
  return [
    bold(`Mã đăng ký cho ${targetName(target)}: ${code}`),
    `Dùng được một lần, hết hạn lúc ${formatDateTime(expiresAt, timeZone)}.`,
    `Thêm bot vào nhóm chat của ${whose}, rồi gõ trong nhóm:`,
    `/dangky ${code}`,
  ].join('\n');
}

export function boundMessage(target: BindTarget, previous: string | null): string {
  const lines = [bold(`Đã đăng ký nhóm này cho ${targetName(target)}.`)];
  if (previous) lines.push(`(Trước đây nhóm đăng ký cho ${previous}.)`);
  if (target.role === 'unit') {
    lines.push(
      'Bot sẽ nhắc đơn vị trước mỗi hạn báo cáo 6 tháng và năm, và nhận báo cáo ngay trong nhóm.',
      'Gõ /nhiemvu để xem nhiệm vụ của đơn vị, /help để xem hướng dẫn báo cáo.',
    );
  } else if (target.role === 'office') {
    lines.push('Nhóm nhận vướng mắc của các đơn vị và bản tin tình hình. Gõ /help để xem các lệnh.');
  } else if (target.role === 'supervisor') {
    lines.push(
      'Nhóm được xem tình hình báo cáo của các đơn vị và nhận bản tin định kỳ để theo dõi, giám sát; nhóm không phải gửi báo cáo. Gõ /help để xem các lệnh tra cứu.',
    );
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
      return `Mã đăng ký không đúng. Đề nghị anh/chị kiểm tra lại mã (8 ký tự, ví dụ ABCD-2345) hoặc đề nghị ${office.name} cấp mã mới.`;
    case 'used':
      return `Mã đăng ký này đã được dùng; mỗi mã chỉ dùng được một lần. Đề nghị ${office.name} cấp mã mới.`;
    case 'expired':
      return `Mã đăng ký đã hết hạn. Đề nghị ${office.name} cấp mã mới.`;
  }
}

export function unboundMessage(name: string, count: number): string {
  return count === 0 ? `${name} chưa có nhóm nào đăng ký.` : `Đã hủy đăng ký ${count} nhóm của ${name}.`;
}

export function unboundNoticeForChat(): string {
  return 'Nhóm này đã được hủy đăng ký. Bot sẽ không gửi nhắc báo cáo hay bản tin vào nhóm nữa.';
}

export function taomaUsage(): string {
  return [
    'Gõ /taoma kèm tên đơn vị, ví dụ: /taoma Phòng KT-HT-ĐT',
    'Nhóm lãnh đạo: /taoma lanhdao. Nhóm của cơ quan giám sát: /taoma giamsat <cơ quan>, ví dụ: /taoma giamsat mttq',
  ].join('\n');
}

export function huydangkyUsage(): string {
  return 'Gõ /huydangky kèm tên đơn vị, ví dụ: /huydangky Trạm Y tế (hoặc /huydangky lanhdao, /huydangky giamsat mttq).';
}

/** `/taoma giamsat` without a body, or with one that does not supervise. */
export function supervisorTargetMessage(query: string, bodies: Unit[]): string {
  const list = bodies.map((u) => `• ${u.short} – ${u.name}`);
  return [
    query
      ? `"${query}" không phải cơ quan giám sát. Các cơ quan giám sát trong tệp tổ chức của phường:`
      : 'Gõ /taoma giamsat kèm tên cơ quan giám sát, ví dụ: /taoma giamsat mttq. Các cơ quan giám sát:',
    ...list,
  ].join('\n');
}

/** `/donvi`: which units have a bound chat and which do not. */
export function registrationsMessage(
  rows: { unit: Unit; chats: string[] }[],
  leaders: string[],
  offices: string[],
  supervisors: { unit: Unit; chats: string[] }[],
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
  for (const r of supervisors)
    lines.push(`Giám sát – ${r.unit.short}: ${r.chats.join('; ') || 'chưa có nhóm'}`);
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
