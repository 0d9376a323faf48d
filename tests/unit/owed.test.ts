import { describe, expect, it } from 'vitest';
import { owedSince, owes } from '../../src/domain/indicators/owed.js';

// Quý II/2026 due 14/06 17:00 Hanoi; the plan first imported on 20/07.
const Q2 = { deadlineAt: new Date('2026-06-14T10:00:00Z') };
const Q3 = { deadlineAt: new Date('2026-09-14T10:00:00Z') };
const IMPORT = new Date('2026-07-20T02:00:00Z');
const LATER = new Date('2026-08-03T02:00:00Z');
const JANUARY = new Date('2025-12-31T17:00:00Z');
const AT = new Date('2026-09-10T02:00:00Z');

describe('owedSince and owes: who is late for what', () => {
  it('a first import without reporting_start owes from the import: Quý II is nobody’s, Quý III open is', () => {
    const since = owedSince(IMPORT, { createdAt: IMPORT, reportingStart: null });
    expect(since).toEqual(IMPORT);
    expect(owes(since, Q2, AT)).toBe(false);
    expect(owes(since, Q3, AT)).toBe(true);
  });

  it('reporting_start before the import: the first import owes from it, a later assignment from its own day', () => {
    const campaign = { createdAt: IMPORT, reportingStart: JANUARY };
    expect(owes(owedSince(IMPORT, campaign), Q2, AT)).toBe(true);
    expect(owedSince(LATER, campaign)).toEqual(LATER);
    expect(owes(owedSince(LATER, campaign), Q2, AT)).toBe(false);
  });

  it('older assignments (no date) owe from reporting_start, or from the start', () => {
    expect(owedSince(null, { createdAt: IMPORT, reportingStart: null })).toBeNull();
    expect(owes(null, Q2, AT)).toBe(true);
    expect(owedSince(null, { createdAt: IMPORT, reportingStart: JANUARY })).toEqual(JANUARY);
  });

  it('an open period is owed even by an assignment made after its deadline would pass', () => {
    expect(owes(new Date('2026-12-01T00:00:00Z'), Q3, AT)).toBe(true);
    expect(owes(new Date('2026-12-01T00:00:00Z'), Q3, new Date('2026-09-15T00:00:00Z'))).toBe(false);
  });
});
