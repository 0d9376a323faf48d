import { compareShares, scoreOf } from './score.js';
import type { Classification, Criterion, Entrant, RankedEntry, RankingRule, TieNote } from './types.js';

/** The first criterion, in tie-break order, on which `a` and `b` differ; null when none does. */
function decidingCriterion(a: Entrant, b: Entrant, order: readonly Criterion[]): Criterion | null {
  return order.find((criterion) => compareShares(a.shares[criterion], b.shares[criterion]) !== 0) ?? null;
}

/** Vietnamese order of names, for entrants that share a rank (the order they are listed in, nothing more). */
const byName = (a: Entrant, b: Entrant): number =>
  a.name.localeCompare(b.name, 'vi') || a.key.localeCompare(b.key);

/**
 * Ranks entrants by their score, then by the tie-break criteria in order; entrants equal on all of them
 * share a rank (1, 2, 2, 4). Each entrant whose score equals the one just above it says why it is
 * below (the deciding criterion) or that it shares the rank. Entrants with nothing to score come last,
 * unranked, by name.
 */
export function rankEntrants(
  entrants: readonly Entrant[],
  weights: Partial<Record<Criterion, number>>,
  tieBreak: readonly Criterion[],
  classes: RankingRule['classes'],
): RankedEntry[] {
  const scored = entrants.map((entrant) => ({ entrant, score: scoreOf(entrant.shares, weights) }));
  const ranked = scored
    .filter((s): s is { entrant: Entrant; score: number } => s.score !== null)
    .sort((a, b) => {
      if (a.score !== b.score) return b.score - a.score;
      const criterion = decidingCriterion(a.entrant, b.entrant, tieBreak);
      if (criterion) return compareShares(b.entrant.shares[criterion], a.entrant.shares[criterion]);
      return byName(a.entrant, b.entrant);
    });
  const out: RankedEntry[] = [];
  ranked.forEach(({ entrant, score }, i) => {
    const above = ranked[i - 1];
    const previous = out[i - 1];
    let tie: TieNote | null = null;
    let rank = i + 1;
    if (above && previous && above.score === score) {
      const by = decidingCriterion(entrant, above.entrant, tieBreak);
      if (by === null) {
        rank = previous.rank ?? rank;
        tie = { kind: 'shared', with: above.entrant.name || above.entrant.key };
      } else {
        tie = {
          kind: 'behind',
          above: above.entrant.name || above.entrant.key,
          by,
          mine: entrant.shares[by] ?? { n: 0, d: 0 },
          theirs: above.entrant.shares[by] ?? { n: 0, d: 0 },
        };
      }
    }
    out.push({ ...entrant, score, rank, tie, classification: classify(score, classes) });
  });
  const unranked = scored
    .filter((s) => s.score === null)
    .map((s) => s.entrant)
    .sort(byName)
    .map((entrant) => ({ ...entrant, score: null, rank: null, tie: null, classification: null }));
  return [...out, ...unranked];
}

/** The class a score (tenths of a percent) falls in: at or above a threshold reaches it. */
export function classify(score: number, classes: RankingRule['classes']): Classification {
  if (score >= classes.excellent * 10) return 'excellent';
  if (score >= classes.good * 10) return 'good';
  if (score >= classes.completed * 10) return 'completed';
  return 'not_completed';
}
