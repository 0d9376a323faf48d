import { z } from 'zod';
import { DEFAULT_RANKING_RULE, type RankingRule } from '../ranking/types.js';

const weight = z.number().int().min(0).max(100);
const threshold = z.number().int().min(0).max(100);

/** `campaign.ranking` of a plan file (docs/ranking.md): every key optional, a missing one keeps its default. */
export const rawRankingSchema = z.strictObject({
  weights: z.strictObject({ completeness: weight.optional(), timeliness: weight.optional() }).optional(),
  commune_weights: z
    .strictObject({
      targets: weight.optional(),
      timeliness: weight.optional(),
      completeness: weight.optional(),
    })
    .optional(),
  classes: z
    .strictObject({
      excellent: threshold.optional(),
      good: threshold.optional(),
      completed: threshold.optional(),
    })
    .optional(),
});

export type RawRanking = z.infer<typeof rawRankingSchema>;

/** The rule a plan file gives, over the defaults; with what is wrong in it (weights all 0, classes out of order). */
/** A problem as domain/plan reports them (PlanProblem), spelt out: plan.ts imports this module's schema. */
interface Problem {
  path: (string | number)[];
  key: string;
  params?: Record<string, string | number>;
}

export function rankingRuleOf(raw: RawRanking | undefined): { rule: RankingRule; problems: Problem[] } {
  const d = DEFAULT_RANKING_RULE;
  const rule: RankingRule = {
    weights: {
      completeness: raw?.weights?.completeness ?? d.weights.completeness,
      timeliness: raw?.weights?.timeliness ?? d.weights.timeliness,
    },
    communeWeights: {
      targets: raw?.commune_weights?.targets ?? d.communeWeights.targets,
      timeliness: raw?.commune_weights?.timeliness ?? d.communeWeights.timeliness,
      completeness: raw?.commune_weights?.completeness ?? d.communeWeights.completeness,
    },
    classes: {
      excellent: raw?.classes?.excellent ?? d.classes.excellent,
      good: raw?.classes?.good ?? d.classes.good,
      completed: raw?.classes?.completed ?? d.classes.completed,
    },
  };
  const problems: Problem[] = [];
  const at = ['campaign', 'ranking'];
  if (Object.values(rule.weights).every((w) => w === 0))
    problems.push({ path: [...at, 'weights'], key: 'plan:error.ranking_weights_zero' });
  if (Object.values(rule.communeWeights).every((w) => w === 0))
    problems.push({ path: [...at, 'commune_weights'], key: 'plan:error.ranking_weights_zero' });
  const { excellent, good, completed } = rule.classes;
  if (!(excellent > good && good > completed))
    problems.push({
      path: [...at, 'classes'],
      key: 'plan:error.ranking_classes_order',
      params: { excellent, good, completed },
    });
  return { rule, problems };
}

/** The rule as stored on the campaign (JSON); "" for the defaults, so a plan without `ranking:` stores nothing new. */
export function storedRanking(rule: RankingRule): string {
  return JSON.stringify(rule) === JSON.stringify(DEFAULT_RANKING_RULE) ? '' : JSON.stringify(rule);
}

/** The stored rule back; the defaults for "" or anything unreadable (a column written by hand). */
export function rankingFromStored(text: string): RankingRule {
  if (!text) return DEFAULT_RANKING_RULE;
  try {
    const parsed = JSON.parse(text) as Partial<RankingRule>;
    return {
      weights: { ...DEFAULT_RANKING_RULE.weights, ...parsed.weights },
      communeWeights: { ...DEFAULT_RANKING_RULE.communeWeights, ...parsed.communeWeights },
      classes: { ...DEFAULT_RANKING_RULE.classes, ...parsed.classes },
    };
  } catch {
    return DEFAULT_RANKING_RULE;
  }
}
