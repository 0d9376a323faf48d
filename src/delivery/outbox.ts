import { randomBytes } from 'node:crypto';
import { Prisma } from '../store/generated/sqlite/client.js';
import type { ChannelName, Locale, OutboundMessage } from '../dialog/types.js';
import type { Db, Tx } from '../store/database.js';

/**
 * The outbox: every proactive message (reminders, digests) is written here first, under a unique key
 * chosen by its producer (official, period and step for a reminder), and sent later by the delivery
 * worker (./worker.ts). Writing a key twice is harmless: the second write is a duplicate and changes
 * nothing, so a scheduler that runs twice, or two instances that run at once, still queue one message.
 */

export interface OutboxInput {
  /** unique per message, chosen by the producer: the same key is queued once, ever */
  key: string;
  officialId: string;
  channel: ChannelName;
  chatId: string;
  /** rendered at send time in `locale`; a file is not supported in the outbox (see enqueue) */
  payload: OutboundMessage;
  locale: Locale;
}

export interface EnqueueResult {
  queued: number;
  duplicates: number;
}

let sequence = 0;

/** Bytes of randomness in an id: 48 bits, so ids made in the same millisecond by two instances differ. */
const RANDOM_BYTES = 6;

/**
 * `count` ids that sort in the order messages were queued (time, then a per-process sequence, then
 * randomness), so that messages queued together, with the same timestamps, are still claimed and
 * sent in order. The randomness is drawn once for the batch: a call per id took 25 ms of a province's
 * reminder wave (3,100 messages).
 */
function outboxIds(now: Date, count: number): string[] {
  const time = now.getTime().toString(36).padStart(9, '0');
  const random = randomBytes(RANDOM_BYTES * count).toString('hex');
  return Array.from({ length: count }, (_, i) => {
    sequence = (sequence + 1) % 36 ** 4;
    return `o${time}${sequence.toString(36).padStart(4, '0')}${random.slice(i * RANDOM_BYTES * 2, (i + 1) * RANDOM_BYTES * 2)}`;
  });
}

/** The rows of one INSERT: 7 parameters each, far below PostgreSQL's 65535 and SQLite's 32766. */
const CHUNK = 500;

/**
 * Queues messages, each at most once: `INSERT … ON CONFLICT ("key") DO NOTHING`, the same statement on
 * SQLite and PostgreSQL. It never raises a unique violation, so it is safe inside a transaction on
 * PostgreSQL too (where a failed statement would abort the whole transaction). A key repeated within
 * one call is queued once and counted as a duplicate.
 *
 * The rows come as a `VALUES` list (its columns are `column1`… on both databases) and the columns that
 * are the same for every row are written once: Prisma's cost grows with every parameter it passes,
 * and a province's reminder wave is 3,000 rows. `WHERE true` is SQLite's way of telling an upsert's
 * `ON CONFLICT` from a join's `ON`.
 *
 * `db` may be the client or a transaction: queue reminders in the same transaction as the state that
 * decided them and they are written together or not at all.
 */
export async function enqueue(
  db: Db | Tx,
  messages: readonly OutboxInput[],
  now: Date = new Date(),
): Promise<EnqueueResult> {
  let queued = 0;
  for (let start = 0; start < messages.length; start += CHUNK) {
    const chunk = messages.slice(start, start + CHUNK);
    const ids = outboxIds(now, chunk.length);
    const rows = chunk.map((m, i) => {
      if (m.payload.file)
        throw new RangeError(`outbox message ${m.key}: files are not queued, send them in the conversation`);
      return Prisma.sql`(${ids[i]}, ${m.key}, ${m.officialId}, ${m.channel}, ${m.chatId}, ${JSON.stringify(m.payload)}, ${m.locale})`;
    });
    queued += await db.$executeRaw`
      INSERT INTO "OutboxMessage" ("id", "key", "officialId", "channel", "chatId", "payload", "locale", "status", "attempts", "nextAttemptAt", "createdAt")
      SELECT v.column1, v.column2, v.column3, v.column4, v.column5, v.column6, v.column7, 'pending', 0, ${now}, ${now}
      FROM (VALUES ${Prisma.join(rows)}) AS v
      WHERE true
      ON CONFLICT ("key") DO NOTHING`;
  }
  return { queued, duplicates: messages.length - queued };
}

/**
 * How long the process that handled a step holds its replies without renewing the hold: after a crash,
 * the delivery worker sends them once it has run out. Renewed every third of it while they are sent.
 */
export const REPLY_LEASE_MS = 15_000;

/**
 * A reply not sent within this long after its step is dropped (`expired`), not sent: a confirmation or
 * a question minutes late, after the official has moved on or given up, answers out of context. What
 * the step stored stays stored; `/baocao` shows where the official stands.
 */
export const REPLY_TTL_MS = 5 * 60_000;

export interface ReplyRows {
  channel: ChannelName;
  chatId: string;
  officialId: string | null;
  locale: Locale;
  /** `reply:<channel>:<update key>`: each reply's key is this and its position */
  keyPrefix: string;
  payloads: readonly OutboundMessage[];
  /** the process that sends them at once, holding them for REPLY_LEASE_MS; null: left to the delivery worker */
  holder: string | null;
  now: Date;
}

/**
 * A dialog step's replies, written in the step's transaction (`tx`): `sending`, held by `holder`, or
 * `pending` for the worker. The ids, in the replies' order. The step is claimed once (its update's key),
 * so its keys are new; `ON CONFLICT DO NOTHING` keeps a failed statement from aborting the transaction
 * on PostgreSQL all the same.
 */
export async function enqueueReplies(tx: Tx, rows: ReplyRows): Promise<string[]> {
  const { now } = rows;
  const ids = outboxIds(now, rows.payloads.length);
  const values = rows.payloads.map(
    (payload, i) => Prisma.sql`(${ids[i]}, ${`${rows.keyPrefix}:${i}`}, ${JSON.stringify(payload)})`,
  );
  const official = rows.officialId === null ? Prisma.sql`NULL` : Prisma.sql`${rows.officialId}`;
  const held =
    rows.holder === null
      ? Prisma.sql`'pending', NULL, CAST(NULL AS TIMESTAMP(3))`
      : Prisma.sql`'sending', ${rows.holder}, ${new Date(now.getTime() + REPLY_LEASE_MS)}`;
  await tx.$executeRaw`
    INSERT INTO "OutboxMessage" ("id", "key", "payload", "officialId", "channel", "chatId", "locale", "status", "lockedBy", "lockedUntil", "attempts", "nextAttemptAt", "expiresAt", "createdAt")
    SELECT v.column1, v.column2, v.column3, ${official}, ${rows.channel}, ${rows.chatId}, ${rows.locale}, ${held}, 0, ${now}, ${new Date(now.getTime() + REPLY_TTL_MS)}, ${now}
    FROM (VALUES ${Prisma.join(values)}) AS v
    WHERE true
    ON CONFLICT ("key") DO NOTHING`;
  return ids;
}

/**
 * Whether replies to the chat written earlier are still unsent (and not yet too old to be sent): the
 * step's own replies then go behind them. Read in the step's transaction, under the chat's lock.
 */
export async function hasUnsentReplies(
  tx: Tx,
  chat: { channel: ChannelName; chatId: string },
  now: Date,
): Promise<boolean> {
  const rows = await tx.$queryRaw<{ one: number }[]>`
    SELECT 1 AS "one" FROM "OutboxMessage"
    WHERE "channel" = ${chat.channel} AND "chatId" = ${chat.chatId}
      AND "status" IN ('pending', 'sending') AND "expiresAt" > ${now}
    LIMIT 1`;
  return rows.length > 0;
}
