export { defaultHolidayRules, holidayOn, holidaysOfYear } from './holidays';
export type { AddedHoliday, Holiday, HolidayRules } from './holidays';
export {
  dayOffReason,
  defaultCalendarConfig,
  isWorkingDay,
  nextWorkingDay,
  nextWorkingTime,
  workingDeadline,
  wardCalendar,
  workingMorning,
} from './workdays';
export type { CalendarConfig } from './workdays';
