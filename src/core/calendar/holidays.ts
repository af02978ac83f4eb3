import type { LocalDate } from '../plan/types';
import { addDays, isoWeekday } from '../time';
import { LUNAR_FIRST_YEAR, LUNAR_LAST_YEAR, LUNAR_TABLE } from './lunar';

export interface Holiday {
  date: LocalDate;
  name: string;
}

/*
 * Vietnamese public holidays (Bộ luật Lao động 2019, Điều 112): Tết Dương lịch 1/1; Tết Âm lịch, five days
 * from the last day of the lunar year; Giỗ Tổ Hùng Vương 10/3 lunar; 30/4; 1/5; Quốc khánh 2/9 and one
 * day next to it (1/9 by default; the government announces which). A holiday on a Saturday or Sunday gives
 * a day off on the next working day (Điều 112.3). Days the government announces each year are added in
 * configuration.
 *
 * The two lunar dates come from `lunar.ts`, a table computed by date-holidays-parser, whose "vietnamese"
 * calendar is computed for UTC+7 (it differs from the Chinese one, e.g. Tết 2030 falls on 2/2, not 3/2);
 * a test checks this whole calendar against the library, year by year.
 */
const byYear = new Map<number, Map<LocalDate, string>>();

/** Tết (1/1 lunar) and Giỗ Tổ Hùng Vương (10/3 lunar) of a year. */
function lunarDates(year: number): { tet: LocalDate; gioTo: LocalDate } {
  const row = LUNAR_TABLE[year - LUNAR_FIRST_YEAR];
  if (year < LUNAR_FIRST_YEAR || year > LUNAR_LAST_YEAR || !row)
    throw new Error(
      `The lunar holidays are tabulated for ${LUNAR_FIRST_YEAR}–${LUNAR_LAST_YEAR}, not ${year}: run \`npm run holidays\` with a wider range.`,
    );
  const [tet = '', gioTo = ''] = row.split(' ');
  const date = (mmdd: string) => `${year}-${mmdd.slice(0, 2)}-${mmdd.slice(2)}`;
  return { tet: date(tet), gioTo: date(gioTo) };
}

function computeYear(year: number): Map<LocalDate, string> {
  const days = new Map<LocalDate, string>();
  const add = (date: LocalDate, name: string) => {
    if (!days.has(date)) days.set(date, name);
  };
  const { tet, gioTo } = lunarDates(year);
  add(`${year}-01-01`, 'Tết Dương lịch');
  // The Tết break: five days from the last day of the lunar year.
  for (let i = -1; i < 4; i++) add(addDays(tet, i), 'Tết Nguyên đán');
  add(gioTo, 'Giỗ tổ Hùng Vương');
  add(`${year}-04-30`, 'Ngày Giải phóng miền Nam');
  add(`${year}-05-01`, 'Quốc tế Lao động');
  add(`${year}-09-02`, 'Quốc khánh');
  add(`${year}-09-01`, 'Quốc khánh (ngày nghỉ liền kề)');

  // Điều 112.3: a holiday on the weekly rest day is made up on the next working day.
  const compensations: [LocalDate, string][] = [];
  for (const [date, name] of [...days].sort(([a], [b]) => a.localeCompare(b))) {
    if (isoWeekday(date) < 6) continue;
    let next = addDays(date, 1);
    while (isoWeekday(next) >= 6 || days.has(next) || compensations.some(([d]) => d === next))
      next = addDays(next, 1);
    compensations.push([next, `Nghỉ bù ${name}`]);
  }
  for (const [date, name] of compensations) add(date, name);
  return days;
}

function holidaysIn(year: number): Map<LocalDate, string> {
  let found = byYear.get(year);
  if (!found) byYear.set(year, (found = computeYear(year)));
  return found;
}

/**
 * The public holiday on a date, if any (without the days configured by the ward). The year's last holiday
 * is 2/9, so no compensatory day crosses into the next year.
 */
export function holidayOn(date: LocalDate): Holiday | null {
  const name = holidaysIn(Number(date.slice(0, 4))).get(date);
  return name ? { date, name } : null;
}

/** Every public holiday (and compensatory day) of a year, in date order. */
export function holidaysOfYear(year: number): Holiday[] {
  return [...holidaysIn(year)]
    .map(([date, name]) => ({ date, name }))
    .sort((a, b) => a.date.localeCompare(b.date));
}
