import { sleep } from '../channels/backoff.js';
import type { Logger } from '../logger.js';
import type { Database } from '../store/database.js';
import type { OutboxMessage } from '../store/generated/sqlite/client.js';
import { claimBatch } from './claim.js';
import { emptyStats, type DeliveryStats } from './outcomes.js';

/**
 * One batch: claim the due messages (./claim.ts), hold their lease while they are sent, send chat by chat
 * in `concurrency` lanes, and give back to `pending` what was not sent. And the loop of batches.
 */

/** The lease of the batch, renewed while it is held: a message is never sent on a lease that may have run out. */
export interface Lease {
  end: number;
}

export interface BatchOptions {
  database: Database;
  workerId: string;
  channel: string;
  batchSize: number;
  leaseMs: number;
  concurrency: number;
  clock: () => Date;
  log: Logger;
  /** Sends one claimed message and records its outcome; 'released' when it was not sent. */
  deliver: (row: OutboxMessage, lease: Lease, stats: DeliveryStats) => Promise<'done' | 'released'>;
}

export async function runBatch(options: BatchOptions): Promise<DeliveryStats> {
  const { database, workerId, channel, leaseMs, clock, log } = options;
  const stats = emptyStats();
  const now = clock();
  const rows = await claimBatch(database, { workerId, channel, limit: options.batchSize, now, leaseMs });
  stats.claimed = rows.length;
  if (rows.length === 0) return stats;

  const lease: Lease = { end: now.getTime() + leaseMs };
  const pending = new Set(rows.map((row) => row.id));
  const heartbeat = setInterval(
    () => renewLease(options, pending, lease),
    Math.max(10, Math.floor(leaseMs / 3)),
  );

  // Messages to one chat go in the order they were written (ids sort so), one after the other, whatever
  // their due times (a reply retried, the replies queued behind it); chats go side by side.
  const byChat = new Map<string, OutboxMessage[]>();
  for (const row of rows) byChat.set(row.chatId, [...(byChat.get(row.chatId) ?? []), row]);
  const chats = [...byChat.values()].map((chat) =>
    chat.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)),
  );
  const released: string[] = [];
  const lane = async (): Promise<void> => {
    for (let chat = chats.shift(); chat; chat = chats.shift()) {
      for (const row of chat) {
        const outcome = await options.deliver(row, lease, stats).catch((error: unknown) => {
          log.error(
            { key: row.key, err: error },
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
    await Promise.all(Array.from({ length: Math.min(options.concurrency, chats.length) }, lane));
  } finally {
    clearInterval(heartbeat);
  }
  if (released.length > 0) {
    await database.db.outboxMessage.updateMany({
      where: { id: { in: released }, lockedBy: workerId, status: 'sending' },
      data: { status: 'pending', lockedBy: null, lockedUntil: null },
    });
    stats.released = released.length;
  }
  log.debug(stats, 'delivery batch done');
  return stats;
}

function renewLease(options: BatchOptions, pending: Set<string>, lease: Lease): void {
  const { database, workerId, leaseMs, clock, log } = options;
  const until = new Date(clock().getTime() + leaseMs);
  database.db.outboxMessage
    .updateMany({
      where: { id: { in: [...pending] }, lockedBy: workerId, status: 'sending' },
      data: { lockedUntil: until },
    })
    .then(() => {
      lease.end = until.getTime();
    })
    .catch((error: unknown) => log.warn({ err: error }, 'could not renew the outbox leases'));
}

/** Batches until `signal` aborts: at once after a batch that found work, after `idleMs` otherwise, backing off after failures. */
export async function runBatches(
  runOnce: () => Promise<DeliveryStats>,
  options: { idleMs: number; log: Logger; signal: AbortSignal },
): Promise<void> {
  const { idleMs, log, signal } = options;
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
      log.error({ err: error, failures }, 'delivery batch failed');
    }
    if (wait > 0 && !(await sleep(wait, signal))) return;
  }
}
