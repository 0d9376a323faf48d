/**
 * Waiting between attempts at a platform call. Every wait ends early when the channel stops, so that a
 * stop never waits out a back-off.
 */

/** Back-off after a failure: doubles from `initialMs` up to `maxMs`. */
export interface RetryOptions {
  initialMs: number;
  maxMs: number;
}

/** The wait after the `failures`-th failure in a row (1 for the first). */
export function backoffMs(failures: number, retry: RetryOptions): number {
  return Math.min(retry.maxMs, retry.initialMs * 2 ** Math.max(0, failures - 1));
}

/** Resolves true after `ms`, or false as soon as `signal` aborts (at once if it already has). */
export function sleep(ms: number, signal: AbortSignal): Promise<boolean> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve(false);
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve(true);
    }, ms);
    const onAbort = (): void => {
      clearTimeout(timer);
      resolve(false);
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * Calls `attempt` until it succeeds or `signal` aborts, backing off between failures; for a call made in
 * the background (setWebhook) that the channel cannot work without but need not wait for.
 */
export async function retryUntilAborted(
  attempt: () => Promise<void>,
  options: {
    signal: AbortSignal;
    retry: RetryOptions;
    onFailure: (error: unknown, failures: number, retryInMs: number) => void;
  },
): Promise<void> {
  for (let failures = 1; !options.signal.aborted; failures += 1) {
    try {
      await attempt();
      return;
    } catch (error) {
      const wait = backoffMs(failures, options.retry);
      options.onFailure(error, failures, wait);
      if (!(await sleep(wait, options.signal))) return;
    }
  }
}
