import { describe, expect, it } from 'vitest';
import type { CalendarConfig } from '../../src/core/calendar';
import {
  holidayOn,
  isWorkingDay,
  wardCalendar,
  workingDeadline,
  workingMorning,
} from '../../src/core/calendar';
import { yearScorecard } from '../../src/core/compile';
import { reminderMessage } from '../../src/core/messages/reminders';
import { deadlineMovedNote, deadlineText } from '../../src/core/messages/labels';
import type { Period } from '../../src/core/periods/periods';
import { isLate, regularPeriods } from '../../src/core/periods/periods';
import { buildPlanSet } from '../../src/core/plan/build';
import { Responsibility } from '../../src/core/plan/responsibility';
import { tetBreakWarning } from '../../src/core/schedule/calendarNotice';
import type { DueItem } from '../../src/core/schedule/due';
import { dueItems } from '../../src/core/schedule/due';
import { categoryOf } from '../../src/core/status';
import { instantAt, localDateOf } from '../../src/core/time';
import { shippedPlanSet, shippedSources } from '../helpers/plans';

const TZ = 'Asia/Ho_Chi_Minh';
const vn = (date: string, time = '00:00') => instantAt(date, time, TZ);
const planSet = shippedPlanSet();
const plan = planSet.plans[0]!;
const calendar = wardCalendar(planSet.organisation);
const responsibility = new Responsibility(planSet.organisation, planSet.plans);
const periods = regularPeriods(plan, calendar);
const period = (id: string): Period => periods.find((p) => p.id === `${plan.id}/${id}`)!;

/** The shipped organisation file with its calendar section's `key: value` line replaced. */
function calendarWith(key: string, value: string): CalendarConfig {
  const sources = shippedSources().map((s) =>
    s.file.endsWith('don-vi.yaml')
      ? { ...s, text: s.text.replace(new RegExp(`^  ${key}:.*$`, 'm'), `  ${key}: ${value}`) }
      : s,
  );
  const r = buildPlanSet(sources);
  if (!r.ok) throw new Error(JSON.stringify(r.problems));
  return wardCalendar(r.planSet.organisation);
}

describe('a deadline on a day off moves to the next working day (Bộ luật Dân sự 2015, Điều 148)', () => {
  it.each([
    ['6T-2028', '2028-06-10', 'thứ Bảy', '2028-06-12', '2028-06-14'],
    ['N-2028', '2028-12-10', 'Chủ nhật', '2028-12-11', '2028-12-14'],
    ['6T-2029', '2029-06-10', 'Chủ nhật', '2029-06-11', '2029-06-14'],
  ])('%s: %s (%s) → %s; the data cut-off %s stays', (id, set, why, moved, cutoff) => {
    const p = period(id);
    expect(p.setDeadlineOn).toBe(set);
    expect(p.deadlineMovedBecause).toBe(why);
    expect(p.deadlineOn).toBe(moved);
    expect(p.cutoffOn).toBe(cutoff);
  });

  it('leaves a deadline on a working day where it is', () => {
    const p = period('6T-2026');
    expect([p.setDeadlineOn, p.deadlineOn, p.deadlineMovedBecause]).toEqual([
      '2026-06-10',
      '2026-06-10',
      null,
    ]);
    expect(deadlineMovedNote(p)).toBeNull();
    expect(deadlineText(p)).toBe('10/06/2026');
  });

  it('moves a deadline on Tết past the whole break, make-up days included', () => {
    // Tết 2027: 5–9/2, Saturday 6 and Sunday 7 made up on 10 and 11.
    expect(workingDeadline('2027-02-08', calendar)).toEqual({
      deadlineOn: '2027-02-12',
      movedBecause: 'Tết Nguyên đán',
    });
    expect(workingDeadline('2027-02-11', calendar)).toEqual({
      deadlineOn: '2027-02-12',
      movedBecause: 'Nghỉ bù Tết Nguyên đán',
    });
    expect(workingDeadline('2027-02-12', calendar)).toEqual({ deadlineOn: '2027-02-12', movedBecause: null });
  });

  it('counts the reminders from the moved deadline, and says the day and the reason', () => {
    const p = period('6T-2028');
    const seen = new Map<string, DueItem>();
    for (let t = vn('2028-05-20').getTime(); t < vn('2028-06-25').getTime(); t += 3_600_000) {
      for (const i of dueItems({
        plans: planSet.plans,
        periods: [p],
        responsibility,
        calendar,
        hasReported: () => false,
        now: new Date(t),
        lookbackMs: 3_600_000,
      }))
        seen.set(i.key, i);
    }
    const byOffset = new Map<number, string>();
    for (const i of seen.values()) if (i.kind !== 'digest') byOffset.set(i.offsetDays, localDateOf(i.at, TZ));
    // -1 is Sunday 11/6 and meets the day itself on Monday 12/6, where the later one wins.
    expect(Object.fromEntries(byOffset)).toEqual({
      '-14': '2028-05-29',
      '-7': '2028-06-05',
      '-3': '2028-06-09',
      '0': '2028-06-12',
      '1': '2028-06-13',
      '3': '2028-06-15',
      '7': '2028-06-19',
    });
    const unit = responsibility.units.get('phong-kt-ht-dt')!;
    const tasks = responsibility
      .reportableTasks(plan, unit.id)
      .map((task) => ({ task, role: 'lead' as const }));
    const text = reminderMessage(plan, p, unit, tasks, 0, false);
    expect(text).toContain('Hôm nay (12/06/2028) là hạn nộp báo cáo 6 tháng đầu năm 2028');
    expect(text).not.toContain('10/06/2028) là hạn');
    expect(text).toContain(
      'Hạn 10/06/2028 rơi vào thứ Bảy nên được chuyển sang ngày làm việc tiếp theo là thứ Hai, 12/06/2028 (Điều 148 Bộ luật Dân sự năm 2015).',
    );
  });

  it('takes a report on the moved day as on time, and marks the next day late', () => {
    const p = period('6T-2028');
    expect(isLate(p, vn('2028-06-12', '16:59'), TZ)).toBe(false);
    expect(isLate(p, vn('2028-06-12', '23:59'), TZ)).toBe(false);
    expect(isLate(p, vn('2028-06-13', '08:00'), TZ)).toBe(true);
    expect(categoryOf(null, p, '2028-06-12')).toBe('not_due');
    expect(categoryOf(null, p, '2028-06-13')).toBe('overdue');
  });

  it('counts a unit missing in the scorecard only after the moved deadline', () => {
    const score = (today: string) =>
      yearScorecard({ plan, periods, responsibility, year: 2028, states: new Map(), today });
    expect(score('2028-06-12').every((r) => r.missing === 0)).toBe(true);
    expect(score('2028-06-13').every((r) => r.missing === 1)).toBe(true);
  });
});

describe('the ward calendar from the organisation file', () => {
  it("has 2026's announced swap: Friday 2/1 off, Saturday 10/1 worked", () => {
    expect(isWorkingDay('2026-01-02', calendar)).toBe(false);
    expect(isWorkingDay('2026-01-10', calendar)).toBe(true);
    expect(workingMorning('2026-01-01', calendar).toISOString()).toBe(
      vn('2026-01-05', '08:00').toISOString(),
    );
  });

  it('takes the day next to Quốc khánh per year', () => {
    expect(holidayOn('2027-09-01', calendar.holidays)?.name).toMatch(/Quốc khánh/);
    const chosen = calendarWith('national_day_extra', '{ 2027: 03/09/2027 }');
    expect(isWorkingDay('2027-09-01', chosen)).toBe(true);
    expect(isWorkingDay('2027-09-03', chosen)).toBe(false);
    // Other years keep 1/9.
    expect(isWorkingDay('2026-09-01', chosen)).toBe(false);
  });

  it('refuses a day next to Quốc khánh that is not 1/9 or 3/9, naming the place', () => {
    const sources = shippedSources().map((s) =>
      s.file.endsWith('don-vi.yaml')
        ? {
            ...s,
            text: s.text.replace(
              /^ {2}national_day_extra:.*$/m,
              '  national_day_extra: { 2027: 04/09/2027 }',
            ),
          }
        : s,
    );
    const r = buildPlanSet(sources);
    expect(r.ok).toBe(false);
    if (!r.ok)
      expect(r.problems).toEqual([
        {
          file: 'plans/don-vi.yaml',
          path: 'calendar.national_day_extra.2027',
          problem: 'ngày nghỉ liền kề Quốc khánh năm 2027 phải là 01/09/2027 hoặc 03/09/2027',
        },
      ]);
  });

  it('takes each sample line of the calendar section once its # is removed', () => {
    const sources = shippedSources().map((s) =>
      s.file.endsWith('don-vi.yaml')
        ? {
            ...s,
            text: s.text
              .replace('    # 2027: { from: 05/02/2027', '    2027: { from: 05/02/2027')
              .replace('    # 2027: 03/09/2027', '    2027: 03/09/2027')
              .replace('    # - { date: 24/11', '    - { date: 24/11'),
          }
        : s,
    );
    const r = buildPlanSet(sources);
    if (!r.ok) throw new Error(JSON.stringify(r.problems));
    const cal = wardCalendar(r.planSet.organisation);
    expect(cal.holidays.tetBreaks[2027]).toEqual({ from: '2027-02-05', to: '2027-02-11' });
    expect(isWorkingDay('2027-09-03', cal)).toBe(false);
    expect(isWorkingDay('2027-09-01', cal)).toBe(true);
    expect(holidayOn('2026-11-24', cal.holidays)?.name).toBe('Ngày Văn hóa Việt Nam');
  });

  it('adds a public holiday with one line, from the year it applies', () => {
    const culture = calendarWith(
      'holidays',
      '[{ date: 24/11, name: Ngày Văn hóa Việt Nam, from_year: 2027 }]',
    );
    expect(isWorkingDay('2026-11-24', culture)).toBe(true);
    expect(holidayOn('2027-11-24', culture.holidays)?.name).toBe('Ngày Văn hóa Việt Nam');
    // 24/11/2029 is a Saturday: made up on Monday 26/11 (Điều 112.3).
    expect(holidayOn('2029-11-26', culture.holidays)?.name).toBe('Nghỉ bù Ngày Văn hóa Việt Nam');
    // The shipped file leaves it commented out until the law applies.
    expect(isWorkingDay('2027-11-24', calendar)).toBe(true);
  });

  it('takes an announced Tết break instead of the computed one', () => {
    const announced = calendarWith('tet_break', '{ 2027: { from: 04/02/2027, to: 10/02/2027 } }');
    expect(isWorkingDay('2027-02-04', announced)).toBe(false);
    // The computed make-up day 11/2 is not part of the announced break.
    expect(isWorkingDay('2027-02-11', announced)).toBe(true);
    expect(workingDeadline('2027-02-08', announced).deadlineOn).toBe('2027-02-11');
  });

  it('accepts any day as an announced working day', () => {
    const worked = calendarWith('extra_working_days', '[10/01/2026, 01/05/2026]');
    expect(isWorkingDay('2026-05-01', worked)).toBe(true);
  });
});

describe("December's notice when next year's Tết break is not entered", () => {
  it('is due in the working hours of December, with the computed break, once a year by its key', () => {
    expect(tetBreakWarning(vn('2026-12-01', '09:00'), calendar)).toEqual({
      key: 'calendar:tet-break:2027',
      year: 2027,
      from: '2027-02-05',
      to: '2027-02-11',
    });
    expect(tetBreakWarning(vn('2026-12-31', '16:00'), calendar)?.key).toBe('calendar:tet-break:2027');
    expect(tetBreakWarning(vn('2026-11-30', '09:00'), calendar)).toBeNull();
    expect(tetBreakWarning(vn('2026-12-01', '20:00'), calendar)).toBeNull();
    expect(tetBreakWarning(vn('2026-12-05', '09:00'), calendar)).toBeNull(); // a Saturday
    const entered = calendarWith('tet_break', '{ 2027: { from: 04/02/2027, to: 10/02/2027 } }');
    expect(tetBreakWarning(vn('2026-12-01', '09:00'), entered)).toBeNull();
  });
});
