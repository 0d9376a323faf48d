import type { Database } from '../store/database.js';
import type { OutboxMessage } from '../store/generated/sqlite/client.js';

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
        SELECT "id" FROM "OutboxMessage"
        WHERE "channel" = ${channel}
          AND (("status" = 'pending' AND "nextAttemptAt" <= ${now})
            OR ("status" = 'sending' AND "lockedUntil" < ${now}))
        ORDER BY "nextAttemptAt", "createdAt", "id"
        LIMIT ${limit}
        FOR UPDATE SKIP LOCKED
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
        select: { id: true },
      });
      const found = rows.map((row) => row.id);
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
