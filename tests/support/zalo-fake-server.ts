import { EventEmitter } from 'node:events';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A fake Zalo Bot Platform API on 127.0.0.1, written from the documented API:
 * `POST /bot<TOKEN>/<method>` with a JSON body, answered `{ ok, result }` or `{ ok: false, error_code,
 * description }`.
 * - getMe; getUpdates returns ONE queued update per call (wrapped in `result`, no offset) or, after
 *   `longPollMs` with nothing queued, error 408 (sent with HTTP 408, the strictest reading);
 * - setWebhook / deleteWebhook (recorded; while a webhook is set, getUpdates is refused);
 * - sendMessage refuses a text over 2000 characters (counted in code points) with error 400;
 *   sendPhoto takes a photo URL and a caption;
 * - every call is recorded with its token and body.
 * A test sends as a user (`user().text`, `.event`) and waits for the bot's messages to its chat.
 * Give each test file its own token and user ids.
 */

export const ZALO_TEXT_LIMIT = 2000;

export interface ZaloCall {
  token: string;
  method: string;
  body: Record<string, unknown>;
}

export interface ZaloBotMessage {
  messageId: string;
  chatId: string;
  kind: 'text' | 'photo';
  /** the text, or the caption of a photo */
  text: string;
  photo?: string;
}

export interface ZaloUser {
  readonly userId: string;
  /** queues a text message for getUpdates; returns its message_id */
  text(text: string, options?: { messageId?: string }): string;
  /** queues another event (`message.image.received`…) */
  event(eventName: string, options?: { messageId?: string }): string;
  /** the update a text would be, without queuing it (for webhook tests) */
  update(text: string, options?: { messageId?: string; eventName?: string }): Record<string, unknown>;
  waitForReplies(n: number, timeoutMs?: number): Promise<ZaloBotMessage[]>;
  quiet(ms: number): Promise<ZaloBotMessage[]>;
  messages(): ZaloBotMessage[];
}

export interface ZaloFakeServer {
  readonly apiRoot: string;
  calls(token: string, method?: string): ZaloCall[];
  /** the webhook a token has set, if any */
  webhook(token: string): { url: string; secret_token: string } | undefined;
  user(options: { token: string; userId: string; displayName?: string }): ZaloUser;
  /** queues a raw update (any shape) for getUpdates */
  queue(token: string, update: unknown): void;
  stop(): Promise<void>;
}

export async function startZaloFakeServer(options: { longPollMs?: number } = {}): Promise<ZaloFakeServer> {
  const longPollMs = options.longPollMs ?? 100;
  const calls: ZaloCall[] = [];
  const queues = new Map<string, unknown[]>();
  const webhooks = new Map<string, { url: string; secret_token: string }>();
  const sent = new Map<string, ZaloBotMessage[]>(); // by `${token} ${chatId}`
  const events = new EventEmitter();
  events.setMaxListeners(0);
  let nextId = 1;
  const waiting = new Set<() => void>();

  const queueOf = (token: string): unknown[] => {
    let q = queues.get(token);
    if (!q) queues.set(token, (q = []));
    return q;
  };

  function enqueue(token: string, update: unknown): void {
    queueOf(token).push(update);
    events.emit(`queued ${token}`);
  }

  async function takeUpdate(token: string): Promise<unknown> {
    const q = queueOf(token);
    if (q.length === 0) {
      await new Promise<void>((resolve) => {
        const done = (): void => {
          clearTimeout(timer);
          events.off(`queued ${token}`, done);
          waiting.delete(done);
          resolve();
        };
        const timer = setTimeout(done, longPollMs);
        events.on(`queued ${token}`, done);
        waiting.add(done);
      });
    }
    return q.shift();
  }

  function record(
    token: string,
    chatId: string,
    message: Omit<ZaloBotMessage, 'messageId' | 'chatId'>,
  ): ZaloBotMessage {
    const stored: ZaloBotMessage = { messageId: `bot-${nextId++}`, chatId, ...message };
    const key = `${token} ${chatId}`;
    sent.set(key, [...(sent.get(key) ?? []), stored]);
    events.emit(`sent ${key}`);
    return stored;
  }

  const ok = (result: unknown) => ({ status: 200, body: { ok: true, result } });
  const fail = (status: number, code: number, description: string) => ({
    status,
    body: { ok: false, error_code: code, description },
  });

  async function answer(
    token: string,
    method: string,
    body: Record<string, unknown>,
  ): Promise<{ status: number; body: unknown }> {
    switch (method) {
      case 'getMe':
        return ok({
          id: token.split(':')[0] ?? token,
          account_name: 'tiendo_test_bot',
          account_type: 'BASIC',
          can_join_groups: false,
        });
      case 'getUpdates': {
        if (webhooks.has(token)) return fail(400, 400, 'webhook is set; getUpdates is not available');
        const update = await takeUpdate(token);
        return update === undefined ? fail(408, 408, 'Request timeout') : ok(update);
      }
      case 'setWebhook': {
        if (typeof body.url !== 'string' || typeof body.secret_token !== 'string')
          return fail(400, 400, 'url and secret_token are required');
        webhooks.set(token, { url: body.url, secret_token: body.secret_token });
        return ok({ url: body.url, updated_at: Date.now() });
      }
      case 'deleteWebhook':
        webhooks.delete(token);
        return ok({ url: '', updated_at: Date.now() });
      case 'sendMessage': {
        const chatId = body.chat_id;
        const text = body.text;
        if (
          (typeof chatId !== 'string' && typeof chatId !== 'number') ||
          typeof text !== 'string' ||
          text === ''
        ) {
          return fail(400, 400, 'chat_id and text are required');
        }
        if ([...text].length > ZALO_TEXT_LIMIT)
          return fail(400, 400, `text must be at most ${ZALO_TEXT_LIMIT} characters`);
        const stored = record(token, String(chatId), { kind: 'text', text });
        return ok({ message_id: stored.messageId, date: Date.now() });
      }
      case 'sendPhoto': {
        const chatId = body.chat_id;
        if (
          (typeof chatId !== 'string' && typeof chatId !== 'number') ||
          typeof body.photo !== 'string' ||
          !/^https?:\/\//.test(body.photo)
        ) {
          return fail(400, 400, 'chat_id and a photo URL are required');
        }
        const caption = typeof body.caption === 'string' ? body.caption : '';
        const stored = record(token, String(chatId), { kind: 'photo', text: caption, photo: body.photo });
        return ok({ message_id: stored.messageId, date: Date.now() });
      }
      default:
        return fail(404, 404, `unknown method ${method}`);
    }
  }

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    void (async () => {
      const match = /^\/bot([^/]+)\/([A-Za-z]+)$/.exec(new URL(req.url ?? '/', 'http://zalo').pathname);
      const raw = await readAll(req);
      if (!match || req.method !== 'POST')
        return send(res, 404, { ok: false, error_code: 404, description: 'not found' });
      const [, token = '', method = ''] = match;
      let body: Record<string, unknown>;
      try {
        body = raw === '' ? {} : (JSON.parse(raw) as Record<string, unknown>);
      } catch {
        return send(res, 400, { ok: false, error_code: 400, description: 'invalid JSON' });
      }
      calls.push({ token, method, body });
      const { status, body: reply } = await answer(token, method, body);
      send(res, status, reply);
    })().catch((error: unknown) =>
      send(res, 500, { ok: false, error_code: 500, description: String(error) }),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  const messagesOf = (token: string, chatId: string): ZaloBotMessage[] =>
    sent.get(`${token} ${chatId}`) ?? [];

  function user(opts: { token: string; userId: string; displayName?: string }): ZaloUser {
    let cursor = 0;
    const take = (n: number): ZaloBotMessage[] => {
      const taken = messagesOf(opts.token, opts.userId).slice(cursor, cursor + n);
      cursor += taken.length;
      return taken;
    };
    const update = (
      text: string | undefined,
      o: { messageId?: string; eventName?: string } = {},
    ): Record<string, unknown> => ({
      event_name: o.eventName ?? 'message.text.received',
      message: {
        message_id: o.messageId ?? `m-${opts.userId}-${nextId++}`,
        from: { id: opts.userId, display_name: opts.displayName ?? `User ${opts.userId}`, is_bot: false },
        chat: { id: opts.userId, chat_type: 'PRIVATE' },
        date: Date.now(),
        ...(text !== undefined ? { text } : {}),
      },
    });
    return {
      userId: opts.userId,
      text(text, o = {}) {
        const u = update(text, o);
        enqueue(opts.token, u);
        return (u.message as { message_id: string }).message_id;
      },
      event(eventName, o = {}) {
        const u = update(undefined, { ...o, eventName });
        enqueue(opts.token, u);
        return (u.message as { message_id: string }).message_id;
      },
      update: (text, o) => update(text, o),
      waitForReplies(n, timeoutMs = 30_000) {
        const key = `sent ${opts.token} ${opts.userId}`;
        return new Promise((resolve, reject) => {
          const check = (): void => {
            if (messagesOf(opts.token, opts.userId).length < cursor + n) return;
            cleanup();
            resolve(take(n));
          };
          const timer = setTimeout(() => {
            cleanup();
            const got = messagesOf(opts.token, opts.userId).slice(cursor);
            reject(
              new Error(
                `chat ${opts.userId}: expected ${n} replies within ${timeoutMs} ms, got ${got.length}: ${JSON.stringify(got.map((m) => m.text))}`,
              ),
            );
          }, timeoutMs);
          const cleanup = (): void => {
            clearTimeout(timer);
            events.off(key, check);
          };
          events.on(key, check);
          check();
        });
      },
      async quiet(ms) {
        await new Promise((resolve) => setTimeout(resolve, ms));
        return take(Number.MAX_SAFE_INTEGER);
      },
      messages: () => messagesOf(opts.token, opts.userId),
    };
  }

  return {
    apiRoot: `http://127.0.0.1:${port}`,
    calls: (token, method) =>
      calls.filter((c) => c.token === token && (method === undefined || c.method === method)),
    webhook: (token) => webhooks.get(token),
    user,
    queue: enqueue,
    async stop() {
      for (const release of [...waiting]) release();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}

async function readAll(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function send(res: ServerResponse, status: number, body: unknown): void {
  if (res.headersSent) return;
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}
