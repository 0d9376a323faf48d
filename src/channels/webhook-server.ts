import { createHash, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Logger } from '../logger.js';
import type { ErrorDescriber } from './describe-error.js';

/**
 * The HTTP server a channel receives its webhook on: one path, one secret header, JSON bodies. What a
 * platform sends is checked here (path, method, secret, size, JSON); what it means is the adapter's.
 */

/** Larger than any update a platform sends; a body past it is refused before it is all read. */
const MAX_WEBHOOK_BODY = 1024 * 1024;
/** How long connections still open at close may finish their request before they are cut. */
const CLOSE_GRACE_MS = 2000;
/** Behind the TLS proxy on the same machine: nothing else should reach the webhook directly. */
export const DEFAULT_WEBHOOK_HOST = '127.0.0.1';
/** At most one log line per this long about refused requests (a scan or a flood must not fill the disk). */
const REFUSAL_LOG_MS = 60_000;

/** Why a request was refused, as counted in the log. */
export type Refusal = 'path' | 'method' | 'secret' | 'malformed' | 'too_large' | 'not_stored';

export interface WebhookAnswer {
  contentType: string;
  body: string;
}

export interface WebhookServerOptions<T> {
  /** The webhook as configured: the path of `url` is served, on `port` at `host` (default 127.0.0.1). */
  webhook: { url: string; secret: string; port: number; host?: string };
  /** The header the platform puts the secret in, lower-case (Node's `req.headers`). */
  secretHeader: string;
  /** The channel's name, first word of every log message ("telegram"). */
  name: string;
  log: Logger;
  describeError: ErrorDescriber;
  /** Whether an authentic request is taken now; if not, 503, so that the platform delivers it again later. */
  accepting: () => boolean;
  /** Whether a parsed body is one the adapter reads; if not, 400. */
  isBody: (value: unknown) => value is T;
  /**
   * Called with each accepted body before it is answered: it stores the update (the durable inbox),
   * and the 200 follows once it settles; a rejection answers 503, so that the platform delivers it again.
   */
  onBody: (body: T) => Promise<void> | void;
  /** The answer's content, in the form the platform expects. */
  answer: (status: number) => WebhookAnswer;
  /** At most one line about refused requests per this long, in ms (default one minute). */
  refusalLogMs?: number;
}

export interface WebhookServer {
  /** Stops accepting, lets open requests finish for a moment, then cuts what is left. */
  close(): Promise<void>;
}

// Both sides hashed to the same length, so that timingSafeEqual neither throws nor tells the length.
function digest(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest();
}

/**
 * Refused requests, logged at a bounded rate: the first at once (warn), those that follow within
 * `intervalMs` counted and told in one summary line at the end of the interval.
 */
export function createRefusalLog(
  log: Logger,
  name: string,
  intervalMs: number,
): { refused(reason: Refusal, remote: string | undefined): void; flush(): void } {
  let lastLoggedAt = -Infinity;
  let counts: Partial<Record<Refusal, number>> = {};
  let pending = 0;
  let timer: NodeJS.Timeout | undefined;

  function flush(): void {
    clearTimeout(timer);
    timer = undefined;
    if (pending === 0) return;
    log.warn({ refused: pending, reasons: counts }, `${name}: webhook requests refused (summary)`);
    lastLoggedAt = performance.now();
    counts = {};
    pending = 0;
  }

  return {
    refused(reason, remote) {
      const now = performance.now();
      if (pending === 0 && now - lastLoggedAt >= intervalMs) {
        lastLoggedAt = now;
        log.warn({ reason, remote }, `${name}: webhook request refused (more within a minute are counted)`);
        return;
      }
      counts[reason] = (counts[reason] ?? 0) + 1;
      pending += 1;
      if (!timer) {
        timer = setTimeout(flush, Math.max(0, lastLoggedAt + intervalMs - now));
        timer.unref();
      }
    },
    flush,
  };
}

async function readBody(req: IncomingMessage): Promise<string | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > MAX_WEBHOOK_BODY) return null;
    chunks.push(buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** The path of a request target, or null when it is not one (a malformed request line). */
function pathOf(target: string | undefined): string | null {
  try {
    return new URL(target ?? '/', 'http://webhook').pathname;
  } catch {
    return null;
  }
}

/** Starts listening; rejects if the port cannot be had. */
export async function startWebhookServer<T>(options: WebhookServerOptions<T>): Promise<WebhookServer> {
  const { webhook, name, log, describeError } = options;
  const path = new URL(webhook.url).pathname;
  const host = webhook.host ?? DEFAULT_WEBHOOK_HOST;
  const secret = digest(webhook.secret);
  const refusals = createRefusalLog(log, name, options.refusalLogMs ?? REFUSAL_LOG_MS);

  function answer(res: ServerResponse, status: number): void {
    const { contentType, body } = options.answer(status);
    res.writeHead(status, { 'content-type': contentType }).end(body);
  }

  function refuse(req: IncomingMessage, res: ServerResponse, status: number, reason: Refusal): void {
    // The socket is gone once an oversized body was cut short.
    refusals.refused(reason, (req.socket as IncomingMessage['socket'] | null)?.remoteAddress);
    // What is left of the body is not read: the connection cannot carry another request.
    if (!req.complete) {
      res.setHeader('connection', 'close');
      req.resume();
    }
    answer(res, status);
  }

  async function onRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const requested = pathOf(req.url);
    if (requested === null) return refuse(req, res, 400, 'malformed');
    if (requested !== path) return refuse(req, res, 404, 'path');
    if (req.method !== 'POST') return refuse(req, res, 405, 'method');
    const header = req.headers[options.secretHeader];
    if (typeof header !== 'string' || !timingSafeEqual(digest(header), secret))
      return refuse(req, res, 401, 'secret');
    // The platform retries what it could not deliver: better than accepting what will not be processed.
    if (!options.accepting()) return answer(res, 503);
    let body: string | null;
    try {
      body = await readBody(req);
    } catch {
      // The client went away or sent a broken body: nothing of ours failed.
      return refuse(req, res, 400, 'malformed');
    }
    if (body === null) return refuse(req, res, 413, 'too_large');
    let parsed: unknown;
    try {
      parsed = JSON.parse(body);
    } catch {
      return refuse(req, res, 400, 'malformed');
    }
    if (!options.isBody(parsed)) return refuse(req, res, 400, 'malformed');
    try {
      await options.onBody(parsed);
    } catch (error) {
      // Not stored: not acknowledged either. Counted like the refusals (a database down must not flood the log).
      refusals.refused('not_stored', (req.socket as IncomingMessage['socket'] | null)?.remoteAddress);
      log.debug({ err: describeError(error) }, `${name}: webhook update not stored`);
      return answer(res, 503);
    }
    answer(res, 200);
  }

  const server: Server = createServer((req, res) => {
    onRequest(req, res).catch((error: unknown) => {
      log.error({ err: describeError(error) }, `${name}: webhook request failed`);
      if (!res.headersSent) answer(res, 500);
    });
  });
  // A request Node's parser rejects (a malformed request line or header): a bare 400, counted, no stack.
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Duplex) => {
    if (error.code !== 'ECONNRESET') refusals.refused('malformed', undefined);
    if (socket.writable)
      socket.end('HTTP/1.1 400 Bad Request\r\nconnection: close\r\ncontent-length: 0\r\n\r\n');
    else socket.destroy();
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(webhook.port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  server.on('error', (error) => log.error({ err: describeError(error) }, `${name}: webhook server error`));
  log.info({ host, port: webhook.port, path }, `${name}: webhook server listening`);

  return {
    async close() {
      refusals.flush();
      await new Promise<void>((resolve) => {
        const force = setTimeout(() => server.closeAllConnections(), CLOSE_GRACE_MS);
        server.close(() => {
          clearTimeout(force);
          resolve();
        });
        server.closeIdleConnections();
      });
    },
  };
}
