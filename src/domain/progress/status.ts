import { Decimal } from 'decimal.js';
import type { Comparator, Measure } from '../plan/plan.js';
import type { Status, TargetProgress } from './types.js';

/** Below pace but at least this share of it is "behind"; further down, "at risk" (DESIGN §1). */
export const BEHIND_FLOOR = new Decimal('0.8');

export interface TargetContext {
  measure: Measure;
  value: string;
  target: { source: string; comparator: Comparator; value: string };
  /** days of the campaign elapsed at the value's cut-off, of its total days (both ends included) */
  elapsed: { days: number; total: number };
  /** the campaign is over: what is not met will not be */
  over: boolean;
}

function satisfies(value: Decimal, comparator: Comparator, target: Decimal): boolean {
  if (comparator === '>=') return value.greaterThanOrEqualTo(target);
  if (comparator === '<=') return value.lessThanOrEqualTo(target);
  return value.equals(target);
}

/**
 * One target's status. A cumulative ">=" figure is judged against a linear pace (target × elapsed
 * share); a rate, an "=" target or a yes/no goal is judged on the value itself: met, or behind while
 * there is time, at risk once the campaign is over. A "<=" ceiling exceeded is over the limit.
 */
export function targetProgress(context: TargetContext): TargetProgress {
  const { target, measure } = context;
  const value = new Decimal(context.value);
  const goal = new Decimal(target.value);
  const percent =
    target.comparator === '>=' && goal.greaterThan(0)
      ? value.dividedBy(goal).times(100).toDecimalPlaces(1).toFixed()
      : null;
  const base = { source: target.source, comparator: target.comparator, target: target.value, percent };
  if (satisfies(value, target.comparator, goal)) return { ...base, expected: null, status: 'met' };
  if (measure === 'cumulative' && target.comparator === '>=') {
    // Exact: goal × days ÷ total, compared before any rounding; only the figure shown is rounded.
    const { days, total } = context.elapsed;
    const pace = total > 0 ? Decimal.min(goal, goal.times(Math.max(0, days)).dividedBy(total)) : goal;
    // Once the campaign is over, a figure short of its target will stay short, whatever its pace.
    const status: Status = context.over
      ? 'at_risk'
      : value.greaterThanOrEqualTo(pace)
        ? 'on_track'
        : value.greaterThanOrEqualTo(pace.times(BEHIND_FLOOR))
          ? 'behind'
          : 'at_risk';
    return { ...base, expected: pace.toDecimalPlaces(4).toFixed(), status };
  }
  // Above a ceiling (spending, a rate to keep down) is a fact, not a delay: time will not help.
  if (target.comparator === '<=') return { ...base, expected: null, status: 'over_limit' };
  return { ...base, expected: null, status: context.over ? 'at_risk' : 'behind' };
}

const SEVERITY: Record<Status, number> = {
  met: 0,
  on_track: 1,
  behind: 2,
  at_risk: 3,
  over_limit: 4,
  no_report: 5,
};

export function worst(statuses: Status[]): Status {
  return statuses.reduce<Status>((a, b) => (SEVERITY[b] > SEVERITY[a] ? b : a), 'met');
}
