import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createPacer } from '../../src/delivery/pacer.js';

// The pacer's clock and timers are faked: its arithmetic is checked to the millisecond, whatever the load of
// the machine (its rate against a platform is the delivery benchmark's).
beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
});
afterEach(() => {
  vi.useRealTimers();
});

/** Whether `promise` has settled once the microtasks due now have run. */
async function isSettled(promise: Promise<unknown>): Promise<boolean> {
  let settled = false;
  void promise.then(() => (settled = true));
  await vi.advanceTimersByTimeAsync(0);
  return settled;
}

describe('the delivery pacer (a sliding window measured from the answers)', () => {
  it('grants perWindow at once, then the next only windowMs after the answer to the first', async () => {
    const pacer = createPacer({ perWindow: 3, windowMs: 200, minSpacingMs: 0, inFlightAllowanceMs: 1000 });
    const signal = new AbortController().signal;
    const granted = Promise.all([pacer.acquire(signal), pacer.acquire(signal), pacer.acquire(signal)]);
    expect(await isSettled(granted)).toBe(true); // no time has passed
    const settles = await granted;
    // The first request's answer comes back 100 ms later: the fourth may go 200 ms after that, not before.
    await vi.advanceTimersByTimeAsync(100);
    settles[0]?.();
    const fourth = pacer.acquire(signal);
    await vi.advanceTimersByTimeAsync(199);
    expect(await isSettled(fourth)).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(await isSettled(fourth)).toBe(true);
  });

  it('waits for an unanswered request up to its allowance, and no longer once it is answered', async () => {
    const pacer = createPacer({ perWindow: 1, windowMs: 50, minSpacingMs: 0, inFlightAllowanceMs: 5000 });
    const signal = new AbortController().signal;
    const settle = await pacer.acquire(signal);
    const second = pacer.acquire(signal);
    await vi.advanceTimersByTimeAsync(100);
    expect(await isSettled(second)).toBe(false); // unanswered: its allowance (5 s) stands in
    settle?.();
    // answered at 100 ms, + the 50 ms window: far less than the 5 s allowance
    await vi.advanceTimersByTimeAsync(49);
    expect(await isSettled(second)).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(await isSettled(second)).toBe(true);
  });

  it('keeps grants minSpacingMs apart, and gives null when the signal aborts while waiting', async () => {
    const pacer = createPacer({ perWindow: 30, windowMs: 1000, minSpacingMs: 40, inFlightAllowanceMs: 100 });
    const controller = new AbortController();
    const times: number[] = [];
    const grants = Array.from({ length: 4 }, () =>
      pacer.acquire(controller.signal).then((settle) => {
        times.push(performance.now());
        settle?.();
      }),
    );
    await vi.advanceTimersByTimeAsync(1000);
    await Promise.all(grants);
    expect(times.slice(1).map((at, i) => at - (times[i] as number))).toEqual([40, 40, 40]);
    const waiting = pacer.acquire(controller.signal);
    controller.abort();
    expect(await waiting).toBeNull();
  });
});
