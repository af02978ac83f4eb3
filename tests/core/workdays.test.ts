import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import {
  defaultCalendarConfig,
  holidayOn,
  holidaysOfYear,
  isWorkingDay,
  nextWorkingTime,
  workingMorning,
} from '../../src/core/calendar';
import { instantAt, localDateOf } from '../../src/core/time';
import { ROOT } from '../helpers/spawnBot';

const cfg = defaultCalendarConfig;
/** A local Hải Phòng wall-clock time as an instant. */
const vn = (date: string, time = '00:00') => instantAt(date, time, 'Asia/Ho_Chi_Minh');
const show = (d: Date) => d.toISOString();

describe('Vietnamese public holidays', () => {
  it('has Tết on the Vietnamese lunar new year, computed for UTC+7', () => {
    const tet = {
      2025: '2025-01-29',
      2026: '2026-02-17',
      2027: '2027-02-06',
      2028: '2028-01-26',
      2029: '2029-02-13',
      2030: '2030-02-02',
      2031: '2031-01-23',
    };
    for (const [year, date] of Object.entries(tet)) {
      expect(holidayOn(date)?.name, `${year}`).toBe('Tết Nguyên đán');
    }
    // 3/2/2030 is the Chinese (UTC+8) new year, not Vietnam's.
    expect(holidayOn('2030-02-03')?.name ?? null).toBe('Tết Nguyên đán'); // still inside the five-day break
    expect(holidayOn('2030-01-31')).toBeNull();
  });

  it('has five days of Tết from the last day of the lunar year', () => {
    expect(
      ['2026-02-16', '2026-02-17', '2026-02-18', '2026-02-19', '2026-02-20'].map((d) => holidayOn(d)?.name),
    ).toEqual(Array(5).fill('Tết Nguyên đán'));
    expect(holidayOn('2026-02-21')).toBeNull(); // a Saturday, but not a holiday
    expect(holidayOn('2026-02-23')).toBeNull();
  });

  it('has Giỗ Tổ Hùng Vương on 10/3 lunar and makes it up on Monday when it falls on Sunday', () => {
    expect(holidayOn('2025-04-07')?.name).toMatch(/Hùng Vương/);
    expect(holidayOn('2026-04-26')?.name).toMatch(/Hùng Vương/); // a Sunday
    expect(holidayOn('2026-04-27')?.name).toMatch(/^Nghỉ bù/);
    expect(holidayOn('2027-04-16')?.name).toMatch(/Hùng Vương/);
  });

  it('lists the year with its fixed days and compensations', () => {
    const y = holidaysOfYear(2026).map((h) => h.date);
    expect(y).toEqual(
      expect.arrayContaining([
        '2026-01-01',
        '2026-04-30',
        '2026-05-01',
        '2026-09-01',
        '2026-09-02',
        '2026-04-27',
      ]),
    );
    expect(y).toEqual([...y].sort());
  });
});

describe('working time', () => {
  it.each([
    ['Friday 17:30 → Monday 08:00', vn('2026-06-05', '17:30'), vn('2026-06-08', '08:00')],
    ['Saturday noon → Monday 08:00', vn('2026-06-06', '12:00'), vn('2026-06-08', '08:00')],
    ['Tuesday 07:59 → 08:00 the same day', vn('2026-06-09', '07:59'), vn('2026-06-09', '08:00')],
    ['Tuesday 08:00 stays', vn('2026-06-09', '08:00'), vn('2026-06-09', '08:00')],
    ['Tuesday 16:59 stays', vn('2026-06-09', '16:59'), vn('2026-06-09', '16:59')],
    ['Tuesday 17:00 → Wednesday 08:00', vn('2026-06-09', '17:00'), vn('2026-06-10', '08:00')],
    [
      '00:30 local, still the previous evening in UTC',
      new Date('2026-06-09T17:30:00Z'),
      vn('2026-06-10', '08:00'),
    ],
    [
      'Thursday 31/12 night, across the new year and its holiday',
      vn('2026-12-31', '22:00'),
      vn('2027-01-04', '08:00'),
    ],
    ['the eve of Tết 2026 → after the break', vn('2026-02-13', '18:00'), vn('2026-02-23', '08:00')],
    // 5–9/2 with Saturday 6 and Sunday 7 made up on 10 and 11.
    ['Tết 2027', vn('2027-02-05', '09:00'), vn('2027-02-12', '08:00')],
    [
      '30/4 and 1/5 2026 (Thursday, Friday) → Monday 4/5',
      vn('2026-04-29', '17:05'),
      vn('2026-05-04', '08:00'),
    ],
    ['Quốc khánh 2026 with 1/9 → Thursday 3/9', vn('2026-08-31', '20:00'), vn('2026-09-03', '08:00')],
  ])('%s', (_name, at, expected) => {
    expect(show(nextWorkingTime(at, cfg))).toBe(show(expected));
  });

  it('takes announced days off and working Saturdays from configuration', () => {
    const announced = { ...cfg, extraDaysOff: ['2026-06-08'], extraWorkingDays: ['2026-06-13'] };
    expect(isWorkingDay('2026-06-08', announced)).toBe(false);
    expect(isWorkingDay('2026-06-13', announced)).toBe(true);
    expect(show(nextWorkingTime(vn('2026-06-05', '18:00'), announced))).toBe(show(vn('2026-06-09', '08:00')));
    expect(show(workingMorning('2026-06-13', announced))).toBe(show(vn('2026-06-13', '08:00')));
  });

  it('uses the configured hours', () => {
    const late = { ...cfg, workStart: '07:30', workEnd: '11:30' };
    expect(show(nextWorkingTime(vn('2026-06-09', '07:00'), late))).toBe(show(vn('2026-06-09', '07:30')));
    expect(show(nextWorkingTime(vn('2026-06-09', '12:00'), late))).toBe(show(vn('2026-06-10', '07:30')));
  });

  it('does not depend on the time zone of the machine', () => {
    const script = `
      import { nextWorkingTime, defaultCalendarConfig } from './src/core/calendar/index.ts';
      import { localDateOf } from './src/core/time.ts';
      const t = nextWorkingTime(new Date('2026-03-07T05:00:00Z'), defaultCalendarConfig);
      process.stdout.write(t.toISOString() + ' ' + localDateOf(new Date('2026-03-08T16:59:00Z'), 'Asia/Ho_Chi_Minh'));`;
    for (const tz of ['America/New_York', 'Pacific/Kiritimati', 'UTC']) {
      const out = execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
        cwd: ROOT,
        env: { ...process.env, TZ: tz },
      }).toString();
      expect(out, tz).toBe(`${vn('2026-03-09', '08:00').toISOString()} 2026-03-08`);
    }
    expect(localDateOf(new Date('2026-03-08T17:00:00Z'), 'Asia/Ho_Chi_Minh')).toBe('2026-03-09');
  });
});
