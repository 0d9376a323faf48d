import type { Db } from '../store/database.js';

/**
 * How long a processed update's key is kept. A platform redelivers an update it believes undelivered
 * for a day at most (Telegram keeps unconfirmed updates 24 hours); a week leaves room for a bot that was
 * down meanwhile. Older keys only grow the table: about two rows per report, 30 million a year at
 * national scale (docs/scaling.md).
 */
export const PROCESSED_UPDATE_RETENTION_DAYS = 7;

/** Deletes the keys of updates processed before the retention window; returns how many. */
export async function pruneProcessedUpdates(db: Db, now: Date): Promise<number> {
  const before = new Date(now.getTime() - PROCESSED_UPDATE_RETENTION_DAYS * 24 * 60 * 60 * 1000);
  const { count } = await db.processedUpdate.deleteMany({ where: { processedAt: { lt: before } } });
  return count;
}

/**
 * Deletes the replies (outbox rows with an `expiresAt`) that ended — sent, dropped or refused — before
 * the same window; returns how many. A reply is of no use once it ended; the window keeps them for an
 * operator looking into a conversation. Reminders are kept: their keys stop a reminder from being
 * queued twice.
 */
export async function pruneReplies(db: Db, now: Date): Promise<number> {
  const before = new Date(now.getTime() - PROCESSED_UPDATE_RETENTION_DAYS * 24 * 60 * 60 * 1000);
  const { count } = await db.outboxMessage.deleteMany({
    where: {
      status: { in: ['sent', 'expired', 'failed', 'unreachable'] },
      nextAttemptAt: { lt: before },
      expiresAt: { not: null },
    },
  });
  return count;
}
