import { describe, expect, it } from 'vitest';
import { nextGrantAt, type WindowRules } from '../../src/store/send-window.js';

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
