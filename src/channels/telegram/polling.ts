import type { Update } from 'telegraf/types';
import type { Logger } from '../../logger.js';
import type { RetryOptions } from '../backoff.js';
import type { ErrorDescriber } from '../describe-error.js';
import { drain, STOP_DRAIN_MS } from '../lifecycle.js';
import { pollUntilAborted } from '../polling.js';
import { ALLOWED_UPDATES, POLL_MARGIN_MS, retryAfterMs, within, type BotApi } from './bot-api.js';

export interface TelegramPollingOptions {
  api: BotApi;
  /** The chat queue: its backlog holds polling back, and a stop drains it before the last confirmation. */
  queue: { readonly pending: number; idle(): Promise<void> };
  /** Puts an update in its chat's queue; settles (never rejects) once the update has been handled. */
  dispatch(update: Update): Promise<void>;
  /**
   * With the durable inbox: stores the updates the engine reads (and hands them to their chats), the
   * ids of those stored; rejects when the database did not take them, and then the offset stays.
   */
  intake: ((updates: readonly Update[]) => Promise<Set<number>>) | null;
  /** Pause after a getUpdates that brought nothing new, in ms. */
  pollIdleMs: number;
  /** The long-polling timeout asked of Telegram, in seconds. */
  pollTimeoutSec: number;
  retry: RetryOptions;
  log: Logger;
  describeError: ErrorDescriber;
  /** False when the channel stopped during the wait. */
  sleep: (ms: number) => Promise<boolean>;
}

/**
 * Long polling. With the inbox, each batch is stored before the next getUpdates' offset confirms it; the
 * offset then passes what is stored, which the inbox keeps until handled. A batch whose write failed is
 * handled from memory, as below. Without it, and for what the inbox does not store
 * (a command in a group), the rest of this comment holds: getUpdates' offset confirms to Telegram every update below it, and a confirmed update
 * is never offered again: so the offset only passes an update once it has been handled. Updates
 * received and still in their chat's queue ("in hand") hold the offset back; if the process dies,
 * Telegram offers them again on the next start, and the engine's claim on the update key drops those
 * already handled. While some are in hand, getUpdates returns them again with any new ones: the ones
 * already dispatched are skipped.
 */
export async function pollTelegram(options: TelegramPollingOptions, signal: AbortSignal): Promise<void> {
  const { api, queue, pollIdleMs, log, describeError } = options;
  const inHand = new Set<number>();
  /** one past the highest update id dispatched */
  let next: number | undefined;
  let confirmed: number | undefined;
  const offset = (): number | undefined => (inHand.size > 0 ? Math.min(...inHand) : next);
  await pollUntilAborted<{ updates: Update[]; stored: Set<number> }>({
    signal,
    queue,
    busyMs: Math.max(pollIdleMs, 50),
    retry: options.retry,
    retryAfterMs,
    fetch: async (signal) => {
      const asked = offset();
      const updates = await api.callApi(
        'getUpdates',
        { offset: asked, timeout: options.pollTimeoutSec, allowed_updates: ALLOWED_UPDATES },
        // A long poll that outlives its timeout by the margin is a stalled connection: called again.
        within(
          AbortSignal.any([signal, AbortSignal.timeout(options.pollTimeoutSec * 1000 + POLL_MARGIN_MS)]),
        ),
      );
      confirmed = asked;
      const unseen = updates.filter((update) => next === undefined || update.update_id >= next);
      // Stored before `next` moves past them: only then does a later offset confirm them. A batch the
      // inbox did not take is handled from memory instead: in hand, it holds the offset until handled
      // (and the engine, on a database that is away, answers "try again"), so nothing is confirmed unstored.
      let stored = new Set<number>();
      if (options.intake) {
        try {
          stored = await options.intake(unseen);
        } catch (error) {
          log.error({ err: describeError(error) }, 'telegram: updates not stored, handled from memory');
        }
      }
      return { updates, stored };
    },
    receive: async ({ updates, stored }) => {
      let fresh = 0;
      for (const update of updates) {
        if (next !== undefined && update.update_id < next) continue;
        next = update.update_id + 1;
        fresh += 1;
        const id = update.update_id;
        if (stored.has(id)) continue;
        inHand.add(id);
        void options.dispatch(update).then(() => inHand.delete(id));
      }
      // Nothing new: Telegram answered at once with what is still in hand (or an emulator with nothing).
      if (fresh === 0 && pollIdleMs > 0) await options.sleep(pollIdleMs);
    },
    name: 'telegram',
    log,
    describeError,
  });
  // Confirm what was handled, so a restart does not fetch it again; what is still in hand after the
  // drain stays unconfirmed and comes again on the next start.
  await drain(queue, STOP_DRAIN_MS);
  const last = offset();
  if (last !== undefined && last !== confirmed) {
    try {
      await api.callApi(
        'getUpdates',
        { offset: last, timeout: 0, limit: 1 },
        within(AbortSignal.timeout(5000)),
      );
    } catch (error) {
      log.debug({ err: describeError(error) }, 'telegram: last offset not confirmed');
    }
  }
}
