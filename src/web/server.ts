import { randomBytes } from 'node:crypto';
import cookie from '@fastify/cookie';
import formbody from '@fastify/formbody';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { Config } from '../config.js';
import type { ChannelName } from '../dialog/types.js';
import type { I18n } from '../i18n.js';
import type { Logger } from '../logger.js';
import type { Metrics } from '../metrics.js';
import type { Database } from '../store/database.js';
import { createWebhooks, type Webhooks } from '../webhooks.js';
import { sendPage, type WebContext } from './context.js';
import { createPageRenderer } from './render.js';
import { registerChartRoutes } from './routes/chart.js';
import { registerDashboardRoutes } from './routes/dashboard.js';
import { registerDraftRoutes } from './routes/draft.js';
import { registerLinkRoutes } from './routes/links.js';
import { registerOpsRoutes } from './routes/ops.js';
import { registerReportRoutes } from './routes/report.js';
import { registerWebhookRoutes } from './routes/webhooks.js';

export interface WebServerDeps {
  database: Database;
  config: Config;
  i18n: I18n;
  logger: Logger;
  metrics: Metrics;
  now?: () => Date;
  served?: readonly ChannelName[];
  channelsReady?: () => boolean;
  /** requests a minute from one address (default 300) */
  rateLimit?: number;
  /** link openings a minute from one address (tests open hundreds) */
  linkRateLimit?: number;
  /** the chat platforms' webhook paths, served beside the pages (none by default) */
  webhooks?: Webhooks;
}

/** Where a Telegram Mini App may be framed from (Telegram Web); everything else may not frame the pages. */
const FRAME_ANCESTORS = ["'self'", 'https://web.telegram.org'];

/**
 * The one HTTP server of the process (Fastify): the quarter's form, the dashboard, the links that open
 * them, the operator's /healthz, /readyz and /metrics, and the Telegram and Zalo webhooks
 * (routes/webhooks.ts). Built here, listened on by the composition root.
 */
export async function createWebServer(deps: WebServerDeps): Promise<FastifyInstance> {
  const { config, i18n, logger } = deps;
  const webhooks = deps.webhooks ?? createWebhooks([]);
  // pino's Logger is a FastifyBaseLogger; typed as such so that the instance has fastify's default type.
  const webLogger: FastifyBaseLogger = logger.child({ component: 'web' });
  const app = Fastify({
    loggerInstance: webLogger,
    // Two lines a request would drown the bot's own logs; failures are logged by the error handler.
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: 256 * 1024,
    // Behind the operator's TLS proxy (a public address, or a webhook the platforms reach by https): the
    // client's address for the rate limit and the log.
    trustProxy: config.web.publicUrl !== null || webhooks.slots.length > 0,
  });
  const ctx: WebContext = {
    database: deps.database,
    config,
    i18n,
    logger,
    metrics: deps.metrics,
    pages: createPageRenderer(i18n, { timeZone: config.timeZone }),
    now: deps.now ?? (() => new Date()),
    // Without a configured secret the cookies are signed with one of this process: sessions end with it.
    secret: config.web.secret ?? randomBytes(32).toString('base64url'),
    served: deps.served ?? [],
    channelsReady: deps.channelsReady ?? (() => true),
  };
  await app.register(helmet, {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        formAction: ["'self'"],
        frameAncestors: FRAME_ANCESTORS,
        baseUri: ["'none'"],
        objectSrc: ["'none'"],
        connectSrc: ["'self'"],
      },
    },
    // The Mini App is framed by Telegram Web; the CSP above says by whom.
    xFrameOptions: false,
    referrerPolicy: { policy: 'same-origin' },
    strictTransportSecurity: config.web.publicUrl !== null,
  });
  await app.register(rateLimit, { max: deps.rateLimit ?? 300, timeWindow: '1 minute' });
  await app.register(cookie, { secret: ctx.secret });
  await app.register(formbody);

  app.addHook('onResponse', async (request, reply) => {
    const route = request.routeOptions.url ?? 'unmatched';
    ctx.metrics.webRequests.inc({ route, status: `${Math.floor(reply.statusCode / 100)}xx` });
  });
  app.setNotFoundHandler(async (_request, reply) =>
    sendPage(ctx, reply.code(404), 'error', config.locale, {
      title: i18n.t('web:error.not_found'),
      message: 'web:error.not_found',
    }),
  );
  app.setErrorHandler(async (error: { statusCode?: number; validation?: unknown }, request, reply) => {
    const status = error.statusCode !== undefined && error.statusCode < 500 ? error.statusCode : 500;
    if (status >= 500) request.log.error({ err: error }, 'web request failed');
    const message = error.validation
      ? 'web:error.bad_request'
      : status === 429
        ? 'web:error.too_many'
        : status < 500
          ? 'web:error.bad_request'
          : 'web:error.unexpected';
    return sendPage(ctx, reply.code(status), 'error', config.locale, { title: i18n.t(message), message });
  });

  await registerWebhookRoutes(app, { webhooks, logger, metrics: deps.metrics });
  registerOpsRoutes(app, ctx);
  registerLinkRoutes(app, ctx, deps.linkRateLimit);
  registerReportRoutes(app, ctx);
  registerDashboardRoutes(app, ctx);
  registerChartRoutes(app, ctx);
  registerDraftRoutes(app, ctx);
  return app;
}
