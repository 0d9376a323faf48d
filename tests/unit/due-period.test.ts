import { describe, expect, it } from 'vitest';
import { LATE_GRACE_DAYS, periodToReport } from '../../src/domain/indicators/due-period.js';

// Quarterly 2026, deadlines at 17:00 Hanoi (10:00 UTC) on the cut-off day.
const periods = [
  { id: 'Q1', startDate: '2026-01-01', deadlineAt: new Date('2026-03-14T10:00:00Z') },
  { id: 'Q2', startDate: '2026-03-15', deadlineAt: new Date('2026-06-14T10:00:00Z') },
  { id: 'Q3', startDate: '2026-06-15', deadlineAt: new Date('2026-09-14T10:00:00Z') },
  { id: 'Q4', startDate: '2026-09-15', deadlineAt: new Date('2026-12-14T10:00:00Z') },
];
const missing =
  (...ids: string[]) =>
  (p: { id: string }) =>
    ids.includes(p.id);
const at = (iso: string) => new Date(iso);

describe('periodToReport', () => {
  it.each([
    ['before the campaign starts', '2025-12-20T02:00:00Z', '2025-12-20', missing(), null],
    ['on the first day', '2026-01-01T02:00:00Z', '2026-01-01', missing('Q1'), 'Q1'],
    ['the open period, nothing missing before', '2026-09-10T02:00:00Z', '2026-09-10', missing('Q3'), 'Q3'],
    [
      'at 17:00 on the deadline the period is still open',
      '2026-09-14T10:00:00Z',
      '2026-09-14',
      missing('Q3'),
      'Q3',
    ],
    [
      'one minute late, the late period first',
      '2026-09-14T10:01:00Z',
      '2026-09-14',
      missing('Q3', 'Q4'),
      'Q3',
    ],
    ['late period complete: the next one', '2026-09-20T02:00:00Z', '2026-09-20', missing('Q4'), 'Q4'],
    [
      `still asked ${LATE_GRACE_DAYS} days after its deadline`,
      '2026-10-14T09:00:00Z',
      '2026-10-14',
      missing('Q3', 'Q4'),
      'Q3',
    ],
    [
      'past the grace, the open period instead',
      '2026-10-15T02:00:00Z',
      '2026-10-15',
      missing('Q3', 'Q4'),
      'Q4',
    ],
    ['88 days late is not asked any more', '2026-09-10T02:00:00Z', '2026-09-10', missing('Q2', 'Q3'), 'Q3'],
    [
      'after the last deadline, the last period while missing',
      '2027-02-01T02:00:00Z',
      '2027-02-01',
      missing('Q4'),
      'Q4',
    ],
    ['after the last deadline with nothing missing', '2027-02-01T02:00:00Z', '2027-02-01', missing(), null],
  ])('%s', (_label, now, today, missingIn, expected) => {
    expect(periodToReport(periods, at(now), today, missingIn)?.id ?? null).toBe(expected);
  });
});
