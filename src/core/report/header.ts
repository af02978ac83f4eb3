import { parsePeriodRef } from './periodRef';
import type { PeriodRef } from './types';

const REPORT_WORD = /^(?:bao\s*cao|b\/c|bc)(?![a-z])[\s:.–-]*/;

/**
 * Whether a (folded) line is a report header: "Báo cáo 6 tháng đầu năm 2026", "BC năm 2026", or, as
 * the first line, just the period. Returns the period named (null when "báo cáo" names none), or
 * undefined when the line is not a header at all.
 */
export function periodRefOfHeader(folded: string, firstLine: boolean): PeriodRef | null | undefined {
  const m = REPORT_WORD.exec(folded);
  if (m) return parsePeriodRef(folded.slice(m[0].length));
  if (firstLine && folded.length <= 40) {
    const ref = parsePeriodRef(folded);
    if (ref) return ref;
  }
  return undefined;
}
