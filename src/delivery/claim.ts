import type { Database, Tx } from '../store/database.js';
import type { OutboxMessage } from '../store/generated/sqlite/client.js';

/**
 * The rows of `due` that no earlier message to the same chat holds back: one held by a sender (replies
 * being sent by the process that handled their step, or left by one that crashed, until their hold
 * runs out), or a reply waiting for its next attempt. A chat's replies go out in the order they were
 * written. (A reminder waiting for a retry holds nothing back: a later one may go first.)
 */
async function behindNothingHeld(
  tx: Tx,
  channel: string,
  due: readonly { id: string; chatId: string }[],
  now: Date,
): Promise<string[]> {
  if (due.length === 0) return [];
  const held = await tx.outboxMessage.findMany({
    where: {
      channel,
      chatId: { in: [...new Set(due.map((row) => row.chatId))] },
      OR: [
        { status: 'sending', lockedUntil: { gte: now } },
        { status: 'pending', nextAttemptAt: { gt: now }, expiresAt: { not: null } },
      ],
    },
    select: { id: true, chatId: true },
  });
  const firstHeld = new Map<string, string>();
  for (const row of held) {
    const first = firstHeld.get(row.chatId);
    if (first === undefined || row.id < first) firstHeld.set(row.chatId, row.id);
  }
  return due
    .filter((row) => {
      const first = firstHeld.get(row.chatId);
      return first === undefined || row.id < first;
    })
    .map((row) => row.id);
}

/**
 * Claiming due outbox messages for one worker: a claimed row is `sending`, held by the worker until
 * `lockedUntil` (its lease). Due means `pending` with `nextAttemptAt <= now`, or `sending` with an
 * expired lease: its sender crashed (or lost the database) before recording the outcome, and the
 * message is sent again (see the guarantee in ./worker.ts).
 *
 * PostgreSQL: one `UPDATE … WHERE id IN (SELECT … FOR UPDATE SKIP LOCKED LIMIT n)`; several instances
 * claiming at once never get the same row (a locked row is skipped, a row another instance has just
 * claimed no longer matches when re-checked).
 * SQLite: one instance is assumed (an embedded file on one machine); the select and update run in one
 * transaction, and SQLite runs one write transaction at a time.
 *
 * A message behind an earlier one to the same chat that a sender still holds, or behind an earlier
 * reply waiting for a retry, waits for it (see behindNothingHeld): after a crash, the replies of the dead process go out first, then what the chat
 * was answered since.
 */

export interface ClaimOptions {
  workerId: string;
  channel: string;
  limit: number;
  now: Date;
  leaseMs: number;
}

export async function claimBatch(database: Database, options: ClaimOptions): Promise<OutboxMessage[]> {
  const { workerId, channel, limit, now, leaseMs } = options;
  const lockedUntil = new Date(now.getTime() + leaseMs);
  const { db } = database;
  let ids: string[];
  if (database.kind === 'postgres') {
    const rows = await db.$queryRaw<{ id: string }[]>`
      UPDATE "OutboxMessage"
      SET "status" = 'sending', "lockedBy" = ${workerId}, "lockedUntil" = ${lockedUntil}
      WHERE "id" IN (
        SELECT o."id" FROM "OutboxMessage" o
        WHERE o."channel" = ${channel}
          AND ((o."status" = 'pending' AND o."nextAttemptAt" <= ${now})
            OR (o."status" = 'sending' AND o."lockedUntil" < ${now}))
          AND NOT EXISTS (
            SELECT 1 FROM "OutboxMessage" e
            WHERE e."channel" = o."channel" AND e."chatId" = o."chatId" AND e."id" < o."id"
              AND ((e."status" = 'sending' AND e."lockedUntil" >= ${now})
                OR (e."status" = 'pending' AND e."nextAttemptAt" > ${now} AND e."expiresAt" IS NOT NULL)))
        ORDER BY o."nextAttemptAt", o."createdAt", o."id"
        LIMIT ${limit}
        FOR UPDATE OF o SKIP LOCKED
      )
      RETURNING "id"`;
    ids = rows.map((row) => row.id);
  } else {
    ids = await db.$transaction(async (tx) => {
      const due = {
        channel,
        OR: [
          { status: 'pending', nextAttemptAt: { lte: now } },
          { status: 'sending', lockedUntil: { lt: now } },
        ],
      };
      const rows = await tx.outboxMessage.findMany({
        where: due,
        orderBy: [{ nextAttemptAt: 'asc' }, { createdAt: 'asc' }, { id: 'asc' }],
        take: limit,
        select: { id: true, chatId: true },
      });
      const found = await behindNothingHeld(tx, channel, rows, now);
      if (found.length === 0) return [];
      await tx.outboxMessage.updateMany({
        where: { ...due, id: { in: found } },
        data: { status: 'sending', lockedBy: workerId, lockedUntil },
      });
      return found;
    });
  }
  if (ids.length === 0) return [];
  return db.outboxMessage.findMany({
    where: { id: { in: ids }, status: 'sending', lockedBy: workerId },
    orderBy: [{ nextAttemptAt: 'asc' }, { createdAt: 'asc' }, { id: 'asc' }],
  });
}
