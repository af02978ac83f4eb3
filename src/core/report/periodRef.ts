import { fold } from '../text/fold';
import type { PeriodRef } from './types';

const ADHOC = /(?:^|[^a-z])(?:dot\s*xuat|dx)\s*(?:so\s*|lan\s*|#\s*)?(\d{1,3})?(?![\d])/;
/** "6 tháng đầu năm 2026", "6t/2026", "sáu tháng", "nửa đầu năm"; "cuối" is the annual report's half. */
const SIX_MONTH =
  /(?:^|[^a-z0-9])(?:(?:0?6|sau)\s*(?:thang|th|t)(?![a-z])(?:\s*(dau|cuoi))?|nua\s*(dau|cuoi)|giua\s*(?=nam))(?:\s*nam)?\s*[/.-]?\s*(\d{4})?(?!\d)/;
/** After a period, the year before the one the text is written in: "năm ngoái", "năm trước". */
const LAST_YEAR = /^\s*(?:nam\s*)?(?:ngoai|truoc)(?![a-z])/;
const ANNUAL = /(?:^|[^a-z])(?:ca\s*nam|nam|12\s*thang)(?![a-z])\s*[/.-]?\s*(?:nam\s*)?(\d{4})?(?!\d)/;
/** Periods a plan of this shape does not have: quarters, months, "9 tháng". */
const OTHER =
  /(?:^|[^a-z0-9])(quy\s*(?:[1-4]|i{1,3}|iv)(?![a-z0-9])|(?:0?[1-57-9]|1[01]|ba|chin)\s*thang(?![a-z])|thang\s*(?:0?[1-9]|1[0-2])(?!\d))/;
/** Dates and document numbers, which are not periods: "ngày 02 tháng 6 năm 2026", "14/11/2025", "45/BC-TYT". */
const NOT_PERIODS = [
  /ngay\s*\d{1,2}\s*thang\s*\d{1,2}(?:\s*nam\s*\d{4})?/g,
  /(?:ngay\s*)?\d{1,2}\s*[/.-]\s*\d{1,2}(?:\s*[/.-]\s*\d{2,4})?(?![\d/])/g,
  /(?:ke\s*hoach|kh)\s*(?:so\s*)?\d{1,5}(?:\s*\/\s*[a-z]+(?:\s*-\s*[a-z]+)*)?/g,
  /\d{1,5}\s*\/\s*[a-z]+(?:\s*-\s*[a-z]+)+/g,
  // The data's range, not the period reported: "(số liệu tính đến hết quý I/2026 và tháng 4, 5)".
  /(?:so\s*lieu|tinh)\s*(?:tinh\s*)?(?:den|tu)(?:\s*het)?[^.;:)]*/g,
  // "Việt Nam" is not "năm": "Ngày Pháp luật Việt Nam".
  /viet\s*nam/g,
  // A comparison, not the period reported: "tăng 10% so với cùng kỳ năm trước", "so với năm 2025".
  /(?:cung\s*ky|so\s*voi)(?:\s*nam\s*(?:truoc|ngoai|\d{4}))?/g,
];

/** What a text says about the period: one of the plan's periods, another period, or nothing. */
export type NamedPeriod =
  | { type: 'period'; ref: PeriodRef }
  | { type: 'other'; text: string }
  /** Two periods of different years: "báo cáo năm 2025 (bổ sung) và 6 tháng đầu năm 2026". */
  | { type: 'several'; text: string }
  | null;

function withoutDates(folded: string): string {
  return NOT_PERIODS.reduce((s, re) => s.replace(re, ' '), folded);
}

/**
 * The period a folded text names, looked for anywhere in it: "báo cáo 6 tháng cuối năm 2026" names the
 * annual period of 2026 (the second half is reported in the annual report); "báo cáo quý IV" names a
 * period the plan does not have. Dates and document numbers are not read as periods.
 */
export function namedPeriod(folded: string): NamedPeriod {
  const f = withoutDates(folded.slice(0, 400));
  const adhoc = ADHOC.exec(f);
  if (adhoc) return { type: 'period', ref: { kind: 'adhoc', number: adhoc[1] ? Number(adhoc[1]) : null } };
  const other = OTHER.exec(f);
  const six = SIX_MONTH.exec(f);
  if (other && (!six || other.index < six.index)) return { type: 'other', text: (other[1] ?? '').trim() };
  if (six) {
    const year = six[3] ? Number(six[3]) : null;
    const half = six[1] ?? six[2];
    const kind = half === 'cuoi' ? 'annual' : 'six_month';
    // A year's report named beside it, of another year: which lines are which period is not for us to guess.
    const beside = `${f.slice(0, six.index)} ${f.slice(six.index + six[0].length)}`;
    const annual = /(?:^|[^a-z])(?:ca\s*)?nam\s*(\d{4})(?!\d)/.exec(beside);
    if (year !== null && annual && Number(annual[1]) !== year) {
      const first = kind === 'six_month' ? `6 tháng đầu năm ${year}` : `năm ${year}`;
      return { type: 'several', text: `năm ${annual[1]} và ${first}` };
    }
    return { type: 'period', ref: withLastYear({ kind, year }, f.slice(six.index + six[0].length)) };
  }
  const annual = ANNUAL.exec(f);
  if (annual) {
    const year = annual[1] ? Number(annual[1]) : null;
    return {
      type: 'period',
      ref: withLastYear({ kind: 'annual', year }, f.slice(annual.index + annual[0].length)),
    };
  }
  return null;
}

/**
 * The period a user names: "6 tháng đầu năm 2026", "6t/2026", "năm 2025", "cả năm", "6 tháng cuối năm",
 * "đột xuất số 2", "dx2". Null when the text names none, or a period the plan does not have ("quý IV").
 * Works on a command argument as well as on a report's header.
 */
function withLastYear(ref: { kind: 'six_month' | 'annual'; year: number | null }, after: string): PeriodRef {
  return ref.year === null && LAST_YEAR.test(after) ? { ...ref, lastYear: true } : ref;
}

export function parsePeriodRef(text: string): PeriodRef | null {
  const named = namedPeriod(fold(text));
  return named?.type === 'period' ? named.ref : null;
}

const PLAN_NUMBER = /(?:^|[^a-z])(?:ke\s*hoach|kh)\s*(?:so\s*)?[:.]?\s*(\d{1,5})(?!\d)/g;

/** Plan numbers a folded text names: "KH 168", "Kế hoạch số 200/KH-UBND", "168/KH-UBND" → "168", "200". */
export function planNumbersIn(folded: string): string[] {
  const out = new Set<string>();
  for (const m of folded.matchAll(PLAN_NUMBER)) out.add(String(Number(m[1])));
  for (const m of folded.matchAll(/(?:^|[^\d])(\d{1,5})\s*\/\s*kh(?![a-z])/g)) out.add(String(Number(m[1])));
  return [...out];
}
