import { describe, expect, it } from 'vitest';
import { addDays, nextWindow, reportingWindow, windowOf } from '../../src/domain/calendar/index.js';

describe('reportingWindow (NĐ09 cut-off windows)', () => {
  it.each([
    [1, '2023-12-15', '2024-03-14'],
    [2, '2024-03-15', '2024-06-14'],
    [3, '2024-06-15', '2024-09-14'],
    [4, '2024-09-15', '2024-12-14'],
  ])('quarter %i of 2024 runs %s–%s', (quarter, start, cutoff) => {
    const window = reportingWindow('quarter', 2024, quarter);
    expect(window).toMatchObject({
      kind: 'quarter',
      year: 2024,
      index: quarter,
      key: `2024-Q${quarter}`,
      start,
      cutoff,
    });
  });

  it('names quarters with Roman numerals', () => {
    expect(reportingWindow('quarter', 2024, 3).name).toEqual({
      key: 'calendar:period.quarter',
      params: { roman: 'III', quarter: 3, year: 2024 },
    });
  });

  it('months run from the 15th of the previous month to the 14th', () => {
    expect(reportingWindow('month', 2024, 1)).toMatchObject({
      key: '2024-M01',
      start: '2023-12-15',
      cutoff: '2024-01-14',
    });
    expect(reportingWindow('month', 2024, 3)).toMatchObject({
      key: '2024-M03',
      start: '2024-02-15',
      cutoff: '2024-03-14',
    });
    expect(reportingWindow('month', 2024, 9)).toMatchObject({
      key: '2024-M09',
      start: '2024-08-15',
      cutoff: '2024-09-14',
    });
    expect(reportingWindow('month', 2024, 12)).toMatchObject({
      key: '2024-M12',
      start: '2024-11-15',
      cutoff: '2024-12-14',
    });
    expect(reportingWindow('month', 2024, 9).name).toEqual({
      key: 'calendar:period.month',
      params: { month: 9, year: 2024 },
    });
  });

  it('halves, nine months and the year', () => {
    expect(reportingWindow('half', 2024, 1)).toMatchObject({
      key: '2024-H1',
      start: '2023-12-15',
      cutoff: '2024-06-14',
    });
    expect(reportingWindow('half', 2024, 2)).toMatchObject({
      key: '2024-H2',
      start: '2024-06-15',
      cutoff: '2024-12-14',
    });
    expect(reportingWindow('half', 2024, 1).name.key).toBe('calendar:period.half_first');
    expect(reportingWindow('half', 2024, 2).name.key).toBe('calendar:period.half_second');
    expect(reportingWindow('nine_months', 2024)).toMatchObject({
      key: '2024-9M',
      start: '2023-12-15',
      cutoff: '2024-09-14',
    });
    expect(reportingWindow('year', 2024)).toMatchObject({
      key: '2024-Y',
      start: '2023-12-15',
      cutoff: '2024-12-14',
    });
    expect(reportingWindow('year', 2024).name).toEqual({
      key: 'calendar:period.year',
      params: { year: 2024 },
    });
  });

  it('a leap February lengthens the March window and Q1', () => {
    const days = (start: string, cutoff: string): number => {
      let count = 1;
      for (let date = start; date < cutoff; date = addDays(date, 1)) count++;
      return count;
    };
    const m2024 = reportingWindow('month', 2024, 3);
    const m2023 = reportingWindow('month', 2023, 3);
    expect(days(m2024.start, m2024.cutoff)).toBe(29);
    expect(days(m2023.start, m2023.cutoff)).toBe(28);
    const q2024 = reportingWindow('quarter', 2024, 1);
    expect(days(q2024.start, q2024.cutoff)).toBe(17 + 31 + 29 + 14);
  });

  it('rejects an index out of range', () => {
    expect(() => reportingWindow('quarter', 2024, 5)).toThrow(RangeError);
    expect(() => reportingWindow('month', 2024, 0)).toThrow(RangeError);
    expect(() => reportingWindow('half', 2024, 3)).toThrow(RangeError);
    expect(() => reportingWindow('year', 2024, 2)).toThrow(RangeError);
    expect(() => reportingWindow('quarter', 2024.5, 1)).toThrow(RangeError);
  });
});

describe('windowOf', () => {
  it.each([
    ['2023-12-14', '2023-Q4'],
    ['2023-12-15', '2024-Q1'],
    ['2024-01-01', '2024-Q1'],
    ['2024-02-29', '2024-Q1'],
    ['2024-03-14', '2024-Q1'],
    ['2024-03-15', '2024-Q2'],
    ['2024-06-14', '2024-Q2'],
    ['2024-06-15', '2024-Q3'],
    ['2024-09-14', '2024-Q3'],
    ['2024-09-15', '2024-Q4'],
    ['2024-12-14', '2024-Q4'],
    ['2024-12-15', '2025-Q1'],
    ['2024-12-31', '2025-Q1'],
  ])('puts %s in %s', (date, key) => {
    expect(windowOf('quarter', date).key).toBe(key);
  });

  it.each([
    ['2024-09-14', '2024-M09'],
    ['2024-09-15', '2024-M10'],
    ['2024-12-15', '2025-M01'],
    ['2024-02-29', '2024-M03'],
    ['2024-06-14', '2024-H1'],
    ['2024-06-15', '2024-H2'],
    ['2024-12-14', '2024-Y'],
    ['2024-12-15', '2025-Y'],
  ])('other kinds: %s in %s', (date, key) => {
    const kind = key.includes('M') ? 'month' : key.includes('H') ? 'half' : 'year';
    expect(windowOf(kind, date).key).toBe(key);
  });

  it('every day of 2023–2026 lies in its windows, and months nest in quarters, quarters in halves', () => {
    for (let date = '2023-01-01'; date <= '2026-12-31'; date = addDays(date, 1)) {
      const month = windowOf('month', date);
      const quarter = windowOf('quarter', date);
      const half = windowOf('half', date);
      const year = windowOf('year', date);
      for (const window of [month, quarter, half, year]) {
        expect(window.start <= date && date <= window.cutoff, `${date} in ${window.key}`).toBe(true);
      }
      expect(quarter.start <= month.start && month.cutoff <= quarter.cutoff).toBe(true);
      expect(half.start <= quarter.start && quarter.cutoff <= half.cutoff).toBe(true);
      expect(month.year).toBe(year.year);
    }
  });
});

describe('nextWindow', () => {
  it('follows on the next day, across the year change', () => {
    const q4 = reportingWindow('quarter', 2024, 4);
    const next = nextWindow(q4);
    expect(next.key).toBe('2025-Q1');
    expect(next.start).toBe(addDays(q4.cutoff, 1));
    expect(nextWindow(reportingWindow('month', 2024, 12)).key).toBe('2025-M01');
    expect(nextWindow(reportingWindow('half', 2024, 1)).key).toBe('2024-H2');
    expect(nextWindow(reportingWindow('year', 2024)).key).toBe('2025-Y');
  });
});
