/**
 * Vietnam's lunar public holidays as date-holidays-parser computes them (its "vietnamese" calendar is
 * computed for UTC+7): the source of `src/core/calendar/lunar.ts`, and the oracle its test checks against.
 * The library is not loaded at run time: its lunar-calendar astronomy costs about a tenth of a second and
 * several megabytes at every start, for two dates a year.
 */
import Holidays from 'date-holidays-parser';

/** The years tabulated. */
export const FIRST_YEAR = 2000;
export const LAST_YEAR = 2100;

/** The rules of the public holidays, as date-holidays writes them for VN (Bộ luật Lao động 2019, Điều 112). */
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

/** Every public holiday of a year as the library gives it: one entry per day, multi-day breaks expanded. */
export function libraryHolidays(year: number): { date: string; name: string }[] {
  engine ??= new Holidays(VN_PUBLIC_HOLIDAYS, 'VN', { languages: ['vi'], types: ['public'] });
  const out: { date: string; name: string }[] = [];
  for (const h of engine.getHolidays(year, 'vi')) {
    if (h.type !== 'public') continue;
    const span = Math.max(1, Math.round((h.end.getTime() - h.start.getTime()) / 86_400_000));
    const first = new Date(`${h.date.slice(0, 10)}T00:00:00Z`);
    for (let i = 0; i < span; i++) {
      const day = new Date(first.getTime() + i * 86_400_000).toISOString().slice(0, 10);
      out.push({ date: day, name: /giao thừa|nguyên đán/i.test(h.name) ? 'Tết Nguyên đán' : h.name });
    }
  }
  return out;
}

/** The two lunar dates of a year: Tết (1/1 lunar) and Giỗ Tổ Hùng Vương (10/3 lunar), as `YYYY-MM-DD`. */
export function lunarDates(year: number): { tet: string; gioTo: string } {
  engine ??= new Holidays(VN_PUBLIC_HOLIDAYS, 'VN', { languages: ['vi'], types: ['public'] });
  const rules = engine.getHolidays(year, 'vi');
  const tet = rules.find((h) => h.rule === 'vietnamese 1-0-1');
  const gioTo = rules.find((h) => h.rule === 'vietnamese 3-0-10');
  if (!tet || !gioTo) throw new Error(`no lunar holidays for ${year}`);
  return { tet: tet.date.slice(0, 10), gioTo: gioTo.date.slice(0, 10) };
}
