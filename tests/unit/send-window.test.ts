import { describe, expect, it } from 'vitest';
import { applyReport, nextGrantAt, planSlots, type WindowRules } from '../../src/store/send-window.js';

/** The rule of the shared send window, on its stored state (src/store/send-window.ts). */
const rules: WindowRules = { perWindow: 3, windowMs: 1000, minSpacingMs: 10, inFlightAllowanceMs: 250 };
const grant = (id: string, at: number, settledAt: number | null = null) => ({ id, at, settledAt });

describe('nextGrantAt', () => {
  it('grants at once on an empty window, then keeps the spacing', () => {
    expect(nextGrantAt({ pausedUntil: 0, grants: [] }, rules)).toEqual({ at: 0, onAnswer: false });
    expect(nextGrantAt({ pausedUntil: 0, grants: [grant('a', 500, 510)] }, rules)).toEqual({
      at: 510,
      onAnswer: false,
    });
  });

  it('waits a window from the answer to the grant perWindow back', () => {
    const grants = [grant('a', 100, 130), grant('b', 200, 220), grant('c', 300, null)];
    expect(nextGrantAt({ pausedUntil: 0, grants }, rules)).toEqual({ at: 1130, onAnswer: false });
  });

  it('while that grant is unanswered, waits its allowance too, and says the answer may end the wait', () => {
    const grants = [grant('a', 100, null), grant('b', 200, 220), grant('c', 300, 320)];
    expect(nextGrantAt({ pausedUntil: 0, grants }, rules)).toEqual({ at: 1350, onAnswer: true });
  });

  it('keeps a pause longer than the window', () => {
    const grants = [grant('a', 100, 130), grant('b', 200, 220), grant('c', 300, 320)];
    expect(nextGrantAt({ pausedUntil: 5000, grants }, rules)).toEqual({ at: 5000, onAnswer: false });
  });
});

describe('planSlots', () => {
  let n = 0;
  const newId = (): string => `s${(n += 1)}`;

  it('grants a block at the spacing, within the horizon only', () => {
    const wide = { ...rules, perWindow: 30, minSpacingMs: 25 };
    const plan = planSlots({ pausedUntil: 0, grants: [] }, wide, {
      now: 1000,
      want: 8,
      horizonMs: 100,
      newId,
    });
    expect(plan.slots.map((s) => s.at)).toEqual([1000, 1025, 1050, 1075, 1100]);
    expect(plan.state.grants).toHaveLength(5);
  });

  it('counts the grants of the block itself against the window', () => {
    const plan = planSlots({ pausedUntil: 0, grants: [] }, rules, {
      now: 0,
      want: 5,
      horizonMs: 5000,
      newId,
    });
    // three in the window, then a window plus the allowance after the first (no answer known yet)
    expect(plan.slots.map((s) => s.at)).toEqual([0, 10, 20, 1250, 1260]);
    expect(plan.state.grants.map((g) => g.at)).toEqual([20, 1250, 1260]);
  });

  it('grants nothing when the next instant is beyond the horizon, and says how long to wait', () => {
    const grants = [grant('a', 100, null), grant('b', 200, 220), grant('c', 300, 320)];
    const state = { pausedUntil: 0, grants };
    const plan = planSlots(state, rules, { now: 400, want: 3, horizonMs: 250, newId });
    expect(plan.slots).toEqual([]);
    expect(plan.state).toBe(state);
    // 1350 is granted once it is within the horizon: 1350 - 400 - 250
    expect(plan).toMatchObject({ waitMs: 700, onAnswer: true });
  });
});

describe('applyReport', () => {
  it('writes answers (never before the grant) and takes unused slots out of the window', () => {
    const state = { pausedUntil: 0, grants: [grant('a', 100), grant('b', 200), grant('c', 300)] };
    const after = applyReport(state, {
      answered: [
        { id: 'a', at: 140 },
        { id: 'b', at: 150 },
      ],
      unused: ['c'],
    });
    expect(after.grants).toEqual([grant('a', 100, 140), grant('b', 200, 200)]);
    // with an answer to the grant perWindow back, the wait ends a window after it
    const full = applyReport(
      { pausedUntil: 0, grants: [grant('a', 100), grant('b', 200, 210), grant('c', 300, 310)] },
      { answered: [{ id: 'a', at: 120 }], unused: [] },
    );
    expect(nextGrantAt(full, rules)).toEqual({ at: 1120, onAnswer: false });
  });

  it('leaves the state as it was for an empty report or grants no longer in the window', () => {
    const state = { pausedUntil: 0, grants: [grant('a', 100, 130)] };
    expect(applyReport(state, { answered: [], unused: [] })).toBe(state);
    expect(applyReport(state, { answered: [{ id: 'z', at: 1 }], unused: ['y'] }).grants).toEqual(
      state.grants,
    );
  });
});
