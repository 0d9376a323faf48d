import { createHash, timingSafeEqual } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { STATIC_DIR } from '../paths.js';
import type { WebContext } from '../context.js';
import { sendPage } from '../context.js';

const STATIC_FILES: Record<string, string> = {
  'web.css': 'text/css; charset=utf-8',
  'miniapp.js': 'text/javascript; charset=utf-8',
  'report.js': 'text/javascript; charset=utf-8',
  'draft.css': 'text/css; charset=utf-8',
  'draft.js': 'text/javascript; charset=utf-8',
};

function sameSecret(given: string, expected: string): boolean {
  const digest = (text: string) => createHash('sha256').update(text).digest();
  return timingSafeEqual(digest(given), digest(expected));
}

/** Health, readiness, metrics, the static files and the home page. */
export function registerOpsRoutes(app: FastifyInstance, ctx: WebContext): void {
  app.get('/healthz', async () => ({ status: 'ok' }));

  app.get('/readyz', async (_request, reply) => {
    const database = await ctx.database.db.$queryRaw`SELECT 1`.then(
      () => true,
      () => false,
    );
    const channels = ctx.channelsReady();
    return reply
      .code(database && channels ? 200 : 503)
      .send({ status: database && channels ? 'ready' : 'not_ready', database, channels });
  });

  app.get('/metrics', async (request, reply) => {
    const token = ctx.config.web.metricsToken;
    if (token !== null) {
      const header = request.headers.authorization ?? '';
      if (!header.startsWith('Bearer ') || !sameSecret(header.slice(7), token))
        return reply.code(401).header('www-authenticate', 'Bearer').send({ error: 'unauthorized' });
    }
    return reply.type(ctx.metrics.registry.contentType).send(await ctx.metrics.registry.metrics());
  });

  // Read once, at registration: a handful of small files, no directory walk on a request.
  const files = new Map(
    Object.entries(STATIC_FILES).map(([name, type]) => [
      name,
      { type, body: readFileSync(join(STATIC_DIR, name)) },
    ]),
  );
  app.get<{ Params: { name: string } }>('/static/:name', async (request, reply) => {
    const file = files.get(request.params.name);
    if (!file) return reply.callNotFound();
    return reply.header('cache-control', 'public, max-age=3600').type(file.type).send(file.body);
  });

  // Browsers ask for it on every first visit; a 404 page in the log each time says nothing.
  app.get('/favicon.ico', async (_request, reply) => reply.code(204).send());

  app.get('/', async (_request, reply) =>
    sendPage(ctx, reply, 'home', ctx.config.locale, { title: ctx.i18n.t('web:home.title') }),
  );
}
