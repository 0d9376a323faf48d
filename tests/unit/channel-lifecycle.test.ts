import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { backoffMs, retryUntilAborted, sleep } from '../../src/channels/backoff.js';
import { createLifecycle, drain } from '../../src/channels/lifecycle.js';

const silent = pino({ level: 'silent' });

describe('backoff', () => {
  it('doubles from the initial wait up to the maximum', () => {
    const retry = { initialMs: 100, maxMs: 500 };
    expect([1, 2, 3, 4, 5].map((failures) => backoffMs(failures, retry))).toEqual([100, 200, 400, 500, 500]);
  });

  it('ends a sleep early, with false, when the signal aborts', async () => {
    const abort = new AbortController();
    const slept = sleep(60_000, abort.signal);
    abort.abort();
    expect(await slept).toBe(false);
    expect(await sleep(1, abort.signal)).toBe(false);
    expect(await sleep(1, new AbortController().signal)).toBe(true);
  });

  it('retries until the attempt succeeds, reporting each failure', async () => {
    const failures: number[] = [];
    let calls = 0;
    await retryUntilAborted(
      async () => {
        calls += 1;
        if (calls < 3) throw new Error('not yet');
      },
      {
        signal: new AbortController().signal,
        retry: { initialMs: 1, maxMs: 2 },
        onFailure: (_error, n) => failures.push(n),
      },
    );
    expect({ calls, failures }).toEqual({ calls: 3, failures: [1, 2] });
  });
});

describe('the channel lifecycle', () => {
  it('starts once, aborts and awaits its work on stop, then closes', async () => {
    const order: string[] = [];
    const lifecycle = createLifecycle({
      title: 'Unit',
      name: 'unit',
      log: silent,
      queue: { pending: 0, idle: async () => {} },
    });
    lifecycle.begin();
    expect(() => lifecycle.begin()).toThrow('the Unit channel cannot start: it is running');
    const signal = lifecycle.signal;
    lifecycle.track(sleep(60_000, signal).then(() => void order.push('work ended')));
    lifecycle.closeOnStop({ close: async () => void order.push('closed') });
    await lifecycle.stop();
    expect(signal.aborted).toBe(true);
    expect(order).toEqual(['work ended', 'closed']);
    expect(lifecycle.state).toBe('stopped');
    await lifecycle.stop();
    expect(lifecycle.state).toBe('stopped');
  });

  it('gives up draining a queue that does not empty in time', async () => {
    expect(await drain({ idle: () => new Promise<void>(() => {}) }, 10)).toBe(false);
    expect(await drain({ idle: async () => {} }, 10_000)).toBe(true);
  });
});
