import { rankEntrants } from './rank.js';
import { TIE_BREAK, type RankedEntry, type RankingRule, type ReportingFigures, type Share } from './types.js';
import { reportingShares } from './within.js';

/** What the province's ranking needs of one commune: its plan's statuses and its reporting figures. */
export interface CommuneSummary {
  code: string;
  name: string;
  /** the plan ranked; null: the commune has no plan yet */
  campaign: { code: string; title: string } | null;
  /** indicators met or on track, of all its indicators */
  targets: Share;
  reporting: ReportingFigures;
}

/** The statuses that count as "on the way to the target" for the province. */
export const ON_COURSE: ReadonlySet<string> = new Set(['met', 'on_track']);

/** A commune's share of indicators met or on track, from its counts per status. */
export function targetsShare(counts: Readonly<Record<string, number>>): Share {
  let n = 0;
  let d = 0;
  for (const [status, count] of Object.entries(counts)) {
    d += count;
    if (ON_COURSE.has(status)) n += count;
  }
  return { n, d };
}

/** Communes ranked by targets met or on track, timeliness and completeness under the province's rule. */
export function rankCommunes(communes: readonly CommuneSummary[], rule: RankingRule): RankedEntry[] {
  return rankEntrants(
    communes.map((c) => ({
      key: c.code,
      name: c.name,
      shares: { targets: c.targets, ...reportingShares(c.reporting) },
    })),
    rule.communeWeights,
    TIE_BREAK.communes,
    rule.classes,
  );
}
