import { afterEach, describe, expect, it } from 'vitest';
import { instantAt } from '../../src/core/time';
import { ConsoleSession } from '../helpers/console';

const vn = (date: string, time: string) => instantAt(date, time, 'Asia/Ho_Chi_Minh');

let session: ConsoleSession | null = null;
afterEach(async () => {
  await session?.stop();
  session = null;
});

describe('a deadline on a day off, through the console', () => {
  it('takes Monday 12/06/2028 as the deadline of 10/06/2028 (a Saturday): on time that day, late the next', async () => {
    session = await ConsoleSession.start(vn('2028-06-01', '09:00'));
    const schedule = await session.say('/lich');
    expect(schedule).toContain(
      'Hạn nộp báo cáo 6 tháng đầu năm 2028: 12/06/2028 (hạn 10/06/2028 rơi vào thứ Bảy).',
    );
    expect(schedule).toContain('08:00 12/06/2028 – nhắc báo cáo 6 tháng đầu năm 2028: 7 đơn vị chưa báo cáo');
    expect(schedule).not.toMatch(/\d\d:\d\d 1[01]\/06\/2028/);
    expect(schedule).toContain('08:00 13/06/2028 – nhắc quá hạn 6 tháng đầu năm 2028');

    session.now = vn('2028-06-12', '15:00');
    await session.say(':as phong kinh te');
    const onTime = await session.say('NV3: hoàn thành - 2 hội nghị');
    expect(onTime).toContain('Lần 1, lúc 15:00 12/06/2028 (đúng hạn).');
    expect(onTime).toContain('Hạn nộp: 12/06/2028 (hạn 10/06/2028 rơi vào thứ Bảy).');
    await session.say(':as vhxh');
    const status = await session.say('/tinhhinh');
    expect(status).toContain('Hạn nộp: 12/06/2028 (hạn 10/06/2028 rơi vào thứ Bảy); hôm nay là hạn cuối.');
    expect(status).toContain('• Đã nộp đúng hạn: 1');
    expect(status).toContain('• Chưa nộp, chưa đến hạn: 6');

    session.now = vn('2028-06-13', '08:30');
    await session.say(':as cong an');
    const late = await session.say('NV3: hoàn thành - 1 hội nghị');
    expect(late).toContain('nộp muộn, sau hạn 12/06/2028');
    const flags = session.deps.db.$client.prepare('SELECT unit_id, late FROM reports ORDER BY id').all() as {
      unit_id: string;
      late: number;
    }[];
    expect(flags).toEqual([
      { unit_id: 'phong-kt-ht-dt', late: 0 },
      { unit_id: 'cong-an', late: 1 },
    ]);
    // The deadline as set is what the database keeps; the working deadline is computed from the calendar.
    expect(
      session.deps.db.$client
        .prepare("SELECT deadline_on FROM periods WHERE id LIKE '%6T-2028'")
        .pluck()
        .get(),
    ).toBe('2028-06-10');
  });

  it('moves an ad-hoc deadline set on Tết to the first working day after the break, and tells the office', async () => {
    session = await ConsoleSession.start(vn('2027-01-20', '09:00'));
    const out = await session.say('/dotxuat 08/02/2027 NV1 Phòng KT-HT-ĐT');
    expect(out).toContain('Đã tạo yêu cầu báo cáo đột xuất số 1, hạn 12/02/2027.');
    expect(out).toContain(
      'Hạn 08/02/2027 rơi vào ngày nghỉ Tết Nguyên đán nên được chuyển sang ngày làm việc tiếp theo là thứ Sáu, 12/02/2027 (Điều 148 Bộ luật Dân sự năm 2015).',
    );
    await session.say(':as phong kinh te');
    const view = await session.say('/xem đột xuất 1');
    expect(view).toContain(
      'Chưa có báo cáo. Hạn nộp: 12/02/2027 (hạn 08/02/2027 rơi vào ngày nghỉ Tết Nguyên đán).',
    );
    session.now = vn('2027-02-12', '10:00');
    const report = await session.say('Báo cáo đột xuất 1\nNV1: hoàn thành - đã tham mưu');
    expect(report).toContain('(đúng hạn)');
  });
});
