import { addDays, isLocalDate, weekday } from './dates.js';
import type { Holiday, LocalDate, WorkingCalendar } from './types.js';

/**
 * Monday–Friday are working days, minus the `off` entries, plus the `workday`
 * entries (a Saturday worked to pay back a bridge day). When the list has both
 * kinds for one date, `off` wins: an administrator adding a holiday should not
 * be silently overridden by an older make-up day.
 *
 * Throws on a malformed date: the list comes from an administrators' table and
 * a bad row must surface at load time, not as a wrong deadline months later.
 */
export function createWorkingCalendar(holidays: readonly Holiday[]): WorkingCalendar {
  const byDate = new Map<LocalDate, Holiday>();
  for (const holiday of holidays) {
    if (!isLocalDate(holiday.date)) {
      throw new RangeError(`Holiday with an invalid date: ${JSON.stringify(holiday.date)} (${holiday.name})`);
    }
    const existing = byDate.get(holiday.date);
    if (!existing || (existing.kind === 'workday' && holiday.kind === 'off'))
      byDate.set(holiday.date, holiday);
  }

  const isWorkingDay = (date: LocalDate): boolean => {
    const entry = byDate.get(date);
    if (entry) return entry.kind === 'workday';
    return weekday(date) <= 5;
  };

  // Terminates: past the last listed date every Monday is a working day.
  const walk = (from: LocalDate, step: 1 | -1): LocalDate => {
    let date = from;
    while (!isWorkingDay(date)) date = addDays(date, step);
    return date;
  };

  return {
    isWorkingDay,
    holidayOn: (date) => {
      if (!isLocalDate(date)) throw new RangeError(`Not a local date (YYYY-MM-DD): ${JSON.stringify(date)}`);
      return byDate.get(date) ?? null;
    },
    previousWorkingDay: (date) => walk(addDays(date, -1), -1),
    nextWorkingDay: (date) => walk(addDays(date, 1), 1),
    workingDayOnOrBefore: (date) => walk(date, -1),
    workingDayOnOrAfter: (date) => walk(date, 1),
  };
}
