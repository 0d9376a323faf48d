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
