import type { FastifyInstance } from 'fastify';
import { createI18n } from '../../src/i18n.js';
import { createLogger, type Logger } from '../../src/logger.js';
import { createMetrics, type Metrics } from '../../src/metrics.js';
import type { Database } from '../../src/store/database.js';
import { createWebServer } from '../../src/web/server.js';
import { createWebhooks, type Webhooks, type WebhookSlot } from '../../src/webhooks.js';
import { webConfig } from './web.js';

/**
 * The one HTTP server of the bot (src/web/server.ts: pages, health, metrics and webhooks), listening on
 * 127.0.0.1 at a free port, for tests that drive a channel through its webhook as a platform would.
 * The slots are declared first, as `tiendo start` declares them from the configuration; the channel
 * attaches to `webhooks` when it starts.
 */
export interface WebhookHost {
  app: FastifyInstance;
  webhooks: Webhooks;
  metrics: Metrics;
  port: number;
  /** http://127.0.0.1:PORT + path */
  url(path: string): string;
  close(): Promise<void>;
}

export async function startWebhookHost(
  database: Database,
  options: {
    slots: WebhookSlot[];
    logger?: Logger;
    refusalLogMs?: number;
    /** where to listen (default 127.0.0.1, as TIENDO_HTTP_HOST's default) */
    host?: string;
    env?: Record<string, string>;
  },
): Promise<WebhookHost> {
  const webhooks = createWebhooks(
    options.slots,
    options.refusalLogMs === undefined ? {} : { refusalLogMs: options.refusalLogMs },
  );
  const config = webConfig({ ...(options.host ? { TIENDO_HTTP_HOST: options.host } : {}), ...options.env });
  const metrics = createMetrics({ db: database.db });
  const app = await createWebServer({
    database,
    config,
    i18n: createI18n('vi'),
    logger: options.logger ?? createLogger('silent'),
    metrics,
    webhooks,
  });
  await app.listen({ port: 0, host: config.web.host });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    app,
    webhooks,
    metrics,
    port,
    url: (path) => `http://127.0.0.1:${port}${path}`,
    close: () => app.close(),
  };
}

/** A port free on 127.0.0.1 now (for a bot process whose TIENDO_HTTP_PORT must stay the same across restarts). */
export async function freePort(): Promise<number> {
  const { createServer } = await import('node:net');
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}
