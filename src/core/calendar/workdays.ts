import type { LocalDate, Organisation } from '../plan/types';
import { addDays, instantAt, isoWeekday, localDateOf, localMinutesOf } from '../time';
import type { HolidayRules } from './holidays';
import { defaultHolidayRules, holidayOn } from './holidays';

/** The ward's working calendar. */
export interface CalendarConfig {
  timeZone: string;
  /** `HH:MM`: nothing is sent before this time (default 08:00). */
  workStart: string;
  /** `HH:MM`: nothing is sent from this time on (default 17:00). */
  workEnd: string;
  /** Days off the government announces (a swapped day, a day added to a holiday), ISO dates. */
  extraDaysOff: LocalDate[];
  /** Days worked whatever they are (a Saturday worked to make up a swap, any other day), ISO dates. */
  extraWorkingDays: LocalDate[];
  /** The Tết break, the day next to 2/9 and holidays added by law, as the ward's file sets them. */
  holidays: HolidayRules;
}

export const defaultCalendarConfig: CalendarConfig = {
  timeZone: 'Asia/Ho_Chi_Minh',
  workStart: '08:00',
  workEnd: '17:00',
  extraDaysOff: [],
  extraWorkingDays: [],
  holidays: defaultHolidayRules,
};

/** The calendar of the ward the organisation file describes. */
export function wardCalendar(org: Organisation): CalendarConfig {
  return { timeZone: org.ward.timeZone, ...org.calendar };
}

const minutes = (hhmm: string): number => {
  const [h, m] = hhmm.split(':').map(Number) as [number, number];
  return h * 60 + m;
};

/**
 * Why a day is not worked, in words ("thứ Bảy", "Tết Nguyên đán", "ngày nghỉ theo lịch Chính phủ công
 * bố"), or null for a working day: Monday to Friday that is neither a public holiday nor an announced
 * day off, or any day announced as worked.
 */
export function dayOffReason(date: LocalDate, cfg: CalendarConfig): string | null {
  if (cfg.extraWorkingDays.includes(date)) return null;
  if (cfg.extraDaysOff.includes(date)) return 'ngày nghỉ theo lịch Chính phủ công bố';
  const holiday = holidayOn(date, cfg.holidays);
  if (holiday) return holiday.name;
  const weekday = isoWeekday(date);
  return weekday === 6 ? 'thứ Bảy' : weekday === 7 ? 'Chủ nhật' : null;
}

/** Monday to Friday, not a public holiday, not an announced day off; or any day announced as worked. */
export function isWorkingDay(date: LocalDate, cfg: CalendarConfig): boolean {
  // Asked for every day of every reminder window: the cheap tests first, no words built.
  if (cfg.extraWorkingDays.includes(date)) return true;
  if (cfg.extraDaysOff.includes(date)) return false;
  return isoWeekday(date) <= 5 && holidayOn(date, cfg.holidays) === null;
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

/**
 * A time limit that ends on a day off ends on the next working day (Bộ luật Dân sự 2015, Điều 148):
 * the deadline a unit must meet, and why it moved, if it did.
 */
export function workingDeadline(
  setOn: LocalDate,
  cfg: CalendarConfig,
): { deadlineOn: LocalDate; movedBecause: string | null } {
  const movedBecause = dayOffReason(setOn, cfg);
  return { deadlineOn: movedBecause ? nextWorkingDay(setOn, cfg) : setOn, movedBecause };
}
