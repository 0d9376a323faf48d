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

/**
 * Ids that sort in the order messages were queued (time, then a per-process sequence, then randomness),
 * so that messages queued together, with the same timestamps, are still claimed and sent in order.
 */
function outboxId(now: Date): string {
  sequence = (sequence + 1) % 36 ** 4;
  return `o${now.getTime().toString(36).padStart(9, '0')}${sequence.toString(36).padStart(4, '0')}${randomBytes(6).toString('hex')}`;
}

/** The rows of one INSERT: 11 parameters each, far below PostgreSQL's 65535 and SQLite's 32766. */
const CHUNK = 200;

/**
 * Queues messages, each at most once: `INSERT … ON CONFLICT ("key") DO NOTHING`, the same statement on
 * SQLite and PostgreSQL. It never raises a unique violation, so it is safe inside a transaction on
 * PostgreSQL too (where a failed statement would abort the whole transaction). A key repeated within
 * one call is queued once and counted as a duplicate.
 *
 * `db` may be the client or a transaction: queue reminders in the same transaction as the state that
 * decided them and they are written together or not at all.
 */
export async function enqueue(db: Db | Tx, messages: readonly OutboxInput[], now: Date = new Date()): Promise<EnqueueResult> {
  let queued = 0;
  for (let start = 0; start < messages.length; start += CHUNK) {
    const rows = messages.slice(start, start + CHUNK).map((m) => {
      if (m.payload.file) throw new RangeError(`outbox message ${m.key}: files are not queued, send them in the conversation`);
      return Prisma.sql`(${outboxId(now)}, ${m.key}, ${m.officialId}, ${m.channel}, ${m.chatId}, ${JSON.stringify(m.payload)}, ${m.locale}, 'pending', 0, ${now}, ${now})`;
    });
    queued += await db.$executeRaw`
      INSERT INTO "OutboxMessage" ("id", "key", "officialId", "channel", "chatId", "payload", "locale", "status", "attempts", "nextAttemptAt", "createdAt")
      VALUES ${Prisma.join(rows)}
      ON CONFLICT ("key") DO NOTHING`;
  }
  return { queued, duplicates: messages.length - queued };
}
