import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Config } from '../config.js';
import type { ChannelName } from '../dialog/types.js';
import type { I18n, Locale } from '../i18n.js';
import type { Logger } from '../logger.js';
import type { Metrics } from '../metrics.js';
import { resumeWebSession, type WebOfficial, type WebPurpose } from '../services/web-links.js';
import type { Database } from '../store/database.js';
import { csrfToken } from './csrf.js';
import type { PageRenderer } from './render.js';

/** What every route is given: the services' dependencies, made once by createWebServer. */
export interface WebContext {
  database: Database;
  config: Config;
  i18n: I18n;
  logger: Logger;
  metrics: Metrics;
  pages: PageRenderer;
  now(): Date;
  /** signs the cookies and the CSRF tokens */
  secret: string;
  /** the chat channels this process sends on (where "Nhắc ngay" can reach an official) */
  served: readonly ChannelName[];
  /** whether the chat channels have started (GET /readyz) */
  channelsReady(): boolean;
}

export const SESSION_COOKIE: Record<WebPurpose, string> = {
  report: 'tiendo_report',
  dashboard: 'tiendo_dashboard',
  draft: 'tiendo_draft',
};

export const PAGE_OF: Record<WebPurpose, string> = {
  report: '/report',
  dashboard: '/dashboard',
  draft: '/draft',
};

export interface Session {
  official: WebOfficial;
  locale: Locale;
  /** the form's CSRF token for this session */
  csrf: string;
  /** the session's own token, which the CSRF token is bound to */
  token: string;
}

/**
 * The session cookie. `embedded`: a Telegram Mini App's session, whose page Telegram Web frames in an
 * iframe of another site, where only a `SameSite=None; Secure` cookie is sent (behind https; the forms'
 * CSRF tokens still guard every POST). A link's session stays `Lax`.
 */
export function setSessionCookie(
  ctx: WebContext,
  reply: FastifyReply,
  purpose: WebPurpose,
  session: { token: string },
  embedded = false,
): void {
  const secure = ctx.config.web.publicUrl?.startsWith('https://') ?? false;
  reply.setCookie(SESSION_COOKIE[purpose], session.token, {
    path: '/',
    httpOnly: true,
    sameSite: embedded && secure ? 'none' : 'lax',
    secure: ctx.config.web.publicUrl !== null,
    signed: true,
    // No Expires: the server's clock decides (session.expiresAt, stored), not the phone's.
  });
}

/** The session token a request carries for a purpose, when its signature holds. */
export function sessionToken(request: FastifyRequest, purpose: WebPurpose): string | null {
  const raw = request.cookies[SESSION_COOKIE[purpose]];
  if (!raw) return null;
  const unsigned = request.unsignCookie(raw);
  return unsigned.valid && unsigned.value ? unsigned.value : null;
}

export function pageLocale(ctx: WebContext, official: WebOfficial | null): Locale {
  return official?.locale ?? ctx.config.locale;
}

/** A page that says only that the link is no longer valid (401: no session; 410: a link that is over). */
export function sendExpired(
  ctx: WebContext,
  reply: FastifyReply,
  status: 401 | 410 = 401,
  locale: Locale = ctx.config.locale,
) {
  return sendPage(ctx, reply.code(status), 'expired', locale, {
    title: ctx.i18n.forLocale(locale)('web:expired.title'),
  });
}

export function sendPage(
  ctx: WebContext,
  reply: FastifyReply,
  view: string,
  locale: Locale,
  data: Record<string, unknown>,
) {
  return reply
    .header('cache-control', 'no-store')
    .type('text/html; charset=utf-8')
    .send(ctx.pages.render(view, locale, data));
}

/** The session of a page, or null once the page has answered "expired". */
export async function requireSession(
  ctx: WebContext,
  request: FastifyRequest,
  reply: FastifyReply,
  purpose: WebPurpose,
): Promise<Session | null> {
  const token = sessionToken(request, purpose);
  const official = token ? await resumeWebSession(ctx.database.db, token, purpose, ctx.now()) : null;
  if (!token || !official) {
    await sendExpired(ctx, reply);
    return null;
  }
  return { official, locale: pageLocale(ctx, official), csrf: csrfToken(ctx.secret, token), token };
}
