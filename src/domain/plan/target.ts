import { Decimal } from 'decimal.js';
import { parseViNumber, toCanonical } from '../numbers/index.js';
import type { Comparator, Measure, PlanTarget } from './plan.js';

export type TargetResult =
  | { ok: true; target: Omit<PlanTarget, 'source'> }
  | { ok: false; key: string; params?: Record<string, string | number> };

const OPERATORS: Record<string, Comparator> = { '>=': '>=', '≥': '>=', '<=': '<=', '≤': '<=', '=': '=' };
const ACHIEVED = new Set(['đạt', 'dat', 'true', 'có']);

/**
 * One target as the plan file writes it: a number (meaning ">="), or "<op> <value>" with the value
 * read the Vietnamese way and in the indicator's unit; a boolean indicator's target is "đạt" / true.
 */
export function parseTarget(value: number | string | boolean, unit: string, measure: Measure): TargetResult {
  if (measure === 'boolean') {
    const achieved =
      value === true || (typeof value === 'string' && ACHIEVED.has(value.trim().toLowerCase()));
    return achieved
      ? { ok: true, target: { comparator: '=', value: '1' } }
      : { ok: false, key: 'plan:error.boolean_target' };
  }
  if (typeof value === 'boolean') return { ok: false, key: 'plan:error.boolean_for_number' };
  if (typeof value === 'number') {
    if (!Number.isFinite(value))
      return { ok: false, key: 'plan:error.bad_target', params: { value: String(value) } };
    return { ok: true, target: { comparator: '>=', value: toCanonical(new Decimal(value)) } };
  }
  const match = /^(>=|≥|<=|≤|=)?\s*(.*)$/su.exec(value.trim());
  const operator = OPERATORS[match?.[1] ?? '>='] ?? '>=';
  const parsed = parseViNumber(match?.[2] ?? '', { unit });
  if (!parsed.ok)
    return { ok: false, key: `numbers:error.${parsed.code}`, params: { ...parsed.params, input: value } };
  return { ok: true, target: { comparator: operator, value: toCanonical(parsed.value) } };
}
