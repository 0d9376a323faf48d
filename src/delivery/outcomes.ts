import type { Logger } from '../logger.js';
import type { Database } from '../store/database.js';
import type { DeliveryMessage, SendResult } from './types.js';

/**
 * What became of a claimed message, written on its row — only while this worker still holds it
 * (`lockedBy`, `sending`): a row whose lease ran out belongs to whoever claimed it since.
 *
 * - ok → `sent`, `sentAt`;
 * - transient (5xx, timeout, network) → back to `pending` after an exponential back-off with jitter;
 *   after `maxAttempts` attempts → `failed`;
 * - blocked (Telegram's 403: the user blocked the bot or was deactivated; Zalo has no such answer) →
 *   `unreachable`, and the official's `unreachableSince` is set (kept if already set);
 * - permanent (400, a payload that cannot be rendered) → `failed`.
 * (retry_after is not an outcome: the worker pauses and sends the same message again.)
 */

export interface RetryPolicy {
  /** transient failures before a message is `failed` */
  maxAttempts: number;
  /** the first back-off; it doubles with each attempt, up to maxMs, with jitter (half to all of it) */
  baseMs: number;
  maxMs: number;
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
  /** replies dropped unsent, too old (REPLY_TTL_MS) */
  expired: number;
}

/** A final answer of the platform; `cause` is the exception behind a transient one, for the log. */
export type Outcome = Exclude<SendResult, { kind: 'retry_after' }> & { cause?: unknown };

export interface OutcomeRecorder {
  /** A row whose payload cannot be read: `failed` at once, no platform call. */
  unreadable(id: string, error: unknown, stats: DeliveryStats): Promise<void>;
  /** A reply past its time (`expiresAt`): `expired`, not sent. */
  expired(message: DeliveryMessage, stats: DeliveryStats): Promise<void>;
  record(message: DeliveryMessage, outcome: Outcome, now: Date, stats: DeliveryStats): Promise<void>;
}

export interface OutcomeRecorderOptions {
  db: Database['db'];
  workerId: string;
  retry: RetryPolicy;
  random: () => number;
  log: Logger;
}

type RowUpdate = Parameters<Database['db']['outboxMessage']['updateMany']>[0]['data'];

const UNLOCK = { lockedBy: null, lockedUntil: null } as const;

/** The back-off before attempt `attempts + 1`, after `attempts` failures: base·2^(attempts−1), capped, jittered. */
export function retryDelayMs(attempts: number, retry: RetryPolicy, random: () => number): number {
  const full = Math.min(retry.maxMs, retry.baseMs * 2 ** Math.max(0, attempts - 1));
  return Math.round(full / 2 + (random() * full) / 2);
}

export function emptyStats(): DeliveryStats {
  return {
    claimed: 0,
    sent: 0,
    retried: 0,
    failed: 0,
    unreachable: 0,
    rateLimited: 0,
    released: 0,
    expired: 0,
  };
}

export function describeError(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

export function createOutcomeRecorder(options: OutcomeRecorderOptions): OutcomeRecorder {
  const { db, workerId, retry, random, log } = options;
  const held = (id: string) => ({ id, lockedBy: workerId, status: 'sending' });

  async function update(id: string, data: RowUpdate): Promise<boolean> {
    const { count } = await db.outboxMessage.updateMany({ where: held(id), data });
    if (count === 0) log.warn({ id }, 'outbox message no longer held by this worker: outcome not recorded');
    return count > 0;
  }

  async function transient(
    message: DeliveryMessage,
    outcome: Extract<Outcome, { kind: 'transient' }>,
    now: Date,
    stats: DeliveryStats,
  ): Promise<void> {
    const attempts = message.attempts + 1;
    const err = outcome.cause ?? outcome.error;
    if (attempts >= retry.maxAttempts) {
      await update(message.id, { status: 'failed', attempts, lastError: outcome.error, ...UNLOCK });
      stats.failed += 1;
      log.error({ key: message.key, attempts, err }, 'outbox message failed after its last attempt');
      return;
    }
    const delay = retryDelayMs(attempts, retry, random);
    await update(message.id, {
      status: 'pending',
      attempts,
      nextAttemptAt: new Date(now.getTime() + delay),
      lastError: outcome.error,
      ...UNLOCK,
    });
    stats.retried += 1;
    log.warn({ key: message.key, attempts, retryInMs: delay, err }, 'outbox message will be retried');
  }

  async function blocked(message: DeliveryMessage, error: string, now: Date, stats: DeliveryStats) {
    await db.$transaction(async (tx) => {
      const { count } = await tx.outboxMessage.updateMany({
        where: held(message.id),
        data: { status: 'unreachable', attempts: { increment: 1 }, lastError: error, ...UNLOCK },
      });
      if (count > 0 && message.officialId !== null)
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
  }

  return {
    async unreadable(id, error, stats) {
      await update(id, { status: 'failed', lastError: `payload: ${describeError(error)}`, ...UNLOCK });
      stats.failed += 1;
    },

    async expired(message, stats) {
      if (await update(message.id, { status: 'expired', ...UNLOCK })) stats.expired += 1;
      log.warn(
        { key: message.key, chatId: message.chatId },
        'reply too old to be sent out of context: dropped',
      );
    },

    async record(message, outcome, now, stats) {
      if (outcome.ok) {
        const data = { status: 'sent', sentAt: now, attempts: { increment: 1 }, lastError: null, ...UNLOCK };
        if (await update(message.id, data)) stats.sent += 1;
        return;
      }
      switch (outcome.kind) {
        case 'transient':
          return transient(message, outcome, now, stats);
        case 'blocked':
          return blocked(message, outcome.error ?? 'blocked', now, stats);
        case 'permanent':
          await update(message.id, {
            status: 'failed',
            attempts: { increment: 1 },
            lastError: outcome.error,
            ...UNLOCK,
          });
          stats.failed += 1;
          log.error({ key: message.key, err: outcome.error }, 'outbox message refused by the platform');
      }
    },
  };
}
