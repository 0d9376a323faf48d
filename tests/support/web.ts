import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { parseConfig, type Config } from '../../src/config.js';
import type { ChannelName } from '../../src/dialog/types.js';
import { createI18n } from '../../src/i18n.js';
import { createLogger } from '../../src/logger.js';
import { createMetrics } from '../../src/metrics.js';
import { createWebLink, type WebPurpose } from '../../src/services/web-links.js';
import type { Database } from '../../src/store/database.js';
import { createWebServer } from '../../src/web/server.js';

export const WEB_SECRET = 'test-web-secret-0123456789-abcdefghijklmnop';
export const TEST_BOT_TOKEN = '123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw';

export function webConfig(env: Record<string, string> = {}): Config {
  const parsed = parseConfig({ TIENDO_WEB_SECRET: WEB_SECRET, TIENDO_HTTP_PORT: '0', ...env });
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
  return parsed.config;
}

/** The web server on a test database, at a fixed instant. */
export async function createTestWebServer(
  database: Database,
  options: { now: () => Date; env?: Record<string, string>; served?: ChannelName[]; rateLimit?: number },
): Promise<FastifyInstance> {
  return createWebServer({
    database,
    config: webConfig(options.env),
    i18n: createI18n('vi'),
    logger: createLogger('silent'),
    metrics: createMetrics({ db: database.db }),
    now: options.now,
    served: options.served ?? [],
    rateLimit: options.rateLimit ?? 100_000,
    linkRateLimit: 100_000,
  });
}

/** "name=value" of every cookie a response sets, for the next request's Cookie header. */
export function cookiesOf(response: LightMyRequestResponse): string {
  const header = response.headers['set-cookie'];
  const all = header === undefined ? [] : Array.isArray(header) ? header : [header];
  return all.map((c) => c.split(';')[0]).join('; ');
}

/** A link for an official, opened: the session cookie of that purpose. */
export async function openSession(
  app: FastifyInstance,
  database: Database,
  input: { official: string; purpose: WebPurpose; organization?: string; now: Date; ttlHours?: number },
): Promise<string> {
  const link = await createWebLink(database.db, {
    organizationCode: input.organization ?? 'quang-trung',
    officialCode: input.official,
    purpose: input.purpose,
    now: input.now,
    ...(input.ttlHours ? { ttlHours: input.ttlHours } : {}),
  });
  const opened = await app.inject({ method: 'GET', url: link.path });
  if (opened.statusCode !== 303) throw new Error(`opening ${link.path}: ${opened.statusCode}`);
  return cookiesOf(opened);
}

/** The CSRF token a page carries in its forms. */
export function csrfOf(html: string): string {
  const match = /name="_csrf" value="([^"]+)"/.exec(html);
  if (!match?.[1]) throw new Error('no CSRF token in the page');
  return match[1];
}
