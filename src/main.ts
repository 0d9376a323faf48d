import { randomBytes } from 'node:crypto';
import type { Readable, Writable } from 'node:stream';
import { runConsole } from './channels/console/adapter.js';
import { DEFAULT_FLOOD, type FloodOptions } from './channels/flood.js';
import { createOutboxSenders } from './channels/outbox-senders.js';
import { createTelegramChannel } from './channels/telegram/adapter.js';
import { createZaloChannel } from './channels/zalo/adapter.js';
import type { Config } from './config.js';
import { createDialogEngine } from './dialog/engine.js';
import type { DialogEngine } from './dialog/types.js';
import { createPlanDrafts } from './services/plan-drafts.js';
import { formatLocalDateTime, localDateOf } from './domain/calendar/index.js';
import type { I18n } from './i18n.js';
import type { Logger } from './logger.js';
import { becomePersona, consolePersonas } from './services/console-identity.js';
import { loadDemoIfEmpty } from './services/demo.js';
import { startReminderScheduler } from './services/reminder-scheduler.js';
import { periodName } from './store/period-name.js';
import type { Database } from './store/database.js';
import { createDialogStore, type WebLinks } from './services/dialog-store/index.js';
import { createUpdateInbox } from './services/inbox.js';
import { createMetrics, type Metrics } from './metrics.js';
import { startWebServer } from './web/start.js';
import { createWebhooks, webhookPath, type WebhookSlot } from './webhooks.js';

/** The webhook paths the HTTP server serves: one per channel configured with a webhook URL. */
function webhookSlots(config: Config): WebhookSlot[] {
  return [
    ...(config.telegram?.webhook
      ? [{ name: 'telegram', path: webhookPath(config.telegram.webhook.url) }]
      : []),
    ...(config.zalo?.webhook ? [{ name: 'zalo', path: webhookPath(config.zalo.webhook.url) }] : []),
  ];
}

/** The port the HTTP server listens on, for the start message. */
function portOf(web: { localUrl: string } | null, config: Config): number {
  return web ? Number(new URL(web.localUrl).port) : config.web.port;
}

/**
 * Where the chat's links to the web pages point: the public address; with none, the local server for
 * the console alone (the quick start), and no link at all on Telegram or Zalo (a phone cannot open
 * 127.0.0.1).
 */
function chatWebLinks(config: Config, web: { localUrl: string } | null): WebLinks | null {
  const ttlHours = config.web.linkTtlHours;
  if (config.web.publicUrl) return { baseUrl: config.web.publicUrl, ttlHours };
  if (web && !config.telegram && !config.zalo) return { baseUrl: web.localUrl, ttlHours };
  return null;
}

/** The flood gate per user, counted in the database for every instance on PostgreSQL. */
function sharedFlood(database: Database, channel: string): FloodOptions {
  return { ...DEFAULT_FLOOD, limiters: database.shared?.limiters, keyPrefix: `flood:${channel}` };
}

export interface AppDependencies {
  config: Config;
  i18n: I18n;
  logger: Logger;
  database: Database;
  print(text: string): void;
  now(): Date;
  /** resolves when the process should stop (SIGINT / SIGTERM by default) */
  untilStopped?: () => Promise<void>;
  /** where the console chat reads and writes, when no chat token is set */
  terminal?: { input: Readable; output: Writable; interactive: boolean };
}

function untilSignal(): Promise<void> {
  return new Promise((resolve) => {
    process.once('SIGINT', () => resolve());
    process.once('SIGTERM', () => resolve());
  });
}

/**
 * The composition root of the bot: configuration → storage → i18n → channels → scheduler. With a
 * Telegram token it serves the bot until SIGINT / SIGTERM, then stops receiving, lets the updates in
 * hand finish and closes; with a Zalo token likewise, both at once when both are set. Without any it
 * opens the console chat on the terminal (TIENDO_CONSOLE=off only prints what it would serve). The
 * reminder scheduler (node-cron tick + delivery workers) runs with the chat channels.
 */
export async function startTiendo(deps: AppDependencies): Promise<void> {
  const { config, database, i18n, logger } = deps;
  const { t } = i18n;
  const { db } = database;
  if (!(await announcePlans(deps))) return;
  const metrics = createMetrics({ db, defaultMetrics: true });
  let channelsReady = false;
  // Declared before the server listens; each channel attaches its endpoint when it starts.
  const webhooks = createWebhooks(webhookSlots(config));
  const web = await startWebServer({
    database,
    config,
    i18n,
    logger,
    metrics,
    print: (text) => deps.print(text),
    now: () => deps.now(),
    channelsReady: () => channelsReady,
    // The console alone is the quick start: ready links for a newcomer to click.
    readyLinks: !config.telegram && !config.zalo,
    webhooks,
  });
  try {
    const engine = measured(
      metrics,
      createDialogEngine({
        store: createDialogStore(database, config.timeZone, config.officeHours, chatWebLinks(config, web)),
        timeZone: config.timeZone,
        defaultLocale: config.locale,
        nonce: () => randomBytes(3).toString('base64url'),
        renderers: {
          // Loaded on the first chart or Excel file: resvg and exceljs weigh ~30 MB the bot need not carry
          // until a chairman asks (bench: the bot's resident memory).
          chart: async (data, locale) =>
            (await import('./reports/progress-chart.js')).renderProgressChart(data, {
              i18n,
              locale,
              timeZone: config.timeZone,
            }),
          spreadsheet: async (data, locale, generatedAt) =>
            (await import('./reports/progress-xlsx.js')).renderProgressXlsx(data, {
              i18n,
              locale,
              timeZone: config.timeZone,
              generatedAt,
            }),
          evaluation: async (data, locale, generatedAt) =>
            (await import('./reports/evaluation-xlsx.js')).renderCommuneEvaluationXlsx(data, {
              i18n,
              locale,
              timeZone: config.timeZone,
              generatedAt,
            }),
        },
        plans: createPlanDrafts(database, { i18n, timeZone: config.timeZone, defaultLocale: config.locale }),
      }),
    );
    const channels: { name: string; stop(): Promise<void> }[] = [];
    // Every update is stored here before it is acknowledged, and handled from here (docs/conversations.md).
    const inbox = createUpdateInbox(database);
    if (config.telegram) {
      const flood = sharedFlood(database, 'telegram');
      const telegram = createTelegramChannel({
        config: config.telegram,
        ...{ engine, i18n, logger, flood, inbox, webhooks },
      });
      await telegram.start();
      channels.push({ name: 'telegram', stop: () => telegram.stop() });
      deps.print(
        t(config.telegram.webhook ? 'cli:start.telegram_webhook' : 'cli:start.telegram_polling', {
          username: telegram.botUsername ?? '?',
          port: portOf(web, config),
        }),
      );
    }
    if (config.zalo) {
      const flood = sharedFlood(database, 'zalo');
      const zalo = createZaloChannel({ config: config.zalo, engine, i18n, logger, flood, inbox, webhooks });
      try {
        await zalo.start();
      } catch (error) {
        // A refused token ends the start: the channels already up are stopped, so that the process can exit.
        await Promise.all(channels.map((channel) => channel.stop()));
        throw error;
      }
      channels.push({ name: 'zalo', stop: () => zalo.stop() });
      deps.print(
        t(config.zalo.webhook ? 'cli:start.zalo_webhook' : 'cli:start.zalo_polling', {
          name: zalo.botName ?? '?',
          port: portOf(web, config),
        }),
      );
    }
    channelsReady = true;
    await serve(deps, channels, engine);
  } finally {
    await web?.close();
  }
}

async function serve(
  deps: AppDependencies,
  channels: { name: string; stop(): Promise<void> }[],
  engine: DialogEngine,
): Promise<void> {
  const { config, database, i18n, logger } = deps;
  const { t } = i18n;
  const { db } = database;
  if (channels.length > 0) {
    const senders = createOutboxSenders(config, i18n);
    const reminders = startReminderScheduler({ database, config, senders, logger });
    // One process serves every configured channel on one engine; each stops receiving, then drains.
    await (deps.untilStopped ?? untilSignal)();
    logger.info('stopping');
    await reminders.stop();
    await Promise.all(channels.map((channel) => channel.stop()));
    deps.print(t('cli:start.stopped'));
    return;
  }
  if (config.console === 'off' || !deps.terminal) {
    deps.print(t('cli:start.no_channel'));
    return;
  }
  // No chat token: the console chat, until the input ends (Ctrl+D, /thoat, or the end of a pipe).
  await runConsole({
    engine,
    i18n,
    logger,
    personas: { list: () => consolePersonas(db), become: (code) => becomePersona(db, code) },
    ...deps.terminal,
    locale: config.locale,
  });
}

/** The engine, counted: updates handled and the time each took (GET /metrics). */
function measured(metrics: Metrics, engine: DialogEngine): DialogEngine {
  return {
    async handle(event) {
      const stop = metrics.replyLatency.startTimer({ channel: event.channel });
      try {
        const result = await engine.handle(event);
        metrics.updatesHandled.inc({
          channel: event.channel,
          outcome: result.duplicate ? 'duplicate' : 'ok',
        });
        return result;
      } catch (error) {
        metrics.updatesHandled.inc({ channel: event.channel, outcome: 'error' });
        throw error;
      } finally {
        stop();
      }
    },
  };
}

/** The demo loaded when wanted, then the plans served printed; false when there is none to serve. */
async function announcePlans(deps: AppDependencies): Promise<boolean> {
  const { config, i18n, logger } = deps;
  const { t } = i18n;
  const { db } = deps.database;
  const now = deps.now();
  const demoWanted = config.demo === 'on' || config.demo === 'auto';
  if (demoWanted) {
    const imported = await loadDemoIfEmpty(db, {
      timeZone: config.timeZone,
      year: Number(localDateOf(now, config.timeZone).slice(0, 4)),
      // "on": (re)load it even beside other plans; the import is idempotent.
      force: config.demo === 'on',
    });
    if (imported && !imported.unchanged) {
      logger.info({ campaign: imported.campaignCode }, 'demo plan loaded');
      deps.print(t('cli:start.demo_loaded', { campaign: imported.campaignCode }));
    }
  }
  const campaigns = await db.campaign.findMany({
    include: {
      organization: true,
      periods: { orderBy: { position: 'asc' } },
      _count: { select: { indicators: true } },
    },
    orderBy: [{ organization: { code: 'asc' } }, { startDate: 'asc' }],
  });
  if (campaigns.length === 0) {
    deps.print(t('cli:start.no_plan'));
    return false;
  }
  deps.print(t('cli:start.serving', { count: campaigns.length }));
  for (const campaign of campaigns) {
    const open = campaign.periods.find((p) => p.deadlineAt >= now);
    deps.print(
      `  ${campaign.organization.name} — ${campaign.title} (${campaign.code}): ` +
        t('cli:start.campaign', { indicators: campaign._count.indicators }) +
        (open
          ? ` ${t('cli:start.open_period', { period: i18n.render(periodName(open)), deadline: formatLocalDateTime(open.deadlineAt, config.timeZone) })}`
          : ` ${t('cli:start.closed')}`),
    );
  }
  return true;
}
