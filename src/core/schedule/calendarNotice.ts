import type { CalendarConfig } from '../calendar';
import { holidaysOfYear, nextWorkingTime } from '../calendar';
import type { LocalDate } from '../plan/types';
import { localDateOf } from '../time';

/** The office should enter next year's Tết break: which year, and the break the bot computes meanwhile. */
export interface TetBreakWarning {
  /** Unique per year: the office is told once. */
  key: string;
  year: number;
  /** First and last day off of the computed break (the five days and their make-up days). */
  from: LocalDate;
  to: LocalDate;
}

/**
 * In the working hours of December, when the ward's file has no Tết break for next year: the computed
 * default (Bộ luật Lao động, Điều 112) is then all the bot knows, and the government announces its own
 * break each year, with swaps the law does not foresee.
 */
export function tetBreakWarning(now: Date, cfg: CalendarConfig): TetBreakWarning | null {
  const today = localDateOf(now, cfg.timeZone);
  if (today.slice(5, 7) !== '12') return null;
  const year = Number(today.slice(0, 4)) + 1;
  if (cfg.holidays.tetBreaks[year]) return null;
  if (nextWorkingTime(now, cfg).getTime() !== now.getTime()) return null;
  const tet = holidaysOfYear(year, cfg.holidays).filter((h) => h.name.includes('Tết Nguyên đán'));
  const from = tet[0]?.date;
  const to = tet.at(-1)?.date;
  if (!from || !to) return null;
  return { key: `calendar:tet-break:${year}`, year, from, to };
}
