import { describe, expect, it } from 'vitest';
import { parseReport } from '../../src/core/report/parse';
import type { TaskStatus } from '../../src/core/report/types';
import { CELL_SEPARATOR, cellText, tableLines } from '../../src/core/tables';

/**
 * Tables as ward units fill them (the annex form and its variants), written as lines by `tableLines`
 * and read by the report reader exactly as a reply would be: the statuses it records per task.
 */

/** A table as rows of cells (null: an empty cell; "\n" parts a cell's paragraphs). */
type Rows = readonly (readonly (string | null)[])[];

function lines(rows: Rows): string[] {
  return tableLines(
    rows.map((r) => ({
      cells: r.flatMap((text, col) => (text === null ? [] : [{ paragraphs: text.split('\n'), col }])),
    })),
  );
}

/** What the reader records from a report whose body is the table: status per task, in order. */
function read(rows: Rows) {
  const parsed = parseReport(
    ['BÁO CÁO', 'Kết quả thực hiện Kế hoạch 168 6 tháng đầu năm 2026', ...lines(rows)].join('\n'),
  );
  return {
    statuses: parsed.items.map((i) => [i.taskCode, i.status] as [string, TaskStatus | null]),
    results: Object.fromEntries(parsed.items.map((i) => [i.taskCode, i.result])),
    unreadable: parsed.unreadable,
    recordable: parsed.recordable,
  };
}

const ANNEX_HEADER = ['STT', 'Nội dung nhiệm vụ', 'Kết quả thực hiện', 'Tiến độ/Đánh giá', 'Ghi chú'];

describe('a table written as lines', () => {
  it('writes one line per row: the row number as a list marker, cells joined, the header left out', () => {
    expect(
      lines([
        ANNEX_HEADER,
        ['1', 'Nhiệm vụ 3: Quy tắc ứng xử', 'Tổ chức 2 hội nghị', 'Hoàn thành', null],
        ['2', 'NV7', 'Đăng ký mô hình\n"Dân vận khéo"', 'Đang thực hiện', '-'],
      ]),
    ).toEqual([
      '1. Nhiệm vụ 3: Quy tắc ứng xử – Tổ chức 2 hội nghị – Đánh giá: Hoàn thành',
      '2. NV7 – Đăng ký mô hình; "Dân vận khéo" – Đánh giá: Đang thực hiện',
    ]);
    expect(CELL_SEPARATOR).toBe(' – ');
  });

  it('joins a cell’s paragraphs with "; ", or a space after punctuation, and drops their bullets', () => {
    expect(cellText(['- Tổ chức 2 hội nghị quán triệt.', '+ 150 lượt CBCC', '', '  tham dự  '])).toBe(
      'Tổ chức 2 hội nghị quán triệt. 150 lượt CBCC; tham dự',
    );
  });

  it('puts the progress cell last, labelled, and skips a column-number row under the header', () => {
    expect(
      lines([
        ['TT', 'Nhiệm vụ', 'Tiến độ thực hiện', 'Kết quả', 'Ghi chú'],
        ['(1)', '(2)', '(3)', '(4)', '(5)'],
        ['1', 'NV4', 'Đang thực hiện', 'Số hóa 1.250 hồ sơ', 'Phấn đấu hoàn thành quý III'],
      ]),
    ).toEqual(['1. NV4 – Số hóa 1.250 hồ sơ – Phấn đấu hoàn thành quý III – Tiến độ: Đang thực hiện']);
  });

  it('writes a letter head laid out as a table a paragraph a line, so it is not read as a report header', () => {
    const head = lines([
      [
        'UBND PHƯỜNG LÊ CHÂN\nPHÒNG KINH TẾ, HẠ TẦNG VÀ ĐÔ THỊ\nSố: 45/BC-KTHTĐT',
        'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\nLê Chân, ngày 05 tháng 6 năm 2026',
      ],
    ]);
    expect(head).toEqual([
      'UBND PHƯỜNG LÊ CHÂN',
      'PHÒNG KINH TẾ, HẠ TẦNG VÀ ĐÔ THỊ',
      'Số: 45/BC-KTHTĐT',
      'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM',
      'Độc lập - Tự do - Hạnh phúc',
      'Lê Chân, ngày 05 tháng 6 năm 2026',
    ]);
    const report = parseReport([...head, 'Báo cáo 6 tháng đầu năm 2026', 'NV3: hoàn thành'].join('\n'));
    expect(report.period).toEqual({ kind: 'six_month', year: 2026 });
    // Rows above a table's header (a workbook's title block) are written the same way.
    expect(
      lines([
        ['UBND PHƯỜNG LÊ CHÂN', null, 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM'],
        ['Số: 45/BC-KTHTĐT', null, 'Độc lập - Tự do - Hạnh phúc'],
        ['STT', 'Nhiệm vụ', 'Tiến độ'],
        ['1', 'NV3', 'Hoàn thành'],
      ]),
    ).toEqual([
      'UBND PHƯỜNG LÊ CHÂN',
      'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM',
      'Số: 45/BC-KTHTĐT',
      'Độc lập - Tự do - Hạnh phúc',
      '1. NV3 – Tiến độ: Hoàn thành',
    ]);
  });

  it('keeps a row that names a task even when its words look like a header, and a header with no table', () => {
    expect(lines([['NV3', 'Kết quả', 'Tiến độ']])).toEqual(['NV3 – Kết quả – Tiến độ']);
    expect(lines([['BÁO CÁO KẾT QUẢ NĂM 2026'], ['Nội dung', 'Ghi chú']])).toEqual([
      'BÁO CÁO KẾT QUẢ NĂM 2026',
    ]);
  });
});

describe('tables as units fill them, read by the report reader', () => {
  it('reads the annex form, the status of each task from its own row', () => {
    const r = read([
      ANNEX_HEADER,
      [
        '1',
        'Nhiệm vụ 3: Thực hiện nghiêm quy tắc ứng xử, đạo đức công vụ',
        'Đã tổ chức 2 hội nghị quán triệt;\n150 lượt CBCC tham dự',
        'Hoàn thành',
        null,
      ],
      // The results say "đã triển khai" (done), the progress column "đang thực hiện": the column decides.
      [
        '2',
        'NV4 - Cải cách hành chính, chuyển đổi số',
        'Đã triển khai số hóa 1.250 hồ sơ, đạt 85%',
        'Đang thực hiện',
        'Phấn đấu hoàn thành quý III',
      ],
      [
        '3',
        'Nhiệm vụ 5. Tiếp công dân, giải quyết khiếu nại',
        'Không phát sinh đơn thư',
        'Không phát sinh',
        null,
      ],
      ['4', 'NV7', 'Đăng ký mô hình "Dân vận khéo" cấp phường', 'Đang thực hiện', null],
    ]);
    expect(r.statuses).toEqual([
      ['NV3', 'done'],
      ['NV4', 'in_progress'],
      ['NV5', 'not_applicable'],
      ['NV7', 'in_progress'],
    ]);
    expect(r.results.NV3).toBe(
      'Thực hiện nghiêm quy tắc ứng xử, đạo đức công vụ – Đã tổ chức 2 hội nghị quán triệt; 150 lượt CBCC tham dự',
    );
    expect(r.results.NV4).toBe(
      'Cải cách hành chính, chuyển đổi số – Đã triển khai số hóa 1.250 hồ sơ, đạt 85% – Phấn đấu hoàn thành quý III',
    );
    expect(r.results.NV7).toBe('Đăng ký mô hình "Dân vận khéo" cấp phường');
    expect(r.unreadable).toEqual([]);
  });

  it('reads a code column ("Mã NV") and tasks written "NV 4", "nv6"', () => {
    const r = read([
      ['Mã NV', 'Nội dung', 'Kết quả đạt được', 'Đánh giá'],
      ['NV1', 'Tham mưu cấp ủy', 'Tham mưu 01 kế hoạch', 'Hoàn thành'],
      ['NV 4', 'Cải cách hành chính', 'Tỷ lệ hồ sơ trực tuyến 92%', 'Đang thực hiện'],
      ['nv6', 'Chính quyền thân thiện', 'Chưa triển khai', 'Chưa thực hiện'],
    ]);
    expect(r.statuses).toEqual([
      ['NV1', 'done'],
      ['NV4', 'in_progress'],
      ['NV6', 'not_started'],
    ]);
  });

  it('reads a table typed without accents, a typo and "HT" in the progress column', () => {
    expect(
      read([
        ['STT', 'Noi dung nhiem vu', 'Ket qua', 'Tien do'],
        ['1', 'Nhiem vu 3 - quy tac ung xu', 'to chuc 2 hoi nghi', 'hoan thanh'],
        ['2', 'Nhiem vu 7 - dan van kheo', 'dang ky mo hinh', 'dang thuc hien'],
        ['3', 'NV4', 'so hoa ho so', 'Hoàn thàn'],
        ['4', 'NV5', 'tiep 60 luot cong dan', 'HT'],
      ]).statuses,
    ).toEqual([
      ['NV3', 'done'],
      ['NV7', 'in_progress'],
      ['NV4', 'done'],
      ['NV5', 'done'],
    ]);
  });

  it('reads a status written in the results column when there is no progress column', () => {
    const r = read([
      ['STT', 'Nhiệm vụ', 'Kết quả thực hiện'],
      ['1', 'NV3', 'Hoàn thành, tổ chức 2 hội nghị'],
      ['2', 'NV7', 'Đang thực hiện: đăng ký mô hình'],
    ]);
    expect(r.statuses).toEqual([
      ['NV3', 'done'],
      ['NV7', 'in_progress'],
    ]);
    expect(r.results).toEqual({ NV3: 'tổ chức 2 hội nghị', NV7: 'đăng ký mô hình' });
  });

  it('reads several tasks in one row, "thực hiện thường xuyên", group rows and multi-paragraph cells', () => {
    const r = read([
      ['TT', 'Nhiệm vụ', 'Kết quả', 'Tiến độ'],
      ['I', 'NHIỆM VỤ CHỦ TRÌ', null, null],
      ['1', 'Nhiệm vụ 3, 7', 'Lồng ghép tuyên truyền tại 12 tổ dân phố', 'Đang thực hiện'],
      ['II', 'NHIỆM VỤ PHỐI HỢP', null, null],
      ['2', 'NV5', '- Tiếp 60 lượt công dân\n- Đối thoại 2 cuộc', 'Thực hiện thường xuyên'],
      ['3', 'NV4', 'Số hóa hồ sơ\nđạt 85%', 'Không phát sinh'],
    ]);
    expect(r.statuses).toEqual([
      ['NV3', 'in_progress'],
      ['NV7', 'in_progress'],
      ['NV5', 'in_progress'],
      ['NV4', 'not_applicable'],
    ]);
    expect(r.results.NV5).toBe('Tiếp 60 lượt công dân; Đối thoại 2 cuộc');
  });

  it('reads the status a tick stands for, under a two-row header', () => {
    // As Word gives it: "Tiến độ" spans the three status columns; the first three cells span two rows.
    const cells = (texts: readonly string[], from = 0) =>
      texts.map((text, k) => ({ paragraphs: [text], col: from + k }));
    const rows = [
      { cells: [...cells(['TT', 'Nhiệm vụ', 'Kết quả']), { paragraphs: ['Tiến độ'], col: 3, span: 3 }] },
      { cells: cells(['Hoàn thành', 'Đang thực hiện', 'Chưa thực hiện'], 3) },
      { cells: cells(['1', 'NV3', '2 hội nghị', 'x']) },
      { cells: [...cells(['2', 'NV7', 'Đăng ký mô hình']), { paragraphs: ['X'], col: 4 }] },
      { cells: [...cells(['3', 'NV6']), { paragraphs: ['✓'], col: 5 }] },
    ];
    const text = tableLines(rows);
    expect(text).toEqual([
      '1. NV3 – 2 hội nghị – Tiến độ: Hoàn thành',
      '2. NV7 – Đăng ký mô hình – Tiến độ: Đang thực hiện',
      '3. NV6 – Tiến độ: Chưa thực hiện',
    ]);
    expect(parseReport(text.join('\n')).items.map((i) => [i.taskCode, i.status])).toEqual([
      ['NV3', 'done'],
      ['NV7', 'in_progress'],
      ['NV6', 'not_started'],
    ]);
  });

  it('asks rather than guesses: an empty progress cell and a percentage give no status', () => {
    const r = read([
      ['STT', 'Nội dung nhiệm vụ', 'Kết quả', 'Mức độ hoàn thành'],
      ['1', 'NV3', 'Tiếp 60 lượt công dân', null],
      ['2', 'NV4', 'Số hóa hồ sơ', '85%'],
    ]);
    expect(r.statuses).toEqual([
      ['NV3', null],
      ['NV4', null],
    ]);
    expect(r.results).toEqual({ NV3: 'Tiếp 60 lượt công dân', NV4: 'Số hóa hồ sơ – Mức độ: 85%' });
  });

  it('never maps a row number to a task: rows with only numbers and task text are read by their text', () => {
    const parsed = parseReport(
      [
        'BÁO CÁO',
        ...lines([
          ['STT', 'Nội dung nhiệm vụ', 'Kết quả thực hiện', 'Tiến độ'],
          ['1', 'Thực hiện nghiêm quy tắc ứng xử, đạo đức công vụ', 'Tổ chức 2 hội nghị', 'Hoàn thành'],
          ['2', 'Cải cách hành chính, chuyển đổi số', 'Số hóa 1.250 hồ sơ', 'Đang thực hiện'],
        ]),
      ].join('\n'),
    );
    // No "NV1", "NV2" from the row numbers; the rows go to the plan as lines naming their task by content.
    expect(parsed.items).toEqual([]);
    expect(parsed.titled?.map((t) => [t.firstCell, t.status, t.firstCellResult])).toEqual([
      ['Thực hiện nghiêm quy tắc ứng xử, đạo đức công vụ', 'done', 'Tổ chức 2 hội nghị'],
      ['Cải cách hành chính, chuyển đổi số', 'in_progress', 'Số hóa 1.250 hồ sơ'],
    ]);
  });

  it('does not quote a header row back as an unreadable task line', () => {
    const r = read([
      ['Nhiệm vụ', 'Kết quả', 'Tiến độ'],
      ['NV3', '2 hội nghị', 'Hoàn thành'],
    ]);
    expect(r.statuses).toEqual([['NV3', 'done']]);
    expect(r.unreadable).toEqual([]);
  });
});
