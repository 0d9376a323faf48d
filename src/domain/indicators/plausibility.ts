import { Decimal } from 'decimal.js';
import { formatViNumber } from '../numbers/index.js';
import type { Measure, PlanTarget } from '../plan/plan.js';
import { isWholeCountUnit } from './count-units.js';

export type WarningCode =
  | 'rate_above_100'
  | 'below_previous'
  | 'far_above_target'
  | 'far_below_target'
  | 'far_below_previous'
  | 'fraction_of_count'
  | 'parts_above_total'
  | 'negative';

export interface AnswerWarning {
  code: WarningCode;
  params: Record<string, string>;
}

/**
 * The "Trong đó" around an indicator, for the same period: the values reported so far (by anyone)
 * of its total, of its sibling parts and of its own parts. Only parts in the total's unit are given:
 * rates do not add up.
 */
export interface PartsContext {
  /** the total this indicator is a part of, when it has a value */
  total: string | null;
  /** the other parts of that total that have a value */
  siblings: string[];
  /** this indicator's own parts that have a value */
  children: string[];
  /**
   * the indicators behind those values, with or without one: a figure typed beside them in the same
   * message stands in for the stored one (withFigures)
   */
  members?: { role: 'total' | 'sibling' | 'child'; indicatorId: string; value: string | null }[];
}

/**
 * The "Trong đó" as it will be once `figures` (by indicator id: a batch's own values, not stored yet)
 * are stored: a total and its parts typed in one message are checked against each other.
 */
export function withFigures(
  parts: PartsContext | undefined,
  figures: ReadonlyMap<string, string>,
): PartsContext | undefined {
  if (!parts?.members) return parts;
  const members = parts.members.map((m) => ({ ...m, value: figures.get(m.indicatorId) ?? m.value }));
  const valuesOf = (role: 'sibling' | 'child') =>
    members.flatMap((m) => (m.role === role && m.value !== null ? [m.value] : []));
  return {
    total: members.find((m) => m.role === 'total')?.value ?? null,
    siblings: valuesOf('sibling'),
    children: valuesOf('child'),
    members,
  };
}

export interface AnswerContext {
  measure: Measure;
  unit: string;
  targets: Pick<PlanTarget, 'comparator' | 'value'>[];
  /** the value reported for the previous period, if any */
  previous: string | null;
  parts?: PartsContext | undefined;
}

/** How many times the target a value may reach before the bot asks whether it is a typo. */
export const FAR_ABOVE_FACTOR = 2;
/**
 * A rate or a level below this share of its target or of the last period is questioned (7 % against
 * 66,4 %: a slipped digit). Cumulative figures are not: early in the year they are far below the target.
 */
export const FAR_BELOW_SHARE = new Decimal('0.5');

type Shown = (x: Decimal | string) => string;

function highestTarget(context: AnswerContext): Decimal | null {
  return context.targets
    .filter((t) => t.comparator === '>=' && new Decimal(t.value).greaterThan(0))
    .map((t) => new Decimal(t.value))
    .reduce<Decimal | null>((max, t) => (max === null || t.greaterThan(max) ? t : max), null);
}

/** "40" for 40×, "2,5" for 2,5×: the real factor, not the threshold that raised the question. */
function factor(value: Decimal, of: Decimal): string {
  const times = value.dividedBy(of);
  return formatViNumber(times.greaterThanOrEqualTo(10) ? times.round() : times.toDecimalPlaces(1), {
    maxFractionDigits: 1,
  });
}

function againstTargets(context: AnswerContext, v: Decimal, shown: Shown): AnswerWarning[] {
  const highest = highestTarget(context);
  if (highest === null) return [];
  if (v.greaterThan(highest.times(FAR_ABOVE_FACTOR)))
    return [
      {
        code: 'far_above_target',
        params: { value: shown(v), target: shown(highest), factor: factor(v, highest) },
      },
    ];
  if (context.measure === 'level' && v.lessThan(highest.times(FAR_BELOW_SHARE)))
    return [{ code: 'far_below_target', params: { value: shown(v), target: shown(highest) } }];
  return [];
}

function againstPrevious(context: AnswerContext, v: Decimal, shown: Shown): AnswerWarning[] {
  if (context.previous === null) return [];
  const previous = new Decimal(context.previous);
  const params = { value: shown(v), previous: shown(previous) };
  if (context.measure === 'cumulative' && v.lessThan(previous)) return [{ code: 'below_previous', params }];
  if (context.measure === 'level' && previous.greaterThan(0) && v.lessThan(previous.times(FAR_BELOW_SHARE)))
    return [{ code: 'far_below_previous', params }];
  return [];
}

function againstParts(parts: PartsContext | undefined, v: Decimal, shown: Shown): AnswerWarning[] {
  if (!parts) return [];
  const sum = (values: string[]) => values.reduce((n, x) => n.plus(x), new Decimal(0));
  if (parts.total !== null) {
    const all = sum(parts.siblings).plus(v);
    if (all.greaterThan(parts.total))
      return [{ code: 'parts_above_total', params: { sum: shown(all), total: shown(parts.total) } }];
  }
  if (parts.children.length > 0 && sum(parts.children).greaterThan(v))
    return [{ code: 'parts_above_total', params: { sum: shown(sum(parts.children)), total: shown(v) } }];
  return [];
}

/**
 * Suspicious answers are questioned, not refused: a rate above 100 %, a cumulative figure lower
 * than last period's, a rate far below its target or last period's, a value far above the target, a
 * fraction of a head count, parts adding up to more than their total, a negative count. Each warning
 * says why.
 */
export function checkAnswer(context: AnswerContext, value: string): AnswerWarning[] {
  if (context.measure === 'boolean') return [];
  const v = new Decimal(value);
  const warnings: AnswerWarning[] = [];
  const shown: Shown = (x) => formatViNumber(x, { unit: context.unit });
  if (v.isNegative()) warnings.push({ code: 'negative', params: { value: shown(v) } });
  if (!v.isInteger() && isWholeCountUnit(context.unit))
    warnings.push({ code: 'fraction_of_count', params: { value: shown(v), unit: context.unit.trim() } });
  if (context.unit.trim() === '%' && v.greaterThan(100))
    warnings.push({ code: 'rate_above_100', params: { value: shown(v) } });
  const previous = againstPrevious(context, v, shown);
  warnings.push(...previous);
  // one slipped digit, one question: far below last period already says it
  warnings.push(
    ...againstTargets(context, v, shown).filter(
      (w) => previous.length === 0 || w.code !== 'far_below_target',
    ),
  );
  warnings.push(...againstParts(context.parts, v, shown));
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
