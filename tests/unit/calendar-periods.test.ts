import { describe, expect, it } from 'vitest';
import {
  DEFAULT_DEADLINE_RULE,
  DEFAULT_TIME_ZONE,
  DEFAULT_VN_HOLIDAYS,
  InvalidScheduleError,
  addDays,
  campaignPeriods,
  createWorkingCalendar,
  defaultCheckpoints,
  deadlineFor,
  nextWindow,
  windowOf,
  type CampaignSchedule,
  type DeadlineRule,
  type Period,
} from '../../src/domain/calendar/index.js';

const HANOI = DEFAULT_TIME_ZONE;
const KIND = { quarterly: 'quarter', monthly: 'month', semiannual: 'half', annual: 'year' } as const;
const plain = createWorkingCalendar([]);
const vn = createWorkingCalendar(DEFAULT_VN_HOLIDAYS);

function schedule(overrides: Partial<CampaignSchedule>): CampaignSchedule {
  return {
    kind: 'annual',
    start: '2024-01-01',
    end: '2024-12-31',
    scheme: 'quarterly',
    deadline: { ...DEFAULT_DEADLINE_RULE },
    ...overrides,
  };
}

function rule(overrides: Partial<DeadlineRule>): DeadlineRule {
  return { ...DEFAULT_DEADLINE_RULE, ...overrides };
}

function summary(periods: Period[]): [string, string, string][] {
  return periods.map((period) => [period.key, period.start, period.cutoff]);
}

describe('campaignPeriods: an annual 2024 campaign, quarterly', () => {
  const periods = campaignPeriods(schedule({}), vn, HANOI);

  it('has exactly four quarters, Q1 clipped to 01/01/2024, the tail after 14/12 left to 2025', () => {
    expect(summary(periods)).toEqual([
      ['2024-Q1', '2024-01-01', '2024-03-14'],
      ['2024-Q2', '2024-03-15', '2024-06-14'],
      ['2024-Q3', '2024-06-15', '2024-09-14'],
      ['2024-Q4', '2024-09-15', '2024-12-14'],
    ]);
  });

  it('numbers, kinds and names them', () => {
    expect(periods.map((period) => period.position)).toEqual([1, 2, 3, 4]);
    expect(periods.every((period) => period.kind === 'quarter')).toBe(true);
    expect(periods.map((period) => period.name.params.roman)).toEqual(['I', 'II', 'III', 'IV']);
    expect(periods[2]?.name).toEqual({
      key: 'calendar:period.quarter',
      params: { roman: 'III', quarter: 3, year: 2024 },
    });
  });

  it('defaults the deadline to the cut-off day at 17:00 Hanoi, even on a Saturday', () => {
    expect(periods.map((period) => period.deadlineAt.toISOString())).toEqual([
      '2024-03-14T10:00:00.000Z',
      '2024-06-14T10:00:00.000Z',
      '2024-09-14T10:00:00.000Z',
      '2024-12-14T10:00:00.000Z',
    ]);
    expect(periods.map((period) => period.deadlineDate)).toEqual([
      '2024-03-14',
      '2024-06-14',
      '2024-09-14',
      '2024-12-14',
    ]);
  });
});

describe('campaignPeriods: where cut-offs fall', () => {
  it('a campaign ending on a cut-off keeps it', () => {
    const periods = campaignPeriods(schedule({ end: '2024-12-14' }), vn, HANOI);
    expect(periods.at(-1)?.key).toBe('2024-Q4');
    expect(periods).toHaveLength(4);
  });

  it('a campaign ending the day before a cut-off loses that period', () => {
    const periods = campaignPeriods(schedule({ end: '2024-12-13' }), vn, HANOI);
    expect(periods.map((period) => period.key)).toEqual(['2024-Q1', '2024-Q2', '2024-Q3']);
  });

  it('a campaign starting on a cut-off gets a one-day first period', () => {
    const periods = campaignPeriods(schedule({ start: '2024-03-14' }), vn, HANOI);
    expect(summary(periods)[0]).toEqual(['2024-Q1', '2024-03-14', '2024-03-14']);
    expect(periods).toHaveLength(4);
  });

  it('a campaign starting the day after a cut-off starts with the next window, unclipped', () => {
    const periods = campaignPeriods(schedule({ start: '2024-03-15' }), vn, HANOI);
    expect(summary(periods)[0]).toEqual(['2024-Q2', '2024-03-15', '2024-06-14']);
    expect(periods).toHaveLength(3);
  });

  it('a campaign across the year change counts 15/12 in the next year’s Q1', () => {
    const periods = campaignPeriods(schedule({ start: '2024-07-01', end: '2025-06-30' }), vn, HANOI);
    expect(summary(periods)).toEqual([
      ['2024-Q3', '2024-07-01', '2024-09-14'],
      ['2024-Q4', '2024-09-15', '2024-12-14'],
      ['2025-Q1', '2024-12-15', '2025-03-14'],
      ['2025-Q2', '2025-03-15', '2025-06-14'],
    ]);
  });

  it('the leap day is inside Q1 2024', () => {
    const periods = campaignPeriods(schedule({}), vn, HANOI);
    const q1 = periods[0];
    expect(q1 && q1.start <= '2024-02-29' && '2024-02-29' <= q1.cutoff).toBe(true);
  });
});

describe('campaignPeriods: a short campaign with no cut-off inside', () => {
  it('is one period [start, end], named after its window', () => {
    const periods = campaignPeriods(
      schedule({ kind: 'sprint', start: '2024-07-01', end: '2024-09-10' }),
      vn,
      HANOI,
    );
    expect(periods).toHaveLength(1);
    expect(periods[0]).toMatchObject({
      key: '2024-Q3',
      kind: 'quarter',
      position: 1,
      start: '2024-07-01',
      cutoff: '2024-09-10',
      deadlineDate: '2024-09-10',
    });
    expect(periods[0]?.deadlineAt.toISOString()).toBe('2024-09-10T10:00:00.000Z');
  });

  it('takes the window after a cut-off when it starts right after one', () => {
    const periods = campaignPeriods(
      schedule({ kind: 'sprint', start: '2024-09-15', end: '2024-10-10' }),
      vn,
      HANOI,
    );
    expect(summary(periods)).toEqual([['2024-Q4', '2024-09-15', '2024-10-10']]);
  });

  it('a one-day campaign is one period', () => {
    const periods = campaignPeriods(
      schedule({ kind: 'sprint', start: '2024-12-20', end: '2024-12-20', scheme: 'monthly' }),
      vn,
      HANOI,
    );
    expect(summary(periods)).toEqual([['2025-M01', '2024-12-20', '2024-12-20']]);
  });
});

describe('campaignPeriods: other schemes', () => {
  it('monthly: twelve months, 2024-M01 clipped, M03 spans the leap day', () => {
    const periods = campaignPeriods(schedule({ scheme: 'monthly' }), vn, HANOI);
    expect(periods.map((period) => period.key)).toEqual([
      '2024-M01',
      '2024-M02',
      '2024-M03',
      '2024-M04',
      '2024-M05',
      '2024-M06',
      '2024-M07',
      '2024-M08',
      '2024-M09',
      '2024-M10',
      '2024-M11',
      '2024-M12',
    ]);
    expect(summary(periods)[0]).toEqual(['2024-M01', '2024-01-01', '2024-01-14']);
    expect(summary(periods)[2]).toEqual(['2024-M03', '2024-02-15', '2024-03-14']);
    expect(summary(periods)[11]).toEqual(['2024-M12', '2024-11-15', '2024-12-14']);
    expect(periods.every((period) => period.kind === 'month')).toBe(true);
    expect(periods[8]?.name).toEqual({ key: 'calendar:period.month', params: { month: 9, year: 2024 } });
  });

  it('semiannual: H1 and H2', () => {
    const periods = campaignPeriods(schedule({ scheme: 'semiannual' }), vn, HANOI);
    expect(summary(periods)).toEqual([
      ['2024-H1', '2024-01-01', '2024-06-14'],
      ['2024-H2', '2024-06-15', '2024-12-14'],
    ]);
    expect(periods.map((period) => period.name.key)).toEqual([
      'calendar:period.half_first',
      'calendar:period.half_second',
    ]);
    expect(periods.every((period) => period.kind === 'half')).toBe(true);
  });

  it('annual: one year period', () => {
    const periods = campaignPeriods(schedule({ scheme: 'annual' }), vn, HANOI);
    expect(summary(periods)).toEqual([['2024-Y', '2024-01-01', '2024-12-14']]);
    expect(periods[0]?.kind).toBe('year');
    expect(periods[0]?.name).toEqual({ key: 'calendar:period.year', params: { year: 2024 } });
  });

  it('periods are contiguous and cut on the 14th, for any start in 2024 and every scheme', () => {
    for (const scheme of ['quarterly', 'monthly', 'semiannual', 'annual'] as const) {
      for (let start = '2024-01-01'; start <= '2024-12-31'; start = addDays(start, 7)) {
        const end = addDays(start, 400);
        const periods = campaignPeriods(schedule({ scheme, start, end }), plain, HANOI);
        expect(periods[0]?.start).toBe(start);
        periods.forEach((period, i) => {
          expect(period.cutoff.endsWith('-14')).toBe(true);
          expect(period.cutoff <= end).toBe(true);
          expect(period.position).toBe(i + 1);
          if (i > 0) expect(period.start).toBe(addDays(periods[i - 1]?.cutoff ?? '', 1));
        });
        // The next window's cut-off is past the end: nothing was left out.
        const last = periods.at(-1);
        expect(last && nextWindow(windowOf(KIND[scheme], last.cutoff)).cutoff > end).toBe(true);
      }
    }
  });
});

describe('campaignPeriods: sprints with checkpoints', () => {
  const sprint = (overrides: Partial<CampaignSchedule>): CampaignSchedule =>
    schedule({ kind: 'sprint', start: '2024-10-03', end: '2024-12-31', scheme: 'checkpoints', ...overrides });

  it('with default checkpoints: three 30-day periods', () => {
    const periods = campaignPeriods(sprint({}), vn, HANOI);
    expect(summary(periods)).toEqual([
      ['CP1', '2024-10-03', '2024-11-01'],
      ['CP2', '2024-11-02', '2024-12-01'],
      ['CP3', '2024-12-02', '2024-12-31'],
    ]);
    expect(periods.every((period) => period.kind === 'checkpoint')).toBe(true);
    expect(periods.map((period) => period.name)).toEqual([
      { key: 'calendar:period.checkpoint', params: { index: 1, count: 3, date: '01/11/2024' } },
      { key: 'calendar:period.checkpoint', params: { index: 2, count: 3, date: '01/12/2024' } },
      { key: 'calendar:period.checkpoint', params: { index: 3, count: 3, date: '31/12/2024' } },
    ]);
    expect(periods.map((period) => period.deadlineAt.toISOString())).toEqual([
      '2024-11-01T10:00:00.000Z',
      '2024-12-01T10:00:00.000Z',
      '2024-12-31T10:00:00.000Z',
    ]);
  });

  it('an empty checkpoint list also gets the defaults', () => {
    expect(summary(campaignPeriods(sprint({ checkpoints: [] }), vn, HANOI))).toEqual(
      summary(campaignPeriods(sprint({}), vn, HANOI)),
    );
  });

  it('with explicit checkpoints', () => {
    const periods = campaignPeriods(
      sprint({ checkpoints: ['2024-10-20', '2024-11-30', '2024-12-31'] }),
      vn,
      HANOI,
    );
    expect(summary(periods)).toEqual([
      ['CP1', '2024-10-03', '2024-10-20'],
      ['CP2', '2024-10-21', '2024-11-30'],
      ['CP3', '2024-12-01', '2024-12-31'],
    ]);
    expect(periods[0]?.name.params).toEqual({ index: 1, count: 3, date: '20/10/2024' });
  });

  it('a single checkpoint on the end is the whole sprint', () => {
    const periods = campaignPeriods(sprint({ checkpoints: ['2024-12-31'] }), vn, HANOI);
    expect(summary(periods)).toEqual([['CP1', '2024-10-03', '2024-12-31']]);
  });

  it('the deadline rule applies to checkpoints too (01/12/2024 is a Sunday)', () => {
    const periods = campaignPeriods(sprint({ deadline: rule({ shift: 'next_working_day' }) }), vn, HANOI);
    expect(periods.map((period) => period.deadlineDate)).toEqual(['2024-11-01', '2024-12-02', '2024-12-31']);
  });

  it('a sprint reporting quarterly has the one quarter cut-off inside it', () => {
    const periods = campaignPeriods(sprint({ scheme: 'quarterly' }), vn, HANOI);
    expect(summary(periods)).toEqual([['2024-Q4', '2024-10-03', '2024-12-14']]);
  });

  it('checkpoints are ignored by other schemes', () => {
    const periods = campaignPeriods(sprint({ scheme: 'monthly', checkpoints: ['2024-12-31'] }), vn, HANOI);
    expect(periods.map((period) => period.key)).toEqual(['2024-M10', '2024-M11', '2024-M12']);
  });
});

describe('campaignPeriods: invalid schedules', () => {
  it('throws InvalidScheduleError carrying the problems', () => {
    const bad = schedule({ start: '2024-12-31', end: '2024-01-01' });
    expect(() => campaignPeriods(bad, vn, HANOI)).toThrow(InvalidScheduleError);
    try {
      campaignPeriods(bad, vn, HANOI);
    } catch (error) {
      expect(error instanceof InvalidScheduleError && error.problems.map((problem) => problem.code)).toEqual([
        'end_before_start',
      ]);
    }
  });
});

describe('deadlineFor', () => {
  // 14/09/2024 is a Saturday.
  it.each([
    ['none', '2024-09-14', '2024-09-14T10:00:00.000Z'],
    ['previous_working_day', '2024-09-13', '2024-09-13T10:00:00.000Z'],
    ['next_working_day', '2024-09-16', '2024-09-16T10:00:00.000Z'],
  ] as const)('a Saturday cut-off with shift %s → %s', (shift, date, iso) => {
    const deadline = deadlineFor('2024-09-14', rule({ shift }), plain, HANOI);
    expect(deadline.date).toBe(date);
    expect(deadline.at.toISOString()).toBe(iso);
  });

  it('a working day is never moved', () => {
    for (const shift of ['none', 'previous_working_day', 'next_working_day'] as const) {
      expect(deadlineFor('2024-09-13', rule({ shift }), vn, HANOI).date).toBe('2024-09-13');
    }
  });

  it('adds days after the cut-off before shifting', () => {
    expect(deadlineFor('2024-09-14', rule({ daysAfterCutoff: 5 }), vn, HANOI).date).toBe('2024-09-19');
    // 14/9 + 1 = Sunday 15/9 → Monday 16/9, or back to Friday 13/9.
    expect(
      deadlineFor('2024-09-14', rule({ daysAfterCutoff: 1, shift: 'next_working_day' }), vn, HANOI).date,
    ).toBe('2024-09-16');
    expect(
      deadlineFor('2024-09-14', rule({ daysAfterCutoff: 1, shift: 'previous_working_day' }), vn, HANOI).date,
    ).toBe('2024-09-13');
  });

  it('moves off a holiday deadline (30/4/2024) across the whole break', () => {
    // Cut-off 14/4 + 16 days = 30/4, inside the 27/4–1/5 break.
    expect(deadlineFor('2024-04-14', rule({ daysAfterCutoff: 16 }), vn, HANOI).date).toBe('2024-04-30');
    expect(
      deadlineFor('2024-04-14', rule({ daysAfterCutoff: 16, shift: 'next_working_day' }), vn, HANOI).date,
    ).toBe('2024-05-02');
    expect(
      deadlineFor('2024-04-14', rule({ daysAfterCutoff: 16, shift: 'previous_working_day' }), vn, HANOI).date,
    ).toBe('2024-04-26');
    // Without the holiday list 30/4/2024 is a plain Tuesday.
    expect(
      deadlineFor('2024-04-14', rule({ daysAfterCutoff: 16, shift: 'next_working_day' }), plain, HANOI).date,
    ).toBe('2024-04-30');
  });

  it('moves off Tết (14/02/2024 is mùng 5)', () => {
    expect(deadlineFor('2024-02-14', rule({ shift: 'next_working_day' }), vn, HANOI).date).toBe('2024-02-15');
    expect(deadlineFor('2024-02-14', rule({ shift: 'previous_working_day' }), vn, HANOI).date).toBe(
      '2024-02-07',
    );
  });

  it('keeps a deadline on a make-up Saturday (04/5/2024), which a plain calendar would move', () => {
    const onSaturday = rule({ daysAfterCutoff: 20, shift: 'next_working_day' });
    expect(deadlineFor('2024-04-14', onSaturday, vn, HANOI).date).toBe('2024-05-04');
    expect(deadlineFor('2024-04-14', onSaturday, plain, HANOI).date).toBe('2024-05-06');
    expect(
      deadlineFor('2024-04-14', { ...onSaturday, shift: 'previous_working_day' }, plain, HANOI).date,
    ).toBe('2024-05-03');
  });

  it('uses the rule’s time and the given zone', () => {
    expect(deadlineFor('2024-09-13', rule({ time: '07:30' }), vn, HANOI).at.toISOString()).toBe(
      '2024-09-13T00:30:00.000Z',
    );
    expect(deadlineFor('2024-09-13', rule({ time: '17:00' }), vn, 'UTC').at.toISOString()).toBe(
      '2024-09-13T17:00:00.000Z',
    );
  });

  it('applies through campaignPeriods: Q3 and Q4 2024 cut-offs are Saturdays', () => {
    const periods = campaignPeriods(
      schedule({ deadline: rule({ shift: 'previous_working_day' }) }),
      vn,
      HANOI,
    );
    expect(periods.map((period) => period.deadlineDate)).toEqual([
      '2024-03-14',
      '2024-06-14',
      '2024-09-13',
      '2024-12-13',
    ]);
    const later = campaignPeriods(
      schedule({ deadline: rule({ shift: 'next_working_day', time: '16:00' }) }),
      vn,
      HANOI,
    );
    expect(later.map((period) => period.deadlineAt.toISOString())).toEqual([
      '2024-03-14T09:00:00.000Z',
      '2024-06-14T09:00:00.000Z',
      '2024-09-16T09:00:00.000Z',
      '2024-12-16T09:00:00.000Z',
    ]);
  });
});

describe('defaultCheckpoints', () => {
  it('proposes every 30 days plus the last day (a 90-day sprint)', () => {
    expect(defaultCheckpoints('2024-10-03', '2024-12-31')).toEqual([
      '2024-11-01',
      '2024-12-01',
      '2024-12-31',
    ]);
  });

  it('takes another step', () => {
    expect(defaultCheckpoints('2024-10-03', '2024-12-31', 45)).toEqual(['2024-11-16', '2024-12-31']);
    expect(defaultCheckpoints('2024-10-01', '2024-10-05', 1)).toEqual([
      '2024-10-01',
      '2024-10-02',
      '2024-10-03',
      '2024-10-04',
      '2024-10-05',
    ]);
  });

  it('a sprint shorter than a step has just its end', () => {
    expect(defaultCheckpoints('2024-10-03', '2024-10-20')).toEqual(['2024-10-20']);
    expect(defaultCheckpoints('2024-10-03', '2024-10-03')).toEqual(['2024-10-03']);
    expect(defaultCheckpoints('2024-10-03', '2024-11-01')).toEqual(['2024-11-01']);
  });

  it('merges a remainder under half a step into the last period', () => {
    // 92 days: 30 + 30 + 32, not 30 + 30 + 30 + 2.
    expect(defaultCheckpoints('2024-10-01', '2024-12-31')).toEqual([
      '2024-10-30',
      '2024-11-29',
      '2024-12-31',
    ]);
    // 105 days: the 15-day remainder is half a step, it stays a period.
    expect(defaultCheckpoints('2024-10-01', addDays('2024-10-01', 104))).toEqual([
      '2024-10-30',
      '2024-11-29',
      '2024-12-29',
      '2025-01-13',
    ]);
    // 31 days: 30 + 1 → one period.
    expect(defaultCheckpoints('2024-10-01', '2024-10-31')).toEqual(['2024-10-31']);
  });

  it('rejects a bad step or an inverted range', () => {
    expect(() => defaultCheckpoints('2024-10-03', '2024-12-31', 0)).toThrow(RangeError);
    expect(() => defaultCheckpoints('2024-10-03', '2024-12-31', 2.5)).toThrow(RangeError);
    expect(() => defaultCheckpoints('2024-12-31', '2024-10-03')).toThrow(RangeError);
  });
});
