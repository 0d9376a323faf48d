import { sleep } from '../channels/backoff.js';

/**
 * The global send limit of a worker: at most `perWindow` messages in any `windowMs` as the platform
 * counts them, and never two granted closer than `minSpacingMs`, so messages are spread out.
 *
 * The platform counts arrivals, which we never see; we see when a request left (the grant) and when its
 * answer came back (settle). A request arrives between the two. So the next grant waits until `windowMs`
 * after the *answer* to the request `perWindow` grants back: then however unevenly requests travel, the
 * two cannot arrive within one window. While that request is still in flight, its grant plus
 * `windowMs + inFlightAllowanceMs` stands in, and the wait is cut short when the answer comes.
 *
 * Why not "one every 1000/30 ms": a timer fires a millisecond or more late, and spacing measured from the
 * previous send adds that lateness to every interval (34 ms asked, 36–37 ms got: 27 messages a second,
 * not 29.4). Here the binding constraint is the answer 30 grants back, so lateness and the round trip are
 * paid once per window: 30 messages per (windowMs + round trip + lateness).
 */
export interface Pacer {
  /** Resolves with a `settle` to call when the request's answer came back; null if `signal` aborts first. */
  acquire(signal: AbortSignal): Promise<(() => void) | null>;
}

export interface PacerOptions {
  perWindow: number;
  windowMs: number;
  minSpacingMs: number;
  /** how long an unanswered request is assumed to take at most, while waiting for its answer */
  inFlightAllowanceMs: number;
}

interface Grant {
  at: number;
  settledAt: number | null;
  wake: (() => void) | null;
}

export function createPacer(options: PacerOptions): Pacer {
  const grants: Grant[] = [];
  let turn: Promise<unknown> = Promise.resolve();

  function earliest(now: number): { at: number; waitingOn: Grant | null } {
    const last = grants.at(-1);
    let at = last ? last.at + options.minSpacingMs : now;
    let waitingOn: Grant | null = null;
    if (grants.length >= options.perWindow) {
      const oldest = grants[grants.length - options.perWindow] as Grant;
      const bound =
        oldest.settledAt !== null
          ? oldest.settledAt + options.windowMs
          : oldest.at + options.windowMs + options.inFlightAllowanceMs;
      if (bound > at) at = bound;
      if (oldest.settledAt === null) waitingOn = oldest;
    }
    return { at, waitingOn };
  }

  async function next(signal: AbortSignal): Promise<(() => void) | null> {
    for (;;) {
      if (signal.aborted) return null;
      const now = performance.now();
      const { at, waitingOn } = earliest(now);
      if (at <= now) {
        const grant: Grant = { at: now, settledAt: null, wake: null };
        grants.push(grant);
        if (grants.length > options.perWindow) grants.splice(0, grants.length - options.perWindow);
        return () => {
          if (grant.settledAt !== null) return;
          grant.settledAt = performance.now();
          grant.wake?.();
        };
      }
      const timer = new AbortController();
      const stop = (): void => timer.abort();
      signal.addEventListener('abort', stop, { once: true });
      if (waitingOn) waitingOn.wake = stop;
      await sleep(Math.ceil(at - now), timer.signal);
      signal.removeEventListener('abort', stop);
      if (waitingOn) waitingOn.wake = null;
    }
  }

  return {
    acquire(signal) {
      // One waiter at a time, in arrival order: each grant depends on the ones before it.
      const granted = turn.then(() => next(signal));
      turn = granted.catch(() => undefined);
      return granted;
    },
  };
}
