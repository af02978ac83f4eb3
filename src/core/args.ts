import { parsePeriodRef } from './report/parse';
import type { PeriodRef } from './report/types';
import { fold } from './text/fold';

/** Words that can begin the name of a period in a command argument. */
const PERIOD_START = /^(6|6t|6th|6thang|sau|nam|ca|dot|dx\d*|ky|bao|bc|6t\/\d{4})$/;

/**
 * Splits a command argument such as "phong kinh te 6 thang 2026" into the unit name and the period.
 * The period is the shortest tail that starts with a period word and reads as a period as a whole.
 */
export function splitNameAndPeriod(args: string): { name: string; period: PeriodRef | null } {
  const words = args.trim().split(/\s+/).filter(Boolean);
  for (let i = 0; i < words.length; i++) {
    if (!PERIOD_START.test(fold(words[i] ?? ''))) continue;
    const period = parsePeriodRef(words.slice(i).join(' '));
    if (period) return { name: words.slice(0, i).join(' '), period };
  }
  return { name: words.join(' '), period: null };
}
