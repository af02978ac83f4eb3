export { holidayOn, holidaysOfYear } from './holidays';
export type { Holiday } from './holidays';
export {
  defaultCalendarConfig,
  isWorkingDay,
  nextWorkingDay,
  nextWorkingTime,
  workingMorning,
} from './workdays';
export type { CalendarConfig } from './workdays';
