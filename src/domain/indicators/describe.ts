import { formatViNumber } from '../numbers/index.js';
import type { PlanTarget } from '../plan/plan.js';

const SIGNS: Record<string, string> = { '>=': '≥', '<=': '≤', '=': '=' };

/** "≥ 11.807 triệu đồng", "≤ 0,32 %": a numeric target as officials read it (numbers in vi-VN). */
export function describeTarget(target: Pick<PlanTarget, 'comparator' | 'value'>, unit: string): string {
  return `${SIGNS[target.comparator] ?? target.comparator} ${formatViNumber(target.value, { unit })}`;
}

/** "Tỉnh giao ≥ 95,15 %; HĐND xã giao ≥ 95 %": every target, each with its source when it has one. */
export function describeTargets(targets: Pick<PlanTarget, 'source' | 'comparator' | 'value'>[], unit: string): string {
  return targets.map((t) => (t.source ? `${t.source} ${describeTarget(t, unit)}` : describeTarget(t, unit))).join('; ');
}
