import type { PlanProblem } from './plan.js';

/** Codes a grouped warning names before "…": enough to find them, short enough for one line. */
export const GROUPED_CODES_SHOWN = 10;

/**
 * Warnings of one kind about many indicators become one: "54 chỉ tiêu chưa giao cho ai: KT01, KT02, …"
 * rather than 54 lines that hide everything else. A kind met once stays as it was, with its place.
 */
export function groupWarnings<W extends PlanProblem>(
  warnings: readonly W[],
  limit = GROUPED_CODES_SHOWN,
): (W | PlanProblem)[] {
  const byKey = new Map<string, W[]>();
  for (const warning of warnings) byKey.set(warning.key, [...(byKey.get(warning.key) ?? []), warning]);
  const out: (W | PlanProblem)[] = [];
  for (const [key, group] of byKey) {
    const codes = group.map((w) => w.params?.['code']).filter((c) => c !== undefined);
    if (group.length < 2 || codes.length !== group.length) {
      out.push(...group);
      continue;
    }
    const shown = codes.slice(0, limit).join(', ') + (codes.length > limit ? ', …' : '');
    out.push({ path: [], key: `${key}_group`, params: { count: group.length, codes: shown } });
  }
  return out;
}
