import { describe, expect, it } from 'vitest';
import { holidaysOfYear } from '../../src/core/calendar';
import { LUNAR_FIRST_YEAR, LUNAR_LAST_YEAR } from '../../src/core/calendar/lunar';
import { FIRST_YEAR, LAST_YEAR, libraryHolidays } from '../../scripts/holidays/vietnam';

/**
 * The bot ships a table of Vietnam's lunar holidays instead of loading date-holidays-parser at every start.
 * The table must say, for every year it covers, exactly what the library computes from its rules.
 */
describe('the table of lunar holidays', () => {
  it('covers the years the generator was asked for', () => {
    expect([LUNAR_FIRST_YEAR, LUNAR_LAST_YEAR]).toEqual([FIRST_YEAR, LAST_YEAR]);
  });

  it('gives, for every year, the public holidays date-holidays-parser computes', () => {
    const differ: string[] = [];
    for (let year = LUNAR_FIRST_YEAR; year <= LUNAR_LAST_YEAR; year++) {
      const ours = holidaysOfYear(year)
        .filter((h) => !h.name.startsWith('Nghỉ bù') && h.date !== `${year}-09-01`)
        .map((h) => `${h.date} ${h.name}`);
      const seen = new Set<string>();
      const library = libraryHolidays(year)
        .filter((h) => !seen.has(h.date) && seen.add(h.date))
        .map((h) => `${h.date} ${h.name}`)
        .sort();
      if (JSON.stringify(ours) !== JSON.stringify(library)) differ.push(`${year}: ${ours} ≠ ${library}`);
    }
    expect(differ).toEqual([]);
  });

  it('says so clearly for a year outside the table', () => {
    expect(() => holidaysOfYear(LUNAR_LAST_YEAR + 1)).toThrow(/npm run holidays/);
  });
});
