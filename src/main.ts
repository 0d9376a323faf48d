import type { Config } from './config.js';
import { formatLocalDateTime, localDateOf } from './domain/calendar/index.js';
import type { I18n } from './i18n.js';
import type { Logger } from './logger.js';
import { loadDemoIfEmpty } from './services/demo.js';
import { periodName } from './store/period-name.js';
import type { Database } from './store/database.js';

export interface AppDependencies {
  config: Config;
  i18n: I18n;
  logger: Logger;
  database: Database;
  print(text: string): void;
  now(): Date;
}

/**
 * The composition root of the bot: configuration → storage → i18n → channels → scheduler. Channels
 * (Telegram, Zalo, console) and the reminder scheduler attach here as they are built; until then
 * `tiendo start` prepares the database and says what it would serve.
 */
export async function startTiendo(deps: AppDependencies): Promise<void> {
  const { config, database, i18n, logger } = deps;
  const { t } = i18n;
  const { db } = database;
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
    include: { organization: true, periods: { orderBy: { position: 'asc' } }, _count: { select: { indicators: true } } },
    orderBy: [{ organization: { code: 'asc' } }, { startDate: 'asc' }],
  });
  if (campaigns.length === 0) {
    deps.print(t('cli:start.no_plan'));
    return;
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
  deps.print(t('cli:start.no_channel'));
}
