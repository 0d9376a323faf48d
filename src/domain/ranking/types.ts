/**
 * The emulation ranking (xếp hạng thi đua): who reported what and when, inside a commune, and how far
 * each commune is from its targets, across a province. docs/ranking.md is the rule in words.
 */

/** `n` out of `d`; a share with `d = 0` says nothing and takes no part in a score. */
export interface Share {
  n: number;
  d: number;
}

/**
 * targets: indicators met or on track, of all the plan's indicators; timeliness: due figures reported
 * by their period's deadline; completeness: due figures reported at all.
 */
export type Criterion = 'targets' | 'timeliness' | 'completeness';

export type Classification = 'excellent' | 'good' | 'completed' | 'not_completed';
export const CLASSIFICATIONS: readonly Classification[] = ['excellent', 'good', 'completed', 'not_completed'];

/** A campaign's rule: the weights of each ranking and the thresholds of the year-end classification. */
export interface RankingRule {
  /** units and officials inside a commune */
  weights: { completeness: number; timeliness: number };
  /** communes across a province */
  communeWeights: { targets: number; timeliness: number; completeness: number };
  /** the lowest score (in %) of each class; below `completed` is "not completed" */
  classes: { excellent: number; good: number; completed: number };
}

export const DEFAULT_RANKING_RULE: RankingRule = {
  weights: { completeness: 50, timeliness: 50 },
  communeWeights: { targets: 50, timeliness: 25, completeness: 25 },
  classes: { excellent: 90, good: 75, completed: 50 },
};

/**
 * Equal scores are ordered by these criteria in turn; entrants equal on all of them share the rank.
 * Inside a commune, being on time counts before being complete (a late figure is still a gap the
 * office had to chase); across communes, results count first.
 */
export const TIE_BREAK: { readonly within: readonly Criterion[]; readonly communes: readonly Criterion[] } = {
  within: ['timeliness', 'completeness'],
  communes: ['targets', 'timeliness', 'completeness'],
};

export interface Entrant {
  /** stable key: an official's or unit's code, an organization's code */
  key: string;
  /** "" for the officials outside any unit (the renderer names them) */
  name: string;
  shares: Partial<Record<Criterion, Share>>;
}

/**
 * How an entrant compares with the one just above it when their scores are equal: ranked below it
 * on a criterion (both shares given), or sharing its rank because every criterion is equal too.
 */
export type TieNote =
  | { kind: 'behind'; above: string; by: Criterion; mine: Share; theirs: Share }
  | { kind: 'shared'; with: string };

export interface RankedEntry extends Entrant {
  /** the score in tenths of a percent (875 is 87.5 %), exact and rounded half up; null: nothing due */
  score: number | null;
  /** 1-based, standard competition ranking (1, 2, 2, 4); null when unranked */
  rank: number | null;
  tie: TieNote | null;
  classification: Classification | null;
}

/** Reporting figures of one official or unit over the periods whose deadline has passed. */
export interface ReportingFigures {
  due: number;
  reported: number;
  onTime: number;
}
