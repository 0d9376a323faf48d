import { setMaxListeners } from 'node:events';
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import { sleep } from '../channels/backoff.js';
import type { ChannelName, Locale, OutboundMessage } from '../dialog/types.js';
import type { Logger } from '../logger.js';
import type { Database } from '../store/database.js';
import type { OutboxMessage } from '../store/generated/sqlite/client.js';
import { claimBatch } from './claim.js';
import { createPacer } from './pacer.js';

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
 * Outcomes (`SendResult`, returned by the channel adapter):
 * - ok → `sent`, `sentAt`;
 * - retry_after (Telegram 429; its limit is per bot) → the whole worker pauses for `seconds`, then the
 *   same message is sent again; no attempt is counted;
 * - transient (5xx, timeout, network) → back to `pending` after an exponential back-off with jitter;
 *   after `maxAttempts` attempts → `failed`;
 * - blocked (403: the user blocked the bot or was deactivated) → `unreachable`, and the official's
 *   `unreachableSince` is set (kept if already set);
 * - permanent (400, a payload that cannot be rendered) → `failed`.
 *
 * Limits, waited for and never dropped: at most `perSecond` messages in any window of one second plus
 * a margin (./pacer.ts), spread out, and one message every `perChatIntervalMs` to a chat, measured
 * from the moment of sending. They are per worker: with several instances, divide `perSecond` between
 * them (a per-chat collision between instances is answered by a 429 and honoured).
 * Messages to one chat are sent in order while sends succeed; a message that waits for a retry may
 * arrive after later ones. A claimed row's lease is renewed while the worker holds it.
 */

export type SendResult =
  | { ok: true }
  | { ok: false; kind: 'retry_after'; seconds: number }
  | { ok: false; kind: 'transient'; error: string }
  | { ok: false; kind: 'blocked'; error?: string }
  | { ok: false; kind: 'permanent'; error: string };

export interface DeliveryMessage {
  id: string;
  key: string;
  officialId: string;
  channel: string;
  chatId: string;
  payload: OutboundMessage;
  locale: Locale;
  /** attempts already made (transient failures) */
  attempts: number;
}

export interface SendContext {
  /**
   * Waits for the limits before a further platform call for the same message (a long message rendered
   * as several texts). The worker has already waited before the first call.
   */
  throttle(): Promise<void>;
}

export type SendFn = (message: DeliveryMessage, context: SendContext) => Promise<SendResult>;

export interface DeliveryLimits {
  /** messages a second in all (Telegram: about 30) */
  perSecond: number;
  /** least time between two messages to one chat (Telegram: about one a second) */
  perChatIntervalMs: number;
}

export interface RetryPolicy {
  /** transient failures before a message is `failed` */
  maxAttempts: number;
  /** the first back-off; it doubles with each attempt, up to maxMs, with jitter (half to all of it) */
  baseMs: number;
  maxMs: number;
}

export interface DeliveryWorkerOptions {
  database: Database;
  send: SendFn;
  workerId: string;
  logger: Logger;
  /** the channel whose messages this worker sends; default telegram */
  channel?: ChannelName;
  limits?: Partial<DeliveryLimits>;
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

export interface DeliveryStats {
  claimed: number;
  sent: number;
  /** transient failures put back for a later attempt */
  retried: number;
  failed: number;
  unreachable: number;
  /** 429 answers honoured (each paused the worker) */
  rateLimited: number;
  /** claimed but not sent: the worker stopped, or the lease ran out */
  released: number;
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

/** Added to the per-chat interval: the platform measures arrivals, and requests do not arrive in a fixed time. */
const PER_CHAT_MARGIN_MS = 50;
/**
 * The global window is measured from the answer to the request `perSecond` sends back (./pacer.ts), so
 * the platform's one second needs only a few ms for clock granularity: 30 per (1,005 ms + a local round
 * trip of ~2 ms + ~1 ms of timer lateness) is 29.8 a second at best, against 27 for "one every 34 ms".
 */
const GLOBAL_MARGIN_MS = 5;
/** While that answer is awaited, the request is assumed to have arrived within this long (the wait is cut short by the answer). */
const IN_FLIGHT_ALLOWANCE_MS = 250;
/** No two messages closer than this share of the even spacing: spread out, without making timer lateness add up. */
const MIN_SPACING_SHARE = 0.75;

/** The back-off before attempt `attempts + 1`, after `attempts` failures: base·2^(attempts−1), capped, jittered. */
export function retryDelayMs(attempts: number, retry: RetryPolicy, random: () => number): number {
  const full = Math.min(retry.maxMs, retry.baseMs * 2 ** Math.max(0, attempts - 1));
  return Math.round(full / 2 + (random() * full) / 2);
}

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
  };
}

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

function emptyStats(): DeliveryStats {
  return { claimed: 0, sent: 0, retried: 0, failed: 0, unreachable: 0, rateLimited: 0, released: 0 };
}

export function createDeliveryWorker(options: DeliveryWorkerOptions): DeliveryWorker {
  const { database, send, workerId, logger } = options;
  const { db } = database;
  const channel = options.channel ?? 'telegram';
  const limits: DeliveryLimits = { ...DEFAULT_LIMITS, ...options.limits };
  const retry: RetryPolicy = { ...DEFAULT_RETRY, ...options.retry };
  const clock = options.clock ?? (() => new Date());
  const batchSize = options.batchSize ?? 100;
  const leaseMs = options.leaseMs ?? 60_000;
  const concurrency = options.concurrency ?? 32;
  const idleMs = options.idleMs ?? 1000;
  const random = options.random ?? Math.random;
  const log = logger.child({ component: 'delivery', workerId, channel });

  // A sliding window, not a fixed one: a fixed one-second window of 30 points would let 30 go at the end
  // of one window and 30 more at the start of the next, 60 in one second of the platform's count.
  const global = createPacer({
    perWindow: limits.perSecond,
    windowMs: 1000 + GLOBAL_MARGIN_MS,
    minSpacingMs: (MIN_SPACING_SHARE * 1000) / limits.perSecond,
    inFlightAllowanceMs: IN_FLIGHT_ALLOWANCE_MS,
  });
  const perChatSeconds = (limits.perChatIntervalMs + PER_CHAT_MARGIN_MS) / 1000;
  const perChat = new RateLimiterMemory({
    points: 1,
    duration: perChatSeconds,
    keyPrefix: `chat:${workerId}`,
  });

  let pausedUntil = 0;
  let controller = new AbortController();
  // Every lane may be waiting on the signal at once.
  setMaxListeners(concurrency + 16, controller.signal);
  let loop: Promise<void> | undefined;

  /**
   * Waits until one more request may go to `chatId` now; returns what to call when its answer came back,
   * or null when the worker stops meanwhile.
   */
  async function acquire(chatId: string): Promise<(() => void) | null> {
    const signal = controller.signal;
    for (;;) {
      if (signal.aborted) return null;
      const pause = pausedUntil - Date.now();
      if (pause > 0) {
        if (!(await sleep(pause, signal))) return null;
        continue;
      }
      try {
        await perChat.consume(chatId);
      } catch (rejection) {
        if (!(rejection instanceof RateLimiterRes)) throw rejection;
        if (!(await sleep(Math.max(1, rejection.msBeforeNext), signal))) return null;
        continue;
      }
      const settle = await global.acquire(signal);
      if (!settle) return null;
      if (pausedUntil > Date.now()) {
        settle(); // nothing was sent on this grant
        continue; // a 429 arrived while waiting: wait it out, then queue again
      }
      // The chat's interval starts now, when the message actually goes.
      await perChat.block(chatId, perChatSeconds);
      return settle;
    }
  }

  async function record(
    id: string,
    data: Parameters<Db['outboxMessage']['updateMany']>[0]['data'],
  ): Promise<boolean> {
    const { count } = await db.outboxMessage.updateMany({
      where: { id, lockedBy: workerId, status: 'sending' },
      data,
    });
    if (count === 0) log.warn({ id }, 'outbox message no longer held by this worker: outcome not recorded');
    return count > 0;
  }

  async function deliver(
    row: OutboxMessage,
    held: { leaseEnd: number },
    stats: DeliveryStats,
  ): Promise<'done' | 'released'> {
    let message: DeliveryMessage;
    try {
      message = toDeliveryMessage(row);
    } catch (error) {
      await record(row.id, {
        status: 'failed',
        lastError: `payload: ${describe(error)}`,
        lockedBy: null,
        lockedUntil: null,
      });
      stats.failed += 1;
      return 'done';
    }
    // The request in flight; a further text of the same message goes after its answer (see SendContext).
    let settle: (() => void) | null = null;
    const context: SendContext = {
      throttle: async () => {
        settle?.();
        settle = await acquire(message.chatId);
        if (!settle) throw new Error('delivery worker stopped');
      },
    };
    for (;;) {
      settle = await acquire(message.chatId);
      if (!settle) return 'released';
      // Never send on a lease that may have run out: another worker may own the message by now.
      if (clock().getTime() >= held.leaseEnd - Math.min(leaseMs / 4, 5_000)) {
        settle();
        return 'released';
      }
      let result: SendResult;
      try {
        result = await send(message, context);
      } catch (error) {
        result = { ok: false, kind: 'transient', error: describe(error) };
      } finally {
        // null when a further text found the worker stopping (throttle threw)
        settle?.();
      }
      const now = clock();
      if (result.ok) {
        if (
          await record(row.id, {
            status: 'sent',
            sentAt: now,
            attempts: { increment: 1 },
            lastError: null,
            lockedBy: null,
            lockedUntil: null,
          })
        ) {
          stats.sent += 1;
        }
        return 'done';
      }
      switch (result.kind) {
        case 'retry_after': {
          stats.rateLimited += 1;
          pausedUntil = Math.max(pausedUntil, Date.now() + Math.max(0, result.seconds) * 1000);
          log.warn(
            { key: message.key, chatId: message.chatId, seconds: result.seconds },
            'rate limited by the platform: pausing the worker',
          );
          continue; // the same message, once the pause is over; no attempt counted
        }
        case 'transient': {
          const attempts = message.attempts + 1;
          if (attempts >= retry.maxAttempts) {
            await record(row.id, {
              status: 'failed',
              attempts,
              lastError: result.error,
              lockedBy: null,
              lockedUntil: null,
            });
            stats.failed += 1;
            log.error(
              { key: message.key, attempts, error: result.error },
              'outbox message failed after its last attempt',
            );
          } else {
            const delay = retryDelayMs(attempts, retry, random);
            await record(row.id, {
              status: 'pending',
              attempts,
              nextAttemptAt: new Date(now.getTime() + delay),
              lastError: result.error,
              lockedBy: null,
              lockedUntil: null,
            });
            stats.retried += 1;
            log.warn(
              { key: message.key, attempts, retryInMs: delay, error: result.error },
              'outbox message will be retried',
            );
          }
          return 'done';
        }
        case 'blocked': {
          await db.$transaction(async (tx) => {
            const { count } = await tx.outboxMessage.updateMany({
              where: { id: row.id, lockedBy: workerId, status: 'sending' },
              data: {
                status: 'unreachable',
                attempts: { increment: 1 },
                lastError: result.error ?? 'blocked',
                lockedBy: null,
                lockedUntil: null,
              },
            });
            if (count > 0)
              await tx.official.updateMany({
                where: { id: message.officialId, unreachableSince: null },
                data: { unreachableSince: now },
              });
          });
          stats.unreachable += 1;
          log.warn(
            { key: message.key, officialId: message.officialId },
            'chat unreachable (bot blocked or user deactivated)',
          );
          return 'done';
        }
        case 'permanent': {
          await record(row.id, {
            status: 'failed',
            attempts: { increment: 1 },
            lastError: result.error,
            lockedBy: null,
            lockedUntil: null,
          });
          stats.failed += 1;
          log.error({ key: message.key, error: result.error }, 'outbox message refused by the platform');
          return 'done';
        }
      }
    }
  }

  async function runOnce(): Promise<DeliveryStats> {
    const stats = emptyStats();
    const now = clock();
    const rows = await claimBatch(database, { workerId, channel, limit: batchSize, now, leaseMs });
    stats.claimed = rows.length;
    if (rows.length === 0) return stats;

    const held = { leaseEnd: now.getTime() + leaseMs };
    const pending = new Set(rows.map((row) => row.id));
    const heartbeat = setInterval(
      () => {
        const until = new Date(clock().getTime() + leaseMs);
        db.outboxMessage
          .updateMany({
            where: { id: { in: [...pending] }, lockedBy: workerId, status: 'sending' },
            data: { lockedUntil: until },
          })
          .then(() => {
            held.leaseEnd = until.getTime();
          })
          .catch((error: unknown) =>
            log.warn({ error: describe(error) }, 'could not renew the outbox leases'),
          );
      },
      Math.max(10, Math.floor(leaseMs / 3)),
    );

    // Messages to one chat go in order, one after the other; chats go side by side.
    const byChat = new Map<string, OutboxMessage[]>();
    for (const row of rows) byChat.set(row.chatId, [...(byChat.get(row.chatId) ?? []), row]);
    const chats = [...byChat.values()];
    const released: string[] = [];
    const lane = async (): Promise<void> => {
      for (let chat = chats.shift(); chat; chat = chats.shift()) {
        for (const row of chat) {
          const outcome = await deliver(row, held, stats).catch((error: unknown) => {
            log.error(
              { key: row.key, error: describe(error) },
              'outbox message outcome not recorded: the lease will bring it back',
            );
            return 'done' as const;
          });
          pending.delete(row.id);
          if (outcome === 'released') released.push(row.id);
        }
      }
    };
    try {
      await Promise.all(Array.from({ length: Math.min(concurrency, chats.length) }, lane));
    } finally {
      clearInterval(heartbeat);
    }
    if (released.length > 0) {
      await db.outboxMessage.updateMany({
        where: { id: { in: released }, lockedBy: workerId, status: 'sending' },
        data: { status: 'pending', lockedBy: null, lockedUntil: null },
      });
      stats.released = released.length;
    }
    log.debug(stats, 'delivery batch done');
    return stats;
  }

  async function run(signal: AbortSignal): Promise<void> {
    let failures = 0;
    while (!signal.aborted) {
      let wait = idleMs;
      try {
        const stats = await runOnce();
        failures = 0;
        if (stats.claimed > 0) wait = 0;
      } catch (error) {
        failures += 1;
        wait = Math.min(60_000, idleMs * 2 ** Math.min(failures, 6));
        log.error({ error: describe(error), failures }, 'delivery batch failed');
      }
      if (wait > 0 && !(await sleep(wait, signal))) return;
    }
  }

  return {
    runOnce,
    start() {
      if (loop) return;
      controller = new AbortController();
      setMaxListeners(concurrency + 16, controller.signal);
      loop = run(controller.signal);
    },
    async stop() {
      controller.abort();
      await loop;
      loop = undefined;
    },
  };
}

type Db = Database['db'];
