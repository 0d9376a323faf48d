import { addDays, instantAt } from './dates.js';
import type { DeadlineRule, LocalDate, WorkingCalendar } from './types.js';

/** The product's default: the cut-off day itself, 17:00, as it falls. */
export const DEFAULT_DEADLINE_RULE: Readonly<DeadlineRule> = Object.freeze({
  time: '17:00',
  daysAfterCutoff: 0,
  shift: 'none',
});

export interface Deadline {
  date: LocalDate;
  at: Date;
}

/**
 * Cut-off + `daysAfterCutoff`, moved by `shift` when that day is not a working
 * day, at `time` in `timeZone`. With `previous_working_day` and a cut-off on a
 * weekend the deadline can precede the cut-off: the product accepts that, the
 * commune then reports its estimate for the last days.
 */
export function deadlineFor(
  cutoff: LocalDate,
  rule: DeadlineRule,
  calendar: WorkingCalendar,
  timeZone: string,
): Deadline {
  const due = addDays(cutoff, rule.daysAfterCutoff);
  let date: LocalDate;
  switch (rule.shift) {
    case 'none':
      date = due;
      break;
    case 'previous_working_day':
      date = calendar.workingDayOnOrBefore(due);
      break;
    case 'next_working_day':
      date = calendar.workingDayOnOrAfter(due);
      break;
  }
  return { date, at: instantAt(date, rule.time, timeZone) };
}
