import { describe, expect, it } from 'vitest';
import { defaultHolidayRules, holidaysOfYear } from '../../src/core/calendar';
import type { HolidayRules } from '../../src/core/calendar';
import { LUNAR_FIRST_YEAR, LUNAR_LAST_YEAR } from '../../src/core/calendar/lunar';
import { FIRST_YEAR, LAST_YEAR, libraryYear } from '../../scripts/holidays/vietnam';

/**
 * The bot ships a table of Vietnam's lunar holidays instead of loading date-holidays-parser at every start.
 * Its calendar must say, for every year the table covers, exactly what the library computed from its rules.
 */
const libraryHolidaysOfYear = (year: number, rules: HolidayRules) =>
  [...libraryYear(year - 1, rules), ...libraryYear(year, rules)]
    .filter(([date]) => date.startsWith(`${year}-`))
    .filter(([date], i, all) => all.findIndex(([d]) => d === date) === i)
    .map(([date, name]) => ({ date, name }))
    .sort((a, b) => a.date.localeCompare(b.date));

describe('the table of lunar holidays', () => {
  it('covers the years the generator was asked for', () => {
    expect([LUNAR_FIRST_YEAR, LUNAR_LAST_YEAR]).toEqual([FIRST_YEAR, LAST_YEAR]);
  });

  it('gives, for every year, the holidays and make-up days the library computes, with the ward’s rules too', () => {
    const announced: HolidayRules = {
      nationalDayExtra: { 2025: '2025-09-03' },
      tetBreaks: { 2026: { from: '2026-02-14', to: '2026-02-22' } },
      added: [{ month: 11, day: 24, name: 'Ngày Văn hóa Việt Nam', fromYear: 2026 }],
    };
    const differ: string[] = [];
    for (const rules of [defaultHolidayRules, announced])
      for (let year = LUNAR_FIRST_YEAR + 1; year <= LUNAR_LAST_YEAR; year++) {
        const ours = JSON.stringify(holidaysOfYear(year, rules));
        const library = JSON.stringify(libraryHolidaysOfYear(year, rules));
        if (ours !== library) differ.push(`${year}: ${ours} ≠ ${library}`);
      }
    expect(differ).toEqual([]);
  });

  it('says so clearly for a year outside the table', () => {
    expect(() => holidaysOfYear(LUNAR_LAST_YEAR + 1)).toThrow(/npm run holidays/);
  });
});
