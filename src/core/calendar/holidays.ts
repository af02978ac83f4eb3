import Holidays from 'date-holidays-parser';
import type { LocalDate } from '../plan/types';
import { addDays, isoWeekday } from '../time';

export interface Holiday {
  date: LocalDate;
  name: string;
}

/*
 * Vietnamese public holidays (Bộ luật Lao động 2019, Điều 112): Tết Dương lịch 1/1; Tết Âm lịch, five days
 * from the last day of the lunar year; Giỗ Tổ Hùng Vương 10/3 lunar; 30/4; 1/5; Quốc khánh 2/9 and one
 * day next to it (1/9 by default; the government announces which). The lunar dates are computed by
 * date-holidays-parser, whose "vietnamese" calendar is computed for UTC+7 (it differs from the Chinese
 * one, e.g. Tết 2030 falls on 2/2, not 3/2). A holiday on a Saturday or Sunday gives a day off on the
 * next working day (Điều 112.3). Days the government announces each year are added in configuration.
 *
 * Only these rules are loaded (in the parser's rule language, as date-holidays writes them for VN):
 * the full date-holidays package carries every country's data and costs about 20 MB of memory.
 */
const VN_PUBLIC_HOLIDAYS = {
  holidays: {
    VN: {
      names: { vi: 'Việt Nam' },
      dayoff: '',
      langs: ['vi'],
      zones: ['Asia/Ho_Chi_Minh'],
      days: {
        '01-01': { name: { vi: 'Tết Dương lịch' } },
        'vietnamese 1-0-1': { name: { vi: 'Tết Nguyên đán' } },
        '1 day before vietnamese 1-0-1 P5D': { name: { vi: 'Tết Nguyên đán' } },
        'vietnamese 3-0-10': { name: { vi: 'Giỗ tổ Hùng Vương' } },
        '04-30': { name: { vi: 'Ngày Giải phóng miền Nam' } },
        '05-01': { name: { vi: 'Quốc tế Lao động' } },
        '09-02': { name: { vi: 'Quốc khánh' } },
      },
    },
  },
};

let engine: Holidays | null = null;
const byYear = new Map<number, Map<LocalDate, string>>();

function vietnam(): Holidays {
  engine ??= new Holidays(VN_PUBLIC_HOLIDAYS, 'VN', { languages: ['vi'], types: ['public'] });
  return engine;
}

function computeYear(year: number): Map<LocalDate, string> {
  const days = new Map<LocalDate, string>();
  const add = (date: LocalDate, name: string) => {
    if (!days.has(date)) days.set(date, name);
  };
  for (const h of vietnam().getHolidays(year, 'vi')) {
    if (h.type !== 'public') continue;
    const first = h.date.slice(0, 10);
    // Multi-day holidays (the Tết break) come as one entry with an end.
    const span = Math.max(1, Math.round((h.end.getTime() - h.start.getTime()) / 86_400_000));
    const name = /giao thừa|nguyên đán/i.test(h.name) ? 'Tết Nguyên đán' : h.name;
    for (let i = 0; i < span; i++) add(addDays(first, i), name);
  }
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

/** The public holiday on a date, if any (without the days configured by the ward). */
export function holidayOn(date: LocalDate): Holiday | null {
  const year = Number(date.slice(0, 4));
  // A compensatory day of a late-December holiday can fall in January: look at both years.
  const name = holidaysIn(year).get(date) ?? holidaysIn(year - 1).get(date);
  return name ? { date, name } : null;
}

/** Every public holiday (and compensatory day) of a year, in date order. */
export function holidaysOfYear(year: number): Holiday[] {
  const all = [...holidaysIn(year - 1), ...holidaysIn(year)]
    .filter(([date]) => date.startsWith(`${year}-`))
    .map(([date, name]) => ({ date, name }));
  const seen = new Set<string>();
  return all
    .filter((h) => !seen.has(h.date) && seen.add(h.date))
    .sort((a, b) => a.date.localeCompare(b.date));
}
