import { namedPeriod, planNumbersIn } from './periodRef';
import type { NamedPeriod } from './periodRef';

const REPORT_WORD = /^(?:v\s*\/\s*v\s*)?(?:bao\s*cao|b\/c|bc)(?![a-z])[\s:.–-]*/;
/** Words before which a period names the report: "… báo cáo kết quả 6 tháng đầu năm 2026 như sau". */
const REPORT_CONTEXT =
  /(?:^|[^a-z])(?:bao\s*cao|b\/c|bc|ket\s*qua(?:\s*thuc\s*hien)?|tong\s*ket|so\s*ket|so\s*lieu)(?![a-z])/;

/** What a header line says: the period it names, if any, and the plans. */
export interface Header {
  period: NamedPeriod;
  plans: string[];
}

/**
 * Whether a (folded) line, or the words before the first task line, is a report header: "Báo cáo 6 tháng
 * đầu năm 2026", "BC năm 2026", "Dạ em gửi báo cáo năm của phòng ạ", "Kết quả thực hiện KH 168 năm 2026",
 * or, as the first line, just the period. Returns undefined when the text is not a header at all.
 */
export function headerOf(folded: string, firstLine: boolean): Header | undefined {
  const plans = planNumbersIn(folded);
  if (REPORT_WORD.test(folded)) return { period: namedPeriod(folded), plans };
  const context = REPORT_CONTEXT.exec(folded);
  if (context) {
    const period = namedPeriod(folded.slice(context.index));
    if (period || plans.length > 0) return { period, plans };
  }
  if (firstLine && folded.length <= 40) {
    const period = namedPeriod(folded);
    if (period?.type === 'period') return { period, plans };
  }
  return plans.length > 0 && /(?:^|[^a-z])(?:ke\s*hoach|kh)(?![a-z])/.test(folded)
    ? { period: null, plans }
    : undefined;
}
