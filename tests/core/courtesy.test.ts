import { describe, expect, it } from 'vitest';
import { courtesyOf } from '../../src/core/report/courtesy';
import { parseReport } from '../../src/core/report/parse';

const courtesy = (text: string) => courtesyOf(text, parseReport(text));

describe('what people send around a report, one message at a time', () => {
  it.each([
    ['Em cảm ơn ạ', 'thanks'],
    ['cảm ơn bot nhé', 'thanks'],
    ['Dạ em cảm ơn chị nhiều ạ!', 'thanks'],
    ['tks', 'thanks'],
    ['ok em', 'ack'],
    ['Dạ vâng ạ', 'ack'],
    ['oke', 'ack'],
    ['👍', 'ack'],
    ['Đã nhận', 'ack'],
    ['Chào bot', 'greeting'],
    ['Em chào chị ạ', 'greeting'],
    ['xin chao', 'greeting'],
    ['Dạ em chào chị, Trạm y tế gửi báo cáo năm 2026 ạ:', 'opening'],
    ['Kính gửi Phòng Văn hóa - Xã hội', 'opening'],
    ['Báo cáo 6 tháng cuối năm 2026', 'opening'],
    ['Em gửi báo cáo ạ', 'opening'],
  ])('%s → %s', (text, expected) => {
    expect(courtesy(text)).toBe(expected);
  });

  it.each([
    'NV3: hoàn thành',
    'NV3 năm nay ai phụ trách vậy mọi người?',
    'Báo cáo 6 tháng hạn ngày nào vậy anh?',
    'ok em, mai chị gửi file tổng hợp cho phòng nhé',
    'Cảm ơn bot, nhưng NV7 em ghi nhầm',
    'Vướng mắc: thiếu kinh phí in tài liệu',
    'chiều nay họp giao ban lúc 14h',
    'asdfgh',
  ])('%s is no courtesy', (text) => {
    expect(courtesy(text)).toBeNull();
  });
});
