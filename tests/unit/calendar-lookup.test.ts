import { describe, expect, it } from 'vitest';
import {
  DEFAULT_DEADLINE_RULE,
  DEFAULT_TIME_ZONE,
  DEFAULT_VN_HOLIDAYS,
  campaignPeriods,
  createWorkingCalendar,
  daysLeft,
  deadlineCountdown,
  elapsedDays,
  elapsedShare,
  openPeriod,
  periodContaining,
  previousPeriod,
  type CampaignSchedule,
  type Period,
} from '../../src/domain/calendar/index.js';

const HANOI = DEFAULT_TIME_ZONE;
const vn = createWorkingCalendar(DEFAULT_VN_HOLIDAYS);

const annual2024: CampaignSchedule = {
  kind: 'annual',
  start: '2024-01-01',
  end: '2024-12-31',
  scheme: 'quarterly',
  deadline: { ...DEFAULT_DEADLINE_RULE },
};
const periods = campaignPeriods(annual2024, vn, HANOI);
const at = (iso: string): Date => new Date(iso);
const keyOf = (period: Period | null): string | null => period?.key ?? null;

describe('openPeriod', () => {
  // The Q3 deadline is 14/09/2024 17:00 in Hanoi = 10:00 UTC.
  it.each([
    ['2024-09-14T09:59:00Z', '16:59', '2024-Q3'],
    ['2024-09-14T09:59:59.999Z', '16:59:59.999', '2024-Q3'],
    ['2024-09-14T10:00:00Z', '17:00', '2024-Q3'],
    ['2024-09-14T10:00:00.001Z', '17:00:00.001', '2024-Q4'],
    ['2024-09-14T10:01:00Z', '17:01', '2024-Q4'],
  ])('at %s (%s local) it is %s', (iso, _local, key) => {
    expect(keyOf(openPeriod(periods, at(iso)))).toBe(key);
  });

  it('before the campaign it is the first period', () => {
    expect(keyOf(openPeriod(periods, at('2023-11-01T00:00:00Z')))).toBe('2024-Q1');
  });

  it('is the same period from the previous deadline to its own', () => {
    expect(keyOf(openPeriod(periods, at('2024-06-14T10:01:00Z')))).toBe('2024-Q3');
    expect(keyOf(openPeriod(periods, at('2024-08-01T00:00:00Z')))).toBe('2024-Q3');
  });

  it('is null after the last deadline (the 15/12–31/12 tail has no period)', () => {
    expect(keyOf(openPeriod(periods, at('2024-12-14T10:00:00Z')))).toBe('2024-Q4');
    expect(openPeriod(periods, at('2024-12-14T10:01:00Z'))).toBeNull();
    expect(openPeriod(periods, at('2024-12-31T00:00:00Z'))).toBeNull();
  });

  it('is null for no periods', () => {
    expect(openPeriod([], at('2024-09-14T10:00:00Z'))).toBeNull();
  });
});

describe('periodContaining', () => {
  it.each([
    ['2024-01-01', '2024-Q1'],
    ['2024-02-29', '2024-Q1'],
    ['2024-03-14', '2024-Q1'],
    ['2024-03-15', '2024-Q2'],
    ['2024-06-14', '2024-Q2'],
    ['2024-06-15', '2024-Q3'],
    ['2024-09-14', '2024-Q3'],
    ['2024-09-15', '2024-Q4'],
    ['2024-12-14', '2024-Q4'],
  ])('%s is in %s', (date, key) => {
    expect(keyOf(periodContaining(periods, date))).toBe(key);
  });

  it('is null before the start and in the tail after the last cut-off', () => {
    expect(periodContaining(periods, '2023-12-31')).toBeNull();
    expect(periodContaining(periods, '2024-12-15')).toBeNull();
    expect(periodContaining(periods, '2024-12-31')).toBeNull();
  });
});

describe('previousPeriod', () => {
  it('is the one before, null for the first', () => {
    const [q1, q2, , q4] = periods;
    expect(q1 && previousPeriod(periods, q1)).toBeNull();
    expect(q2 && keyOf(previousPeriod(periods, q2))).toBe('2024-Q1');
    expect(q4 && keyOf(previousPeriod(periods, q4))).toBe('2024-Q3');
  });

  it('matches by key, so a copy works and a stranger gets null', () => {
    const q3 = periods[2];
    expect(q3 && keyOf(previousPeriod(periods, { ...q3 }))).toBe('2024-Q2');
    expect(q3 && previousPeriod(periods, { ...q3, key: 'CP9' })).toBeNull();
  });
});

describe('daysLeft', () => {
  const deadline = at('2024-09-14T10:00:00Z'); // 14/09 17:00 Hanoi

  it.each([
    ['2024-09-11T17:30:00Z', '00:30 on 12/09', 2],
    ['2024-09-13T16:59:00Z', '23:59 on 13/09', 1],
    ['2024-09-13T17:00:00Z', '00:00 on 14/09', 0],
    ['2024-09-13T17:30:00Z', '00:30 on 14/09', 0],
    ['2024-09-14T10:00:00Z', '17:00 on 14/09', 0],
    ['2024-09-14T12:00:00Z', '19:00 on 14/09, past the hour', 0],
    ['2024-09-14T16:59:00Z', '23:59 on 14/09', 0],
    ['2024-09-14T17:00:00Z', '00:00 on 15/09', -1],
    ['2024-09-16T02:00:00Z', '09:00 on 16/09', -2],
  ])('at %s (%s) → %i', (iso, _local, expected) => {
    expect(daysLeft(deadline, at(iso), HANOI)).toBe(expected);
  });

  it('counts in the zone it is given', () => {
    // 17:30 UTC is still the 13th in UTC, but already the 14th in Hanoi.
    expect(daysLeft(deadline, at('2024-09-13T17:30:00Z'), 'UTC')).toBe(1);
    expect(daysLeft(deadline, at('2024-09-13T17:30:00Z'), HANOI)).toBe(0);
  });

  it('crosses month and year ends', () => {
    expect(daysLeft(at('2025-01-02T10:00:00Z'), at('2024-12-30T17:30:00Z'), HANOI)).toBe(2);
    expect(daysLeft(at('2024-03-01T10:00:00Z'), at('2024-02-27T03:00:00Z'), HANOI)).toBe(3);
  });
});

describe('deadlineCountdown', () => {
  const deadline = at('2024-09-14T10:00:00Z');
  it('says days left, today or overdue', () => {
    expect(deadlineCountdown(deadline, at('2024-09-11T03:00:00Z'), HANOI)).toEqual({
      key: 'calendar:deadline.days_left',
      params: { count: 3 },
    });
    expect(deadlineCountdown(deadline, at('2024-09-13T17:30:00Z'), HANOI)).toEqual({
      key: 'calendar:deadline.today',
      params: {},
    });
    expect(deadlineCountdown(deadline, at('2024-09-16T03:00:00Z'), HANOI)).toEqual({
      key: 'calendar:deadline.overdue',
      params: { count: 2 },
    });
  });
});

describe('elapsedShare', () => {
  it('is days through the cut-off over the campaign’s days, both inclusive', () => {
    expect(elapsedShare(annual2024, '2024-01-01')).toBeCloseTo(1 / 366, 12);
    expect(elapsedShare(annual2024, '2024-03-14')).toBeCloseTo((31 + 29 + 14) / 366, 12);
    expect(elapsedShare(annual2024, '2024-12-14')).toBeCloseTo(349 / 366, 12);
    expect(elapsedShare(annual2024, '2024-12-31')).toBe(1);
  });

  it('is clamped to [0, 1]', () => {
    expect(elapsedShare(annual2024, '2023-12-14')).toBe(0);
    expect(elapsedShare(annual2024, '2023-12-31')).toBe(0);
    expect(elapsedShare(annual2024, '2025-01-10')).toBe(1);
  });

  it('a 90-day sprint is a third done at its first default checkpoint', () => {
    const sprint = { start: '2024-10-03', end: '2024-12-31' };
    expect(elapsedShare(sprint, '2024-11-01')).toBeCloseTo(1 / 3, 12);
    expect(elapsedShare(sprint, '2024-12-01')).toBeCloseTo(2 / 3, 12);
  });

  it('a one-day campaign is done on its day', () => {
    expect(elapsedShare({ start: '2024-10-03', end: '2024-10-03' }, '2024-10-03')).toBe(1);
    expect(elapsedShare({ start: '2024-10-03', end: '2024-10-03' }, '2024-10-02')).toBe(0);
  });

  it('an inverted range does not divide by zero or go negative', () => {
    expect(elapsedShare({ start: '2024-10-03', end: '2024-10-02' }, '2024-10-02')).toBe(1);
    expect(elapsedShare({ start: '2024-10-03', end: '2024-10-01' }, '2024-09-01')).toBe(0);
  });
});

describe('elapsedDays', () => {
  it.each([
    ['before the start', '2023-12-31', 0],
    ['the first day', '2024-01-01', 1],
    ['the Q3 cut-off of a leap year', '2024-09-14', 258],
    ['the last day', '2024-12-31', 366],
    ['after the end', '2025-01-10', 366],
  ])('%s', (_label, cutoff, days) => {
    expect(elapsedDays(annual2024, cutoff)).toEqual({ days, total: 366 });
  });
});
