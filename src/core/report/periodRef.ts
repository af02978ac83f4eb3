import { fold } from '../text/fold';
import type { PeriodRef } from './types';

const ADHOC = /(?:^|[^a-z])(?:dot\s*xuat|dx)\s*(?:so\s*|lan\s*|#\s*)?(\d{1,3})?(?![\d])/;
const SIX_MONTH =
  /(?:^|[^a-z0-9])(?:0?6|sau)\s*(?:thang|th|t)(?![a-z])(?:\s*(?:dau|cuoi))?(?:\s*nam)?\s*[/.-]?\s*(\d{4})?(?!\d)/;
const ANNUAL = /(?:^|[^a-z])(?:ca\s*nam|nam)(?![a-z])\s*[/.-]?\s*(\d{4})?(?!\d)/;

/**
 * The period a user names: "6 tháng đầu năm 2026", "6t/2026", "năm 2025", "cả năm", "đột xuất số 2",
 * "dx2". Null when the text names none. Works on a command argument as well as on a report's header.
 */
export function parsePeriodRef(text: string): PeriodRef | null {
  const f = fold(text.slice(0, 300));
  const adhoc = ADHOC.exec(f);
  if (adhoc) return { kind: 'adhoc', number: adhoc[1] ? Number(adhoc[1]) : null };
  const six = SIX_MONTH.exec(f);
  if (six) return { kind: 'six_month', year: six[1] ? Number(six[1]) : null };
  const annual = ANNUAL.exec(f);
  if (annual) return { kind: 'annual', year: annual[1] ? Number(annual[1]) : null };
  return null;
}
