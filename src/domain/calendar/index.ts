export type {
  CampaignKind,
  CampaignSchedule,
  DeadlineRule,
  DeadlineShift,
  Holiday,
  HolidayKind,
  I18nText,
  LocalDate,
  Period,
  PeriodKind,
  ReportingScheme,
  WorkingCalendar,
} from './types.js';
export {
  DEFAULT_TIME_ZONE,
  addDays,
  dayOf,
  daysBetween,
  formatDayMonthYear,
  formatLocalDateTime,
  instantAt,
  isLocalDate,
  isTimeOfDay,
  localDate,
  localDateOf,
  maxDate,
  minDate,
  monthOf,
  weekday,
  yearOf,
} from './dates.js';
export { createWorkingCalendar } from './working-calendar.js';
export { DEFAULT_VN_HOLIDAYS } from './vn-holidays.js';
export {
  CUTOFF_DAY,
  nextWindow,
  reportingWindow,
  windowOf,
  type PartitionKind,
  type ReportingWindow,
  type WindowKind,
} from './windows.js';
export { DEFAULT_DEADLINE_RULE, deadlineFor, type Deadline } from './deadline.js';
export { defaultCheckpoints } from './checkpoints.js';
export {
  MAX_DAYS_AFTER_CUTOFF,
  SCHEDULE_PROBLEM_CODES,
  validateSchedule,
  type ScheduleField,
  type ScheduleProblem,
  type ScheduleProblemCode,
} from './validate.js';
export { InvalidScheduleError, campaignPeriods } from './periods.js';
export { openPeriod, periodContaining, previousPeriod } from './lookup.js';
export { daysLeft, deadlineCountdown, elapsedDays, elapsedShare } from './progress.js';
export {
  checkpointName,
  countdownText,
  halfName,
  monthName,
  nineMonthsName,
  quarterName,
  yearName,
} from './names.js';
