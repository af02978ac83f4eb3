import type { Period } from '../periods/periods';
import { ONE_LINE_EXAMPLE } from './help';
import { periodLabel } from './labels';

export function thanksMessage(): string {
  return 'Dạ, Bot cảm ơn anh/chị.';
}

/** A greeting answered: a unit is shown how to report; the office and the leaders, how to ask. */
export function greetingMessage(reports: boolean): string {
  return reports
    ? `Kính chào anh/chị. Anh/chị gửi báo cáo ngay trong tin nhắn, mỗi nhiệm vụ một dòng, ví dụ: ${ONE_LINE_EXAMPLE}; hoặc gõ /help để xem hướng dẫn.`
    : 'Kính chào anh/chị. Anh/chị có thể hỏi trực tiếp, ví dụ: “tình hình báo cáo thế nào rồi?”, hoặc gõ /help để xem các lệnh.';
}

/**
 * The answer to the head of a report sent before its lines ("Dạ em gửi báo cáo năm 2026 ạ:"). `into` is
 * the period lines sent on their own would be filed to; `named`, the one the head names when that is
 * another: then the unit is told how to reach it, since a line sent on its own does not carry the head.
 */
export function openingMessage(into: Period | null, named: Period | null): string {
  const target = named ?? into;
  const lines = [
    `Dạ, mời anh/chị gửi báo cáo${target ? ` ${periodLabel(target)}` : ''}: mỗi nhiệm vụ một dòng, ví dụ: ${ONE_LINE_EXAMPLE}; hoặc gửi tệp báo cáo (Word, PDF, ảnh chụp trang có chữ ký).`,
  ];
  if (named && (!into || into.id !== named.id))
    lines.push(
      into
        ? `Lưu ý: các dòng gửi riêng, không ghi tên kỳ, được ghi vào kỳ ${periodLabel(into)}. Để báo cáo kỳ ${periodLabel(named)}, đề nghị anh/chị trả lời tin nhắn này bằng các dòng báo cáo, hoặc ghi tên kỳ ở dòng đầu, trong cùng tin nhắn với các dòng báo cáo.`
        : `Đề nghị anh/chị trả lời tin nhắn này bằng các dòng báo cáo, hoặc ghi tên kỳ ở dòng đầu, trong cùng tin nhắn với các dòng báo cáo.`,
    );
  return lines.join('\n');
}
