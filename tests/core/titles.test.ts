import { describe, expect, it } from 'vitest';
import { taskByTitle } from '../../src/core/plan/titles';
import { readTitled } from '../../src/core/report/evaluate';
import { parseReport } from '../../src/core/report/parse';
import { shippedPlanSet } from '../helpers/plans';

const plan = shippedPlanSet().plans[0];
if (!plan) throw new Error('no plan');
/** The tasks a ward unit such as the health station reports on: NV3–NV7. */
const unitTasks = plan.tasks.filter((t) => ['NV3', 'NV4', 'NV5', 'NV6', 'NV7'].includes(t.code));

describe('a task named by its content', () => {
  it.each([
    ['Quy tắc ứng xử, đạo đức công vụ', 'NV3'],
    ['quy tac ung xu', 'NV3'],
    ['Cải cách hành chính, chuyển đổi số', 'NV4'],
    ['CCHC & chuyển đổi số', 'NV4'],
    ['Tiếp công dân, giải quyết khiếu nại', 'NV5'],
    ['Mô hình chính quyền thân thiện', 'NV6'],
    ['Phong trào thi đua "Dân vận khéo"', 'NV7'],
    ['dan van kheo', 'NV7'],
  ])('"%s" is %s', (label, code) => {
    expect(taskByTitle(label, unitTasks)?.code).toBe(code);
  });

  it.each([
    // In NV3's text and NV5's title: two tasks fit, so none is chosen.
    'công khai, minh bạch',
    // One shared word pair is not enough: "mô hình" is in NV6's title and NV7's text.
    'Đăng ký 01 mô hình',
    'Tổ chức hội nghị quán triệt',
    'Kết quả',
  ])('"%s" is no task', (label) => {
    expect(taskByTitle(label, unitTasks)).toBeNull();
  });

  it('is read only among the unit\'s own tasks: "quy tắc ứng xử" is in the office\'s NV2 too', () => {
    const all = plan.tasks.filter((t) => t.reported);
    expect(taskByTitle('Quy tắc ứng xử, đạo đức công vụ', all)).toBeNull();
    expect(taskByTitle('Quy tắc ứng xử, đạo đức công vụ', unitTasks)?.code).toBe('NV3');
  });

  it("is no task of the unit when it fits another unit's task better", () => {
    const all = plan.tasks.filter((t) => t.reported);
    // NV1 is the office's and the party's work with the Văn phòng; the health station has no NV1.
    expect(taskByTitle('Phối hợp tham mưu cụ thể hóa nghị quyết về dân vận', unitTasks, all)).toBeNull();
    // "Chính quyền thân thiện" is in the office's NV2 title too, but no better than NV6's.
    expect(taskByTitle('Chính quyền thân thiện', unitTasks, all)?.code).toBe('NV6');
  });

  it('reads lines that name their task by content, and leaves the rest to be numbered', () => {
    const parsed = parseReport(
      'Trung tâm báo cáo ạ:\n1. Quy tắc ứng xử, đạo đức công vụ: đã hoàn thành\n2. Cải cách hành chính, chuyển đổi số: đang thực hiện, tỷ lệ hồ sơ trực tuyến đạt 68%\n3. Công khai, minh bạch: đang thực hiện\n4. NV4: hoàn thành',
    );
    expect(parsed.items.map((i) => [i.taskCode, i.status])).toEqual([['NV4', 'done']]);
    const read = readTitled(parsed.titled ?? [], unitTasks, parsed.items);
    // NV4 has a numbered line: that line stands, the label for NV4 is not read again.
    expect(read.items.map((i) => [i.taskCode, i.status, i.result])).toEqual([['NV3', 'done', '']]);
    expect(read.read).toEqual([{ taskCode: 'NV3', label: 'Quy tắc ứng xử, đạo đức công vụ' }]);
    expect(read.unread.map((u) => u.label)).toEqual(['Công khai, minh bạch']);
  });

  it('counts only where the message reads as a report: one such line alone is people talking', () => {
    expect(parseReport('Dân vận khéo: xong rồi nhé').recordable).toBe(false);
    expect(parseReport('quy tac ung xu: xong; dan van kheo: dang lam').titled?.length).toBe(2);
    expect(parseReport('Báo cáo 6 tháng đầu năm 2026\nDân vận khéo: xong').titled?.length).toBe(1);
  });

  it('reads a line that gives every task one status, and "all but"', () => {
    expect(parseReport('Ban CHQS các nhiệm vụ đều hoàn thành hết rồi ạ').allTasks?.status).toBe('done');
    const allBut = parseReport('Xong hết trừ NV6 vẫn đang làm ạ');
    expect([allBut.allTasks?.status, allBut.items.map((i) => [i.taskCode, i.status])]).toEqual([
      'done',
      [['NV6', 'in_progress']],
    ]);
    expect(parseReport('các nhiệm vụ xong hết chưa em?').allTasks).toBeUndefined();
  });
});
