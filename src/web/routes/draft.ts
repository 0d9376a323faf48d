import type { FastifyInstance } from 'fastify';
import { requireSession, sendPage, type WebContext } from '../context.js';

/** The plan review's place: the page itself is not built yet, the chat and the YAML file remain. */
export function registerDraftRoutes(app: FastifyInstance, ctx: WebContext): void {
  app.get('/draft', async (request, reply) => {
    const session = await requireSession(ctx, request, reply, 'draft');
    if (!session) return reply;
    return sendPage(ctx, reply, 'draft', session.locale, {
      title: ctx.i18n.forLocale(session.locale)('web:draft.title'),
      official: session.official,
    });
  });
}
