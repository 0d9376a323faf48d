import { daysBetween, localDateOf } from './dates.js';
import { countdownText } from './names.js';
import type { CampaignSchedule, I18nText, LocalDate } from './types.js';

/**
 * Whole calendar days from the local date of `at` to the local date of the
 * deadline: 0 on the deadline day (even after the hour), negative once overdue.
 * Counted in dates, not 24-hour spans, because that is how people say
 * "còn 3 ngày".
 */
export function daysLeft(deadlineAt: Date, at: Date, timeZone: string): number {
  return daysBetween(localDateOf(at, timeZone), localDateOf(deadlineAt, timeZone));
}

/** `calendar:deadline.days_left` / `.today` / `.overdue` for the same count as `daysLeft`. */
export function deadlineCountdown(deadlineAt: Date, at: Date, timeZone: string): I18nText {
  return countdownText(daysLeft(deadlineAt, at, timeZone));
}

/**
 * Days of the campaign elapsed at the end of `cutoff` (from the start through the cut-off, both
 * included, clamped to the campaign) and its total days. The expected pace of an indicator is its
 * target × days ÷ total, computed exactly by the caller (decimals, not this ratio as a float).
 */
export function elapsedDays(
  schedule: Pick<CampaignSchedule, 'start' | 'end'>,
  cutoff: LocalDate,
): { days: number; total: number } {
  const total = Math.max(0, daysBetween(schedule.start, schedule.end) + 1);
  if (total === 0) return { days: cutoff >= schedule.end ? 1 : 0, total: 1 };
  return { days: Math.min(total, Math.max(0, daysBetween(schedule.start, cutoff) + 1)), total };
}

/** The same as a share in [0, 1], for display. */
export function elapsedShare(schedule: Pick<CampaignSchedule, 'start' | 'end'>, cutoff: LocalDate): number {
  const { days, total } = elapsedDays(schedule, cutoff);
  return days / total;
}
