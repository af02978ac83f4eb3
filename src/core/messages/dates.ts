import type { LocalDate } from '../plan/types';
import { wallClock } from '../time';

const two = (n: number) => String(n).padStart(2, '0');

/** `2026-12-10` → `10/12/2026`. */
export function formatDate(date: LocalDate): string {
  const [y, m, d] = date.split('-');
  return `${d}/${m}/${y}`;
}

/** An instant as `HH:MM dd/mm/yyyy` in the ward's time zone. */
export function formatDateTime(instant: Date, timeZone: string): string {
  const w = wallClock(instant, timeZone);
  return `${two(w.hour)}:${two(w.minute)} ${two(w.day)}/${two(w.month)}/${w.year}`;
}

/** An instant as `dd/mm/yyyy` in the ward's time zone. */
export function formatDay(instant: Date, timeZone: string): string {
  const w = wallClock(instant, timeZone);
  return `${two(w.day)}/${two(w.month)}/${w.year}`;
}
