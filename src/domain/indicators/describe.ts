import type { Param } from '../message.js';
import { formatViNumber } from '../numbers/index.js';
import type { Measure, PlanTarget } from '../plan/plan.js';

const SIGNS: Record<string, string> = { '>=': '≥', '<=': '≤', '=': '=' };
const ACHIEVED: Param = { key: 'common:boolean.achieved' };
const NOT_ACHIEVED: Param = { key: 'common:boolean.not_achieved' };

type Kind = { unit: string; measure: Measure };

/** "≥ 11.807 triệu đồng", "≤ 0,32 %": a numeric target as officials read it (numbers in vi-VN). */
export function describeTarget(target: Pick<PlanTarget, 'comparator' | 'value'>, unit: string): string {
  return `${SIGNS[target.comparator] ?? target.comparator} ${formatViNumber(target.value, { unit })}`;
}

/** "Tỉnh giao ≥ 95,15 %; HĐND xã giao ≥ 95 %": every target, each with its source when it has one. */
export function describeTargets(
  targets: Pick<PlanTarget, 'source' | 'comparator' | 'value'>[],
  unit: string,
): string {
  return targets
    .map((t) => (t.source ? `${t.source} ${describeTarget(t, unit)}` : describeTarget(t, unit)))
    .join('; ');
}

/** A target as a message parameter: the figure, or "đạt" for a yes/no goal. */
export function targetParam(
  target: Pick<PlanTarget, 'comparator' | 'value'> | undefined,
  indicator: Kind,
): Param {
  return indicator.measure === 'boolean' || !target ? ACHIEVED : describeTarget(target, indicator.unit);
}

/** A reported value as a message parameter: "8.540,5 triệu đồng", or đạt / chưa đạt. */
export function valueParam(value: string, indicator: Kind): Param {
  if (indicator.measure === 'boolean') return value === '1' ? ACHIEVED : NOT_ACHIEVED;
  return formatViNumber(value, { unit: indicator.unit });
}
