import { describe, expect, it } from 'vitest';
import { createPacer } from '../../src/delivery/pacer.js';

describe('the delivery pacer (a sliding window measured from the answers)', () => {
  it('grants perWindow at once, then the next only windowMs after the answer to the first', async () => {
    const pacer = createPacer({ perWindow: 3, windowMs: 200, minSpacingMs: 0, inFlightAllowanceMs: 1000 });
    const signal = new AbortController().signal;
    const start = performance.now();
    const settles = [await pacer.acquire(signal), await pacer.acquire(signal), await pacer.acquire(signal)];
    expect(performance.now() - start).toBeLessThan(50);
    // The first request's answer comes back 100 ms later: the fourth may go 200 ms after that, not before.
    await new Promise((resolve) => setTimeout(resolve, 100));
    const answered = performance.now();
    settles[0]?.();
    const fourth = pacer.acquire(signal);
    await fourth;
    expect(performance.now() - answered).toBeGreaterThanOrEqual(195);
    expect(performance.now() - answered).toBeLessThan(300);
  });

  it('waits for an unanswered request up to its allowance, and no longer once it is answered', async () => {
    const pacer = createPacer({ perWindow: 1, windowMs: 50, minSpacingMs: 0, inFlightAllowanceMs: 5000 });
    const signal = new AbortController().signal;
    const settle = await pacer.acquire(signal);
    const start = performance.now();
    const second = pacer.acquire(signal);
    setTimeout(() => settle?.(), 100);
    await second;
    // answered at 100 ms, + the 50 ms window: far less than the 5 s allowance
    expect(performance.now() - start).toBeGreaterThanOrEqual(145);
    expect(performance.now() - start).toBeLessThan(1000);
  });

  it('keeps grants minSpacingMs apart, and gives null when the signal aborts while waiting', async () => {
    const pacer = createPacer({ perWindow: 30, windowMs: 1000, minSpacingMs: 40, inFlightAllowanceMs: 100 });
    const controller = new AbortController();
    const times: number[] = [];
    for (let i = 0; i < 4; i += 1) {
      (await pacer.acquire(controller.signal))?.();
      times.push(performance.now());
    }
    for (let i = 1; i < times.length; i += 1)
      expect((times[i] as number) - (times[i - 1] as number)).toBeGreaterThanOrEqual(39);
    const waiting = pacer.acquire(controller.signal);
    controller.abort();
    expect(await waiting).toBeNull();
  });
});
