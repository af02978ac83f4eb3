import Holidays from 'date-holidays-parser';
import type { LocalDate } from '../plan/types';
import { addDays, isoWeekday } from '../time';

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
 * from the year its law does. The lunar dates are computed by date-holidays-parser, whose "vietnamese"
 * calendar is computed for UTC+7 (it differs from the Chinese one, e.g. Tết 2030 falls on 2/2, not 3/2).
 * A holiday on a Saturday or Sunday gives a day off on the next working day (Điều 112.3). The Tết break
 * the government announces, and the other days it announces, come from the ward's file.
 *
 * Only these rules are loaded (in the parser's rule language, as date-holidays writes them for VN):
 * the full date-holidays package carries every country's data and costs about 20 MB of memory.
 */
const BUILT_IN: { rule: string; name: string; fromYear: number }[] = [
  { rule: '01-01', name: 'Tết Dương lịch', fromYear: 1995 },
  { rule: 'vietnamese 1-0-1', name: 'Tết Nguyên đán', fromYear: 1995 },
  { rule: '1 day before vietnamese 1-0-1 P5D', name: 'Tết Nguyên đán', fromYear: 1995 },
  // Bộ luật Lao động sửa đổi 2007.
  { rule: 'vietnamese 3-0-10', name: 'Giỗ Tổ Hùng Vương', fromYear: 2007 },
  { rule: '04-30', name: 'Ngày Giải phóng miền Nam, thống nhất đất nước', fromYear: 1995 },
  { rule: '05-01', name: 'Ngày Quốc tế Lao động', fromYear: 1995 },
  { rule: '09-02', name: 'Quốc khánh', fromYear: 1995 },
];
/** Bộ luật Lao động 2019 (from 2021) added the day next to 2/9. */
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

const iso = (y: number, m: number, d: number): LocalDate =>
  `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;

function computeYear(year: number, rules: HolidayRules): Map<LocalDate, string> {
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
    // Multi-day holidays (the Tết break) come as one entry with an end.
    const span = Math.max(1, Math.round((h.end.getTime() - h.start.getTime()) / 86_400_000));
    for (let i = 0; i < span; i++) add(addDays(first, i), own.name);
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
  const name = holidaysIn(year, rules).get(date) ?? holidaysIn(year - 1, rules).get(date);
  return name ? { date, name } : null;
}

/** Every public holiday (and compensatory day) of a year, in date order. */
export function holidaysOfYear(year: number, rules: HolidayRules = defaultHolidayRules): Holiday[] {
  const all = [...holidaysIn(year - 1, rules), ...holidaysIn(year, rules)]
    .filter(([date]) => date.startsWith(`${year}-`))
    .map(([date, name]) => ({ date, name }));
  const seen = new Set<string>();
  return all
    .filter((h) => !seen.has(h.date) && seen.add(h.date))
    .sort((a, b) => a.date.localeCompare(b.date));
}
