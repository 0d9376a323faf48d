import { createOutboxSenders } from '../../channels/outbox-senders.js';
import { deliveryWorkers } from '../../services/reminder-scheduler.js';
import { reminderTick } from '../../services/reminders.js';
import type { CliContext } from '../context.js';
import { formatTable } from '../table.js';

export interface RemindOptions {
  at?: Date;
  dryRun?: boolean;
  json?: boolean;
  org?: string;
}

/** `remind` */
export async function runRemind(ctx: CliContext, options: RemindOptions): Promise<void> {
  const { t } = ctx.i18n;
  const database = await ctx.database();
  const { served, workers } = deliveryWorkers({
    database,
    senders: createOutboxSenders(ctx.config, ctx.i18n),
    logger: ctx.logger,
  });
  const result = await reminderTick(database.db, {
    at: options.at ?? ctx.now(),
    timeZone: ctx.config.timeZone,
    officeHours: ctx.config.officeHours,
    // Without a token the reminders are still planned (and shown), addressed to any linked chat.
    served: served.length > 0 ? served : ['telegram', 'zalo'],
    preference: ctx.config.reminderChannel,
    defaultLocale: ctx.config.locale,
    dryRun: options.dryRun ?? false,
    organizationCode: options.org,
  });
  const render = (payload: (typeof result.messages)[number]['payload']) =>
    payload.lines.map((line) => ctx.i18n.render(line)).join('\n');
  if (options.json) {
    const messages = result.messages.map(({ payload, ...message }) => ({
      ...message,
      text: render(payload),
    }));
    ctx.io.out(JSON.stringify({ ...result, dryRun: options.dryRun ?? false, messages }, null, 2));
    return;
  }
  if (result.messages.length === 0) {
    ctx.io.out(t('cli:remind.none'));
    return;
  }
  ctx.io.out(
    formatTable([
      ['official', 'period', 'step', 'missing', 'channel'].map((c) => t(`cli:remind.col.${c}`)),
      ...result.messages.map((m) => [
        m.official.code,
        m.period,
        m.step,
        m.missing.join(', '),
        m.channel ?? t('cli:remind.no_chat'),
      ]),
    ]),
  );
  if (options.dryRun) {
    ctx.io.out(t('cli:remind.dry_run_done', { count: result.messages.length }));
    return;
  }
  ctx.io.out(t('cli:remind.queued', { queued: result.queued, duplicates: result.duplicates }));
  // With a channel configured, send what is due in the queue now (what the bot's worker would do).
  let sent = 0;
  for (const worker of workers) sent += (await worker.runOnce()).sent;
  if (workers.length > 0) ctx.io.out(t('cli:remind.sent', { sent }));
}
