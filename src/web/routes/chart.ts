import type { FastifyInstance } from 'fastify';
import { loadDashboard } from '../../services/web-dashboard.js';
import { resolveChartImageToken } from '../../services/web-links.js';
import { pageLocale, type WebContext } from '../context.js';
import { CHART_PAGE_QUERY, sendChart } from './dashboard.js';

/**
 * The chart at a URL that needs no session (`createChartImageToken`): what a platform that sends
 * pictures by URL (Zalo's sendPhoto) fetches. The token names the chairman; the picture is of their
 * organization's running plan, at the time it is fetched; `?page=N` is page N of a chart too long for
 * one picture (the same token serves every page, and nothing but the chart).
 */
export function registerChartRoutes(app: FastifyInstance, ctx: WebContext): void {
  app.get<{ Params: { file: string }; Querystring: { page?: number } }>(
    '/chart/:file',
    {
      schema: {
        params: { type: 'object', properties: { file: { type: 'string', maxLength: 80 } } },
        querystring: CHART_PAGE_QUERY,
      },
    },
    async (request, reply) => {
      const token = /^([A-Za-z0-9_-]{43})\.png$/.exec(request.params.file)?.[1];
      const official = token ? await resolveChartImageToken(ctx.database.db, token, ctx.now()) : null;
      if (!official) return reply.code(404).send({ error: 'not_found' });
      const { data } = await loadDashboard(ctx.database.db, official.organizationId, {
        now: ctx.now(),
        timeZone: ctx.config.timeZone,
      });
      if (!data) return reply.code(404).send({ error: 'not_found' });
      return sendChart(ctx, reply, data, pageLocale(ctx, official), request.query.page ?? 1);
    },
  );
}
