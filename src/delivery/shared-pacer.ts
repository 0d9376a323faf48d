import { sleep } from '../channels/backoff.js';
import type { Logger } from '../logger.js';
import type { SendWindowStore, WindowRules } from '../store/send-window.js';
import type { Pacer } from './pacer.js';

/**
 * The global send limit of a bot token shared by every instance (src/store/send-window.ts), behind the
 * same `Pacer` face as the in-memory one. In this process one waiter at a time asks the database, so
 * the instances, not their lanes, queue for the row.
 *
 * While the wait depends on an answer still awaited (perhaps another instance's), the window is read
 * again every `ANSWER_POLL_MS` rather than slept out whole: the answer usually comes within a round trip.
 * If the database cannot be asked, `fallback` (this process's own pacer) decides meanwhile, and the
 * trouble is logged once per outage.
 */
const ANSWER_POLL_MS = 5;

export function createSharedPacer(options: {
  store: SendWindowStore;
  scope: string;
  rules: WindowRules;
  fallback: Pacer;
  log?: Logger | undefined;
}): Pacer {
  const { store, scope, rules, fallback, log } = options;
  let turn: Promise<unknown> = Promise.resolve();
  let failing = false;

  function settleLater(id: string): () => void {
    let settled = false;
    return () => {
      if (settled) return;
      settled = true;
      store.settle(scope, id).catch((error: unknown) => {
        // Unrecorded, the grant counts as answered `inFlightAllowanceMs` after it: later, never sooner.
        log?.warn({ err: error, scope }, 'shared send window: an answer not recorded');
      });
    };
  }

  async function next(signal: AbortSignal): Promise<(() => void) | null> {
    for (;;) {
      if (signal.aborted) return null;
      let answer;
      try {
        answer = await store.acquire(scope, rules);
        if (failing) log?.info({ scope }, 'shared send window: the database answers again');
        failing = false;
      } catch (error) {
        if (!failing)
          log?.error({ err: error, scope }, 'shared send window unavailable: this instance paces alone');
        failing = true;
        return fallback.acquire(signal);
      }
      if (answer.granted) return settleLater(answer.id);
      const wait = answer.onAnswer ? Math.min(answer.waitMs, ANSWER_POLL_MS) : answer.waitMs;
      if (!(await sleep(Math.max(1, Math.ceil(wait)), signal))) return null;
    }
  }

  return {
    acquire(signal) {
      const granted = turn.then(() => next(signal));
      turn = granted.catch(() => undefined);
      return granted;
    },
  };
}
