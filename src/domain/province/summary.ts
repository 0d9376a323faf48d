import { elapsedDays } from '../calendar/index.js';
import type { Comparator, Measure } from '../plan/plan.js';
import { targetProgress, worst } from '../progress/status.js';
import { STATUSES, type Status, type TargetProgress } from '../progress/types.js';

/**
 * The province's view of its communes, computed from aggregated rows (one query for all communes, not
 * one evaluation each) with the same rules as a commune's own `/tiendo`: an indicator's status comes
 * from `targetProgress` on the latest value up to the period being collected, so the province and the
 * commune never disagree on a status (tests/integration/province.test.ts checks it).
 */

export interface SummaryPeriod {
  id: string;
  position: number;
  cutoff: string;
  deadlineAt: Date;
}

/** The period being collected (the first whose deadline has not passed, else the last) and whether all have. */
export function currentPeriod<P extends SummaryPeriod>(
  periods: readonly P[],
  at: Date,
): { period: P | null; over: boolean } {
  const sorted = [...periods].sort((a, b) => a.position - b.position);
  const last = sorted.at(-1);
  return {
    period: sorted.find((p) => p.deadlineAt >= at) ?? last ?? null,
    over: last !== undefined && last.deadlineAt < at,
  };
}

export interface IndicatorFigures {
  measure: Measure;
  targets: { source: string; comparator: Comparator; value: string }[];
  /** the latest value up to the period being collected, with its period's cut-off; null: none yet */
  latest: { value: string; cutoff: string } | null;
}

/** One indicator's targets and status, as `evaluateProgress` judges them. */
export function indicatorStatus(
  figures: IndicatorFigures,
  campaign: { start: string; end: string },
  over: boolean,
): { status: Status; targets: TargetProgress[] } {
  const { latest } = figures;
  if (!latest) {
    const targets = figures.targets.map((t) => ({
      source: t.source,
      comparator: t.comparator,
      target: t.value,
      percent: null,
      expected: null,
      status: 'no_report' as const,
    }));
    return { status: 'no_report', targets };
  }
  const elapsed = elapsedDays(campaign, latest.cutoff);
  const targets = figures.targets.map((target) =>
    targetProgress({ measure: figures.measure, value: latest.value, target, elapsed, over }),
  );
  return { status: worst(targets.map((t) => t.status)), targets };
}

export function emptyCounts(): Record<Status, number> {
  return Object.fromEntries(STATUSES.map((s) => [s, 0])) as Record<Status, number>;
}

/** Status counts of a commune's indicators. */
export function countStatuses(statuses: readonly Status[]): Record<Status, number> {
  const counts = emptyCounts();
  for (const status of statuses) counts[status] += 1;
  return counts;
}

/** Sums of several communes' counts: the province's line. */
export function addCounts(all: readonly Record<Status, number>[]): Record<Status, number> {
  const total = emptyCounts();
  for (const counts of all) for (const status of STATUSES) total[status] += counts[status];
  return total;
}
