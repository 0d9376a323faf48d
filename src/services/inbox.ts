import type { ChannelName, ClaimedUpdate, UpdateInbox } from '../dialog/types.js';
import { Prisma } from '../store/generated/sqlite/client.js';
import type { Database, Db } from '../store/database.js';

/**
 * The durable inbox (the contract is UpdateInbox in src/dialog/types.ts) on Prisma: the table
 * `InboxUpdate`, one row per update, unique by channel and key.
 *
 * Storing is one `INSERT … ON CONFLICT DO NOTHING RETURNING "key"` (both databases), so a redelivered
 * update is stored once and the caller learns which ones are new. Claiming follows the outbox's claim
 * (src/delivery/claim.ts): on PostgreSQL one `UPDATE … WHERE id IN (SELECT … FOR UPDATE SKIP LOCKED)`,
 * so two instances never claim the same row at once; on SQLite, one instance is assumed.
 */

/** How long a handled (or failed, or poison) update is kept: as long as a processed update's key. */
export const INBOX_RETENTION_DAYS = 7;

/** The rows of one INSERT: 5 parameters each. */
const CHUNK = 500;

interface Row {
  id: number;
  channel: string;
  key: string;
  chatId: string;
  payload: string;
  attempts: number;
}

const toClaimed = (row: Row): ClaimedUpdate => ({
  channel: row.channel as ChannelName,
  key: row.key,
  chatId: row.chatId,
  payload: row.payload,
  attempts: row.attempts,
});

async function claimOnPostgres(
  db: Db,
  channel: ChannelName,
  options: Parameters<UpdateInbox['claim']>[1],
): Promise<Row[]> {
  const { now, leaseMs, limit, storedBefore } = options;
  const until = new Date(now.getTime() + leaseMs);
  const before = storedBefore ?? new Date(0);
  return db.$queryRaw<Row[]>`
    UPDATE "InboxUpdate" SET "lockedUntil" = ${until}
    WHERE "id" IN (
      SELECT "id" FROM "InboxUpdate"
      WHERE "channel" = ${channel} AND "status" = 'pending'
        AND ("lockedUntil" < ${now} OR "receivedAt" < ${before})
      ORDER BY "id"
      LIMIT ${limit}
      FOR UPDATE SKIP LOCKED
    )
    RETURNING "id", "channel", "key", "chatId", "payload", "attempts"`;
}

async function claimOnSqlite(
  db: Db,
  channel: ChannelName,
  options: Parameters<UpdateInbox['claim']>[1],
): Promise<Row[]> {
  const { now, leaseMs, limit, storedBefore } = options;
  const due = {
    channel,
    status: 'pending',
    OR: [{ lockedUntil: { lt: now } }, ...(storedBefore ? [{ receivedAt: { lt: storedBefore } }] : [])],
  };
  return db.$transaction(async (tx) => {
    const rows = await tx.inboxUpdate.findMany({ where: due, orderBy: { id: 'asc' }, take: limit });
    if (rows.length > 0)
      await tx.inboxUpdate.updateMany({
        where: { id: { in: rows.map((row) => row.id) } },
        data: { lockedUntil: new Date(now.getTime() + leaseMs) },
      });
    return rows;
  });
}

export function createUpdateInbox(database: Database): UpdateInbox {
  const { db } = database;
  return {
    async store(entries, now, leaseMs) {
      const stored = new Set<string>();
      const until = new Date(now.getTime() + leaseMs);
      for (let start = 0; start < entries.length; start += CHUNK) {
        const rows = entries
          .slice(start, start + CHUNK)
          .map((e) => Prisma.sql`(${e.channel}, ${e.key}, ${e.chatId}, ${e.payload})`);
        // `WHERE true`: SQLite's way of telling an upsert's ON CONFLICT from a join's ON (as in the outbox).
        const inserted = await db.$queryRaw<{ key: string }[]>`
          INSERT INTO "InboxUpdate" ("channel", "key", "chatId", "payload", "status", "attempts", "lockedUntil", "receivedAt")
          SELECT v.column1, v.column2, v.column3, v.column4, 'pending', 0, ${until}, ${now}
          FROM (VALUES ${Prisma.join(rows)}) AS v
          WHERE true
          ON CONFLICT ("channel", "key") DO NOTHING
          RETURNING "key"`;
        for (const row of inserted) stored.add(row.key);
      }
      return stored;
    },

    async claim(channel, options) {
      const rows =
        database.kind === 'postgres'
          ? await claimOnPostgres(db, channel, options)
          : await claimOnSqlite(db, channel, options);
      // RETURNING gives no order: the order they were stored in is the chats' order.
      return rows.sort((a, b) => a.id - b.id).map(toClaimed);
    },

    async renew(channel, keys, until) {
      // In chunks: a chat queue can hold a thousand updates, more than a statement's parameters allow.
      for (let start = 0; start < keys.length; start += CHUNK) {
        await db.inboxUpdate.updateMany({
          where: { channel, key: { in: keys.slice(start, start + CHUNK) }, status: 'pending' },
          data: { lockedUntil: until },
        });
      }
    },

    async begin(channel, key) {
      await db.inboxUpdate.updateMany({
        where: { channel, key, status: 'pending' },
        data: { attempts: { increment: 1 } },
      });
    },

    async finish(channel, key, outcome, now) {
      await db.inboxUpdate.updateMany({
        where: { channel, key, status: 'pending' },
        data: { status: outcome, handledAt: now },
      });
    },
  };
}

/** Deletes the updates that ended (handled, failed, poison) before the retention window; returns how many. */
export async function pruneInbox(db: Db, now: Date): Promise<number> {
  const before = new Date(now.getTime() - INBOX_RETENTION_DAYS * 24 * 60 * 60 * 1000);
  const { count } = await db.inboxUpdate.deleteMany({
    where: { status: { not: 'pending' }, receivedAt: { lt: before } },
  });
  return count;
}
