import type { LocalDate } from './plan/types';
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

const DATE = /^\s*(\d{1,2})\s*[/.-]\s*(\d{1,2})(?:\s*[/.-]\s*(\d{2}|\d{4}))?(?![\d/.-])/;

const iso = (y: number, m: number, d: number): LocalDate =>
  `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;

function isRealDate(y: number, m: number, d: number): boolean {
  const t = new Date(Date.UTC(y, m - 1, d));
  return t.getUTCFullYear() === y && t.getUTCMonth() === m - 1 && t.getUTCDate() === d;
}

/**
 * A date at the start of a command argument, as the office types it: "15/12/2026", "15/12", "15-12",
 * "15.12.26". A date without a year is its next occurrence from `today` (today included). Returns the
 * date and the rest of the argument; `invalid` for a date that does not exist ("31/02"); null when the
 * argument does not start with a date.
 */
export function leadingDate(
  args: string,
  today: LocalDate,
): { date: LocalDate; rest: string } | { invalid: string } | null {
  const m = DATE.exec(args);
  if (!m) return null;
  const d = Number(m[1]);
  const mo = Number(m[2]);
  const rest = args.slice(m[0].length).trim();
  if (m[3]) {
    const y = m[3].length === 2 ? 2000 + Number(m[3]) : Number(m[3]);
    return isRealDate(y, mo, d) ? { date: iso(y, mo, d), rest } : { invalid: m[0].trim() };
  }
  // The next time the day comes: this year, or a later one (29/02 waits for a leap year).
  const year = Number(today.slice(0, 4));
  for (let y = year; y <= year + 4; y++)
    if (isRealDate(y, mo, d) && iso(y, mo, d) >= today) return { date: iso(y, mo, d), rest };
  return { invalid: m[0].trim() };
}

const TASK_AT_START =
  /^\s*(?:[,;&+]|va(?![a-z])|và)?\s*(?:nv|nhiem\s*vu|nhiệm\s*vụ)\s*(?:so|số)?\s*[.#-]?\s*0*([1-9]\d?)(?!\d)/i;

/**
 * The task codes a command argument starts with, separated by spaces, commas, semicolons or "và"
 * ("NV4, NV5 và NV7 …"), and the rest of the argument.
 */
export function leadingTasks(args: string): { codes: string[]; rest: string } {
  const codes: string[] = [];
  let rest = args;
  for (let m = TASK_AT_START.exec(rest); m; m = TASK_AT_START.exec(rest)) {
    codes.push(`NV${Number(m[1])}`);
    rest = rest.slice(m[0].length);
  }
  return { codes: [...new Set(codes)], rest: rest.replace(/^[\s,;:]+/, '').trim() };
}
