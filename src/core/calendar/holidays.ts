import type { LocalDate } from '../plan/types';
import { addDays, isoWeekday } from '../time';
import { LUNAR_FIRST_YEAR, LUNAR_LAST_YEAR, LUNAR_TABLE } from './lunar';

export interface Holiday {
  date: LocalDate;
  name: string;
}

/** A public holiday on a fixed solar day, from the year the law that made it applies. */
export interface AddedHoliday {
  month: number;
  day: number;
  name: string;
  fromYear: number;
}

/**
 * What the government and the law decide beyond the computed calendar: set by the ward in its
 * organisation file, read here.
 */
export interface HolidayRules {
  /** Per year, the day next to Quốc khánh 2/9 that is also off (1/9 or 3/9); a year not listed has 1/9. */
  nationalDayExtra: Readonly<Record<number, LocalDate>>;
  /**
   * Per year of the lunar new year, the Tết break the government announced (every day from `from` to
   * `to` is off). It replaces the computed five days and their make-up days for that year.
   */
  tetBreaks: Readonly<Record<number, { from: LocalDate; to: LocalDate }>>;
  /** Public holidays added to Điều 112 after the built-in ones ("Ngày Văn hóa Việt Nam", 24/11). */
  added: readonly AddedHoliday[];
}

export const defaultHolidayRules: HolidayRules = { nationalDayExtra: {}, tetBreaks: {}, added: [] };

/*
 * Vietnamese public holidays (Bộ luật Lao động 2019, Điều 112): Tết Dương lịch 1/1; Tết Âm lịch, five days
 * from the last day of the lunar year; Giỗ Tổ Hùng Vương 10/3 lunar; 30/4; 1/5; Quốc khánh 2/9 and one
 * day next to it (1/9 unless the ward's file says which day the government chose). Each holiday applies
 * from the year its law does. A holiday on a Saturday or Sunday gives a day off on the next working day
 * (Điều 112.3). The Tết break the government announces, and the other days it announces, come from the
 * ward's file.
 *
 * The two lunar dates come from `lunar.ts`, a table computed by date-holidays-parser, whose "vietnamese"
 * calendar is computed for UTC+7 (it differs from the Chinese one, e.g. Tết 2030 falls on 2/2, not 3/2).
 * A test checks this whole calendar against the library's, year by year: the library's astronomy is not
 * loaded at every start.
 */

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

const iso = (y: number, m: number, d: number): LocalDate =>
  `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;

const BUILT_IN: { name: string; fromYear: number; days: (year: number) => LocalDate[] }[] = [
  { name: 'Tết Dương lịch', fromYear: 1995, days: (y) => [iso(y, 1, 1)] },
  // The Tết break: five days from the last day of the lunar year.
  {
    name: 'Tết Nguyên đán',
    fromYear: 1995,
    days: (y) => [-1, 0, 1, 2, 3].map((i) => addDays(lunarDates(y).tet, i)),
  },
  // Bộ luật Lao động sửa đổi 2007.
  { name: 'Giỗ Tổ Hùng Vương', fromYear: 2007, days: (y) => [lunarDates(y).gioTo] },
  { name: 'Ngày Giải phóng miền Nam, thống nhất đất nước', fromYear: 1995, days: (y) => [iso(y, 4, 30)] },
  { name: 'Ngày Quốc tế Lao động', fromYear: 1995, days: (y) => [iso(y, 5, 1)] },
  { name: 'Quốc khánh', fromYear: 1995, days: (y) => [iso(y, 9, 2)] },
];
/** Bộ luật Lao động 2019 (from 2021) added the day next to 2/9. */
const NATIONAL_DAY_EXTRA_FROM = 2021;

function computeYear(year: number, rules: HolidayRules): Map<LocalDate, string> {
  const days = new Map<LocalDate, string>();
  const add = (date: LocalDate, name: string) => {
    if (!days.has(date)) days.set(date, name);
  };
  const announcedTet = rules.tetBreaks[year];
  for (const h of BUILT_IN) {
    if (year < h.fromYear || (h.name === 'Tết Nguyên đán' && announcedTet)) continue;
    for (const date of h.days(year)) add(date, h.name);
  }
  if (year >= NATIONAL_DAY_EXTRA_FROM)
    add(rules.nationalDayExtra[year] ?? iso(year, 9, 1), 'Quốc khánh (ngày nghỉ liền kề)');
  for (const h of rules.added) if (year >= h.fromYear) add(iso(year, h.month, h.day), h.name);

  // Điều 112.3: a holiday on the weekly rest day is made up on the next working day. An announced Tết
  // break already includes its make-up days.
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

/** Computed years, per set of rules (one set per loaded organisation file). */
const cache = new WeakMap<HolidayRules, Map<number, Map<LocalDate, string>>>();

function holidaysIn(year: number, rules: HolidayRules): Map<LocalDate, string> {
  let years = cache.get(rules);
  if (!years) cache.set(rules, (years = new Map()));
  let found = years.get(year);
  if (!found) years.set(year, (found = computeYear(year, rules)));
  return found;
}

/** The public holiday on a date, if any (without the single days off the ward's file announces). */
export function holidayOn(date: LocalDate, rules: HolidayRules = defaultHolidayRules): Holiday | null {
  const year = Number(date.slice(0, 4));
  // A compensatory day of a late-December holiday can fall in January: look at both years.
  const name =
    holidaysIn(year, rules).get(date) ??
    (year > LUNAR_FIRST_YEAR ? holidaysIn(year - 1, rules).get(date) : undefined);
  return name ? { date, name } : null;
}

/** Every public holiday (and compensatory day) of a year, in date order. */
export function holidaysOfYear(year: number, rules: HolidayRules = defaultHolidayRules): Holiday[] {
  const before = year > LUNAR_FIRST_YEAR ? [...holidaysIn(year - 1, rules)] : [];
  const all = [...before, ...holidaysIn(year, rules)]
    .filter(([date]) => date.startsWith(`${year}-`))
    .map(([date, name]) => ({ date, name }));
  const seen = new Set<string>();
  return all
    .filter((h) => !seen.has(h.date) && seen.add(h.date))
    .sort((a, b) => a.date.localeCompare(b.date));
}
