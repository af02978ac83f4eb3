import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { figuresOf, parsePeriodRef, parseReport } from '../../src/core/report/parse';
import type { ParsedReport, TaskStatus } from '../../src/core/report/types';

type Item = [code: string, status: TaskStatus | null, result: string];

interface Case {
  text: string;
  items?: Item[];
  difficulties?: string[];
  proposals?: string[];
  unreadable?: [line: number, reason: string][];
  period?: ParsedReport['period'];
  report?: boolean;
}

const D = 'done';
const P = 'in_progress';
const N = 'not_started';

/** Real-looking replies and what the parser must make of them. */
const CASES: Case[] = [
  // The example of the issue, with and without accents.
  {
    text: 'Báo cáo 6 tháng đầu năm 2026\nNV3: đang thực hiện - tổ chức 2 hội nghị quán triệt, 150 lượt CBCC tham dự\nNV7: hoàn thành - đăng ký mô hình "Dân vận khéo" về cải cách hành chính\nVướng mắc: thiếu kinh phí in tài liệu\nĐề xuất: bổ sung kinh phí',
    items: [
      ['NV3', P, 'tổ chức 2 hội nghị quán triệt, 150 lượt CBCC tham dự'],
      ['NV7', D, 'đăng ký mô hình "Dân vận khéo" về cải cách hành chính'],
    ],
    difficulties: ['thiếu kinh phí in tài liệu'],
    proposals: ['bổ sung kinh phí'],
    period: { kind: 'six_month', year: 2026 },
  },
  {
    text: 'bao cao 6 thang dau nam 2026\nnv3: dang thuc hien - to chuc 2 hoi nghi\nnv7: hoan thanh - dang ky mo hinh\nvuong mac: thieu kinh phi',
    items: [
      ['NV3', P, 'to chuc 2 hoi nghi'],
      ['NV7', D, 'dang ky mo hinh'],
    ],
    difficulties: ['thieu kinh phi'],
    period: { kind: 'six_month', year: 2026 },
  },
  // Task reference forms.
  { text: 'NV3: xong', items: [['NV3', D, '']] },
  { text: 'NV 3: xong', items: [['NV3', D, '']] },
  { text: 'nv3 xong', items: [['NV3', D, '']] },
  { text: 'Nv.3 - xong', items: [['NV3', D, '']] },
  { text: 'NV-3: xong', items: [['NV3', D, '']] },
  { text: 'NV03: xong', items: [['NV3', D, '']] },
  { text: 'Nhiệm vụ 3: xong', items: [['NV3', D, '']] },
  { text: 'nhiem vu so 3: xong', items: [['NV3', D, '']] },
  { text: 'Nhiệm vụ số 3 – hoàn thành', items: [['NV3', D, '']] },
  { text: 'NHIỆM VỤ 5. ĐANG THỰC HIỆN. TIẾP CÔNG DÂN 4 BUỔI', items: [['NV5', P, 'TIẾP CÔNG DÂN 4 BUỔI']] },
  // Separators.
  { text: 'NV3 - đang thực hiện - 2 hội nghị', items: [['NV3', P, '2 hội nghị']] },
  { text: 'NV3 – đang thực hiện – 2 hội nghị', items: [['NV3', P, '2 hội nghị']] },
  { text: 'NV3. Đang thực hiện. 2 hội nghị', items: [['NV3', P, '2 hội nghị']] },
  { text: 'NV3 đang thực hiện 2 hội nghị', items: [['NV3', P, '2 hội nghị']] },
  { text: 'NV3 = hoàn thành', items: [['NV3', D, '']] },
  { text: 'NV3 > hoàn thành, 3 lớp', items: [['NV3', D, '3 lớp']] },
  { text: 'NV3:hoàn thành-3 lớp', items: [['NV3', D, '3 lớp']] },
  { text: '   NV3   :   hoàn   thành   ', items: [['NV3', D, '']] },
  // Status synonyms.
  { text: 'NV1: HT', items: [['NV1', D, '']] },
  { text: 'NV1: đã hoàn thành', items: [['NV1', D, '']] },
  { text: 'NV1: da xong', items: [['NV1', D, '']] },
  { text: 'NV1: hoàn tất việc rà soát', items: [['NV1', D, 'việc rà soát']] },
  { text: 'NV1: đã thực hiện 2 đợt', items: [['NV1', D, '2 đợt']] },
  { text: 'NV4: ĐTH', items: [['NV4', P, '']] },
  { text: 'NV4: dth - khảo sát', items: [['NV4', P, 'khảo sát']] },
  { text: 'NV4: đang làm', items: [['NV4', P, '']] },
  { text: 'NV4: đang triển khai khảo sát', items: [['NV4', P, 'khảo sát']] },
  { text: 'NV4: tiếp tục thực hiện', items: [['NV4', P, '']] },
  { text: 'NV4: chưa hoàn thành, còn 2 phần', items: [['NV4', P, 'còn 2 phần']] },
  { text: 'NV5: chưa làm', items: [['NV5', N, '']] },
  { text: 'NV5: chua thuc hien', items: [['NV5', N, '']] },
  { text: 'NV5: CTH', items: [['NV5', N, '']] },
  { text: 'NV5: chưa triển khai do thiếu người', items: [['NV5', N, 'do thiếu người']] },
  // Typos in status words.
  { text: 'NV6: hoan thnah', items: [['NV6', D, '']] },
  { text: 'NV6: dang thuc hein - 1 buổi', items: [['NV6', P, '1 buổi']] },
  { text: 'NV6: chua thuc hine', items: [['NV6', N, '']] },
  // Status in parentheses or at the end.
  { text: 'NV7 (hoàn thành) 3 mô hình', items: [['NV7', D, '3 mô hình']] },
  { text: 'NV7: 3 mô hình Dân vận khéo - đã hoàn thành', items: [['NV7', D, '3 mô hình Dân vận khéo']] },
  { text: 'NV7: 3 mô hình (đang thực hiện)', items: [['NV7', P, '3 mô hình']] },
  // No status: kept, the bot asks for it.
  { text: 'NV3: tổ chức 2 hội nghị', items: [['NV3', null, 'tổ chức 2 hội nghị']] },
  { text: 'NV3 - 2 hội nghị, 150 lượt', items: [['NV3', null, '2 hội nghị, 150 lượt']] },
  // Several tasks on one line.
  {
    text: 'NV3, NV7: hoàn thành',
    items: [
      ['NV3', D, ''],
      ['NV7', D, ''],
    ],
  },
  {
    text: 'NV3 và NV4: đang thực hiện',
    items: [
      ['NV3', P, ''],
      ['NV4', P, ''],
    ],
  },
  {
    text: 'NV3 và 4: HT',
    items: [
      ['NV3', D, ''],
      ['NV4', D, ''],
    ],
  },
  {
    text: 'NV3 + NV5 - xong',
    items: [
      ['NV3', D, ''],
      ['NV5', D, ''],
    ],
  },
  {
    text: 'NV3 & 5: chưa làm',
    items: [
      ['NV3', N, ''],
      ['NV5', N, ''],
    ],
  },
  // List markers, order, chatter.
  {
    text: '- NV3: xong\n- NV1: đang làm',
    items: [
      ['NV3', D, ''],
      ['NV1', P, ''],
    ],
  },
  {
    text: '1. NV3: xong\n2. NV4: xong',
    items: [
      ['NV3', D, ''],
      ['NV4', D, ''],
    ],
  },
  {
    text: '• NV7: hoàn thành\n+ NV3: đang thực hiện',
    items: [
      ['NV7', D, ''],
      ['NV3', P, ''],
    ],
  },
  {
    text: 'Kính gửi Phòng VHXH,\nĐơn vị báo cáo như sau:\nNV3: xong - 2 hội nghị\nTrân trọng!',
    items: [['NV3', D, '2 hội nghị']],
  },
  { text: 'Em gửi báo cáo ạ\nNV4: đang làm\nCảm ơn anh chị', items: [['NV4', P, '']] },
  // Continuation lines.
  {
    text: 'NV3: đang thực hiện\n- tổ chức 2 hội nghị\n- 150 lượt tham dự\nNV7: xong',
    items: [
      ['NV3', P, '- tổ chức 2 hội nghị\n- 150 lượt tham dự'],
      ['NV7', D, ''],
    ],
  },
  // A task number alone on its line, its text on the lines below (as letters are laid out).
  { text: 'NV3:\nhoàn thành - 2 hội nghị', items: [['NV3', D, '2 hội nghị']] },
  // Windows line endings, blank lines.
  {
    text: 'NV3: xong\r\n\r\nNV4: đang làm\r\n',
    items: [
      ['NV3', D, ''],
      ['NV4', P, ''],
    ],
  },
  // Difficulties and proposals.
  { text: 'Vướng mắc: thiếu máy tính', difficulties: ['thiếu máy tính'] },
  { text: 'vuong mac - thieu may tinh', difficulties: ['thieu may tinh'] },
  { text: 'Khó khăn: chưa có kinh phí', difficulties: ['chưa có kinh phí'] },
  { text: 'Khó khăn, vướng mắc: thiếu người', difficulties: ['thiếu người'] },
  { text: 'Kiến nghị: bổ sung biên chế', difficulties: ['bổ sung biên chế'] },
  { text: 'Vướng mắc:\nthiếu người\nthiếu tiền', difficulties: ['thiếu người\nthiếu tiền'] },
  { text: 'Vướng mắc: không', report: true },
  { text: 'Khó khăn: không có\nĐề xuất: Ko', report: true },
  { text: 'Đề xuất: tập huấn thêm', proposals: ['tập huấn thêm'] },
  { text: 'Đề xuất, kiến nghị: tăng kinh phí', proposals: ['tăng kinh phí'] },
  {
    text: 'NV3: xong\nVướng mắc: thiếu tiền\nĐề xuất: cấp thêm',
    items: [['NV3', D, '']],
    difficulties: ['thiếu tiền'],
    proposals: ['cấp thêm'],
  },
  // Headers.
  { text: 'Báo cáo năm 2026\nNV7: xong', items: [['NV7', D, '']], period: { kind: 'annual', year: 2026 } },
  { text: 'BC 6T/2026\nNV7: xong', items: [['NV7', D, '']], period: { kind: 'six_month', year: 2026 } },
  { text: '6 tháng 2026\nNV7: xong', items: [['NV7', D, '']], period: { kind: 'six_month', year: 2026 } },
  { text: 'Báo cáo đột xuất số 2\nNV1: xong', items: [['NV1', D, '']], period: { kind: 'adhoc', number: 2 } },
  {
    text: 'Báo cáo kết quả thực hiện KH 168 năm 2025\nNV7: xong',
    items: [['NV7', D, '']],
    period: { kind: 'annual', year: 2025 },
  },
  // Unreadable lines.
  { text: 'NV: xong', unreadable: [[1, 'no_task_number']] },
  { text: 'Nhiệm vụ: đã làm xong', unreadable: [[1, 'no_task_number']] },
  { text: 'Nhiệm vụ ba: đang làm', items: [['NV3', P, '']] },
  // "năm 2026" is a year: not task five.
  { text: 'Nhiệm vụ năm 2026: đang làm', unreadable: [[1, 'unknown_task_form']] },
  { text: 'NV3', unreadable: [[1, 'empty']] },
  { text: 'NV3: xong\nNV: cũng xong', items: [['NV3', D, '']], unreadable: [[2, 'no_task_number']] },
  // Several tasks on one line, each with its own status (review, November 2026).
  {
    text: 'a) NV3 – tổ chức 2 hội nghị quán triệt, hoàn thành; b) NV7 – Đang thực hiện',
    items: [
      ['NV3', D, 'tổ chức 2 hội nghị quán triệt'],
      ['NV7', P, ''],
    ],
  },
  {
    text: 'NV3 hoàn thành NV7 đang làm',
    items: [
      ['NV3', D, ''],
      ['NV7', P, ''],
    ],
  },
  {
    text: '1. NV3 hoàn thành 2. NV7 đang thực hiện',
    items: [
      ['NV3', D, ''],
      ['NV7', P, ''],
    ],
  },
  {
    text: 'NV1, 4, 5, 6: đang phối hợp',
    items: [
      ['NV1', P, ''],
      ['NV4', P, ''],
      ['NV5', P, ''],
      ['NV6', P, ''],
    ],
  },
  {
    text: 'Nhiệm vụ 3, nhiệm vụ 4: đang thực hiện',
    items: [
      ['NV3', P, ''],
      ['NV4', P, ''],
    ],
  },
  // A task named in passing inside another task's line is not a task line.
  {
    text: 'NV7: đang thực hiện, phối hợp với NV5 của Văn phòng',
    items: [['NV7', P, 'phối hợp với NV5 của Văn phòng']],
  },
  // A polite preface, on the same line or above.
  {
    text: 'Dạ em gửi báo cáo năm của phòng ạ. NV3: hoàn thành. NV7: đang thực hiện ạ.',
    items: [
      ['NV3', D, ''],
      ['NV7', P, ''],
    ],
    period: { kind: 'annual', year: null },
  },
  {
    text: 'Công an phường gửi báo cáo ạ: NV7 đã hoàn thành, NV3 đang thực hiện ạ.',
    items: [
      ['NV7', D, ''],
      ['NV3', P, ''],
    ],
  },
  // Letter heads, section headings, signatures and recipients around the task lines.
  {
    text: 'ỦY BAN NHÂN DÂN PHƯỜNG LÊ CHÂN\nTRẠM Y TẾ\nSố: 45/BC-TYT\nLê Chân, ngày 02 tháng 6 năm 2026\nBÁO CÁO\nI. Nhiệm vụ chủ trì\n1. Nhiệm vụ 3: Hoàn thành\nTRẠM TRƯỞNG\nNơi nhận:\n- Phòng VHXH;\n- NV5 lưu.',
    items: [['NV3', D, '']],
  },
  // Notes after the task number: its role, its title, a correction.
  { text: 'NV3 (chủ trì): đã hoàn thành', items: [['NV3', D, '']] },
  { text: 'Nhiệm vụ số 3 (Quy tắc ứng xử): Đang thực hiện', items: [['NV3', P, '']] },
  // The status anywhere in the line, labelled, in either order; everyday phrases.
  { text: 'Nhiệm vụ 3 đã hoàn thành', items: [['NV3', D, '']] },
  {
    text: 'NV5: Tiếp nhận 15 đơn. Tình trạng: hoàn thành.',
    items: [['NV5', D, 'Tiếp nhận 15 đơn.']],
  },
  { text: 'NV3: xong rồi', items: [['NV3', D, '']] },
  { text: 'NV5: đã triển khai', items: [['NV5', D, '']] },
  { text: 'NV4: đã và đang thực hiện', items: [['NV4', P, '']] },
  { text: 'NV7: cơ bản hoàn thành', items: [['NV7', D, '']] },
  { text: 'NV5: thực hiện thường xuyên', items: [['NV5', P, '']] },
  { text: 'NV6: đang phối hợp', items: [['NV6', P, '']] },
  { text: 'NV7: chưa có kết quả', items: [['NV7', N, '']] },
  { text: 'NV7: dự kiến hoàn thành trong tháng 9', items: [['NV7', P, 'trong tháng 9']] },
  { text: 'NV3: HOÀN THÀNG', items: [['NV3', D, '']] },
  { text: 'NV5 đangthực hiện', items: [['NV5', P, '']] },
  // Statuses that disagree: no status, the bot asks.
  {
    text: 'NV7: hoàn thành việc đăng ký, đang triển khai mô hình',
    items: [['NV7', null, 'hoàn thành việc đăng ký, đang triển khai mô hình']],
  },
  // "Không phát sinh" is a status of its own.
  { text: 'NV5: không phát sinh', items: [['NV5', 'not_applicable', '']] },
  {
    text: 'NV5: Trong 6 tháng không phát sinh khiếu nại, tố cáo',
    items: [['NV5', 'not_applicable', 'Trong 6 tháng không phát sinh khiếu nại, tố cáo']],
  },
  // Corrections.
  { text: 'Sửa lại NV3: hoàn thành', items: [['NV3', D, '']] },
  { text: 'Em xin sửa NV7 thành hoàn thành ạ', items: [['NV7', D, '']] },
  { text: 'NV3 (sửa): đang thực hiện', items: [['NV3', P, '']] },
  // Named periods.
  {
    text: 'Báo cáo 6 tháng cuối năm 2026\nNV7: xong',
    items: [['NV7', D, '']],
    period: { kind: 'annual', year: 2026 },
  },
  {
    text: 'Báo cáo cả năm 2026\nNV7: xong',
    items: [['NV7', D, '']],
    period: { kind: 'annual', year: 2026 },
  },
  // Questions and remarks that name a task: not task lines, and not a report.
  { text: 'NV3 năm nay ai phụ trách vậy mọi người?', report: false },
  { text: 'Nhiệm vụ 7 thì hỏi chị Lan nhé', report: false },
  { text: 'NV3 xong chưa em?', report: false },
  { text: 'NV7 hoàn thành rồi à? Sao chưa thấy gửi', report: false },
  { text: 'Phần NV7 em viết xong rồi, chị Lan tổng hợp giúp em nhé', report: false },
  { text: 'Báo cáo 6 tháng hạn ngày nào vậy anh?', report: false },
  // Chatter: not a report at all.
  { text: 'chiều nay họp lúc 3h nhé', report: false },
  { text: 'ok anh', report: false },
  { text: 'Mai em gửi báo cáo ạ', report: false },
  { text: 'Khó khăn quá anh ơi', report: false },
  { text: '😀👍', report: false },
  { text: '', report: false },
];

describe('parsing report replies', () => {
  it('has a table of at least 60 replies', () => {
    expect(CASES.length).toBeGreaterThanOrEqual(60);
  });

  it.each(CASES.map((c, i) => [i, c.text.split('\n')[0]?.slice(0, 50), c] as const))(
    '#%i %s',
    (_i, _title, c) => {
      const r = parseReport(c.text);
      expect(r.items.map((i) => [i.taskCode, i.status, i.result])).toEqual(c.items ?? []);
      expect(r.difficulties).toEqual(c.difficulties ?? []);
      expect(r.proposals).toEqual(c.proposals ?? []);
      expect(r.unreadable.map((u) => [u.line, u.reason])).toEqual(c.unreadable ?? []);
      expect(r.period).toEqual(c.period ?? null);
      const expectedReport =
        c.report ??
        Boolean(c.items?.length || c.difficulties?.length || c.proposals?.length || c.unreadable?.length);
      expect(r.looksLikeReport).toBe(expectedReport);
    },
  );

  it('keeps the figures of a result as written', () => {
    expect(figuresOf('tổ chức 2 hội nghị quán triệt, 150 lượt CBCC tham dự')).toEqual([
      '2 hội nghị',
      '150 lượt CBCC',
    ]);
    expect(figuresOf('1.200 lượt người, đạt 100%')).toEqual(['1.200 lượt người', '100%']);
    expect(figuresOf('không có số liệu')).toEqual([]);
  });

  it('cuts polite words off a result, but not words that only fold like them', () => {
    const results = (text: string) => parseReport(text).items.map((i) => [i.status, i.result]);
    // "tờ rơi" (leaflets) folds to "to roi", as "rồi" does; the leaflets stay in the result.
    expect(results('NV3: phát 500 tờ rơi, hoàn thành')).toEqual([['done', 'phát 500 tờ rơi']]);
    expect(results('NV3: phat 500 to roi, hoan thanh')).toEqual([['done', 'phat 500 to roi']]);
    expect(results('NV3: đã tổ chức 2 hội nghị rồi ạ')).toEqual([[null, 'đã tổ chức 2 hội nghị']]);
    expect(results('NV3: to chuc 2 hoi nghi roi a')).toEqual([[null, 'to chuc 2 hoi nghi']]);
    expect(results('NV5: tiếp 60 lượt công dân, đang thực hiện nhé')).toEqual([
      ['in_progress', 'tiếp 60 lượt công dân'],
    ]);
  });

  it('reads a status typed in Telex with the input method off, and "ko" for "không"', () => {
    const statuses = (text: string) => parseReport(text).items.map((i) => [i.taskCode, i.status]);
    expect(statuses('NV3 hoafn thanhf')).toEqual([['NV3', 'done']]);
    expect(statuses('nv5 ddang thuwcj hieejn, tieesp 60 luowtj coong daan')).toEqual([
      ['NV5', 'in_progress'],
    ]);
    expect(statuses('NV7: chuwa trieenr khai')).toEqual([['NV7', 'not_started']]);
    expect(statuses('NV5: ko phat sinh')).toEqual([['NV5', 'not_applicable']]);
    expect(statuses('NV5: k phát sinh đơn thư')).toEqual([['NV5', 'not_applicable']]);
    // Words that only look like Telex stay as they are: no status is made up.
    expect(statuses('NV4: cập nhật website, fanpage')).toEqual([['NV4', null]]);
  });

  it('reads tasks joined by "với" as one list, but not a number of things after "với"', () => {
    const statuses = (text: string) => parseReport(text).items.map((i) => [i.taskCode, i.status]);
    expect(statuses('NV4 đang thực hiện. Còn NV3 với NV7 thì hoàn thành rồi ạ.')).toEqual([
      ['NV4', 'in_progress'],
      ['NV3', 'done'],
      ['NV7', 'done'],
    ]);
    expect(statuses('NV3 với 5 tổ dân phố đã hoàn thành')).toEqual([['NV3', 'done']]);
  });

  it.each([
    [
      'a status over a list',
      'Hoàn thành: NV3, NV7. Đang thực hiện: NV4, NV6. Không phát sinh: NV5.',
      [
        ['NV3', 'done'],
        ['NV7', 'done'],
        ['NV4', 'in_progress'],
        ['NV6', 'in_progress'],
        ['NV5', 'not_applicable'],
      ],
    ],
    [
      'a status before the tasks',
      'Hoàn thành nhiệm vụ 3 và nhiệm vụ 7; đang thực hiện nhiệm vụ 4',
      [
        ['NV3', 'done'],
        ['NV7', 'done'],
        ['NV4', 'in_progress'],
      ],
    ],
    ['a status, a dash, the task', 'Đang thực hiện – NV7: mô hình Dân vận khéo', [['NV7', 'in_progress']]],
    [
      'the task after its sentence',
      'Trong kỳ không phát sinh đơn thư khiếu nại, tố cáo (NV5). Các nhiệm vụ 3, 4, 7 đang thực hiện.',
      [
        ['NV5', 'not_applicable'],
        ['NV3', 'in_progress'],
        ['NV4', 'in_progress'],
        ['NV7', 'in_progress'],
      ],
    ],
    [
      'a range',
      'VP báo cáo NV1 hoàn thành; từ NV3 đến NV7 đều đang thực hiện',
      [
        ['NV1', 'done'],
        ['NV3', 'in_progress'],
        ['NV4', 'in_progress'],
        ['NV5', 'in_progress'],
        ['NV6', 'in_progress'],
        ['NV7', 'in_progress'],
      ],
    ],
    [
      'a table row copied with tabs',
      '1\tNV3\tQuán triệt 2 đợt\tHoàn thành\n2\tNV4\tSố hóa được 85%\t',
      [
        ['NV3', 'done'],
        ['NV4', null],
      ],
    ],
    [
      '"các NV 3, 4, 7"',
      'Các NV 3, 4, 7 đã hoàn thành; NV 5 không phát sinh',
      [
        ['NV3', 'done'],
        ['NV4', 'done'],
        ['NV7', 'done'],
        ['NV5', 'not_applicable'],
      ],
    ],
    [
      '"về NV5 thì …"',
      'Về NV5 thì đang thực hiện, đã tiếp 156 lượt công dân. NV4 đã hoàn thành.',
      [
        ['NV5', 'in_progress'],
        ['NV4', 'done'],
      ],
    ],
    [
      '"còn NV4 đang"',
      'nv3 da xong con nv4 dang',
      [
        ['NV3', 'done'],
        ['NV4', 'in_progress'],
      ],
    ],
    ['"chưa làm gì" is no question', 'NV6 chưa làm gì.', [['NV6', 'not_started']]],
    [
      'near or planned completion',
      'NV3 sắp xong rồi chị ạ. NV7: tiến độ 50%, dự kiến xong trong quý III',
      [
        ['NV3', 'in_progress'],
        ['NV7', 'in_progress'],
      ],
    ],
    [
      'progress as a figure',
      'NV4: tiến độ 100%. NV5: hoàn thành khoảng 70% khối lượng, đang tiếp tục',
      [
        ['NV4', 'done'],
        ['NV5', 'in_progress'],
      ],
    ],
    ['a rate is not progress', 'NV4: tỷ lệ hài lòng đạt 96%', [['NV4', null]]],
    ['a completion denied', 'NV5 đang thực hiện vì còn 3 đơn chưa giải quyết xong', [['NV5', 'in_progress']]],
    [
      'changed from one status to another',
      'NV5 sửa từ hoàn thành thành đang thực hiện',
      [['NV5', 'in_progress']],
    ],
    [
      'a question about another task',
      'NV7 bên em hoàn thành rồi, còn NV5 có phải báo cáo không chị?',
      [['NV7', 'done']],
    ],
    [
      '"KPS", "đang th"',
      'nv5 KPS, nv4 dang th',
      [
        ['NV5', 'not_applicable'],
        ['NV4', 'in_progress'],
      ],
    ],
    [
      'status headings over bullets',
      '*Đã xong*\n• NV3 – 100% CC ký cam kết\n• NV5 – giải quyết 7/7 phản ánh\n*Chưa xong, đang làm*\n• NV4\n*Chưa bắt đầu*\n• NV7',
      [
        ['NV3', 'done'],
        ['NV5', 'done'],
        ['NV4', 'in_progress'],
        ['NV7', 'not_started'],
      ],
    ],
    [
      'a status on the line under its task is no heading',
      'NV3:\nHoàn thành\nNV4:\nĐang thực hiện',
      [
        ['NV3', 'done'],
        ['NV4', 'in_progress'],
      ],
    ],
    [
      'a table whose first column is "NV"',
      'NV | Tình trạng | Ghi chú\n3 | Hoàn thành |\n5 | Không phát sinh |\n7 | Đang thực hiện | chờ xét khen',
      [
        ['NV3', 'done'],
        ['NV5', 'not_applicable'],
        ['NV7', 'in_progress'],
      ],
    ],
    [
      'short statuses over lists',
      'Bên KT gửi nhé: xong – NV1, NV3; đang – NV4; chưa – NV7',
      [
        ['NV1', 'done'],
        ['NV3', 'done'],
        ['NV4', 'in_progress'],
        ['NV7', 'not_started'],
      ],
    ],
    [
      '"HT:"/"ĐTH:" over lists, with a note',
      'HT: NV3, NV7 (bảo đảm ANTT dịp lễ 30/4 - 1/5); ĐTH: NV5, NV6',
      [
        ['NV3', 'done'],
        ['NV7', 'done'],
        ['NV5', 'in_progress'],
        ['NV6', 'in_progress'],
      ],
    ],
    [
      'status then tasks, part by part',
      'Năm 2026 Ban CHQS đã hoàn thành NV3 và NV5, đang thực hiện NV4 và NV6, còn NV7 chưa làm được vì chưa có hướng dẫn.',
      [
        ['NV3', 'done'],
        ['NV5', 'done'],
        ['NV4', 'in_progress'],
        ['NV6', 'in_progress'],
        ['NV7', 'not_started'],
      ],
    ],
    [
      'a task in brackets ending its part',
      'Trung tâm đã hoàn thành việc niêm yết công khai thủ tục (NV5), còn chuyển đổi số thì vẫn đang làm (NV4).',
      [
        ['NV5', 'done'],
        ['NV4', 'in_progress'],
      ],
    ],
    [
      'task numbers spelled out',
      'nhiệm vụ ba hoàn thành, nhiệm vụ năm không phát sinh, nhiệm vụ bảy đang thực hiện',
      [
        ['NV3', 'done'],
        ['NV5', 'not_applicable'],
        ['NV7', 'in_progress'],
      ],
    ],
    [
      'Telex tones after a final consonant, "vs"',
      'NV3 hoanf thanhf, NV4 ddang thuwcj hieenj. Nv6 vs Nv7 hòan thành rồi',
      [
        ['NV3', 'done'],
        ['NV4', 'in_progress'],
        ['NV6', 'done'],
        ['NV7', 'done'],
      ],
    ],
    [
      'filler between tasks and status',
      'Dạ NV6 với NV7 bên em còn chưa làm, NV3 NV4 thì xong cả rồi ạ',
      [
        ['NV6', 'not_started'],
        ['NV7', 'not_started'],
        ['NV3', 'done'],
        ['NV4', 'done'],
      ],
    ],
  ])('reads %s', (_what, text, expected) => {
    expect(parseReport(text).items.map((i) => [i.taskCode, i.status])).toEqual(expected);
  });

  it('never hands a status to the task above from a line that is not its own', () => {
    const statuses = (text: string) => parseReport(text).items.map((i) => [i.taskCode, i.status]);
    // The next item of the same numbered list is not more of NV3.
    expect(statuses('1. NV3: 2 hội nghị\n2. Tuyên truyền trên loa: hoàn thành')).toEqual([['NV3', null]]);
    // A numbered list under the task is.
    expect(statuses('NV3:\n1. Tổ chức hội nghị\n2. Phát tờ rơi - hoàn thành')).toEqual([['NV3', 'done']]);
    // Sub-lines that disagree leave the status open.
    expect(statuses('NV3:\n- Hội nghị: hoàn thành\n- Tuyên truyền: đang thực hiện')).toEqual([['NV3', null]]);
    expect(statuses('NV3: Tổ chức tuyên truyền kế hoạch – Hoàn thành')).toEqual([['NV3', 'done']]);
    expect(parsePeriodRef('Báo cáo kết quả Ngày Pháp luật Việt Nam')).toBeNull();
  });

  it('asks rather than reads "hoàn thành NV3 trước 30/6", an aim, and a question asked in passing', () => {
    expect(parseReport('Hoàn thành NV3 trước 30/6').items).toEqual([]);
    expect(parseReport('NV4: dự kiến tháng 9 hoàn thành').items.map((i) => i.status)).toEqual([null]);
    const asked = parseReport('NV4 bên mình xong chưa em, chị Hằng bên VHXH hỏi kìa');
    expect([asked.items, asked.recordable]).toEqual([[], false]);
  });

  it('gives "the other tasks" a status only when it is stated, never a promise', () => {
    const rest = parseReport(
      'Báo cáo năm 2026 của CA phường: NV3 HT, NV5 HT (tiếp 132 lượt), các NV còn lại đang thực hiện.',
    );
    expect([rest.items.map((i) => [i.taskCode, i.status]), rest.allTasks?.status]).toEqual([
      [
        ['NV3', 'done'],
        ['NV5', 'done'],
      ],
      'in_progress',
    ]);
    const later = parseReport(
      'Dạ em báo trước NV4 và NV5 đã hoàn thành, các NV khác em tổng hợp xong sẽ gửi sau ạ',
    );
    expect([later.items.map((i) => i.taskCode), later.allTasks]).toEqual([['NV4', 'NV5'], undefined]);
    // Waiting for a meeting to end is no result of three tasks.
    expect(parseReport('NV3 NV4 NV5 đợi họp giao ban xong mới chốt được').recordable).toBe(false);
  });

  it('reads no result from a section of plans, nor a line that says a task is unchanged', () => {
    const letter = parseReport(
      'I. KẾT QUẢ THỰC HIỆN\n1. Nhiệm vụ 3: Tổ chức quán triệt. Tiến độ: hoàn thành.\nII. KHÓ KHĂN, VƯỚNG MẮC\nNhân lực còn thiếu.\nIII. PHƯƠNG HƯỚNG 6 THÁNG CUỐI NĂM\nTiếp tục thực hiện các nhiệm vụ được giao; NV7: phấn đấu hoàn thành mô hình.\nIV. KIẾN NGHỊ\nBổ sung kinh phí tuyên truyền.',
    );
    expect(letter.items.map((i) => [i.taskCode, i.status])).toEqual([['NV3', 'done']]);
    expect([letter.allTasks, letter.difficulties, letter.proposals.length]).toEqual([
      undefined,
      ['Nhân lực còn thiếu.', 'Bổ sung kinh phí tuyên truyền.'],
      0,
    ]);
    const kept = parseReport('Đính chính: NV1 đã hoàn thành, NV7 giữ nguyên. NV4 sửa thành hoàn thành.');
    expect(kept.items.map((i) => [i.taskCode, i.status])).toEqual([
      ['NV1', 'done'],
      ['NV4', 'done'],
    ]);
  });

  it('takes the period from the line under a head, and "số liệu 9 tháng" as a period the plan does not have', () => {
    const twoLines = parseReport(
      'BÁO CÁO KẾT QUẢ THỰC HIỆN KẾ HOẠCH 168/KH-UBND\n6 THÁNG ĐẦU NĂM 2025\nNhiệm vụ 3: Hoàn thành',
    );
    expect([twoLines.period, twoLines.plans]).toEqual([{ kind: 'six_month', year: 2025 }, ['168']]);
    const nine = parseReport('Phòng KT-HT-ĐT gửi số liệu 9 tháng năm 2026: NV3 hoàn thành');
    expect([nine.period, nine.otherPeriod]).toEqual([null, '9 tháng']);
  });

  it('reads a spelled-out task number only where a task number stands', () => {
    const read = (text: string) => parseReport(text);
    // "năm nay" is this year: all of this year's tasks, not task five.
    expect([
      read('Các nhiệm vụ năm nay đều hoàn thành').items,
      read('Các nhiệm vụ năm nay đều hoàn thành').allTasks?.status,
    ]).toEqual([[], 'done']);
    // "tư vấn" is advice, not task four: quoted back rather than read.
    const advice = read('Nhiệm vụ tư vấn pháp luật: hoàn thành');
    expect([advice.items, advice.unreadable.map((u) => u.reason)]).toEqual([[], ['unknown_task_form']]);
  });

  it('notes a head that owns up to being late or a supplement', () => {
    expect(parseReport('Công an phường gửi bổ sung báo cáo năm 2026. NV3 hoàn thành').lateOnPurpose).toBe(
      true,
    );
    expect(parseReport('VP gửi muộn báo cáo năm ạ, NV1 HT').lateOnPurpose).toBe(true);
    expect(parseReport('Báo cáo năm 2026. NV3 hoàn thành').lateOnPurpose).toBeUndefined();
  });

  it('ignores zero-width and direction marks people paste from other apps', () => {
    const r = parseReport('\u200bNV\u200d3\u200e: hoàn\u200b thành');
    expect(r.items.map((i) => [i.taskCode, i.status])).toEqual([['NV3', 'done']]);
  });

  it('never throws, and every task code it returns is NV1…NV99', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 400 }), (s) => {
        const r = parseReport(s);
        for (const item of r.items) expect(item.taskCode).toMatch(/^NV[1-9]\d?$/);
      }),
      { numRuns: 500 },
    );
    fc.assert(
      fc.property(
        fc.array(
          fc.constantFrom(
            'NV',
            '3',
            ':',
            ' ',
            'xong',
            '\n',
            'Vướng mắc',
            '-',
            'đang',
            '(',
            ')',
            'báo cáo',
            '2026',
          ),
          { maxLength: 60 },
        ),
        (parts) => {
          const r = parseReport(parts.join(''));
          for (const item of r.items) expect(item.taskCode).toMatch(/^NV[1-9]\d?$/);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('reads a 100 KB message without trouble', () => {
    const big = `NV3: xong - ${'dài '.repeat(25_000)}\n${'chữ '.repeat(25_000)}`;
    const r = parseReport(big);
    expect(r.items).toHaveLength(1);
  });
});

describe('naming a period', () => {
  it.each([
    ['6 tháng đầu năm 2026', { kind: 'six_month', year: 2026 }],
    ['6 thang 2026', { kind: 'six_month', year: 2026 }],
    ['6t/2026', { kind: 'six_month', year: 2026 }],
    ['6T 2026', { kind: 'six_month', year: 2026 }],
    ['06 tháng năm 2027', { kind: 'six_month', year: 2027 }],
    ['sáu tháng 2026', { kind: 'six_month', year: 2026 }],
    ['6 tháng', { kind: 'six_month', year: null }],
    ['năm 2026', { kind: 'annual', year: 2026 }],
    ['nam 2025', { kind: 'annual', year: 2025 }],
    ['cả năm 2026', { kind: 'annual', year: 2026 }],
    ['ca nam', { kind: 'annual', year: null }],
    ['báo cáo năm 2025', { kind: 'annual', year: 2025 }],
    ['đột xuất số 2', { kind: 'adhoc', number: 2 }],
    ['dot xuat 3', { kind: 'adhoc', number: 3 }],
    ['dx2', { kind: 'adhoc', number: 2 }],
    ['DX 12', { kind: 'adhoc', number: 12 }],
    ['đột xuất', { kind: 'adhoc', number: null }],
    ['kỳ 6 tháng 2028', { kind: 'six_month', year: 2028 }],
    ['6 tháng cuối năm 2026', { kind: 'annual', year: 2026 }],
    ['6 thang cuoi nam', { kind: 'annual', year: null }],
    ['nửa đầu năm 2027', { kind: 'six_month', year: 2027 }],
    ['quý IV năm 2026', null],
    ['9 tháng năm 2026', null],
    ['tháng 11/2026', null],
    ['Lê Chân, ngày 02 tháng 6 năm 2026', null],
    ['2026', null],
    ['phong kinh te', null],
    ['', null],
    ['NV6 thang', null],
    ['báo cáo giữa năm', { kind: 'six_month', year: null }],
    ['báo cáo năm ngoái', { kind: 'annual', year: null, lastYear: true }],
    ['bc nam truoc', { kind: 'annual', year: null, lastYear: true }],
    ['6 tháng đầu năm trước', { kind: 'six_month', year: null, lastYear: true }],
    // A comparison in a header is not the period reported.
    ['Báo cáo 6 tháng: tăng 10% so với cùng kỳ năm trước', { kind: 'six_month', year: null }],
    ['kết quả tăng so với năm 2025', null],
  ])('"%s"', (text, expected) => {
    expect(parsePeriodRef(text)).toEqual(expected);
  });
});
