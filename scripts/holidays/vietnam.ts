/**
 * Vietnam's public holidays as date-holidays-parser computes them (its "vietnamese" calendar is computed
 * for UTC+7): the source of `src/core/calendar/lunar.ts`, and the oracle its test checks the bot's calendar
 * against. The library is not loaded at run time: its lunar-calendar astronomy costs about a tenth of a
 * second and several megabytes at every start, for two dates a year.
 */
import Holidays from 'date-holidays-parser';
import type { HolidayRules } from '../../src/core/calendar/holidays';
import type { LocalDate } from '../../src/core/plan/types';
import { addDays, isoWeekday } from '../../src/core/time';

/** The years tabulated: from the first year a built-in holiday applies. */
export const FIRST_YEAR = 1995;
export const LAST_YEAR = 2100;

/** The rules as date-holidays writes them for VN, each from the year its law applies. */
const BUILT_IN: { rule: string; name: string; fromYear: number }[] = [
  { rule: '01-01', name: 'Tết Dương lịch', fromYear: 1995 },
  { rule: 'vietnamese 1-0-1', name: 'Tết Nguyên đán', fromYear: 1995 },
  { rule: '1 day before vietnamese 1-0-1 P5D', name: 'Tết Nguyên đán', fromYear: 1995 },
  { rule: 'vietnamese 3-0-10', name: 'Giỗ Tổ Hùng Vương', fromYear: 2007 },
  { rule: '04-30', name: 'Ngày Giải phóng miền Nam, thống nhất đất nước', fromYear: 1995 },
  { rule: '05-01', name: 'Ngày Quốc tế Lao động', fromYear: 1995 },
  { rule: '09-02', name: 'Quốc khánh', fromYear: 1995 },
];
const NATIONAL_DAY_EXTRA_FROM = 2021;

let engine: Holidays | null = null;

function vietnam(): Holidays {
  engine ??= new Holidays(
    {
      holidays: {
        VN: {
          names: { vi: 'Việt Nam' },
          dayoff: '',
          langs: ['vi'],
          zones: ['Asia/Ho_Chi_Minh'],
          days: Object.fromEntries(BUILT_IN.map((h) => [h.rule, { name: { vi: h.rule } }])),
        },
      },
    },
    'VN',
    { languages: ['vi'], types: ['public'] },
  );
  return engine;
}

/** The two lunar dates of a year: Tết (1/1 lunar) and Giỗ Tổ Hùng Vương (10/3 lunar), as `YYYY-MM-DD`. */
export function lunarDates(year: number): { tet: string; gioTo: string } {
  const all = vietnam().getHolidays(year, 'vi');
  const tet = all.find((h) => h.name === 'vietnamese 1-0-1');
  const gioTo = all.find((h) => h.name === 'vietnamese 3-0-10');
  if (!tet || !gioTo) throw new Error(`no lunar holidays for ${year}`);
  return { tet: tet.date.slice(0, 10), gioTo: gioTo.date.slice(0, 10) };
}

const iso = (y: number, m: number, d: number): LocalDate =>
  `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;

/**
 * A year's public holidays and make-up days computed by the library at every call, as the bot computed
 * them before the table: the oracle.
 */
export function libraryYear(year: number, rules: HolidayRules): Map<LocalDate, string> {
  const days = new Map<LocalDate, string>();
  const add = (date: LocalDate, name: string) => {
    if (!days.has(date)) days.set(date, name);
  };
  const announcedTet = rules.tetBreaks[year];
  for (const h of vietnam().getHolidays(year, 'vi')) {
    const own = BUILT_IN.find((b) => b.rule === h.name);
    if (h.type !== 'public' || !own || year < own.fromYear) continue;
    if (own.name === 'Tết Nguyên đán' && announcedTet) continue;
    const first = h.date.slice(0, 10);
    const span = Math.max(1, Math.round((h.end.getTime() - h.start.getTime()) / 86_400_000));
    for (let i = 0; i < span; i++) add(addDays(first, i), own.name);
  }
  if (year >= NATIONAL_DAY_EXTRA_FROM)
    add(rules.nationalDayExtra[year] ?? iso(year, 9, 1), 'Quốc khánh (ngày nghỉ liền kề)');
  for (const h of rules.added) if (year >= h.fromYear) add(iso(year, h.month, h.day), h.name);
  const compensations: [LocalDate, string][] = [];
  const tetDays = new Set<LocalDate>();
  if (announcedTet) for (let d = announcedTet.from; d <= announcedTet.to; d = addDays(d, 1)) tetDays.add(d);
  for (const [date, name] of [...days].sort(([a], [b]) => a.localeCompare(b))) {
    if (isoWeekday(date) < 6) continue;
    let next = addDays(date, 1);
    while (
      isoWeekday(next) >= 6 ||
      days.has(next) ||
      tetDays.has(next) ||
      compensations.some(([d]) => d === next)
    )
      next = addDays(next, 1);
    compensations.push([next, `Nghỉ bù ${name}`]);
  }
  for (const [date, name] of compensations) add(date, name);
  for (const date of tetDays) add(date, 'Tết Nguyên đán');
  return days;
}
