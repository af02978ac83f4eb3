import type { LocalDate } from '../plan/types';

/** `2026-12-10` → `10/12/2026`. */
export function formatDate(date: LocalDate): string {
  const [y, m, d] = date.split('-');
  return `${d}/${m}/${y}`;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function partsIn(instant: Date, timeZone: string): Record<string, string> {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-GB', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    formatters.set(timeZone, f);
  }
  return Object.fromEntries(f.formatToParts(instant).map((p) => [p.type, p.value]));
}

/** An instant as `HH:MM dd/mm/yyyy` in the ward's time zone. */
export function formatDateTime(instant: Date, timeZone: string): string {
  const p = partsIn(instant, timeZone);
  return `${p.hour}:${p.minute} ${p.day}/${p.month}/${p.year}`;
}

/** An instant as `dd/mm/yyyy` in the ward's time zone. */
export function formatDay(instant: Date, timeZone: string): string {
  const p = partsIn(instant, timeZone);
  return `${p.day}/${p.month}/${p.year}`;
}
