import { describe, expect, it } from 'vitest';
import { normalizePlan } from '../../src/domain/plan/normalize.js';
import { rankingFromStored, rankingRuleOf, storedRanking } from '../../src/domain/plan/ranking.js';
import {
  DEFAULT_RANKING_RULE,
  TIE_BREAK,
  percentOf,
  rankCommunes,
  rankEntrants,
  rankWithinCommune,
  reportingFigures,
  scoreOf,
  targetsShare,
  type ReportingInput,
} from '../../src/domain/ranking/index.js';

const deadline = (day: string) => new Date(`${day}T10:00:00.000Z`);
const Q1 = { id: 'q1', key: '2026-Q1', deadlineAt: deadline('2026-03-14') };
const Q2 = { id: 'q2', key: '2026-Q2', deadlineAt: deadline('2026-06-14') };
const Q3 = { id: 'q3', key: '2026-Q3', deadlineAt: deadline('2026-09-14') };
const onTime = (p: { deadlineAt: Date }) => new Date(p.deadlineAt.getTime() - 86_400_000);
const late = (p: { deadlineAt: Date }) => new Date(p.deadlineAt.getTime() + 1);

/**
 * The commune of the hand-computed table. On 1 July 2026 Q1 and Q2 are closed, Q3 is not.
 *
 * | official | unit | indicators     | due (× 2 periods) | reported | on time |
 * |----------|------|----------------|-------------------|----------|---------|
 * | a        | KT   | I1, I2, I6 (I6 assigned twice: once) | 6 | 5 (I6 Q2 missing) | 4 (I2 Q2 late) |
 * | b        | KT   | I2             | 2                 | 2        | 2       |
 * | c        | XH   | I3, I4         | 4                 | 4        | 2 (I4 late twice) |
 * | d        | —    | I5             | 2                 | 1 (Q2 missing) | 0 (Q1 late) |
 * | e        | XH   | none           | not listed        |          |         |
 * c's Q3 figure is not counted: Q3's deadline has not passed.
 */
const commune: ReportingInput = {
  at: new Date('2026-07-01T02:00:00.000Z'),
  periods: [Q3, Q1, Q2],
  indicators: [
    { id: 'I1', assignees: ['a'] },
    { id: 'I2', assignees: ['a', 'b'] },
    { id: 'I3', assignees: ['c'] },
    { id: 'I4', assignees: ['c'] },
    { id: 'I5', assignees: ['d'] },
    { id: 'I6', assignees: ['a', 'a'] },
  ],
  officials: [
    { id: 'a', code: 'a', name: 'An', unitCode: 'KT', unitName: 'Kinh tế' },
    { id: 'b', code: 'b', name: 'Bình', unitCode: 'KT', unitName: 'Kinh tế' },
    { id: 'c', code: 'c', name: 'Chi', unitCode: 'XH', unitName: 'Xã hội' },
    { id: 'd', code: 'd', name: 'Dũng', unitCode: null, unitName: null },
    { id: 'e', code: 'e', name: 'Em', unitCode: 'XH', unitName: 'Xã hội' },
  ],
  reports: [
    { officialId: 'a', indicatorId: 'I1', periodId: 'q1', firstAt: onTime(Q1) },
    { officialId: 'a', indicatorId: 'I1', periodId: 'q2', firstAt: onTime(Q2) },
    { officialId: 'a', indicatorId: 'I2', periodId: 'q1', firstAt: onTime(Q1) },
    { officialId: 'a', indicatorId: 'I2', periodId: 'q2', firstAt: late(Q2) },
    { officialId: 'a', indicatorId: 'I6', periodId: 'q1', firstAt: Q1.deadlineAt }, // at the deadline: on time
    { officialId: 'b', indicatorId: 'I2', periodId: 'q1', firstAt: onTime(Q1) },
    { officialId: 'b', indicatorId: 'I2', periodId: 'q2', firstAt: onTime(Q2) },
    { officialId: 'c', indicatorId: 'I3', periodId: 'q1', firstAt: onTime(Q1) },
    { officialId: 'c', indicatorId: 'I3', periodId: 'q2', firstAt: onTime(Q2) },
    { officialId: 'c', indicatorId: 'I4', periodId: 'q1', firstAt: late(Q1) },
    { officialId: 'c', indicatorId: 'I4', periodId: 'q2', firstAt: late(Q2) },
    { officialId: 'c', indicatorId: 'I3', periodId: 'q3', firstAt: onTime(Q3) },
    { officialId: 'd', indicatorId: 'I5', periodId: 'q1', firstAt: late(Q1) },
  ],
};

describe('reporting figures', () => {
  it('counts due, reported and on-time figures over the closed periods only', () => {
    const figures = reportingFigures(commune);
    expect(figures.closed).toEqual(['2026-Q1', '2026-Q2']);
    expect(figures.officials.map((o) => [o.code, o.due, o.reported, o.onTime])).toEqual([
      ['a', 6, 5, 4],
      ['b', 2, 2, 2],
      ['c', 4, 4, 2],
      ['d', 2, 1, 0],
    ]);
    // KT = a + b; XH = c (e owes nothing); the officials outside any unit: d
    expect(figures.units.map((u) => [u.code, u.due, u.reported, u.onTime])).toEqual([
      ['KT', 8, 7, 6],
      ['XH', 4, 4, 2],
      [null, 2, 1, 0],
    ]);
    expect(figures.total).toEqual({ due: 14, reported: 12, onTime: 8 });
  });

  it('counts nothing before the first deadline', () => {
    const figures = reportingFigures({ ...commune, at: new Date('2026-03-01T00:00:00Z') });
    expect(figures.closed).toEqual([]);
    expect(figures.total).toEqual({ due: 0, reported: 0, onTime: 0 });
    // nothing due: nobody is ranked, and nobody is classified
    const ranked = rankWithinCommune(figures, DEFAULT_RANKING_RULE);
    expect(ranked.officials.every((o) => o.rank === null && o.score === null)).toBe(true);
  });
});

describe('the ranking inside a commune (weights 50/50)', () => {
  const ranked = rankWithinCommune(reportingFigures(commune), DEFAULT_RANKING_RULE);

  it('ranks officials by score, equal scores by timeliness, and says why', () => {
    // a: (5/6 + 4/6) ÷ 2 = 9/12 = 75,0 %    b: (1 + 1) ÷ 2 = 100 %
    // c: (4/4 + 2/4) ÷ 2 = 75,0 %            d: (1/2 + 0) ÷ 2 = 25,0 %
    // a and c tie on 75,0 %: timeliness 4/6 (66,7 %) beats 2/4 (50 %), so a is above c.
    expect(ranked.officials.map((o) => [o.key, o.rank, o.score, o.classification])).toEqual([
      ['b', 1, 1000, 'excellent'],
      ['a', 2, 750, 'good'],
      ['c', 3, 750, 'good'],
      ['d', 4, 250, 'not_completed'],
    ]);
    expect(ranked.officials[1]?.tie).toBeNull();
    expect(ranked.officials[2]?.tie).toEqual({
      kind: 'behind',
      above: 'An',
      by: 'timeliness',
      mine: { n: 2, d: 4 },
      theirs: { n: 4, d: 6 },
    });
  });

  it('ranks units on their summed figures, rounding half up', () => {
    // KT: (7/8 + 6/8) ÷ 2 = 13/16 = 81,25 % → 81,3 %; XH: 75,0 %; outside any unit: 25,0 %
    expect(ranked.units.map((u) => [u.key, u.name, u.rank, u.score, u.classification])).toEqual([
      ['KT', 'Kinh tế', 1, 813, 'good'],
      ['XH', 'Xã hội', 2, 750, 'good'],
      ['', '', 3, 250, 'not_completed'],
    ]);
  });

  it('follows the campaign weights', () => {
    // timeliness only: a 4/6 = 66,7 %, c 2/4 = 50 %, d 0 %; b 100 %
    const rule = { ...DEFAULT_RANKING_RULE, weights: { completeness: 0, timeliness: 100 } };
    const byTimeliness = rankWithinCommune(reportingFigures(commune), rule);
    expect(byTimeliness.officials.map((o) => [o.key, o.score])).toEqual([
      ['b', 1000],
      ['a', 667],
      ['c', 500],
      ['d', 0],
    ]);
  });
});

describe('ties', () => {
  it('shares a rank when every criterion is equal, and explains the next one', () => {
    // X: 1/2 and 1/2 → 50 %; Y: 2/4 and 2/4 → 50 %; Z: (1/1 + 0/1) ÷ 2 = 50 %.
    // Timeliness: X = Y (1/2 = 2/4) > Z (0); completeness X = Y: X and Y share rank 1, Z is 3rd.
    const ranked = rankEntrants(
      [
        { key: 'z', name: 'Z', shares: { completeness: { n: 1, d: 1 }, timeliness: { n: 0, d: 1 } } },
        { key: 'y', name: 'Y', shares: { completeness: { n: 2, d: 4 }, timeliness: { n: 2, d: 4 } } },
        { key: 'x', name: 'X', shares: { completeness: { n: 1, d: 2 }, timeliness: { n: 1, d: 2 } } },
      ],
      DEFAULT_RANKING_RULE.weights,
      TIE_BREAK.within,
      DEFAULT_RANKING_RULE.classes,
    );
    expect(ranked.map((e) => [e.key, e.rank, e.score])).toEqual([
      ['x', 1, 500],
      ['y', 1, 500],
      ['z', 3, 500],
    ]);
    expect(ranked[1]?.tie).toEqual({ kind: 'shared', with: 'X' });
    expect(ranked[2]?.tie).toMatchObject({ kind: 'behind', above: 'Y', by: 'timeliness' });
  });
});

describe('scores and shares', () => {
  it('computes exact weighted means in tenths of a percent', () => {
    const thirds = { completeness: { n: 1, d: 3 }, timeliness: { n: 2, d: 3 } };
    expect(scoreOf(thirds, { completeness: 50, timeliness: 50 })).toBe(500);
    // 0,6 × 1/3 + 0,4 × 2/3 = 7/15 = 46,666… % → 46,7 %
    expect(scoreOf(thirds, { completeness: 60, timeliness: 40 })).toBe(467);
    // a share with nothing due takes no part: the other weight counts in full
    expect(
      scoreOf(
        { completeness: { n: 0, d: 0 }, timeliness: { n: 1, d: 2 } },
        { completeness: 50, timeliness: 50 },
      ),
    ).toBe(500);
    expect(scoreOf({ completeness: { n: 0, d: 0 } }, { completeness: 50 })).toBeNull();
    expect(percentOf({ n: 13, d: 16 })).toBe('81.3');
    expect(percentOf({ n: 0, d: 0 })).toBeNull();
  });

  it('classifies at or above each threshold', () => {
    const rule = { ...DEFAULT_RANKING_RULE, classes: { excellent: 95, good: 80, completed: 60 } };
    const entrant = (key: string, n: number) => ({
      key,
      name: key,
      shares: { completeness: { n, d: 1000 }, timeliness: { n, d: 1000 } },
    });
    const ranked = rankEntrants(
      [entrant('a', 950), entrant('b', 949), entrant('c', 600), entrant('d', 599)],
      rule.weights,
      TIE_BREAK.within,
      rule.classes,
    );
    expect(ranked.map((e) => e.classification)).toEqual(['excellent', 'good', 'completed', 'not_completed']);
  });
});

describe('the ranking across communes (weights 50/25/25)', () => {
  const commune = (code: string, targets: [number, number], onTime: number, reported: number) => ({
    code,
    name: `Xã ${code}`,
    campaign: { code: `${code}-2026`, title: 'Kế hoạch 2026' },
    targets: { n: targets[0], d: targets[1] },
    reporting: { due: 20, reported, onTime },
  });

  it('ranks by targets met or on track, timeliness and completeness', () => {
    // A: 0,5 × 6/10 + 0,25 × 18/20 + 0,25 × 20/20 = 0,3 + 0,225 + 0,25 = 77,5 %
    // B: 0,5 × 7/10 + 0,25 × 10/20 + 0,25 × 16/20 = 0,35 + 0,125 + 0,2 = 67,5 %
    // C: 0,5 × 5/10 + 0,25 + 0,25 = 75,0 %
    // D: 0,5 × 8/10 + 0,25 × 14/20 + 0,25 × 14/20 = 0,4 + 0,175 + 0,175 = 75,0 % → ties with C, above it on targets
    // E has no plan: nothing to score, unranked.
    const ranked = rankCommunes(
      [
        commune('A', [6, 10], 18, 20),
        commune('B', [7, 10], 10, 16),
        commune('C', [5, 10], 20, 20),
        commune('D', [8, 10], 14, 14),
        {
          code: 'E',
          name: 'Xã E',
          campaign: null,
          targets: { n: 0, d: 0 },
          reporting: { due: 0, reported: 0, onTime: 0 },
        },
      ],
      DEFAULT_RANKING_RULE,
    );
    expect(ranked.map((c) => [c.key, c.rank, c.score, c.classification])).toEqual([
      ['A', 1, 775, 'good'],
      ['D', 2, 750, 'good'],
      ['C', 3, 750, 'good'],
      ['B', 4, 675, 'completed'],
      ['E', null, null, null],
    ]);
    expect(ranked[2]?.tie).toEqual({
      kind: 'behind',
      above: 'Xã D',
      by: 'targets',
      mine: { n: 5, d: 10 },
      theirs: { n: 8, d: 10 },
    });
  });

  it('counts met and on-track indicators of all a commune has', () => {
    expect(targetsShare({ met: 2, on_track: 1, behind: 1, at_risk: 1, over_limit: 0, no_report: 5 })).toEqual(
      { n: 3, d: 10 },
    );
  });
});

describe('the rule in a plan file', () => {
  it('takes the defaults for what is not written', () => {
    const { rule, problems } = rankingRuleOf({ weights: { timeliness: 70 }, classes: { excellent: 95 } });
    expect(problems).toEqual([]);
    expect(rule.weights).toEqual({ completeness: 50, timeliness: 70 });
    expect(rule.classes).toEqual({ excellent: 95, good: 75, completed: 50 });
    expect(rankingRuleOf(undefined).rule).toEqual(DEFAULT_RANKING_RULE);
  });

  it('refuses weights all zero and classes out of order', () => {
    const { problems } = rankingRuleOf({
      weights: { completeness: 0, timeliness: 0 },
      classes: { good: 95 },
    });
    expect(problems.map((p) => p.key)).toEqual([
      'plan:error.ranking_weights_zero',
      'plan:error.ranking_classes_order',
    ]);
  });

  it('stores nothing for the defaults and reads back what it stored', () => {
    expect(storedRanking(DEFAULT_RANKING_RULE)).toBe('');
    const { rule } = rankingRuleOf({ commune_weights: { targets: 60 } });
    expect(rankingFromStored(storedRanking(rule))).toEqual(rule);
    expect(rankingFromStored('not json')).toEqual(DEFAULT_RANKING_RULE);
  });

  it('is read from campaign.ranking, and refused with the place when wrong', () => {
    const plan = (ranking: unknown) => ({
      organization: { code: 'xa-a', name: 'UBND xã A' },
      campaign: {
        code: 'xa-a-2026',
        title: 'Kế hoạch',
        kind: 'annual',
        start: '2026-01-01',
        end: '2026-12-31',
        ranking,
      },
      officials: [{ code: 'ct', name: 'Chủ tịch', role: 'chairman' }],
      indicators: [
        {
          code: 'A1',
          name: 'Chỉ tiêu',
          category: 'Xã hội',
          unit: 'người',
          measure: 'cumulative',
          target: 10,
          assignees: ['ct'],
        },
      ],
    });
    const ok = normalizePlan(plan({ weights: { completeness: 30, timeliness: 70 } }));
    expect(ok.ok && ok.plan.campaign.ranking?.weights).toEqual({ completeness: 30, timeliness: 70 });
    const wrong = normalizePlan(plan({ classes: { excellent: 50, good: 60 }, weight: {} }));
    expect(wrong.ok).toBe(false);
    if (!wrong.ok)
      expect(wrong.problems.map((p) => [p.path.join('.'), p.key])).toContainEqual([
        'campaign.ranking.weight',
        'plan:error.unknown_key',
      ]);
    const order = normalizePlan(plan({ classes: { excellent: 50, good: 60 } }));
    expect(!order.ok && order.problems.map((p) => [p.path.join('.'), p.key])).toEqual([
      ['campaign.ranking.classes', 'plan:error.ranking_classes_order'],
    ]);
  });
});
