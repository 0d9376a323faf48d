import { Decimal } from 'decimal.js';
import { formatViNumber } from '../numbers/index.js';
import type { Measure, PlanTarget } from '../plan/plan.js';

export type WarningCode = 'rate_above_100' | 'below_previous' | 'far_above_target' | 'negative';

export interface AnswerWarning {
  code: WarningCode;
  params: Record<string, string>;
}

export interface AnswerContext {
  measure: Measure;
  unit: string;
  targets: Pick<PlanTarget, 'comparator' | 'value'>[];
  /** the value reported for the previous period, if any */
  previous: string | null;
}

/** How many times the target a value may reach before the bot asks whether it is a typo. */
export const FAR_ABOVE_FACTOR = 2;

/**
 * Suspicious answers are questioned, not refused: a rate above 100 %, a cumulative figure lower
 * than last period's, a value far above the target, a negative count. Each warning says why.
 */
export function checkAnswer(context: AnswerContext, value: string): AnswerWarning[] {
  if (context.measure === 'boolean') return [];
  const v = new Decimal(value);
  const warnings: AnswerWarning[] = [];
  const shown = (x: Decimal | string) => formatViNumber(x, { unit: context.unit });
  if (v.isNegative()) warnings.push({ code: 'negative', params: { value: shown(v) } });
  if (context.unit.trim() === '%' && v.greaterThan(100))
    warnings.push({ code: 'rate_above_100', params: { value: shown(v) } });
  if (context.measure === 'cumulative' && context.previous !== null && v.lessThan(context.previous)) {
    warnings.push({ code: 'below_previous', params: { value: shown(v), previous: shown(context.previous) } });
  }
  const highest = context.targets
    .filter((t) => t.comparator === '>=' && new Decimal(t.value).greaterThan(0))
    .map((t) => new Decimal(t.value))
    .reduce<Decimal | null>((max, t) => (max === null || t.greaterThan(max) ? t : max), null);
  if (highest !== null && v.greaterThan(highest.times(FAR_ABOVE_FACTOR))) {
    warnings.push({
      code: 'far_above_target',
      params: { value: shown(v), target: shown(highest), factor: String(FAR_ABOVE_FACTOR) },
    });
  }
  return warnings;
}

/** value ÷ target as a percentage with one decimal ("72,3"), for a ">=" target above zero. */
export function shareOfTarget(
  value: string,
  target: Pick<PlanTarget, 'comparator' | 'value'>,
): string | null {
  if (target.comparator !== '>=' || !new Decimal(target.value).greaterThan(0)) return null;
  return formatViNumber(new Decimal(value).dividedBy(target.value).times(100).toDecimalPlaces(1), {
    maxFractionDigits: 1,
  });
}
