import type { LocalDate } from '../plan/types';
import { addDays, instantAt, isoWeekday, localDateOf, localMinutesOf } from '../time';
import { holidayOn } from './holidays';

/** The ward's working calendar. */
export interface CalendarConfig {
  timeZone: string;
  /** `HH:MM`: nothing is sent before this time (default 08:00). */
  workStart: string;
  /** `HH:MM`: nothing is sent from this time on (default 17:00). */
  workEnd: string;
  /** Days off the government announces (the actual Tết break, swaps), ISO dates. */
  extraDaysOff: LocalDate[];
  /** Saturdays or Sundays worked to make up for a swapped day, ISO dates. */
  extraWorkingDays: LocalDate[];
}

export const defaultCalendarConfig: CalendarConfig = {
  timeZone: 'Asia/Ho_Chi_Minh',
  workStart: '08:00',
  workEnd: '17:00',
  extraDaysOff: [],
  extraWorkingDays: [],
};

const minutes = (hhmm: string): number => {
  const [h, m] = hhmm.split(':').map(Number) as [number, number];
  return h * 60 + m;
};

/** Monday to Friday, not a public holiday, not an announced day off; or an announced working day. */
export function isWorkingDay(date: LocalDate, cfg: CalendarConfig): boolean {
  if (cfg.extraWorkingDays.includes(date)) return true;
  if (cfg.extraDaysOff.includes(date)) return false;
  return isoWeekday(date) <= 5 && holidayOn(date) === null;
}

/** The first working day on or after `date`. */
export function nextWorkingDay(date: LocalDate, cfg: CalendarConfig): LocalDate {
  let d = date;
  // Tết and its weekends are the longest run of days off: a few weeks bounds any real calendar.
  for (let i = 0; i < 60 && !isWorkingDay(d, cfg); i++) d = addDays(d, 1);
  return d;
}

/** The start of the working day on `date`, or on the next working day if `date` is a day off. */
export function workingMorning(date: LocalDate, cfg: CalendarConfig): Date {
  return instantAt(nextWorkingDay(date, cfg), cfg.workStart, cfg.timeZone);
}

/**
 * `instant` itself when it falls in working hours of a working day; otherwise the next working morning.
 * Nothing goes out at night, at weekends or on holidays.
 */
export function nextWorkingTime(instant: Date, cfg: CalendarConfig): Date {
  const date = localDateOf(instant, cfg.timeZone);
  const now = localMinutesOf(instant, cfg.timeZone);
  if (isWorkingDay(date, cfg)) {
    if (now < minutes(cfg.workStart)) return instantAt(date, cfg.workStart, cfg.timeZone);
    if (now < minutes(cfg.workEnd)) return instant;
  }
  return workingMorning(addDays(date, 1), cfg);
}
