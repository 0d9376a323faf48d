import type { FastifyInstance } from 'fastify';
import {
  exchangeWebLink,
  isWebPurpose,
  officialForChatUser,
  openWebSession,
  resumeWebSession,
} from '../../services/web-links.js';
import {
  PAGE_OF,
  sendExpired,
  sendPage,
  sessionToken,
  setSessionCookie,
  type WebContext,
} from '../context.js';
import { checkInitData } from '../telegram-init-data.js';

/** Few tries per minute from one address: a token cannot be guessed, but trying costs nothing else. */
export const LINK_OPENS_PER_MINUTE = 30;

/**
 * The ways into a page: a link from the chat (exchanged once for a session cookie, then a redirect, so
 * the token leaves the address bar), and a Telegram Mini App (its signed initData for a session).
 */
export function registerLinkRoutes(
  app: FastifyInstance,
  ctx: WebContext,
  opensPerMinute = LINK_OPENS_PER_MINUTE,
): void {
  const LINK_RATE = { rateLimit: { max: opensPerMinute, timeWindow: '1 minute' } };
  app.get<{ Params: { token: string } }>(
    '/l/:token',
    {
      config: LINK_RATE,
      schema: { params: { type: 'object', properties: { token: { type: 'string', maxLength: 64 } } } },
    },
    async (request, reply) => {
      const { db } = ctx.database;
      const now = ctx.now();
      const outcome = await exchangeWebLink(db, request.params.token, now, ctx.config.web.linkTtlHours);
      reply.header('referrer-policy', 'no-referrer');
      if (outcome.status === 'opened') {
        setSessionCookie(ctx, reply, outcome.session.purpose, outcome.session);
        return reply.redirect(PAGE_OF[outcome.session.purpose], 303);
      }
      if (outcome.status === 'used') {
        // Tapped again in the same browser: its session still opens the page; anywhere else, nothing.
        const token = sessionToken(request, outcome.purpose);
        const official = token ? await resumeWebSession(db, token, outcome.purpose, now) : null;
        if (official?.id === outcome.officialId) return reply.redirect(PAGE_OF[outcome.purpose], 303);
      }
      return sendExpired(ctx, reply, 410);
    },
  );

  app.get<{ Params: { purpose: string } }>('/tg/:purpose', async (request, reply) => {
    if (!isWebPurpose(request.params.purpose)) return reply.callNotFound();
    return sendPage(ctx, reply, 'miniapp', ctx.config.locale, {
      title: ctx.i18n.t('web:miniapp.title'),
      purpose: request.params.purpose,
      scripts: ['/static/miniapp.js'],
    });
  });

  app.post<{ Body: { initData: string; purpose: string } }>(
    '/tg/session',
    {
      config: LINK_RATE,
      schema: {
        body: {
          type: 'object',
          required: ['initData', 'purpose'],
          properties: {
            initData: { type: 'string', maxLength: 8192 },
            purpose: { type: 'string', maxLength: 20 },
          },
        },
      },
    },
    async (request, reply) => {
      const { purpose, initData } = request.body;
      const botToken = ctx.config.telegram?.token;
      if (!botToken || !isWebPurpose(purpose)) return reply.code(404).send({ error: 'not_found' });
      const checked = checkInitData(initData, botToken, ctx.config.web.linkTtlHours * 3600);
      if (!checked.ok) return reply.code(401).send({ error: checked.reason });
      const { db } = ctx.database;
      const official = await officialForChatUser(db, 'telegram', checked.userId);
      const session = official
        ? await openWebSession(db, official.id, purpose, ctx.now(), ctx.config.web.linkTtlHours)
        : null;
      if (!session) return reply.code(403).send({ error: 'not_linked' });
      setSessionCookie(ctx, reply, purpose, session, true);
      return reply.send({ redirect: PAGE_OF[purpose] });
    },
  );
}
