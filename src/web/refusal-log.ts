import type { Logger } from '../logger.js';

/** Why a webhook request was refused, as counted in the log and the metrics. */
export type Refusal = 'secret' | 'malformed' | 'too_large' | 'not_stored';

export interface RefusalLog {
  refused(reason: Refusal, remote: string | undefined): void;
  /** Tells what is counted and not yet told (at close). */
  flush(): void;
}

/**
 * Refused requests, logged at a bounded rate: the first at once (warn), those that follow within
 * `intervalMs` counted and told in one summary line at the end of the interval. A wrong secret sent in
 * a loop, or a database down while a platform retries, must not flood the log.
 */
export function createRefusalLog(log: Logger, name: string, intervalMs: number): RefusalLog {
  let lastLoggedAt = -Infinity;
  let counts: Partial<Record<Refusal, number>> = {};
  let pending = 0;
  let timer: NodeJS.Timeout | undefined;

  function flush(): void {
    clearTimeout(timer);
    timer = undefined;
    if (pending === 0) return;
    log.warn({ refused: pending, reasons: counts }, `${name}: webhook requests refused (summary)`);
    lastLoggedAt = performance.now();
    counts = {};
    pending = 0;
  }

  return {
    refused(reason, remote) {
      const now = performance.now();
      if (pending === 0 && now - lastLoggedAt >= intervalMs) {
        lastLoggedAt = now;
        log.warn({ reason, remote }, `${name}: webhook request refused (more within a minute are counted)`);
        return;
      }
      counts[reason] = (counts[reason] ?? 0) + 1;
      pending += 1;
      if (!timer) {
        timer = setTimeout(flush, Math.max(0, lastLoggedAt + intervalMs - now));
        timer.unref();
      }
    },
    flush,
  };
}
