import { addDays, daysBetween } from './dates.js';
import type { LocalDate } from './types.js';

/**
 * A proposal for a sprint that names no checkpoints: a checkpoint closing every
 * `everyDays` days (so each period lasts exactly `everyDays` days: a 90-day
 * sprint from 03/10/2024 gets 01/11, 01/12 and 31/12), plus the last day.
 *
 * A remainder shorter than half a step is merged into the last period rather
 * than becoming its own report: a 92-day sprint gets 30 + 30 + 32 days, not a
 * 2-day period that would ask officials for a report two days after the last.
 */
export function defaultCheckpoints(start: LocalDate, end: LocalDate, everyDays = 30): LocalDate[] {
  if (!Number.isInteger(everyDays) || everyDays < 1) {
    throw new RangeError(`everyDays must be a positive whole number: ${everyDays}`);
  }
  const total = daysBetween(start, end) + 1;
  if (total < 1) throw new RangeError(`End ${end} is before start ${start}`);

  const checkpoints: LocalDate[] = [];
  for (let elapsed = everyDays; elapsed < total; elapsed += everyDays) {
    checkpoints.push(addDays(start, elapsed - 1));
  }
  const last = checkpoints.at(-1);
  if (last !== undefined && daysBetween(last, end) < Math.ceil(everyDays / 2)) checkpoints.pop();
  checkpoints.push(end);
  return checkpoints;
}
