import type { LocalDate, Period } from './types.js';

/**
 * The period being collected at `at`: the first whose deadline has not passed
 * (a deadline at exactly `at` still counts). `null` once the last has passed.
 * Deadlines are in period order because each is the cut-off moved by the same
 * monotonic rule.
 */
export function openPeriod(periods: readonly Period[], at: Date): Period | null {
  return periods.find((period) => period.deadlineAt.getTime() >= at.getTime()) ?? null;
}

/** The period whose data includes `date`; `null` before the start or in the tail after the last cut-off. */
export function periodContaining(periods: readonly Period[], date: LocalDate): Period | null {
  return periods.find((period) => period.start <= date && date <= period.cutoff) ?? null;
}

/** The period before `period` (matched by key); `null` for the first or an unknown one. */
export function previousPeriod(periods: readonly Period[], period: Period): Period | null {
  const index = periods.findIndex((candidate) => candidate.key === period.key);
  return index > 0 ? (periods[index - 1] ?? null) : null;
}
