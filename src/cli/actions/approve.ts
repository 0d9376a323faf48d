import { formatLocalDateTime } from '../../domain/calendar/index.js';
import type { ApprovalAction } from '../../domain/approval/index.js';
import { actOnApproval, approvalHistory } from '../../services/approval.js';
import type { CliContext } from '../context.js';
import { EXIT, Exit } from '../exit.js';
import { formatTable } from '../table.js';

export interface ApproveOptions {
  period: string;
  as?: string;
  action: ApprovalAction;
  note?: string;
  indicators?: string;
  history?: boolean;
  json?: boolean;
  org?: string;
  campaign?: string;
}

/** `approve`: a step of the period's approval, or with --history every step so far. */
export async function runApprove(ctx: CliContext, options: ApproveOptions): Promise<void> {
  const { t } = ctx.i18n;
  if (options.history) return showHistory(ctx, options);
  if (!options.as) {
    ctx.io.err(t('cli:error.missingMandatoryOptionValue', { detail: '--as <code>' }));
    throw new Exit(EXIT.usage);
  }
  await act(ctx, { ...options, as: options.as });
}

async function act(ctx: CliContext, options: ApproveOptions & { as: string }): Promise<void> {
  const { t } = ctx.i18n;
  const database = await ctx.database();
  const outcome = await actOnApproval(
    database.db,
    {
      organizationCode: options.org,
      campaignCode: options.campaign,
      periodKey: options.period,
      actorCode: options.as,
      action: options.action,
      note: options.note,
      indicatorCodes: options.indicators
        ?.split(',')
        .map((code) => code.trim())
        .filter(Boolean),
      today: ctx.today(),
    },
    {
      // The delivery worker of the running bot sends them, on the chats it serves.
      served: ['telegram', 'zalo'],
      preference: ctx.config.reminderChannel,
      defaultLocale: ctx.config.locale,
      now: ctx.now(),
    },
  );
  const period = ctx.i18n.render(outcome.period.name);
  ctx.io.out(t(`approval:done.${options.action}`, { period, count: outcome.returned.length }));
  if (outcome.state !== 'returned') return;
  const { notices } = outcome;
  ctx.io.out(t('approval:cli.notified', { count: notices.queued }));
  if (notices.unreachable.length > 0)
    ctx.io.out(t('approval:cli.unreachable', { codes: notices.unreachable.join(', ') }));
}

async function showHistory(ctx: CliContext, options: ApproveOptions): Promise<void> {
  const { t } = ctx.i18n;
  const { db } = await ctx.database();
  const steps = await approvalHistory(db, {
    organizationCode: options.org,
    campaignCode: options.campaign,
    periodKey: options.period,
    today: ctx.today(),
  });
  if (options.json) {
    ctx.io.out(JSON.stringify(steps, null, 2));
    return;
  }
  if (steps.length === 0) {
    ctx.io.out(t('approval:history.empty'));
    return;
  }
  ctx.io.out(
    formatTable([
      ['at', 'action', 'state', 'actor', 'note', 'indicators'].map((c) => t(`approval:history.col.${c}`)),
      ...steps.map((s) => [
        formatLocalDateTime(s.at, ctx.config.timeZone),
        t(`approval:history.action.${s.action}`),
        t(`approval:state.${s.state}`),
        s.actor ?? '',
        s.note ?? '',
        s.indicators.join(', '),
      ]),
    ]),
  );
}
