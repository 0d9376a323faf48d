import { hostname } from 'node:os';
import { schedule } from 'node-cron';
import { pruneProcessedUpdates } from './housekeeping.js';
import type { Config } from '../config.js';
import { createTelegramSender } from '../delivery/telegram-sender.js';
import { createDeliveryWorker, type DeliveryWorker } from '../delivery/worker.js';
import { createZaloSender } from '../delivery/zalo-sender.js';
import type { ChannelName } from '../dialog/types.js';
import type { I18n } from '../i18n.js';
import type { Logger } from '../logger.js';
import type { Database } from '../store/database.js';
import { reminderTick } from './reminders.js';

/** Reminders are due at most every few minutes (office-hour boundaries, new reports): checked every 5. */
export const TICK_CRON = '*/5 * * * *';
const SEND_TIMEOUT_MS = 15_000;

export interface ReminderScheduler {
  stop(): Promise<void>;
}

/**
 * node-cron wakes the reminder tick (policy → outbox); one delivery worker per channel sends the
 * outbox. Several instances may run on PostgreSQL: the outbox's unique keys queue each reminder once
 * and SKIP LOCKED claims send it once. On SQLite one instance is assumed.
 */
/** One delivery worker per configured channel (Telegram, Zalo), and the channels they serve. */
export function deliveryWorkers(deps: { database: Database; config: Config; i18n: I18n; logger: Logger }): {
  served: ChannelName[];
  workers: DeliveryWorker[];
} {
  const { database, config, i18n, logger } = deps;
  const instance = `${hostname()}-${process.pid}`;
  const workers: DeliveryWorker[] = [];
  const served: ChannelName[] = [];
  if (config.telegram) {
    served.push('telegram');
    const sender = createTelegramSender({
      token: config.telegram.token,
      apiRoot: config.telegram.apiRoot,
      i18n,
      timeoutMs: SEND_TIMEOUT_MS,
    });
    workers.push(
      createDeliveryWorker({
        database,
        send: (m, c) => sender.send(m, c),
        workerId: `${instance}-telegram`,
        logger,
        channel: 'telegram',
      }),
    );
  }
  if (config.zalo) {
    served.push('zalo');
    const sender = createZaloSender({
      token: config.zalo.token,
      apiRoot: config.zalo.apiRoot,
      i18n,
      timeoutMs: SEND_TIMEOUT_MS,
    });
    workers.push(
      createDeliveryWorker({
        database,
        send: sender.send,
        workerId: `${instance}-zalo`,
        logger,
        channel: 'zalo',
      }),
    );
  }
  return { served, workers };
}

export function startReminderScheduler(deps: {
  database: Database;
  config: Config;
  i18n: I18n;
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
      if (pruned > 0) logger.info({ pruned }, 'old update keys pruned');
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
