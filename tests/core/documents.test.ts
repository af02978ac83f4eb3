import { describe, expect, it } from 'vitest';
import {
  fileCandidate,
  formatSize,
  namesReport,
  textReadsAsReport,
  zipEntryName,
} from '../../src/core/documents';

const PLANS = ['168'];

describe('when a file is the unit’s report', () => {
  it('is one when addressed to the bot, or when its caption or name names a report or the plan', () => {
    const arrive = (addressed: boolean, caption: string, name: string | null) => ({
      addressed,
      caption,
      name,
    });
    expect(fileCandidate(arrive(true, '', null), 'photo', PLANS)).toBe('report');
    expect(fileCandidate(arrive(false, 'Em gửi báo cáo năm ạ', null), 'photo', PLANS)).toBe('report');
    expect(fileCandidate(arrive(false, '/baocao', null), 'photo', PLANS)).toBe('report');
    expect(fileCandidate(arrive(false, '', 'BC_6thang_2026.pdf'), 'document', PLANS)).toBe('report');
    expect(fileCandidate(arrive(false, '', 'KQ thuc hien KH168.docx'), 'document', PLANS)).toBe('report');
    // A document with a neutral name may be one: its text decides. A photo of an event is not.
    expect(fileCandidate(arrive(false, '', 'van ban so 45.docx'), 'document', PLANS)).toBe('read_text');
    expect(fileCandidate(arrive(false, 'Ảnh hội nghị sáng nay', null), 'photo', PLANS)).toBe('not_report');
    expect(fileCandidate(arrive(false, '', 'slide-tap-huan.pdf'), 'document', PLANS)).toBe('read_text');
  });

  it('does not take words that merely contain the letters', () => {
    expect(namesReport('abc.pdf', PLANS)).toBe(false);
    expect(namesReport('KH1680.pdf', PLANS)).toBe(false);
    expect(namesReport('Kế hoạch số 168/KH-UBND', PLANS)).toBe(true);
    expect(namesReport('baocao.docx', PLANS)).toBe(true);
  });

  it('reads a text as a report by task lines, or by a report heading that names the plan', () => {
    expect(textReadsAsReport('Kính gửi: Phòng VHXH\nNV3: hoàn thành - 2 hội nghị', PLANS)).toBe(true);
    expect(textReadsAsReport('BÁO CÁO\nKết quả thực hiện Kế hoạch số 168/KH-UBND năm 2026\n…', PLANS)).toBe(
      true,
    );
    expect(textReadsAsReport('GIẤY MỜI\nMời dự hội nghị triển khai Kế hoạch số 168/KH-UBND', PLANS)).toBe(
      false,
    );
    expect(textReadsAsReport('BÁO CÁO tài chính quý III', PLANS)).toBe(false);
    expect(textReadsAsReport(null, PLANS)).toBe(false);
  });

  it('names files for people and for the zip', () => {
    expect(formatSize(160)).toBe('160 byte');
    expect(formatSize(35_000)).toBe('34 KB');
    expect(formatSize(2_500_000)).toBe('2,4 MB');
    expect(zipEntryName('Phòng KT-HT-ĐT', '2026-06-05', 2, 'Báo cáo 6 tháng (bản ký).docx', 'docx')).toBe(
      'Phòng KT-HT-ĐT/2026-06-05_lan-2_bao-cao-6-thang-ban-ky.docx',
    );
    expect(zipEntryName('A/B: C', '2026-06-05', null, null, 'jpg')).toBe('A-B- C/2026-06-05_anh.jpg');
  });
});
