import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Logger } from '../../logger.js';
import type { Metrics } from '../../metrics.js';
import type { Webhooks, WebhookSlot } from '../../webhooks.js';
import { createRefusalLog, type Refusal, type RefusalLog } from '../refusal-log.js';

/**
 * The platforms' webhooks on the one HTTP server (src/webhooks.ts says who attaches what). A request is
 * checked in the order that costs least: the secret header before the body is read, then the JSON, then
 * the channel stores the update (the durable inbox) and only then is it answered 200. A store that
 * failed answers 503: the platform delivers the update again.
 *
 * The pages' protections are not for the platforms: no rate limit (Telegram alone sends a busy bot
 * hundreds of updates a minute, all from a few addresses, and would be answered 429 and slowed down), no
 * CSP or other page headers (a platform reads none of them), and bodies read as text whatever their
 * content type, so that a platform's header is never a reason to lose an update.
 */

/** Larger than any update a platform sends; a body past it is refused before it is all read. */
export const MAX_WEBHOOK_BODY = 1024 * 1024;

// Both sides hashed to the same length, so that timingSafeEqual neither throws nor tells the length.
function sameSecret(given: string, expected: string): boolean {
  const digest = (text: string) => createHash('sha256').update(text, 'utf8').digest();
  return timingSafeEqual(digest(given), digest(expected));
}

export interface WebhookRouteDeps {
  webhooks: Webhooks;
  logger: Logger;
  metrics: Metrics;
}

export async function registerWebhookRoutes(app: FastifyInstance, deps: WebhookRouteDeps): Promise<void> {
  const { webhooks, metrics } = deps;
  if (webhooks.slots.length === 0) return;
  const logs = new Map(
    webhooks.slots.map((slot) => {
      const log = deps.logger.child({ channel: slot.name });
      return [slot.path, { log, refusals: createRefusalLog(log, slot.name, webhooks.refusalLogMs) }];
    }),
  );
  const logOf = (slot: WebhookSlot): { log: Logger; refusals: RefusalLog } =>
    logs.get(slot.path) as { log: Logger; refusals: RefusalLog };

  function send(reply: FastifyReply, slot: WebhookSlot, status: number, outcome: string): FastifyReply {
    metrics.webhookRequests.inc({ channel: slot.name, outcome });
    const endpoint = webhooks.find(slot.path);
    const { contentType, body } = endpoint?.answer(status) ?? { contentType: 'text/plain', body: '' };
    return reply.code(status).type(contentType).send(body);
  }

  function refuse(
    request: FastifyRequest,
    reply: FastifyReply,
    slot: WebhookSlot,
    status: number,
    reason: Refusal,
  ): FastifyReply {
    logOf(slot).refusals.refused(reason, request.ip);
    // What is left of the body is not read: the connection cannot carry another request.
    if (!request.raw.complete) reply.header('connection', 'close');
    return send(reply, slot, status, reason);
  }

  await app.register(async (scope) => {
    // The body is read as text whatever its content type, and parsed here (a bad one is a counted 400).
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser(
      '*',
      { parseAs: 'string', bodyLimit: MAX_WEBHOOK_BODY },
      (_request, body, done) => done(null, body),
    );
    scope.addHook('onClose', async () => {
      for (const { refusals } of logs.values()) refusals.flush();
    });
    // A body too large, cut short or of a broken length: the client's fault, a counted refusal, no stack.
    scope.setErrorHandler(async (error: FastifyError, request, reply) => {
      const slot = webhooks.slots.find((s) => s.path === request.routeOptions.url);
      const status = error.statusCode !== undefined && error.statusCode < 500 ? error.statusCode : 500;
      if (!slot) return reply.code(status).send();
      if (status >= 500) {
        logOf(slot).log.error({ err: error }, `${slot.name}: webhook request failed`);
        return send(reply, slot, 500, 'failed');
      }
      return refuse(request, reply, slot, status, status === 413 ? 'too_large' : 'malformed');
    });
    for (const slot of webhooks.slots) registerSlot(scope, slot);
  });

  function registerSlot(scope: FastifyInstance, slot: WebhookSlot): void {
    /** Before the body is read: is anyone taking updates here, and is the request the platform's? */
    async function admit(request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply | undefined> {
      const endpoint = webhooks.find(slot.path);
      // Not started yet, or stopped: the platform delivers again later.
      if (!endpoint) return send(reply, slot, 503, 'unavailable');
      const header = request.headers[endpoint.secretHeader];
      if (typeof header !== 'string' || !sameSecret(header, endpoint.secret))
        return refuse(request, reply, slot, 401, 'secret');
      if (!endpoint.accepting()) return send(reply, slot, 503, 'unavailable');
      return undefined;
    }

    async function handle(request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> {
      const endpoint = webhooks.find(slot.path);
      if (!endpoint) return send(reply, slot, 503, 'unavailable');
      let parsed: unknown;
      try {
        parsed = JSON.parse(typeof request.body === 'string' ? request.body : '');
      } catch {
        return refuse(request, reply, slot, 400, 'malformed');
      }
      if (!endpoint.isBody(parsed)) return refuse(request, reply, slot, 400, 'malformed');
      try {
        await endpoint.receive(parsed);
      } catch {
        // Not stored: not acknowledged either. Counted like the refusals (a database down must not flood
        // the log); the channel logged why at debug level, its secrets redacted.
        logOf(slot).refusals.refused('not_stored', request.ip);
        return send(reply, slot, 503, 'not_stored');
      }
      return send(reply, slot, 200, 'stored');
    }

    scope.post(
      slot.path,
      { helmet: false, config: { rateLimit: false }, bodyLimit: MAX_WEBHOOK_BODY, onRequest: admit },
      handle,
    );
  }
}
