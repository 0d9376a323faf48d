import { createHash, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
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

export interface WebhookAnswer {
  contentType: string;
  body: string;
}

export interface WebhookServerOptions<T> {
  /** The webhook as configured: the path of `url` is served, on `port`. */
  webhook: { url: string; secret: string; port: number };
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
  /** Called with each accepted body once it is answered 200: must not throw, must not wait. */
  onBody: (body: T) => void;
  /** The answer's content, in the form the platform expects. */
  answer: (status: number) => WebhookAnswer;
}

export interface WebhookServer {
  /** Stops accepting, lets open requests finish for a moment, then cuts what is left. */
  close(): Promise<void>;
}

// Both sides hashed to the same length, so that timingSafeEqual neither throws nor tells the length.
function digest(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest();
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

/** Starts listening; rejects if the port cannot be had. */
export async function startWebhookServer<T>(options: WebhookServerOptions<T>): Promise<WebhookServer> {
  const { webhook, name, log, describeError } = options;
  const path = new URL(webhook.url).pathname;
  const secret = digest(webhook.secret);

  function answer(res: ServerResponse, status: number): void {
    const { contentType, body } = options.answer(status);
    res.writeHead(status, { 'content-type': contentType }).end(body);
  }

  async function onRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://webhook');
    if (url.pathname !== path) return answer(res, 404);
    if (req.method !== 'POST') return answer(res, 405);
    const header = req.headers[options.secretHeader];
    if (typeof header !== 'string' || !timingSafeEqual(digest(header), secret)) {
      log.warn({ remote: req.socket.remoteAddress }, `${name}: webhook request without the right secret`);
      req.resume();
      return answer(res, 401);
    }
    // The platform retries what it could not deliver: better than accepting what will not be processed.
    if (!options.accepting()) return answer(res, 503);
    const body = await readBody(req);
    if (body === null) {
      // The rest of the body is not read: the connection cannot carry another request.
      res.setHeader('connection', 'close');
      return answer(res, 413);
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(body);
    } catch {
      return answer(res, 400);
    }
    if (!options.isBody(parsed)) return answer(res, 400);
    answer(res, 200);
    options.onBody(parsed);
  }

  const server: Server = createServer((req, res) => {
    onRequest(req, res).catch((error: unknown) => {
      log.error({ err: describeError(error) }, `${name}: webhook request failed`);
      if (!res.headersSent) answer(res, 500);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(webhook.port, () => {
      server.off('error', reject);
      resolve();
    });
  });
  server.on('error', (error) => log.error({ err: describeError(error) }, `${name}: webhook server error`));
  log.info({ port: webhook.port, path }, `${name}: webhook server listening`);

  return {
    async close() {
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
