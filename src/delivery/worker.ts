import { setMaxListeners } from 'node:events';
import type { ChannelName } from '../dialog/types.js';
import type { OutboundMessage } from '../domain/message.js';
import type { Logger } from '../logger.js';
import type { Database } from '../store/database.js';
import type { OutboxMessage } from '../store/generated/sqlite/client.js';
import { runBatch, runBatches, type Lease } from './claim-loop.js';
import { releaseDeadHolders } from './holders.js';
import {
  createOutcomeRecorder,
  describeError,
  type DeliveryStats,
  type Outcome,
  type RetryPolicy,
} from './outcomes.js';
import { createSendGate, type DeliveryLimits, type SharedSendLimits } from './pacing.js';
import type { DeliveryMessage, SendContext, SendFn, SendResult } from './types.js';

export type { DeliveryMessage, SendContext, SendFn, SendResult } from './types.js';
export type { DeliveryLimits, SharedSendLimits } from './pacing.js';
export { retryDelayMs, type DeliveryStats, type RetryPolicy } from './outcomes.js';

/**
 * The delivery worker: claims due outbox messages (./claim.ts), sends each through the channel's
 * `send` within the platform's limits, and records the outcome.
 *
 * ## Guarantee: at-least-once, with a window of one request per message in flight
 *
 * A message is marked `sent` right after the platform accepted it. If the process dies between the
 * platform's acceptance and that commit (or the request times out after the platform accepted it),
 * the row stays `sending`; when its lease expires another worker (or this one, restarted) claims it
 * and sends it again. So a message is never lost, and it is duplicated only when a crash or a timeout
 * falls inside that one request: at most one extra copy per message per such crash, i.e. at most as
 * many duplicates as messages were in flight (≤ `concurrency`) when the process died.
 *
 * Why not at-most-once: for a commune office a second "còn 3 ngày" reminder is a harmless annoyance,
 * while a reminder silently lost (left `failed` for an operator nobody watches) means a missed
 * deadline — exactly what the bot exists to prevent.
 *
 * Outcomes (`SendResult`, returned by the channel's sender): recorded as in ./outcomes.ts; a
 * retry_after (Telegram 429; its limit is per bot) pauses the whole worker for `seconds`, then the same
 * message is sent again, no attempt counted.
 *
 * Limits (./pacing.ts) are the token's: in memory for one instance, or `shared` through PostgreSQL by
 * every instance (each pause after a 429 too), so that several together keep Telegram's 30/s and 1/s
 * per chat (tests/faults/two-instances.test.ts). Messages to one chat are
 * sent in order while sends succeed; a reminder that waits for a retry may arrive after later ones, a
 * reply holds the chat's later messages back (./claim.ts). A reply past its `expiresAt` is dropped,
 * not sent. A claimed row's lease is renewed while the worker holds it (./claim-loop.ts).
 */

export interface DeliveryWorkerOptions {
  database: Database;
  send: SendFn;
  workerId: string;
  logger: Logger;
  /** the channel whose messages this worker sends; default telegram */
  channel?: ChannelName;
  limits?: Partial<DeliveryLimits>;
  /** the limits counted in the database for every instance (PostgreSQL); in memory without */
  shared?: SharedSendLimits | undefined;
  retry?: Partial<RetryPolicy>;
  /** the time written to the database (due dates, leases); default the system clock */
  clock?: () => Date;
  /** messages claimed at a time; default 100 */
  batchSize?: number;
  /** how long a claimed message is held before another worker may take it; default 60 s (renewed while held) */
  leaseMs?: number;
  /** chats sent to at once; default 32 */
  concurrency?: number;
  /** the loop's wait when nothing is due; default 1 s */
  idleMs?: number;
  /** jitter source, [0, 1); default Math.random */
  random?: () => number;
}

export interface DeliveryWorker {
  /** Claims one batch, sends it and records every outcome. */
  runOnce(): Promise<DeliveryStats>;
  /** Runs batches in a loop until stop(). */
  start(): void;
  /** Stops the loop: messages not yet sent are released to `pending`; resolves when the batch is recorded. */
  stop(): Promise<void>;
}

export const DEFAULT_LIMITS: DeliveryLimits = { perSecond: 30, perChatIntervalMs: 1000 };
export const DEFAULT_RETRY: RetryPolicy = { maxAttempts: 8, baseMs: 5_000, maxMs: 15 * 60_000 };

function toDeliveryMessage(row: OutboxMessage): DeliveryMessage {
  return {
    id: row.id,
    key: row.key,
    officialId: row.officialId,
    channel: row.channel,
    chatId: row.chatId,
    payload: JSON.parse(row.payload) as OutboundMessage,
    locale: row.locale === 'en' ? 'en' : 'vi',
    attempts: row.attempts,
    expiresAt: row.expiresAt,
  };
}

/** A new controller whose signal every lane may be waiting on at once. */
function newController(concurrency: number): AbortController {
  const controller = new AbortController();
  setMaxListeners(concurrency + 16, controller.signal);
  return controller;
}

export function createDeliveryWorker(options: DeliveryWorkerOptions): DeliveryWorker {
  const { database, send, workerId, logger } = options;
  const channel = options.channel ?? 'telegram';
  const clock = options.clock ?? (() => new Date());
  const leaseMs = options.leaseMs ?? 60_000;
  const concurrency = options.concurrency ?? 32;
  const log = logger.child({ component: 'delivery', workerId, channel });
  const gate = createSendGate({ ...DEFAULT_LIMITS, ...options.limits }, options.shared);
  const outcomes = createOutcomeRecorder({
    db: database.db,
    workerId,
    retry: { ...DEFAULT_RETRY, ...options.retry },
    random: options.random ?? Math.random,
    log,
  });
  let controller = newController(concurrency);
  let loop: Promise<void> | undefined;

  /** Sends one message, again after each 429, and records what became of it. */
  async function deliver(
    row: OutboxMessage,
    lease: Lease,
    stats: DeliveryStats,
  ): Promise<'done' | 'released'> {
    let message: DeliveryMessage;
    try {
      message = toDeliveryMessage(row);
    } catch (error) {
      await outcomes.unreadable(row.id, error, stats);
      return 'done';
    }
    const signal = controller.signal;
    const reply = message.expiresAt !== null;
    // The request in flight; a further text of the same message goes after its answer (see SendContext).
    let settle: (() => void) | null = null;
    const context: SendContext = {
      throttle: async () => {
        settle?.();
        settle = await gate.acquire(message.chatId, signal, reply);
        if (!settle) throw new Error('delivery worker stopped');
      },
    };
    for (;;) {
      if (message.expiresAt && clock() >= message.expiresAt) {
        await outcomes.expired(message, stats);
        return 'done';
      }
      settle = await gate.acquire(message.chatId, signal, reply);
      if (!settle) return 'released';
      // Never send on a lease that may have run out: another worker may own the message by now.
      if (clock().getTime() >= lease.end - Math.min(leaseMs / 4, 5_000)) {
        settle();
        return 'released';
      }
      let result: SendResult | Outcome;
      try {
        result = await send(message, context);
      } catch (error) {
        result = { ok: false, kind: 'transient', error: describeError(error), cause: error };
      } finally {
        // null when a further text found the worker stopping (throttle threw)
        settle?.();
      }
      if (!result.ok && result.kind === 'retry_after') {
        stats.rateLimited += 1;
        gate.pause(result.seconds);
        log.warn(
          { key: message.key, chatId: message.chatId, seconds: result.seconds },
          'rate limited by the platform: pausing the worker',
        );
        continue; // the same message, once the pause is over; no attempt counted
      }
      await outcomes.record(message, result, clock(), stats);
      return 'done';
    }
  }

  const runOnce = (): Promise<DeliveryStats> =>
    runBatch({
      database,
      workerId,
      channel,
      batchSize: options.batchSize ?? 100,
      leaseMs,
      concurrency,
      clock,
      log,
      deliver,
    });

  return {
    runOnce,
    start() {
      if (loop) return;
      controller = newController(concurrency);
      const signal = controller.signal;
      loop = (async () => {
        // What a dead predecessor on this host held is due at once, not when its hold runs out.
        const released = await releaseDeadHolders(database, clock()).catch((error: unknown) => {
          log.warn({ err: error }, 'rows held by dead processes not released: they wait for their hold');
          return 0;
        });
        if (released > 0) log.info({ released }, 'outbox rows of a dead process of this host taken back');
        await runBatches(runOnce, { idleMs: options.idleMs ?? 1000, log, signal });
      })();
    },
    async stop() {
      controller.abort();
      await loop;
      loop = undefined;
    },
  };
}
