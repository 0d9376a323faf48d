import type { Logger } from '../logger.js';
import { backoffMs, sleep, type RetryOptions } from './backoff.js';
import type { ErrorDescriber } from './describe-error.js';

/** Updates received and not yet processed above which polling waits: they stay safe at the platform. */
const MAX_PENDING = 1000;

export interface PollOptions<T> {
  /** Aborted when the channel stops: ends the loop, and the call in flight. */
  signal: AbortSignal;
  /** The chat queue, whose backlog holds polling back. */
  queue: { readonly pending: number };
  /** The pause before looking again while the backlog is too long. */
  busyMs: number;
  retry: RetryOptions;
  /** A wait the platform asked for after a failure, in place of the back-off; null when it asked none. */
  retryAfterMs?: (error: unknown) => number | null;
  /** One getUpdates call. */
  fetch: (signal: AbortSignal) => Promise<T>;
  /** Hands what a call returned to the adapter; may pause (an empty answer) but must not throw. */
  receive: (result: T) => Promise<void>;
  /** The channel's name, first word of every log message ("telegram"). */
  name: string;
  log: Logger;
  describeError: ErrorDescriber;
}

/** Calls getUpdates again and again until `signal` aborts, backing off after each failure. */
export async function pollUntilAborted<T>(options: PollOptions<T>): Promise<void> {
  const { signal, log } = options;
  let failures = 0;
  while (!signal.aborted) {
    if (options.queue.pending >= MAX_PENDING) {
      await sleep(options.busyMs, signal);
      continue;
    }
    let result: T;
    try {
      result = await options.fetch(signal);
      failures = 0;
    } catch (error) {
      if (signal.aborted) break;
      failures += 1;
      const wait = options.retryAfterMs?.(error) ?? backoffMs(failures, options.retry);
      log.error(
        { err: options.describeError(error), failures, retryInMs: wait },
        `${options.name}: getUpdates failed`,
      );
      await sleep(wait, signal);
      continue;
    }
    await options.receive(result);
  }
}
