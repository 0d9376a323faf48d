import type { FastifyReply } from 'fastify';
import type { ApprovalAction } from '../../domain/approval/index.js';
import type { Message } from '../../domain/message.js';
import { STATUSES } from '../../domain/progress/index.js';
import { approvalLine, categoriesOf } from '../../reports/progress-view.js';
import { dashboardApproval } from '../../services/web-approval.js';
import { loadDashboard } from '../../services/web-dashboard.js';
import { sendPage, type Session, type WebContext } from '../context.js';

/** The dashboard's page, shown by its GET and again by a refused approval step with the reason. */

export const DASHBOARD_QUERY = {
  type: 'object',
  properties: {
    campaign: { type: 'string', maxLength: 64 },
    reminded: { type: 'string', enum: ['queued', 'already', 'no_chat', 'nothing_missing'] },
    approval: { type: 'string', enum: ['check', 'approve', 'return', 'reopen'] },
    count: { type: 'integer', minimum: 0, maximum: 10_000 },
    unreachable: { type: 'string', maxLength: 500, pattern: '^[A-Za-z0-9_.,-]*$' },
  },
} as const;

export type DashboardQuery = {
  campaign?: string;
  reminded?: string;
  approval?: ApprovalAction;
  count?: number;
  unreachable?: string;
};

export interface DashboardExtras {
  reminded?: string | null;
  /** a step just taken (after its redirect) */
  approvalDone?: { action: ApprovalAction; count: number; unreachable: string } | null;
  /** a step refused, with what was typed */
  approvalProblem?: { message: Message; note: string } | null;
}

export function chartOptions(ctx: WebContext, locale: 'vi' | 'en') {
  return { i18n: ctx.i18n, locale, timeZone: ctx.config.timeZone };
}

export async function renderDashboard(
  ctx: WebContext,
  reply: FastifyReply,
  session: Session,
  campaign: string | undefined,
  extras: DashboardExtras,
) {
  const dashboard = await loadDashboard(ctx.database.db, session.official.organizationId, {
    now: ctx.now(),
    timeZone: ctx.config.timeZone,
    campaignCode: campaign,
  });
  const data = dashboard.data;
  const [approval, chartPages] = data
    ? await Promise.all([
        dashboardApproval(ctx.database.db, session.official, data),
        // The chart's pictures, one <img> each; the renderer is loaded for the count as the pictures will need it.
        import('../../reports/progress-chart.js').then((chart) =>
          chart.progressChartPageCount(data, chartOptions(ctx, session.locale)),
        ),
      ])
    : [null, 0];
  return sendPage(ctx, reply, 'dashboard', session.locale, {
    title: ctx.i18n.forLocale(session.locale)('web:dashboard.title'),
    official: session.official,
    csrf: session.csrf,
    campaigns: dashboard.campaigns,
    data,
    categories: data ? categoriesOf(data) : [],
    statuses: STATUSES,
    reminded: extras.reminded ?? null,
    canRemind: ctx.served.length > 0,
    chartPages,
    approval,
    approvalLine: approval ? approvalLine(approval, ctx.config.timeZone) : null,
    approvalDone: extras.approvalDone ?? null,
    approvalProblem: extras.approvalProblem ?? null,
  });
}
