import { problemsFromZod } from './normalize.js';
import type { PlanProblem, ProvincePlan } from './plan.js';
import { rawProvinceSchema } from './raw-schema.js';

export type ProvinceResult =
  | { ok: true; province: ProvincePlan; warnings: PlanProblem[] }
  | { ok: false; problems: PlanProblem[]; warnings: PlanProblem[] };

/**
 * A province's file (`organization.level: province`): the organization and its province users, no
 * campaign and no indicators: the province follows its communes' plans, it has none of its own.
 */
export function normalizeProvince(input: unknown): ProvinceResult {
  const parsed = rawProvinceSchema.safeParse(input, { reportInput: true });
  if (!parsed.success) return { ok: false, problems: problemsFromZod(parsed.error.issues), warnings: [] };
  const raw = parsed.data;
  const problems: PlanProblem[] = [];
  const seen = new Set<string>();
  raw.officials.forEach((official, i) => {
    if (seen.has(official.code))
      problems.push({
        path: ['officials', i, 'code'],
        key: 'plan:error.duplicate_code',
        params: { code: official.code },
      });
    seen.add(official.code);
  });
  if (problems.length > 0) return { ok: false, problems, warnings: [] };
  return {
    ok: true,
    warnings: [],
    province: {
      organization: { code: raw.organization.code, name: raw.organization.name },
      officials: raw.officials.map((o) => ({
        code: o.code,
        name: o.name,
        title: o.title ?? null,
        role: o.role,
      })),
    },
  };
}
