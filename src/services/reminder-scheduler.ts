import { schedule } from 'node-cron';
import { pruneProcessedUpdates, pruneReplies } from './housekeeping.js';
import { pruneInbox } from './inbox.js';
import type { Config } from '../config.js';
import type { SendFn } from '../delivery/types.js';
import { holderOf } from '../delivery/holders.js';
import { createDeliveryWorker, type DeliveryWorker } from '../delivery/worker.js';
import type { ChannelName } from '../dialog/types.js';
import type { Logger } from '../logger.js';
import type { Database } from '../store/database.js';
import { reminderTick } from './reminders.js';

/** Reminders are due at most every few minutes (office-hour boundaries, new reports): checked every 5. */
export const TICK_CRON = '*/5 * * * *';

export interface ReminderScheduler {
  stop(): Promise<void>;
}

/**
 * node-cron wakes the reminder tick (policy → outbox); one delivery worker per channel sends the
 * outbox. Several instances may run on PostgreSQL: the outbox's unique keys queue each reminder once
 * and SKIP LOCKED claims send it once, within the token's limits counted in the database
 * (src/store/shared-limits.ts). On SQLite one instance is assumed, its limits in memory.
 */

/** A queued message's sender, per channel (src/channels/outbox-senders.ts, handed over by the composition root). */
export type Senders = Partial<Record<'telegram' | 'zalo', SendFn>>;

/** One delivery worker per channel that has a sender, and the channels they serve. */
export function deliveryWorkers(deps: { database: Database; senders: Senders; logger: Logger }): {
  served: ChannelName[];
  workers: DeliveryWorker[];
} {
  const { database, senders, logger } = deps;
  const workers: DeliveryWorker[] = [];
  const served: ChannelName[] = [];
  for (const channel of ['telegram', 'zalo'] as const) {
    const send = senders[channel];
    if (!send) continue;
    served.push(channel);
    // On PostgreSQL the token's limits are counted in the database, for every instance alike.
    const shared = database.shared && { ...database.shared, scope: channel, log: logger };
    workers.push(
      createDeliveryWorker({ database, send, workerId: holderOf(channel), logger, channel, shared }),
    );
  }
  return { served, workers };
}

export function startReminderScheduler(deps: {
  database: Database;
  config: Config;
  senders: Senders;
  logger: Logger;
  now?: () => Date;
}): ReminderScheduler {
  const { database, config } = deps;
  const logger = deps.logger.child({ component: 'reminders' });
  const now = deps.now ?? (() => new Date());
  const { served, workers } = deliveryWorkers({ ...deps, logger });
  const tick = async (): Promise<void> => {
    try {
      const result = await reminderTick(database.db, {
        at: now(),
        timeZone: config.timeZone,
        officeHours: config.officeHours,
        served,
        preference: config.reminderChannel,
        defaultLocale: config.locale,
        dryRun: false,
      });
      if (result.queued > 0)
        logger.info({ queued: result.queued, duplicates: result.duplicates }, 'reminders queued');
    } catch (error) {
      logger.error({ err: error }, 'reminder tick failed');
    }
    try {
      const pruned = await pruneProcessedUpdates(database.db, now());
      const inbox = await pruneInbox(database.db, now());
      const replies = await pruneReplies(database.db, now());
      if (pruned + inbox + replies > 0) logger.info({ pruned, inbox, replies }, 'old update keys pruned');
    } catch (error) {
      logger.error({ err: error }, 'pruning update keys failed');
    }
  };
  for (const worker of workers) worker.start();
  const task = schedule(TICK_CRON, tick, {
    timezone: config.timeZone,
    noOverlap: true,
    name: 'tiendo-reminders',
  });
  void tick();
  return {
    async stop() {
      await task.stop();
      await Promise.all(workers.map((worker) => worker.stop()));
    },
  };
}
