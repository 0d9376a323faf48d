import type { Message } from '../message.js';

/**
 * A calendar date with no time zone, `'YYYY-MM-DD'`. Kept as a plain string so
 * it travels through JSON, the database and the chat layer untouched; the
 * string order is the chronological order.
 */
export type LocalDate = string;

/**
 * The project's `Message` with `params` always present, so callers can read
 * them without a guard; it is assignable wherever a `Message` is expected.
 */
export interface I18nText extends Message {
  params: Record<string, string | number>;
}

export type HolidayKind = 'off' | 'workday';

/**
 * `off`: nobody works that day (a statutory holiday, a compensation day, a
 * swapped day). `workday`: a weekend day worked to pay back a swapped day.
 */
export interface Holiday {
  date: LocalDate;
  name: string;
  kind: HolidayKind;
}

export interface WorkingCalendar {
  isWorkingDay(date: LocalDate): boolean;
  /** The entry for that date, if any (an `off` entry wins over a `workday` one). */
  holidayOn(date: LocalDate): Holiday | null;
  /** Strictly before `date`. */
  previousWorkingDay(date: LocalDate): LocalDate;
  /** Strictly after `date`. */
  nextWorkingDay(date: LocalDate): LocalDate;
  /** `date` itself when it is a working day, else the previous one. */
  workingDayOnOrBefore(date: LocalDate): LocalDate;
  /** `date` itself when it is a working day, else the next one. */
  workingDayOnOrAfter(date: LocalDate): LocalDate;
}

export type CampaignKind = 'annual' | 'sprint';
export type ReportingScheme = 'quarterly' | 'monthly' | 'semiannual' | 'annual' | 'checkpoints';
export type DeadlineShift = 'none' | 'previous_working_day' | 'next_working_day';

export interface DeadlineRule {
  /** `'HH:mm'`, local to the campaign's time zone. */
  time: string;
  daysAfterCutoff: number;
  shift: DeadlineShift;
}

export interface CampaignSchedule {
  kind: CampaignKind;
  start: LocalDate;
  end: LocalDate;
  scheme: ReportingScheme;
  /** For `checkpoints`: each is a cut-off and the last must be `end`. */
  checkpoints?: LocalDate[];
  deadline: DeadlineRule;
}

export type PeriodKind = 'quarter' | 'month' | 'half' | 'year' | 'checkpoint';

export interface Period {
  /** Stable and readable: `2024-Q3`, `2024-M09`, `2024-H1`, `2024-Y`, `CP1`. */
  key: string;
  kind: PeriodKind;
  /** 1-based rank within the campaign. */
  position: number;
  start: LocalDate;
  /** Last day whose data the report covers. */
  cutoff: LocalDate;
  /** Local date of the deadline, after any working-day shift. */
  deadlineDate: LocalDate;
  deadlineAt: Date;
  name: I18nText;
}
