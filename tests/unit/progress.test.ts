import { describe, expect, it } from 'vitest';
import type { Comparator, Measure } from '../../src/domain/plan/plan.js';
import {
  evaluateProgress,
  STATUSES,
  targetProgress,
  type ProgressIndicator,
  type ProgressInput,
  type ProgressOfficial,
  type ProgressPeriod,
  type ProgressReport,
  type Status,
} from '../../src/domain/progress/index.js';

// An annual 2026 campaign (365 days) reported quarterly: cut-offs 14/03, 14/06, 14/09, 14/12, deadlines at
// 17:00 Hanoi (10:00 UTC) on the cut-off day. Days elapsed through each cut-off, both ends included:
//   14/03: 31 + 28 + 14 = 73            → 73/365 = 0.2
//   14/06: 73 + 17 + 30 + 31 + 14 = 165 → 165/365
//   14/09: 165 + 16 + 31 + 31 + 14 = 257 → 257/365
//   14/12: 257 + 16 + 31 + 30 + 14 = 348 → 348/365
const campaign = { start: '2026-01-01', end: '2026-12-31' };
const DAYS = 365;
const Q1 = { days: 73, total: DAYS };
const Q2 = { days: 165, total: DAYS };
const Q3 = { days: 257, total: DAYS };
const Q4 = { days: 348, total: DAYS };

const quarter = (n: number, cutoff: string): ProgressPeriod => ({
  id: `p${n}`,
  key: `2026-Q${n}`,
  position: n,
  cutoff,
  deadlineAt: new Date(`${cutoff}T10:00:00Z`),
  name: { key: 'calendar:period.quarter', params: { quarter: n, year: 2026 } },
});
const periods: ProgressPeriod[] = [
  quarter(1, '2026-03-14'),
  quarter(2, '2026-06-14'),
  quarter(3, '2026-09-14'),
  quarter(4, '2026-12-14'),
];
const [P1, P2, P3, P4] = periods as [ProgressPeriod, ProgressPeriod, ProgressPeriod, ProgressPeriod];

const officials: ProgressOfficial[] = [
  { id: 'o1', code: 'CB01', name: 'Nguyễn Văn An', unitCode: 'VP', unitName: 'Văn phòng' },
  { id: 'o2', code: 'CB02', name: 'Trần Thị Bình', unitCode: 'VP', unitName: 'Văn phòng' },
  { id: 'o3', code: 'CB03', name: 'Lê Văn Cường', unitCode: 'DC', unitName: 'Địa chính' },
  { id: 'o4', code: 'CB04', name: 'Phạm Thị Dung', unitCode: null, unitName: null },
];

type TargetSpec = [source: string, comparator: Comparator, value: string];
function indicator(
  id: string,
  code: string,
  measure: Measure,
  targets: TargetSpec[],
  assignees: string[] = ['o1'],
  extra: Partial<ProgressIndicator> = {},
): ProgressIndicator {
  return {
    id,
    code,
    name: `Chỉ tiêu ${code}`,
    category: 'Kinh tế',
    unit: measure === 'boolean' ? '' : 'ha',
    measure,
    parentId: null,
    position: Number(id.replace(/\D/g, '')) || 1,
    targets: targets.map(([source, comparator, value]) => ({ source, comparator, value })),
    assignees,
    ...extra,
  };
}

let clock = 0;
function report(
  indicatorId: string,
  period: ProgressPeriod,
  value: string,
  officialId = 'o1',
  note: string | null = null,
  updatedAt?: string,
): ProgressReport {
  clock += 1;
  return {
    indicatorId,
    periodId: period.id,
    officialId,
    value,
    note,
    updatedAt: updatedAt ? new Date(updatedAt) : new Date(Date.UTC(2026, 0, 1, 0, clock)),
  };
}

const at = (iso: string) => new Date(iso);
const input = (at: Date, indicators: ProgressIndicator[], reports: ProgressReport[]): ProgressInput => ({
  campaign,
  periods,
  indicators,
  officials,
  reports,
  at,
});

describe('targetProgress', () => {
  // Pace numbers by hand (compared exactly, shown to 4 decimals): 1000 × 257/365 = 704.109589… → 704.1096,
  // floor 0.8 × 704.109589… = 563.287671…;
  // 365 × 257/365 = 257, floor 205.6; 1000 × 0.2 = 200, floor 160; 1000 × 348/365 = 953.424657… → 953.4247;
  // 663 × 257/365 = 466.824657… → 466.8247; 1000 × 165/365 = 452.054794… → 452.0548.
  it.each<
    [
      string,
      Measure,
      Comparator,
      string,
      string,
      { days: number; total: number },
      boolean,
      Status,
      string | null,
      string | null,
    ]
  >([
    // label, measure, comparator, target, value, elapsed, over, status, percent, expected
    [
      'cumulative >=: ahead of pace',
      'cumulative',
      '>=',
      '1000',
      '800',
      Q3,
      false,
      'on_track',
      '80',
      '704.1096',
    ],
    [
      'cumulative >=: exactly on pace',
      'cumulative',
      '>=',
      '1000',
      '704.1096',
      Q3,
      false,
      'on_track',
      '70.4',
      '704.1096',
    ],
    [
      'cumulative >=: just below pace',
      'cumulative',
      '>=',
      '1000',
      '704.1095',
      Q3,
      false,
      'behind',
      '70.4',
      '704.1096',
    ],
    [
      'cumulative >=: exactly on the 80 % floor',
      'cumulative',
      '>=',
      '1000',
      '563.28768',
      Q3,
      false,
      'behind',
      '56.3',
      '704.1096',
    ],
    [
      'cumulative >=: just under the 80 % floor',
      'cumulative',
      '>=',
      '1000',
      '563.2876',
      Q3,
      false,
      'at_risk',
      '56.3',
      '704.1096',
    ],
    ['cumulative >=: far behind', 'cumulative', '>=', '1000', '500', Q3, false, 'at_risk', '50', '704.1096'],
    [
      'cumulative >=: whole pace, exactly on',
      'cumulative',
      '>=',
      '365',
      '257',
      Q3,
      false,
      'on_track',
      '70.4',
      '257',
    ],
    [
      'cumulative >=: whole pace, below',
      'cumulative',
      '>=',
      '365',
      '256.9',
      Q3,
      false,
      'behind',
      '70.4',
      '257',
    ],
    [
      'cumulative >=: whole pace, on the floor',
      'cumulative',
      '>=',
      '365',
      '205.6',
      Q3,
      false,
      'behind',
      '56.3',
      '257',
    ],
    [
      'cumulative >=: whole pace, under the floor',
      'cumulative',
      '>=',
      '365',
      '205.5',
      Q3,
      false,
      'at_risk',
      '56.3',
      '257',
    ],
    ['cumulative >=: Q1 on pace', 'cumulative', '>=', '1000', '200', Q1, false, 'on_track', '20', '200'],
    ['cumulative >=: Q1 on the floor', 'cumulative', '>=', '1000', '160', Q1, false, 'behind', '16', '200'],
    [
      'cumulative >=: Q1 under the floor',
      'cumulative',
      '>=',
      '1000',
      '159.9',
      Q1,
      false,
      'at_risk',
      '16',
      '200',
    ],
    [
      'cumulative >=: Q2 pace',
      'cumulative',
      '>=',
      '1000',
      '452.0548',
      Q2,
      false,
      'on_track',
      '45.2',
      '452.0548',
    ],
    [
      'cumulative >=: percent rounds to one decimal',
      'cumulative',
      '>=',
      '663',
      '500',
      Q3,
      false,
      'on_track',
      '75.4',
      '466.8247',
    ],
    [
      'cumulative >=: percent rounds half up',
      'cumulative',
      '>=',
      '3',
      '2',
      Q3,
      false,
      'behind',
      '66.7',
      '2.1123',
    ],
    ['cumulative >=: met exactly', 'cumulative', '>=', '1000', '1000', Q3, false, 'met', '100', null],
    ['cumulative >=: met early, in Q1', 'cumulative', '>=', '1000', '1200', Q1, false, 'met', '120', null],
    [
      'cumulative >=: over, under the floor',
      'cumulative',
      '>=',
      '1000',
      '700',
      Q4,
      true,
      'at_risk',
      '70',
      '953.4247',
    ],
    [
      'cumulative >=: over, below pace',
      'cumulative',
      '>=',
      '1000',
      '900',
      Q4,
      true,
      'at_risk',
      '90',
      '953.4247',
    ],
    [
      'cumulative >=: over, on pace but not met',
      'cumulative',
      '>=',
      '1000',
      '990',
      Q4,
      true,
      'at_risk',
      '99',
      '953.4247',
    ],
    ['cumulative >=: over, met', 'cumulative', '>=', '1000', '1000', Q4, true, 'met', '100', null],
    ['cumulative >=: zero target has no percent', 'cumulative', '>=', '0', '0', Q3, false, 'met', null, null],
    ['cumulative <=: under', 'cumulative', '<=', '5', '3', Q3, false, 'met', null, null],
    ['cumulative <=: on the ceiling', 'cumulative', '<=', '5', '5', Q3, false, 'met', null, null],
    ['cumulative <=: over the ceiling', 'cumulative', '<=', '5', '6', Q3, false, 'over_limit', null, null],
    [
      'cumulative <=: over the ceiling, campaign over',
      'cumulative',
      '<=',
      '5',
      '6',
      Q4,
      true,
      'over_limit',
      null,
      null,
    ],
    ['cumulative =: equal', 'cumulative', '=', '10', '10.0', Q3, false, 'met', null, null],
    ['cumulative =: not equal (no pace)', 'cumulative', '=', '10', '9', Q3, false, 'behind', null, null],
    ['cumulative =: not equal, over', 'cumulative', '=', '10', '9', Q4, true, 'at_risk', null, null],
    ['level >=: above', 'level', '>=', '95.52', '96', Q3, false, 'met', '100.5', null],
    ['level >=: below, no pace', 'level', '>=', '95.52', '90', Q3, false, 'behind', '94.2', null],
    ['level >=: below, over', 'level', '>=', '95.52', '90', Q4, true, 'at_risk', '94.2', null],
    ['level <=: rate 0,32 % under', 'level', '<=', '0.32', '0.3', Q3, false, 'met', null, null],
    ['level <=: rate 0,32 % exactly', 'level', '<=', '0.32', '0.32', Q3, false, 'met', null, null],
    ['level <=: rate 0,32 % over', 'level', '<=', '0.32', '0.35', Q3, false, 'over_limit', null, null],
    [
      'level <=: rate 0,32 % over, campaign over',
      'level',
      '<=',
      '0.32',
      '0.35',
      Q4,
      true,
      'over_limit',
      null,
      null,
    ],
    ['level <=: rate 0,32 % under, campaign over', 'level', '<=', '0.32', '0.1', Q4, true, 'met', null, null],
    ['level =: equal', 'level', '=', '100', '100', Q3, false, 'met', null, null],
    ['level =: not equal', 'level', '=', '100', '99', Q3, false, 'behind', null, null],
    ['level =: not equal, over', 'level', '=', '100', '101', Q4, true, 'at_risk', null, null],
    ['boolean: đạt', 'boolean', '=', '1', '1', Q3, false, 'met', null, null],
    ['boolean: chưa đạt', 'boolean', '=', '1', '0', Q3, false, 'behind', null, null],
    ['boolean: đạt, campaign over', 'boolean', '=', '1', '1', Q4, true, 'met', null, null],
    ['boolean: chưa đạt, campaign over', 'boolean', '=', '1', '0', Q4, true, 'at_risk', null, null],
  ])('%s', (_label, measure, comparator, target, value, elapsed, over, status, percent, expected) => {
    expect(
      targetProgress({
        measure,
        value,
        target: { source: 'Huyện giao', comparator, value: target },
        elapsed,
        over,
      }),
    ).toEqual({
      source: 'Huyện giao',
      comparator,
      target,
      percent,
      expected,
      status,
    });
  });
});

describe('evaluateProgress: status of one indicator', () => {
  const one = (measure: Measure, targets: TargetSpec[], reports: [ProgressPeriod, string][], now: string) => {
    const ind = indicator('i1', '1', measure, targets);
    const result = evaluateProgress(
      input(
        at(now),
        [ind],
        reports.map(([p, v]) => report('i1', p, v)),
      ),
    );
    const first = result.indicators[0];
    if (!first) throw new Error('no indicator');
    return first;
  };

  it.each<
    [
      string,
      Measure,
      TargetSpec[],
      [ProgressPeriod, string][],
      string,
      Status,
      (string | null)[],
      (string | null)[],
    ]
  >([
    // label, measure, targets, reports, at, status, percents, expecteds
    [
      'Q3 value on pace, judged at the Q3 cut-off',
      'cumulative',
      [['', '>=', '1000']],
      [[P3, '704.1096']],
      '2026-09-10T02:00:00Z',
      'on_track',
      ['70.4'],
      ['704.1096'],
    ],
    [
      'Q3 value on the 80 % floor',
      'cumulative',
      [['', '>=', '1000']],
      [[P3, '563.28768']],
      '2026-09-10T02:00:00Z',
      'behind',
      ['56.3'],
      ['704.1096'],
    ],
    [
      'Q3 value under the floor',
      'cumulative',
      [['', '>=', '1000']],
      [[P3, '563.2876']],
      '2026-09-10T02:00:00Z',
      'at_risk',
      ['56.3'],
      ['704.1096'],
    ],
    [
      'a Q1 value is judged at the Q1 cut-off, even in Q3',
      'cumulative',
      [['', '>=', '1000']],
      [[P1, '200']],
      '2026-09-10T02:00:00Z',
      'on_track',
      ['20'],
      ['200'],
    ],
    [
      'met early',
      'cumulative',
      [['', '>=', '1000']],
      [[P2, '1000']],
      '2026-05-01T02:00:00Z',
      'met',
      ['100'],
      [null],
    ],
    [
      'two targets, one met one not: the worst wins, percent per target',
      'cumulative',
      [
        ['Huyện giao', '>=', '600'],
        ['HĐND xã', '>=', '1000'],
      ],
      [[P3, '650']],
      '2026-09-10T02:00:00Z',
      'behind',
      ['108.3', '65'],
      [null, '704.1096'],
    ],
    [
      'two targets, one met one at risk',
      'cumulative',
      [
        ['Huyện giao', '>=', '500'],
        ['HĐND xã', '>=', '1000'],
      ],
      [[P3, '500']],
      '2026-09-10T02:00:00Z',
      'at_risk',
      ['100', '50'],
      [null, '704.1096'],
    ],
    [
      'rate <= 0,32 % under',
      'level',
      [['', '<=', '0.32']],
      [[P3, '0.3']],
      '2026-09-10T02:00:00Z',
      'met',
      [null],
      [null],
    ],
    [
      'rate <= 0,32 % over',
      'level',
      [['', '<=', '0.32']],
      [[P3, '0.4']],
      '2026-09-10T02:00:00Z',
      'over_limit',
      [null],
      [null],
    ],
    [
      'rate <= 0,32 % over, after the campaign',
      'level',
      [['', '<=', '0.32']],
      [[P4, '0.4']],
      '2027-01-10T02:00:00Z',
      'over_limit',
      [null],
      [null],
    ],
    [
      'boolean đạt before the end',
      'boolean',
      [['', '=', '1']],
      [[P3, '1']],
      '2026-09-10T02:00:00Z',
      'met',
      [null],
      [null],
    ],
    [
      'boolean chưa đạt before the end',
      'boolean',
      [['', '=', '1']],
      [[P3, '0']],
      '2026-09-10T02:00:00Z',
      'behind',
      [null],
      [null],
    ],
    [
      'boolean đạt after the end',
      'boolean',
      [['', '=', '1']],
      [[P4, '1']],
      '2027-01-10T02:00:00Z',
      'met',
      [null],
      [null],
    ],
    [
      'boolean chưa đạt after the end',
      'boolean',
      [['', '=', '1']],
      [[P4, '0']],
      '2027-01-10T02:00:00Z',
      'at_risk',
      [null],
      [null],
    ],
    [
      'after the end, a value on pace but short of the target',
      'cumulative',
      [['', '>=', '1000']],
      [[P4, '990']],
      '2027-01-10T02:00:00Z',
      'at_risk',
      ['99'],
      ['953.4247'],
    ],
    [
      'after the end, a stale Q2 value on its pace',
      'cumulative',
      [['', '>=', '1000']],
      [[P2, '460']],
      '2027-01-10T02:00:00Z',
      'at_risk',
      ['46'],
      ['452.0548'],
    ],
    [
      'after the end, met',
      'cumulative',
      [['', '>=', '1000']],
      [[P4, '1000']],
      '2027-01-10T02:00:00Z',
      'met',
      ['100'],
      [null],
    ],
    // The campaign counts as over once the last deadline (14/12 17:00) has passed, before its end date 31/12.
    [
      'after the last deadline, before the end date',
      'boolean',
      [['', '=', '1']],
      [[P4, '0']],
      '2026-12-20T02:00:00Z',
      'at_risk',
      [null],
      [null],
    ],
    [
      'on the last deadline the campaign still runs',
      'boolean',
      [['', '=', '1']],
      [[P4, '0']],
      '2026-12-14T10:00:00Z',
      'behind',
      [null],
      [null],
    ],
    [
      'no report: no_report, null percents',
      'cumulative',
      [
        ['Huyện giao', '>=', '600'],
        ['HĐND xã', '>=', '1000'],
      ],
      [],
      '2026-09-10T02:00:00Z',
      'no_report',
      [null, null],
      [null, null],
    ],
  ])('%s', (_label, measure, targets, reports, now, status, percents, expecteds) => {
    const result = one(measure, targets, reports, now);
    expect(result.status).toBe(status);
    expect(result.targets.map((t) => t.percent)).toEqual(percents);
    expect(result.targets.map((t) => t.expected)).toEqual(expecteds);
    expect(result.targets.map((t) => t.source)).toEqual(targets.map(([s]) => s));
    expect(result.targets.map((t) => t.target)).toEqual(targets.map(([, , v]) => v));
    if (status === 'no_report') {
      expect(result.targets.every((t) => t.status === 'no_report')).toBe(true);
      expect(result.latest).toBeNull();
      expect(result.history).toEqual([]);
    }
  });
});

describe('evaluateProgress: values and history', () => {
  it('takes the latest value from the latest period that has one', () => {
    const ind = indicator('i1', '1', 'cumulative', [['', '>=', '1000']]);
    const result = evaluateProgress(
      input(at('2026-09-10T02:00:00Z'), [ind], [report('i1', P1, '100'), report('i1', P2, '300')]),
    );
    const got = result.indicators[0];
    expect(got?.latest).toEqual({
      value: '300',
      periodKey: '2026-Q2',
      periodName: P2.name,
      officials: ['CB01'],
      notes: [],
    });
    // 300 against the Q2 pace 452.0548 (floor 361.64384): at risk.
    expect(got?.targets).toEqual([
      {
        source: '',
        comparator: '>=',
        target: '1000',
        percent: '30',
        expected: '452.0548',
        status: 'at_risk',
      },
    ]);
  });

  it('ignores a report of a period later than the one being collected', () => {
    const ind = indicator('i1', '1', 'cumulative', [['', '>=', '1000']]);
    const reports = [report('i1', P1, '250'), report('i1', P2, '500'), report('i1', P3, '900')];
    const result = evaluateProgress(input(at('2026-06-10T02:00:00Z'), [ind], reports));
    const got = result.indicators[0];
    expect(result.period?.id).toBe('p2');
    expect(got?.latest?.periodKey).toBe('2026-Q2');
    expect(got?.latest?.value).toBe('500');
    expect(got?.history.map((h) => h.periodKey)).toEqual(['2026-Q1', '2026-Q2']);
    expect(got?.targets[0]).toMatchObject({ percent: '50', expected: '452.0548', status: 'on_track' });
  });

  it('two officials in one period: the newest updatedAt wins, both are listed', () => {
    const ind = indicator('i1', '1', 'cumulative', [['', '>=', '1000']], ['o1', 'o2']);
    const reports = [
      report('i1', P3, '720', 'o2', 'số liệu xã', '2026-09-05T03:00:00Z'),
      report('i1', P3, '690', 'o1', 'theo thống kê', '2026-09-03T03:00:00Z'),
    ];
    const got = evaluateProgress(input(at('2026-09-10T02:00:00Z'), [ind], reports)).indicators[0];
    expect(got?.latest).toEqual({
      value: '720',
      periodKey: '2026-Q3',
      periodName: P3.name,
      officials: ['CB02', 'CB01'],
      notes: ['số liệu xã', 'theo thống kê'],
    });
    expect(got?.status).toBe('on_track');

    // Order of the reports does not matter: the newer one still wins.
    const swapped = evaluateProgress(input(at('2026-09-10T02:00:00Z'), [ind], [...reports].reverse()))
      .indicators[0];
    expect(swapped?.latest?.value).toBe('720');
    expect(swapped?.latest?.officials).toEqual(['CB01', 'CB02']);
  });

  it('lists the history per period, oldest first, the newest report when several answered', () => {
    const ind = indicator('i1', '1', 'cumulative', [['', '>=', '1000']], ['o1', 'o2']);
    const reports = [
      report('i1', P3, '700', 'o1', null, '2026-09-02T03:00:00Z'),
      report('i1', P1, '150', 'o1', 'ước tính'),
      report('i1', P3, '710', 'o2', null, '2026-09-04T03:00:00Z'),
    ];
    const got = evaluateProgress(input(at('2026-09-10T02:00:00Z'), [ind], reports)).indicators[0];
    expect(got?.history).toEqual([
      { periodKey: '2026-Q1', periodName: P1.name, value: '150', officials: ['CB01'], notes: ['ước tính'] },
      { periodKey: '2026-Q3', periodName: P3.name, value: '710', officials: ['CB01', 'CB02'], notes: [] },
    ]);
    expect(got?.assignees).toEqual([
      { code: 'CB01', name: 'Nguyễn Văn An' },
      { code: 'CB02', name: 'Trần Thị Bình' },
    ]);
  });

  it('lists children after their parent with the parent code, in plan order', () => {
    const parent = indicator('i1', '1', 'cumulative', [['', '>=', '1000']]);
    const child = indicator('i2', '1.1', 'cumulative', [['', '>=', '365']], ['o1'], { parentId: 'i1' });
    const other = indicator('i3', '2', 'level', [['', '<=', '0.32']]);
    const result = evaluateProgress(
      input(at('2026-09-10T02:00:00Z'), [other, child, parent], [report('i2', P3, '257')]),
    );
    expect(result.indicators.map((i) => [i.code, i.parentCode, i.status])).toEqual([
      ['1', null, 'no_report'],
      ['1.1', '1', 'on_track'],
      ['2', null, 'no_report'],
    ]);
    expect(result.indicators[1]?.targets[0]).toMatchObject({ percent: '70.4', expected: '257' });
  });
});

describe('evaluateProgress: completeness, late and counts', () => {
  // o1 and o2 (Văn phòng) share "1"; o1 also has "1.1", o2 has "2"; o3 (Địa chính) has "3"; o4 has nothing.
  const indicators = [
    indicator(
      'i1',
      '1',
      'cumulative',
      [
        ['Huyện giao', '>=', '600'],
        ['HĐND xã', '>=', '1000'],
      ],
      ['o1', 'o2'],
    ),
    indicator('i2', '1.1', 'cumulative', [['', '>=', '365']], ['o1'], { parentId: 'i1' }),
    indicator('i3', '2', 'level', [['', '<=', '0.32']], ['o2']),
    indicator('i4', '3', 'boolean', [['', '=', '1']], ['o3']),
    indicator('i5', '4', 'cumulative', [['', '>=', '10']], ['o3']),
  ];
  const q2 = [
    report('i1', P2, '400', 'o1'),
    report('i1', P2, '410', 'o2'),
    report('i2', P2, '165', 'o1'),
    report('i3', P2, '0.3', 'o2'),
    report('i4', P2, '0', 'o3'),
  ];
  const q3 = [report('i1', P3, '650', 'o1'), report('i1', P3, '655', 'o2'), report('i3', P3, '0.35', 'o2')];

  it('counts who answered for the period being collected, per official and per unit', () => {
    const result = evaluateProgress(input(at('2026-09-10T02:00:00Z'), indicators, [...q2, ...q3]));
    expect(result.period?.id).toBe('p3');
    expect(result.completeness).toEqual({
      due: 6,
      reported: 3,
      officials: [
        { code: 'CB01', name: 'Nguyễn Văn An', unit: 'Văn phòng', due: 2, reported: 1, missing: ['1.1'] },
        { code: 'CB02', name: 'Trần Thị Bình', unit: 'Văn phòng', due: 2, reported: 2, missing: [] },
        { code: 'CB03', name: 'Lê Văn Cường', unit: 'Địa chính', due: 2, reported: 0, missing: ['3', '4'] },
      ],
      units: [
        { unit: 'Văn phòng', due: 4, reported: 3 },
        { unit: 'Địa chính', due: 2, reported: 0 },
      ],
    });
    expect(result.indicators.map((i) => [i.code, i.complete])).toEqual([
      ['1', true],
      ['1.1', false],
      ['2', true],
      ['3', false],
      ['4', false],
    ]);
  });

  it('evaluates every indicator and counts add up', () => {
    const result = evaluateProgress(input(at('2026-09-10T02:00:00Z'), indicators, [...q2, ...q3]));
    expect(result.indicators.map((i) => [i.code, i.status])).toEqual([
      ['1', 'behind'], // 655 (newer): 109.2 % of 600 met; 65.5 % of 1000 against 704.1096 (floor 563.28768) behind
      ['1.1', 'on_track'], // Q2 value 165 of 365 at the Q2 pace 165
      ['2', 'over_limit'], // 0.35 > 0.32: over the ceiling, not late
      ['3', 'behind'], // chưa đạt in Q2
      ['4', 'no_report'],
    ]);
    expect(result.indicators[0]?.targets.map((t) => [t.percent, t.expected, t.status])).toEqual([
      ['109.2', null, 'met'],
      ['65.5', '704.1096', 'behind'],
    ]);
    expect(result.counts).toEqual({
      met: 0,
      on_track: 1,
      behind: 2,
      at_risk: 0,
      over_limit: 1,
      no_report: 1,
    });
    const total = STATUSES.reduce((n, s) => n + result.counts[s], 0);
    expect(total).toBe(indicators.length);
  });

  it.each<[string, string, string | null, string | null, [string, string[]][] | null]>([
    // label, at, period being collected, late period, late officials and their missing codes
    ['before the first deadline nobody is late', '2026-03-01T02:00:00Z', 'p1', null, null],
    ['in Q3, late for Q2', '2026-09-10T02:00:00Z', 'p3', 'p2', [['CB03', ['4']]]],
    [
      'at 17:00 on the Q3 deadline Q3 is still collected',
      '2026-09-14T10:00:00Z',
      'p3',
      'p2',
      [['CB03', ['4']]],
    ],
    [
      'one minute after the Q3 deadline, late for Q3',
      '2026-09-14T10:01:00Z',
      'p4',
      'p3',
      [
        ['CB01', ['1.1']],
        ['CB03', ['3', '4']],
      ],
    ],
    [
      'once the campaign is over, late for the last period',
      '2027-01-10T02:00:00Z',
      'p4',
      'p4',
      [
        ['CB01', ['1', '1.1']],
        ['CB02', ['1', '2']],
        ['CB03', ['3', '4']],
      ],
    ],
  ])('%s', (_label, now, periodId, lateId, lateOfficials) => {
    const result = evaluateProgress(input(at(now), indicators, [...q2, ...q3]));
    expect(result.period?.id ?? null).toBe(periodId);
    expect(result.late?.period.id ?? null).toBe(lateId);
    expect(result.late?.officials.map((o) => [o.code, o.missing]) ?? null).toEqual(lateOfficials);
  });

  it('late is null when nobody is missing answers for the last passed period', () => {
    const complete = [...q2, report('i5', P2, '3', 'o3')];
    const result = evaluateProgress(input(at('2026-09-10T02:00:00Z'), indicators, complete));
    expect(result.late).toBeNull();
    // Q3 itself is still open and mostly unanswered: that is completeness, not lateness.
    expect(result.completeness.reported).toBe(0);
    expect(result.completeness.due).toBe(6);
  });

  it('an empty campaign has no period and nothing due', () => {
    const result = evaluateProgress({
      campaign,
      periods: [],
      indicators: [],
      officials,
      reports: [],
      at: at('2026-09-10T02:00:00Z'),
    });
    expect(result.period).toBeNull();
    expect(result.late).toBeNull();
    expect(result.counts).toEqual({
      met: 0,
      on_track: 0,
      behind: 0,
      at_risk: 0,
      over_limit: 0,
      no_report: 0,
    });
    expect(result.completeness).toEqual({ due: 0, reported: 0, officials: [], units: [] });
  });
});

// Sanity for the hand-computed shares above.
describe('the hand-computed pace', () => {
  it('matches the day counts', () => {
    expect([Q1, Q2, Q3, Q4].map((s) => s.days)).toEqual([73, 165, 257, 348]);
  });
});
