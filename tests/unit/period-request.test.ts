import { describe, expect, it } from 'vitest';
import {
  matchesPeriodKey,
  parsePeriodRequest,
  requestedPeriod,
} from '../../src/domain/indicators/period-request.js';

describe('parsePeriodRequest', () => {
  it('reads a quarter written the ways officials write it', () => {
    for (const text of ['Q3', 'q3', 'quý 3', 'Quý III', 'quy III', 'quy 3', 'QUÝ iii', ' q 3 '])
      expect(parsePeriodRequest(text), text).toEqual({ kind: 'quarter', index: 3, year: null });
    expect(parsePeriodRequest('quý IV')).toEqual({ kind: 'quarter', index: 4, year: null });
  });

  it('reads a year after the quarter', () => {
    expect(parsePeriodRequest('Q3/2025')).toEqual({ kind: 'quarter', index: 3, year: 2025 });
    expect(parsePeriodRequest('quý 2 năm 2026')).toEqual({ kind: 'quarter', index: 2, year: 2026 });
    expect(parsePeriodRequest('Q1 2026')).toEqual({ kind: 'quarter', index: 1, year: 2026 });
  });

  it('reads a month', () => {
    expect(parsePeriodRequest('tháng 9')).toEqual({ kind: 'month', index: 9, year: null });
    expect(parsePeriodRequest('T12/2026')).toEqual({ kind: 'month', index: 12, year: 2026 });
  });

  it('names nothing for what is not a period', () => {
    for (const text of ['', 'Q5', 'quý 0', 'quý V', 'tháng 13', 'Q3 abc', 'abc', '185', 'Q3/26'])
      expect(parsePeriodRequest(text), text).toBeNull();
  });
});

describe('requestedPeriod', () => {
  const periods = [
    { key: '2026-Q1', startDate: '2025-12-15' },
    { key: '2026-Q2', startDate: '2026-03-15' },
    { key: '2026-Q3', startDate: '2026-06-15' },
    { key: '2026-Q4', startDate: '2026-09-15' },
  ];

  it('finds a started period by its key, and none not started yet', () => {
    expect(requestedPeriod(periods, { kind: 'quarter', index: 2, year: null }, '2026-09-10')?.key).toBe(
      '2026-Q2',
    );
    expect(requestedPeriod(periods, { kind: 'quarter', index: 4, year: null }, '2026-09-10')).toBeNull();
    expect(requestedPeriod(periods, { kind: 'quarter', index: 2, year: 2025 }, '2026-09-10')).toBeNull();
  });

  it('matches keys by kind, index and year', () => {
    expect(matchesPeriodKey({ kind: 'month', index: 9, year: null }, '2026-M09')).toBe(true);
    expect(matchesPeriodKey({ kind: 'month', index: 9, year: null }, '2026-Q3')).toBe(false);
    expect(matchesPeriodKey({ kind: 'quarter', index: 3, year: 2026 }, '2026-Q3')).toBe(true);
  });
});
