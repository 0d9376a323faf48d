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
 * Share of the campaign elapsed at the end of `cutoff`: days from the start
 * through the cut-off, both included, over the campaign's days, clamped to
 * [0, 1]. The expected pace of an indicator is its target times this share.
 */
export function elapsedShare(schedule: Pick<CampaignSchedule, 'start' | 'end'>, cutoff: LocalDate): number {
  const total = daysBetween(schedule.start, schedule.end) + 1;
  if (total <= 0) return cutoff >= schedule.end ? 1 : 0;
  const elapsed = daysBetween(schedule.start, cutoff) + 1;
  return Math.min(1, Math.max(0, elapsed / total));
}
