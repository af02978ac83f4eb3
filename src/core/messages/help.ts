import type { OfficeNames } from './labels';
import { bold } from './format';

export type HelpAudience = 'unbound' | 'unit' | 'office' | 'leader' | 'supervisor';

const REPORT_EXAMPLE = [
  'Báo cáo 6 tháng đầu năm 2026',
  'NV3: đang thực hiện - tổ chức 2 hội nghị quán triệt, 150 lượt CBCC tham dự',
  'NV7: hoàn thành - đăng ký mô hình "Dân vận khéo"',
  'Vướng mắc: thiếu kinh phí in tài liệu',
];

/** The one-line example of a report reply shown in reminders and error answers. */
export const ONE_LINE_EXAMPLE = 'NV3: đang thực hiện - tổ chức 2 hội nghị, 150 lượt tham dự';

export function reportExample(): string {
  return REPORT_EXAMPLE.join('\n');
}

/** One command as /help lists it: its name, what follows it, and what it does. */
export interface HelpLine {
  command: string;
  usage: string;
  description: string;
}

function commandLines(lines: readonly HelpLine[]): string[] {
  return lines.map((l) => `/${l.command}${l.usage ? ` ${l.usage}` : ''} – ${l.description}`);
}

/**
 * What the bot can do, by who is asking: the commands of that role, each as its own description says
 * (`lines`), framed by what only /help says (the report template, the plain questions it takes).
 */
export function helpMessage(audience: HelpAudience, lines: readonly HelpLine[], office: OfficeNames): string {
  switch (audience) {
    case 'unbound':
      return [
        bold('Xin chào anh/chị! Đây là bot theo dõi việc thực hiện Kế hoạch của Ủy ban nhân dân phường.'),
        'Nhóm chat này chưa được đăng ký với đơn vị nào.',
        `Để đăng ký, đề nghị ${office.name} cấp mã đăng ký, rồi gõ trong nhóm:`,
        '/dangky <mã>',
      ].join('\n');
    case 'unit':
      return [
        bold('Bot giúp đơn vị:'),
        ...commandLines(lines),
        '/help – hướng dẫn này',
        'Hỏi bằng lời cũng được: "đơn vị mình phụ trách gì?"; các dòng báo cáo gửi không cần lệnh.',
        '',
        bold('Mẫu báo cáo (có dấu hay không dấu đều được):'),
        reportExample(),
        '',
        'Trạng thái: "hoàn thành", "đang thực hiện", "chưa thực hiện" (hoặc HT, ĐTH, CTH), hoặc "không phát sinh" khi trong kỳ không có việc phát sinh.',
        'Sửa: gửi lại dòng của nhiệm vụ, ví dụ "Sửa lại NV3: hoàn thành"; bản cũ vẫn được lưu.',
        'Hỏi bot (nhắc tên bot hoặc trả lời tin nhắn của bot): "phòng mình còn thiếu gì?", "NV3 đến đâu rồi?".',
        'Khó khăn, vướng mắc gửi bất cứ lúc nào: "Vướng mắc: …".',
        'Gửi văn bản báo cáo (Word, PDF, ảnh trang có chữ ký): trả lời tin nhắc của bot bằng tệp, hoặc ghi "/baocao" ở lời nhắn kèm tệp.',
      ].join('\n');
    case 'office':
      return [
        bold(`Lệnh của ${office.name}:`),
        ...commandLines(lines),
        '',
        'Kỳ viết như: "6 tháng 2026", "năm 2026", "đột xuất 1". Bỏ trống là kỳ hiện tại.',
        'Hỏi thường cũng được: "tình hình báo cáo thế nào rồi?", "đơn vị nào chưa nộp?", "NV6 đến đâu rồi?", "Trạm y tế nộp chưa?".',
      ].join('\n');
    case 'leader':
      return [
        bold('Lãnh đạo có thể xem:'),
        ...commandLines(lines),
        'Hỏi thường cũng được: "tình hình báo cáo thế nào rồi?", "ai còn nợ báo cáo?", "NV6 đến đâu rồi?".',
        'Bản tin tình hình được gửi tự động vào nhóm này.',
      ].join('\n');
    case 'supervisor':
      return [
        bold('Cơ quan giám sát có thể xem:'),
        ...commandLines(lines),
        'Bản tin tình hình được gửi tự động vào nhóm này. Nhóm không phải gửi báo cáo.',
      ].join('\n');
  }
}

/** An unbound chat asked for something: it learns nothing but how to register. */
export function notRegisteredMessage(office: OfficeNames): string {
  return [
    'Nhóm chat này chưa được đăng ký nên bot chưa thể trả lời.',
    `Đề nghị ${office.name} cấp mã đăng ký, rồi gõ trong nhóm: /dangky <mã>`,
  ].join('\n');
}

/** Who a command is for, in words: the office, the office and the leaders, or the units. */
export function notAllowedMessage(command: string, audience: readonly string[], office: OfficeNames): string {
  const who = [
    audience.includes('office') ? office.name : null,
    audience.includes('leader') ? 'lãnh đạo' : null,
    audience.includes('supervisor') ? 'cơ quan giám sát' : null,
    audience.includes('unit') ? 'các đơn vị' : null,
  ].filter((w): w is string => w !== null);
  const list =
    who.length > 1 ? `${who.slice(0, -1).join(', ')} và ${who.at(-1)}` : (who[0] ?? 'quản trị viên');
  return `Lệnh /${command} chỉ dành cho ${list}.`;
}

export function unknownCommandMessage(command: string): string {
  return `Bot không có lệnh /${command}. Gõ /help để xem các lệnh.`;
}

export function notUnderstoodMessage(): string {
  return [
    'Bot chưa hiểu tin nhắn này.',
    `Để báo cáo, mỗi nhiệm vụ một dòng, ví dụ: ${ONE_LINE_EXAMPLE}`,
    'Gõ /help để xem hướng dẫn.',
  ].join('\n');
}

export function internalErrorMessage(): string {
  return 'Bot gặp lỗi khi xử lý tin nhắn này; tin nhắn đã được lưu lại. Đề nghị anh/chị thử lại sau ít phút.';
}

/** Told once per chat while the database cannot be written: the message waits with the platform or in the journal. */
export function storageTroubleMessage(): string {
  return 'Bot đang gặp sự cố lưu trữ dữ liệu. Tin nhắn của anh/chị đã được giữ lại và sẽ được xử lý ngay khi sự cố được khắc phục; không cần gửi lại.';
}

/** Told to the office once when a message could not be delivered for good. */
export function deliveryFailedMessage(chatName: string, reason: string): string {
  const why: Record<string, string> = {
    recipient_gone: 'bot đã bị xóa khỏi nhóm, nhóm không còn, hoặc người nhận đã chặn bot',
    rejected: 'nền tảng từ chối nội dung tin nhắn',
    network: 'lỗi kết nối kéo dài',
    auth: 'bot mất quyền đăng nhập',
  };
  return [
    `Không gửi được tin nhắn tới ${chatName}: ${why[reason] ?? reason}.`,
    'Kiểm tra lại nhóm (thêm lại bot rồi đăng ký lại bằng /taoma, /dangky nếu cần).',
  ].join('\n');
}
