import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { indicatorAnswers, loadDashboard, remindNow } from '../../services/web-dashboard.js';
import type { ProgressReportData } from '../../services/progress.js';
import { verifyCsrf } from '../csrf.js';
import { sendSpreadsheet } from '../spreadsheet.js';
import { requireSession, sendPage, type Session, type WebContext } from '../context.js';
import { registerApprovalStep } from './dashboard-approval.js';
import { chartOptions, DASHBOARD_QUERY, renderDashboard, type DashboardQuery } from './dashboard-page.js';

const CAMPAIGN_QUERY = {
  type: 'object',
  properties: {
    campaign: { type: 'string', maxLength: 64 },
    reminded: { type: 'string', enum: ['queued', 'already', 'no_chat', 'nothing_missing'] },
  },
} as const;

type CampaignQuery = { campaign?: string; reminded?: string };

/** A page of the chart (from 1): a long chart is several pictures. */
export const CHART_PAGE_QUERY = {
  type: 'object',
  properties: { page: { type: 'integer', minimum: 1, maximum: 100, default: 1 } },
} as const;

type ChartQuery = CampaignQuery & { page?: number };

async function dashboardOf(ctx: WebContext, session: Session, campaign: string | undefined) {
  return loadDashboard(ctx.database.db, session.official.organizationId, {
    now: ctx.now(),
    timeZone: ctx.config.timeZone,
    campaignCode: campaign,
  });
}

/**
 * What every dashboard request but the overview needs: its session and the plan it is about. Null once
 * the request has been answered: no valid session ("expired"), or no such plan in the session's
 * organization (404).
 */
async function dashboardRequest(
  ctx: WebContext,
  request: FastifyRequest,
  reply: FastifyReply,
  campaign: string | undefined,
): Promise<{ session: Session; data: ProgressReportData } | null> {
  const session = await requireSession(ctx, request, reply, 'dashboard');
  if (!session) return null;
  const { data } = await dashboardOf(ctx, session, campaign);
  if (!data) {
    reply.callNotFound();
    return null;
  }
  return { session, data };
}

export function registerDashboardRoutes(app: FastifyInstance, ctx: WebContext): void {
  registerDashboardPages(app, ctx);
  registerDashboardFiles(app, ctx);
  registerRemindNow(app, ctx);
  registerApprovalStep(app, ctx);
}

/** The overview and the drill-down to one indicator. */
function registerDashboardPages(app: FastifyInstance, ctx: WebContext): void {
  app.get<{ Querystring: DashboardQuery }>(
    '/dashboard',
    { schema: { querystring: DASHBOARD_QUERY } },
    async (request, reply) => {
      const session = await requireSession(ctx, request, reply, 'dashboard');
      if (!session) return reply;
      const { approval, count, unreachable } = request.query;
      return renderDashboard(ctx, reply, session, request.query.campaign, {
        reminded: request.query.reminded ?? null,
        approvalDone: approval
          ? { action: approval, count: count ?? 0, unreachable: unreachable ?? '' }
          : null,
      });
    },
  );

  app.get<{ Params: { code: string }; Querystring: CampaignQuery }>(
    '/dashboard/indicator/:code',
    {
      schema: {
        params: { type: 'object', properties: { code: { type: 'string', maxLength: 64 } } },
        querystring: CAMPAIGN_QUERY,
      },
    },
    async (request, reply) => {
      const found = await dashboardRequest(ctx, request, reply, request.query.campaign);
      if (!found) return reply;
      const { session, data } = found;
      const indicator = data.progress.indicators.find((i) => i.code === request.params.code);
      const answers = indicator
        ? await indicatorAnswers(
            ctx.database.db,
            session.official.organizationId,
            data.campaign.code,
            indicator.code,
          )
        : null;
      if (!indicator || !answers) return reply.callNotFound();
      return sendPage(ctx, reply, 'indicator', session.locale, {
        title: `${indicator.code} — ${indicator.name}`,
        official: session.official,
        data,
        indicator,
        answers,
      });
    },
  );
}

/** The chart and the Excel report of the overview. */
function registerDashboardFiles(app: FastifyInstance, ctx: WebContext): void {
  app.get<{ Querystring: ChartQuery }>(
    '/dashboard/chart.png',
    {
      schema: {
        querystring: {
          ...CAMPAIGN_QUERY,
          properties: { ...CAMPAIGN_QUERY.properties, ...CHART_PAGE_QUERY.properties },
        },
      },
    },
    async (request, reply) => {
      const found = await dashboardRequest(ctx, request, reply, request.query.campaign);
      if (!found) return reply;
      const { session, data } = found;
      return sendChart(ctx, reply, data, session.locale, request.query.page ?? 1);
    },
  );

  app.get<{ Querystring: CampaignQuery }>(
    '/dashboard/report.xlsx',
    { schema: { querystring: CAMPAIGN_QUERY } },
    async (request, reply) => {
      const found = await dashboardRequest(ctx, request, reply, request.query.campaign);
      if (!found) return reply;
      const { session, data } = found;
      return sendSpreadsheet(ctx, reply, data, session.locale);
    },
  );
}

/** "Nhắc ngay": one late official reminded now, through the delivery queue. */
function registerRemindNow(app: FastifyInstance, ctx: WebContext): void {
  app.post<{ Body: { _csrf: string; official: string; campaign?: string } }>(
    '/dashboard/remind',
    {
      schema: {
        body: {
          type: 'object',
          required: ['_csrf', 'official'],
          properties: {
            _csrf: { type: 'string', maxLength: 100 },
            official: { type: 'string', maxLength: 64 },
            campaign: { type: 'string', maxLength: 64 },
          },
        },
      },
    },
    async (request, reply) => {
      const found = await dashboardRequest(ctx, request, reply, request.body.campaign);
      if (!found) return reply;
      const { session, data } = found;
      if (!verifyCsrf(ctx.secret, session.token, request.body._csrf))
        return sendPage(ctx, reply.code(403), 'error', session.locale, {
          title: ctx.i18n.t('web:error.csrf'),
          message: 'web:error.csrf',
        });
      const outcome = await remindNow(ctx.database.db, {
        organizationId: session.official.organizationId,
        data,
        officialCode: request.body.official,
        now: ctx.now(),
        timeZone: ctx.config.timeZone,
        served: ctx.served,
        preference: ctx.config.reminderChannel,
        defaultLocale: ctx.config.locale,
      });
      const query = new URLSearchParams({ campaign: data.campaign.code, reminded: outcome });
      return reply.redirect(`/dashboard?${query.toString()}#late`, 303);
    },
  );
}

/**
 * A page of the chat's PNG chart, drawn for this request (the renderer is loaded on first use); not
 * found past the last page.
 */
export async function sendChart(
  ctx: WebContext,
  reply: FastifyReply,
  data: ProgressReportData,
  locale: 'vi' | 'en',
  page: number,
) {
  const { renderProgressChartPage } = await import('../../reports/progress-chart.js');
  const png = await renderProgressChartPage(data, chartOptions(ctx, locale), page);
  if (!png) return reply.code(404).send({ error: 'not_found' });
  return reply.header('cache-control', 'no-store').type('image/png').send(png);
}
