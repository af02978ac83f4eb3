import { describe, expect, it } from 'vitest';
import { defaultCalendarConfig } from '../../src/core/calendar';
import type { Period } from '../../src/core/periods/periods';
import { regularPeriods } from '../../src/core/periods/periods';
import { Responsibility } from '../../src/core/plan/responsibility';
import type { DueItem } from '../../src/core/schedule/due';
import { dueItems } from '../../src/core/schedule/due';
import { instantAt, localDateOf, localMinutesOf } from '../../src/core/time';
import { isWorkingDay } from '../../src/core/calendar';
import { shippedPlanSet } from '../helpers/plans';

const planSet = shippedPlanSet();
const plan = planSet.plans[0]!;
const responsibility = new Responsibility(planSet.organisation, planSet.plans);
const TZ = 'Asia/Ho_Chi_Minh';
const vn = (date: string, time = '00:00') => instantAt(date, time, TZ);
const HOUR = 3_600_000;
const REPORTING_UNITS = 7;

/** Every item the scheduler would see ticking each hour over [from, to), de-duplicated by key. */
function simulate(periods: Period[], from: Date, to: Date, reported = new Set<string>()): DueItem[] {
  const seen = new Map<string, DueItem>();
  for (let t = from.getTime(); t < to.getTime(); t += HOUR) {
    const items = dueItems({
      plans: planSet.plans,
      periods,
      responsibility,
      calendar: defaultCalendarConfig,
      hasReported: (p, u) => reported.has(`${p}|${u}`),
      now: new Date(t),
      lookbackMs: HOUR,
    });
    for (const i of items) if (!seen.has(i.key)) seen.set(i.key, i);
  }
  return [...seen.values()];
}

const day = (i: DueItem) => localDateOf(i.at, TZ);
const adhoc = (id: string, deadlineOn: string): Period => ({
  id: `${plan.id}/${id}`,
  planId: plan.id,
  kind: 'adhoc',
  year: Number(deadlineOn.slice(0, 4)),
  number: 1,
  startsOn: '2025-12-15',
  cutoffOn: deadlineOn,
  deadlineOn,
  setDeadlineOn: deadlineOn,
  deadlineMovedBecause: null,
  taskCodes: ['NV7'],
  unitIds: null,
  note: null,
  cancelled: false,
});

describe('what is due over a whole year of the plan (ticking every hour)', () => {
  const periods = regularPeriods(plan, defaultCalendarConfig);
  const year = simulate(periods, vn('2026-01-01'), vn('2027-01-01'));

  it('reminds each reporting unit before the six-month deadline on working mornings, and chases it after', () => {
    const sixMonth = year.filter((i) => i.periodId.endsWith('6T-2026') && i.kind !== 'digest');
    const byOffset = new Map<number, Set<string>>();
    for (const i of sixMonth)
      if (i.kind !== 'digest')
        byOffset.set(i.offsetDays, (byOffset.get(i.offsetDays) ?? new Set()).add(day(i)));
    // Deadline Wednesday 10/06/2026: -3 is Sunday 7/6, so Monday 8/6; +3 is Saturday 13/6, so Monday 15/6.
    expect(Object.fromEntries([...byOffset].map(([o, d]) => [o, [...d]]))).toEqual({
      '-14': ['2026-05-27'],
      '-7': ['2026-06-03'],
      '-3': ['2026-06-08'],
      '-1': ['2026-06-09'],
      '0': ['2026-06-10'],
      '1': ['2026-06-11'],
      '3': ['2026-06-15'],
      '7': ['2026-06-17'],
    });
    expect(sixMonth).toHaveLength(8 * REPORTING_UNITS);
    expect(new Set(sixMonth.map((i) => i.key)).size).toBe(sixMonth.length);
  });

  it('does the same for the annual deadline (Thursday 10/12/2026)', () => {
    const annual = year.filter((i) => i.periodId.endsWith('N-2026') && i.kind !== 'digest');
    expect([...new Set(annual.map(day))].sort()).toEqual([
      '2026-11-26',
      '2026-12-03',
      '2026-12-07',
      '2026-12-09',
      '2026-12-10',
      '2026-12-11',
      '2026-12-14',
      '2026-12-17',
    ]);
  });

  it('sends nothing at night, at weekends or on holidays', () => {
    for (const i of year) {
      expect(localMinutesOf(i.at, TZ), i.key).toBe(8 * 60);
      expect(isWorkingDay(day(i), defaultCalendarConfig), i.key).toBe(true);
    }
  });

  it('sends the leaders a weekly digest on Mondays of the window and one the morning after the deadline', () => {
    const digests = year.filter((i) => i.kind === 'digest' && i.periodId.endsWith('6T-2026'));
    expect(digests.map((i) => `${i.kind === 'digest' ? i.reason : ''} ${day(i)}`).sort()).toEqual([
      'after_deadline 2026-06-11',
      'weekly 2026-06-01',
      'weekly 2026-06-08',
      'weekly 2026-06-15',
      'weekly 2026-06-22',
    ]);
  });

  it('stops reminding a unit that has reported, and stops weekly digests once everyone has', () => {
    const everyone = responsibility.reportingUnits(plan).map((u) => `${plan.id}/6T-2026|${u.id}`);
    const one = simulate(periods, vn('2026-05-20'), vn('2026-07-01'), new Set([everyone[0]!]));
    expect(one.filter((i) => i.kind !== 'digest' && i.periodId.endsWith('6T-2026'))).toHaveLength(
      8 * (REPORTING_UNITS - 1),
    );
    const all = simulate(periods, vn('2026-05-20'), vn('2026-07-01'), new Set(everyone));
    expect(all.filter((i) => i.periodId.endsWith('6T-2026')).map((i) => i.kind)).toEqual(['digest']); // the one after the deadline
  });
});

describe('when offsets meet on one morning', () => {
  it('sends one reminder when the day before is a Sunday and the deadline a Monday', () => {
    const items = simulate([adhoc('DX-1', '2026-06-15')], vn('2026-05-25'), vn('2026-06-16')).filter(
      (i) => i.kind === 'remind',
    );
    const onMonday = items.filter((i) => day(i) === '2026-06-15');
    expect(new Set(onMonday.map((i) => (i.kind === 'remind' ? i.offsetDays : null)))).toEqual(new Set([0]));
  });

  it('moves reminders over Tết to the first working morning after the break', () => {
    const items = simulate([adhoc('DX-2', '2026-02-25')], vn('2026-02-01'), vn('2026-02-26')).filter(
      (i) => i.kind === 'remind',
    );
    const days = [...new Set(items.map(day))].sort();
    // -14 is 11/2; -7 (18/2) and -3 (22/2) fall in the Tết break and meet on Monday 23/2; -1 is 24/2.
    expect(days).toEqual(['2026-02-11', '2026-02-23', '2026-02-24', '2026-02-25']);
  });

  it('crosses the new year: a deadline on 4/1/2027 is chased from the last working days of 2026', () => {
    const items = simulate([adhoc('DX-3', '2027-01-05')], vn('2026-12-15'), vn('2027-01-06')).filter(
      (i) => i.kind === 'remind',
    );
    expect([...new Set(items.map(day))].sort()).toEqual([
      '2026-12-22',
      '2026-12-29',
      '2027-01-04',
      '2027-01-05',
    ]);
  });
});

describe('catching up', () => {
  it('returns what fell due within the look-back, and nothing older', () => {
    const items = dueItems({
      plans: planSet.plans,
      periods: regularPeriods(plan, defaultCalendarConfig),
      responsibility,
      calendar: defaultCalendarConfig,
      hasReported: () => false,
      now: vn('2026-06-09', '10:00'),
      lookbackMs: 30 * HOUR,
    });
    const offsets = new Set(items.map((i) => (i.kind === 'digest' ? i.reason : i.offsetDays)));
    expect(offsets).toEqual(new Set([-3, -1, 'weekly']));
  });
});
