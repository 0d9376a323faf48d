import type { FastifyInstance } from 'fastify';
import { loadDashboard } from '../../services/web-dashboard.js';
import { resolveDownloadToken, type DownloadKind, type WebOfficial } from '../../services/web-links.js';
import { pageLocale, sendExpired, type WebContext } from '../context.js';
import { sendSpreadsheet } from '../spreadsheet.js';
import { CHART_PAGE_QUERY, sendChart } from './dashboard.js';

const FILE_PARAMS = {
  schema: { params: { type: 'object', properties: { file: { type: 'string', maxLength: 80 } } } },
};

/** The official a `/<kind>/<token>.<extension>` address was made for, while it is valid. */
async function downloader(
  ctx: WebContext,
  file: string,
  kind: DownloadKind,
  extension: string,
): Promise<WebOfficial | null> {
  const token = new RegExp(`^([A-Za-z0-9_-]{43})\\.${extension}$`).exec(file)?.[1];
  return token ? resolveDownloadToken(ctx.database.db, token, kind, ctx.now()) : null;
}

/**
 * Files at an address that needs no session, for a platform that fetches them by URL: the chart
 * (`createChartImageToken`, Zalo's sendPhoto) and the Excel report (a download link on a channel that
 * sends no files). The token names the chairman; the file is of their organization's running plan, at
 * the time it is fetched; `?page=N` is page N of a chart too long for one picture (the same token serves
 * every page, and nothing but the chart).
 */
export function registerChartRoutes(app: FastifyInstance, ctx: WebContext): void {
  app.get<{ Params: { file: string }; Querystring: { page?: number } }>(
    '/chart/:file',
    { schema: { ...FILE_PARAMS.schema, querystring: CHART_PAGE_QUERY } },
    async (request, reply) => {
      const official = await downloader(ctx, request.params.file, 'image', 'png');
      if (!official) return reply.code(404).send({ error: 'not_found' });
      const { data } = await loadDashboard(ctx.database.db, official.organizationId, {
        now: ctx.now(),
        timeZone: ctx.config.timeZone,
      });
      if (!data) return reply.code(404).send({ error: 'not_found' });
      return sendChart(ctx, reply, data, pageLocale(ctx, official), request.query.page ?? 1);
    },
  );

  // Opened by a person in a browser: an address that is over says to ask for a new one in the chat.
  app.get<{ Params: { file: string } }>('/xlsx/:file', FILE_PARAMS, async (request, reply) => {
    reply.header('referrer-policy', 'no-referrer');
    const official = await downloader(ctx, request.params.file, 'file', 'xlsx');
    if (!official) return sendExpired(ctx, reply, 410);
    const locale = pageLocale(ctx, official);
    const { data } = await loadDashboard(ctx.database.db, official.organizationId, {
      now: ctx.now(),
      timeZone: ctx.config.timeZone,
    });
    if (!data) return reply.callNotFound();
    return sendSpreadsheet(ctx, reply, data, locale);
  });
}
