import { describe, expect, it } from 'vitest';
import { defaultCalendarConfig } from '../../src/core/calendar';
import { leadingDate, leadingTasks } from '../../src/core/args';
import { detectIntent } from '../../src/core/intents';
import { plain } from '../../src/core/messages/format';
import { receiptMessage } from '../../src/core/messages/reports';
import { findPeriod, regularPeriods } from '../../src/core/periods/periods';
import { UnitMatcher } from '../../src/core/plan/match';
import { lookUpUnit, lookUpUnits } from '../../src/core/plan/resolve';
import { isQuestion } from '../../src/core/report/parse';
import { namedPeriod, planNumbersIn } from '../../src/core/report/periodRef';
import { fold } from '../../src/core/text/fold';
import { shippedPlanSet } from '../helpers/plans';

const planSet = shippedPlanSet();
const org = planSet.organisation;
const matcher = new UnitMatcher(org.units, org.ward.name);

describe('periods named in a report', () => {
  it.each([
    ['Báo cáo quý IV năm 2026', { type: 'other', text: 'quy iv' }],
    ['Báo cáo 9 tháng năm 2026', { type: 'other', text: '9 thang' }],
    ['Báo cáo tháng 11/2026', { type: 'other', text: 'thang 11' }],
    ['Báo cáo 6 tháng cuối năm 2026', { type: 'period', ref: { kind: 'annual', year: 2026 } }],
    [
      'Thực hiện Kế hoạch số 168/KH-UBND ngày 14/11/2025, Phòng báo cáo kết quả 6 tháng đầu năm 2026 như sau:',
      { type: 'period', ref: { kind: 'six_month', year: 2026 } },
    ],
    ['Lê Chân, ngày 02 tháng 6 năm 2026', null],
    ['Số: 45/BC-TYT', null],
  ])('"%s"', (text, expected) => {
    expect(namedPeriod(fold(text))).toEqual(expected);
  });

  it('reads the plan numbers a text names', () => {
    expect(planNumbersIn(fold('Báo cáo KH 168 và Kế hoạch số 200/KH-UBND, 0168/KH-UBND'))).toEqual([
      '168',
      '200',
    ]);
    expect(planNumbersIn(fold('NV3: 168 lượt công dân'))).toEqual([]);
  });

  it('without a year, means the started period whose deadline is nearest: "năm" on 20/12/2026 is 2026', () => {
    const plan = planSet.plans[0];
    if (!plan) throw new Error('no plan');
    const periods = regularPeriods(plan, defaultCalendarConfig);
    expect(findPeriod(periods, { kind: 'annual', year: null }, '2026-12-20')?.id).toBe('kh-168-2025/N-2026');
    expect(findPeriod(periods, { kind: 'annual', year: null }, '2026-11-20')?.id).toBe('kh-168-2025/N-2026');
    expect(findPeriod(periods, { kind: 'six_month', year: null }, '2026-12-20')?.id).toBe(
      'kh-168-2025/6T-2027',
    );
  });

  it('"năm ngoái", "năm trước" mean the year before the day it is written', () => {
    const plan = planSet.plans[0];
    if (!plan) throw new Error('no plan');
    const periods = regularPeriods(plan, defaultCalendarConfig);
    const lastYear = { kind: 'annual', year: null, lastYear: true } as const;
    expect(findPeriod(periods, lastYear, '2027-01-15')?.id).toBe('kh-168-2025/N-2026');
    expect(findPeriod(periods, lastYear, '2026-12-20')?.id).toBe('kh-168-2025/N-2025');
    expect(findPeriod(periods, { kind: 'six_month', year: null, lastYear: true }, '2027-03-01')?.id).toBe(
      'kh-168-2025/6T-2026',
    );
  });
});

describe('questions', () => {
  it.each([
    ['NV3 xong chưa em?', true],
    ['NV7 nên đăng ký mô hình gì cho hay nhỉ', true],
    ['tình hình báo cáo thế nào rồi', true],
    ['NV3 hoàn thành rồi ạ', false],
    ['Em gửi báo cáo ạ', false],
    ['Khó khăn: không', false],
  ])('"%s" asks: %s', (text, asks) => {
    expect(isQuestion(fold(text))).toBe(asks);
  });

  it.each([
    ['tình hình báo cáo thế nào rồi?', { kind: 'overview', period: null }],
    [
      'Tình hình nộp báo cáo 6 tháng đến đâu rồi em?',
      { kind: 'overview', period: { kind: 'six_month', year: null } },
    ],
    ['đơn vị nào chưa nộp?', { kind: 'missing', period: null }],
    ['ai còn nợ báo cáo?', { kind: 'missing', period: null }],
    ['Danh sách đơn vị chưa báo cáo năm 2026', { kind: 'missing', period: { kind: 'annual', year: 2026 } }],
    ['NV6 đến đâu rồi?', { kind: 'task_status', taskCode: 'NV6', period: null }],
    ['Cho anh xem tình hình thực hiện nhiệm vụ 7', { kind: 'task_status', taskCode: 'NV7', period: null }],
    ['NV3 là nhiệm vụ gì, ai chủ trì?', { kind: 'tasks', taskCode: 'NV3' }],
    ['phòng mình còn thiếu gì?', { kind: 'unit_status', period: null }],
    ['Trạm y tế nộp báo cáo chưa?', { kind: 'unit_report', name: 'tram y te', period: null }],
    ['xem báo cáo của công an', { kind: 'unit_report', name: 'cong an', period: null }],
    ['Có vướng mắc gì không em?', { kind: 'difficulties' }],
    ['đơn vị mình phụ trách những nhiệm vụ gì?', { kind: 'tasks', taskCode: null }],
    ['bot ơi', { kind: 'help', toBot: true }],
    // Statements and reports are not questions to answer.
    ['NV6 đang thực hiện', null],
    ['Nhiệm vụ 7 thì hỏi chị Lan nhé', null],
    ['chiều nay họp lúc 3h nhé', null],
    ['/tinhhinh', null],
  ])('"%s"', (text, intent) => {
    expect(detectIntent(text)).toEqual(intent);
  });
});

describe('command arguments', () => {
  it.each([
    ['15/12/2026 NV4', '2026-06-03', { date: '2026-12-15', rest: 'NV4' }],
    ['15/12 NV4', '2026-06-03', { date: '2026-12-15', rest: 'NV4' }],
    ['15-12 NV4', '2026-06-03', { date: '2026-12-15', rest: 'NV4' }],
    ['15.12.26 NV4', '2026-06-03', { date: '2026-12-15', rest: 'NV4' }],
    // Without a year: the next time that day comes, today included.
    ['5/1 NV5', '2026-06-03', { date: '2027-01-05', rest: 'NV5' }],
    ['3/6', '2026-06-03', { date: '2026-06-03', rest: '' }],
    ['2/6', '2026-06-03', { date: '2027-06-02', rest: '' }],
    ['29/2', '2027-03-01', { date: '2028-02-29', rest: '' }],
    ['31/02 NV4', '2026-06-03', { invalid: '31/02' }],
    ['NV4 15/12', '2026-06-03', null],
  ])('"%s" on %s', (args, today, expected) => {
    expect(leadingDate(args, today)).toEqual(expected);
  });

  it('reads the task codes an argument starts with, whatever separates them', () => {
    expect(leadingTasks('NV4, NV5 và nhiệm vụ 7; nv1 phong kinh te')).toEqual({
      codes: ['NV4', 'NV5', 'NV7', 'NV1'],
      rest: 'phong kinh te',
    });
    expect(leadingTasks('phong kinh te NV4')).toEqual({ codes: [], rest: 'phong kinh te NV4' });
  });
});

describe('one helper for a unit named by a user', () => {
  it('answers a unit, the leaders, every unit, or why not, and never takes a name for another unit', () => {
    expect(lookUpUnit(matcher, 'phong kinh te')).toMatchObject({
      type: 'unit',
      unit: { id: 'phong-kt-ht-dt' },
    });
    expect(lookUpUnit(matcher, 'lãnh đạo', { leader: true })).toEqual({ type: 'leader' });
    expect(lookUpUnit(matcher, 'lãnh đạo').type).toBe('unknown');
    expect(lookUpUnit(matcher, 'tất cả', { all: true })).toEqual({ type: 'all' });
    for (const name of ['tat ca', 'cong doan', 'phong tai chinh', 'van hoa the thao']) {
      const found = lookUpUnit(matcher, name);
      expect(found.type, name).toBe('unknown');
      expect(found.type === 'unknown' && found.reply).toContain(`Không tìm thấy đơn vị "${name}"`);
    }
    const ambiguous = lookUpUnit(matcher, 'phong van');
    expect(ambiguous.type === 'ambiguous' && ambiguous.reply).toContain('Đề nghị anh/chị gõ lại');
  });

  it('reads lists separated by commas, semicolons or "và", keeping names that hold them whole', () => {
    const ids = (text: string) => {
      const r = lookUpUnits(matcher, text);
      return r.type === 'units' ? r.units.map((u) => u.id) : r.type;
    };
    expect(ids('phòng kinh tế, công an và quân sự')).toEqual(['phong-kt-ht-dt', 'cong-an', 'ban-chqs']);
    expect(ids('Phòng Kinh tế, Hạ tầng và Đô thị; Trạm Y tế')).toEqual(['phong-kt-ht-dt', 'tram-y-te']);
    expect(ids('Văn phòng HĐND và UBND phường')).toEqual(['vp-hdnd-ubnd']);
    expect(ids('tat ca')).toBe('all');
    expect(ids('công an, tất cả các đơn vị')).toBe('all');
    expect(lookUpUnits(matcher, 'công an, phòng tài chính')).toMatchObject({
      type: 'unknown',
      name: 'phòng tài chính',
    });
  });
});

describe('the receipt', () => {
  it('names the plan when several are active, where the text came from, and what had no clear status', () => {
    const plan = planSet.plans[0]!;
    const period = regularPeriods(plan, defaultCalendarConfig).find((p) => p.id.endsWith('6T-2026'))!;
    const unit = org.units.find((u) => u.id === 'tram-y-te')!;
    const text = plain(
      receiptMessage({
        unit,
        period,
        plan,
        source: 'tệp "bao-cao-6-thang.docx"',
        correction: true,
        unclear: ['NV7'],
        revision: 2,
        late: false,
        received: [
          { taskCode: 'NV5', status: 'not_applicable', result: 'không phát sinh đơn thư', figures: [] },
          { taskCode: 'NV7', status: null, result: 'hoàn thành đăng ký, đang triển khai', figures: [] },
        ],
        snapshot: [
          { taskCode: 'NV5', status: 'not_applicable', result: 'không phát sinh đơn thư', figures: [] },
          { taskCode: 'NV7', status: null, result: 'hoàn thành đăng ký, đang triển khai', figures: [] },
        ],
        missing: [],
        difficulties: [],
        proposals: [],
        problems: [],
        timeZone: 'Asia/Ho_Chi_Minh',
        at: new Date('2026-06-03T02:00:00Z'),
        office: { name: 'Phòng Văn hóa – Xã hội', short: 'Phòng VHXH' },
      }),
    );
    expect(text).toContain('Đã nhận báo cáo 6 tháng đầu năm 2026 – Kế hoạch số 168/KH-UBND của Trạm Y tế');
    expect(text).toContain('Lần 2 (bản sửa), lúc 09:00 03/06/2026 (đúng hạn).');
    expect(text).toContain('Nội dung đọc từ tệp "bao-cao-6-thang.docx".');
    expect(text).toContain('NV5 – Không phát sinh: không phát sinh đơn thư');
    expect(text).toContain('NV7: dòng báo cáo ghi nhiều trạng thái khác nhau nên chưa ghi trạng thái.');
    expect(text).toContain('"chưa thực hiện" hoặc "không phát sinh"');
  });
});
