import { EventEmitter } from 'node:events';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A fake Zalo Bot Platform API on 127.0.0.1 that answers as the platform's documentation does.
 *
 * Sources (the live site cannot be reached from these machines; see ../shared/notes/zalo-bot-platform.md):
 * - [DOC] the official pages as copied in github.com/lamdt1/ckvn-bot, docs/zalo-bot-doc.md (commit
 *   f307749160aa213c7432f396372b3f482c2fb2e7): each method's "Sample response", the webhook's, and the
 *   table of error codes ("Bảng mã lỗi");
 * - [CLIENT] github.com/openclaw/openclaw, extensions/zalo/src/api.ts and docs/channels/zalo.md, a
 *   maintained client: an empty getUpdates is `error_code` 408 (`isPollingTimeout`), one update per call.
 *
 * `POST /bot<TOKEN>/<method>` with a JSON body, answered `{ ok, result }` or `{ ok: false, error_code,
 * description }` ([DOC] "Phản hồi từ API": ok, result, description, error_code):
 * - getMe, setWebhook, deleteWebhook, getWebhookInfo, sendMessage, sendPhoto, sendChatAction answer the
 *   documented samples (`DOCUMENTED` below: same fields, same types; ids and times are this server's);
 * - getUpdates returns ONE queued update per call, `{ ok: true, result: { event_name, message } }` ([DOC]
 *   "tham khảo dữ liệu mẫu tương tự tại Webhook"), or after `longPollMs` with nothing queued the 408 of the
 *   error table, with HTTP status 408 or 200 (`emptyPollStatus`: [CLIENT] saw 200);
 * - while a webhook is set, getUpdates is refused ([DOC] "getUpdates sẽ không hoạt động nếu bạn đã thiết
 *   lập Webhook"): 400; and what users send is POSTed to the webhook instead, as the documented webhook
 *   body `{ ok: true, result: { event_name, message } }` with the header `X-Bot-Api-Secret-Token` ([DOC]
 *   #Webhook). The documentation says nothing of retries: this fake sends an update again until it is
 *   answered 2xx (after 50 ms, doubling up to 1 s), one at a time per bot, in order — the behaviour the
 *   bot must survive, not a documented one;
 * - sendMessage refuses a text of 0 or over 2000 characters ([DOC] "độ dài từ 1 đến 2000 ký tự"): 400;
 * - `failNext(token, method, code, times)` makes the next calls fail with an error of the table (401
 *   token, 403 internal server error, 429 quota exceeded…), as `DOCUMENTED.errors` bodies;
 * - every call is recorded with its token and body.
 * A test sends as a user (`user().text`, `.event`) and waits for the bot's messages to its chat.
 * Give each test file its own token and user ids.
 */

/** The documentation's samples, quoted; the contract test (tests/unit/zalo-contract.test.ts) pins them. */
export const DOCUMENTED = {
  /** [DOC] #getme, Sample response */
  getMe: {
    ok: true,
    result: {
      id: '1459232241454765289',
      account_name: 'bot.VDKyGxQvc',
      account_type: 'BASIC',
      can_join_groups: false,
    },
  },
  /** [DOC] #setwebhook, Sample response */
  setWebhook: { ok: true, result: { url: 'https://your-webhookurl.com', updated_at: 1749538250568 } },
  /** [DOC] #deletewebhook, Sample response */
  deleteWebhook: { ok: true, result: { url: '', updated_at: 1749538250568 } },
  /** [DOC] #getWebhookInfo, Sample response */
  getWebhookInfo: { ok: true, result: { url: 'https://your-webhookurl.com', updated_at: 1749633372026 } },
  /** [DOC] #sendMessage (and #sendPhoto, #sendSticker: the same), Sample response */
  sendMessage: { ok: true, result: { message_id: '82599fa32f56d00e8941', date: 1749632637199 } },
  /** [DOC] #sendChatAction, Sample response */
  sendChatAction: { ok: true },
  /** [DOC] #Webhook, Sample response: the body Zalo posts to the webhook (getUpdates' result is its `result`) */
  webhook: {
    ok: true,
    result: {
      message: {
        from: { id: '6ede9afa66b88fe6d6a9', display_name: 'Ted', is_bot: false },
        chat: { id: '6ede9afa66b88fe6d6a9', chat_type: 'PRIVATE' },
        text: 'Xin chào',
        message_id: '2d758cb5e222177a4e35',
        date: 1750316131602,
      },
      event_name: 'message.text.received',
    },
  },
  /**
   * [DOC] "Bảng mã lỗi": 400 Bad request, 401 Unauthorized (token expired or invalid), 403 Internal server
   * error, 404 Not found, 408 Request timeout, 429 Quota exceeded. The documentation gives the envelope
   * (ok false, error_code, description) and this table, not a literal body: the bodies below are the
   * envelope filled with the table's English words. No retry-after is documented.
   */
  errors: {
    400: { ok: false, error_code: 400, description: 'Bad request' },
    401: { ok: false, error_code: 401, description: 'Unauthorized' },
    403: { ok: false, error_code: 403, description: 'Internal server error' },
    404: { ok: false, error_code: 404, description: 'Not found' },
    408: { ok: false, error_code: 408, description: 'Request timeout' },
    429: { ok: false, error_code: 429, description: 'Quota exceeded' },
  },
} as const;

export type DocumentedError = keyof typeof DOCUMENTED.errors;

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
  /** message_ids of the updates the bot's webhook answered 2xx, in order */
  acknowledged(token: string): string[];
  user(options: { token: string; userId: string; displayName?: string }): ZaloUser;
  /** queues a raw update (any shape) for getUpdates */
  queue(token: string, update: unknown): void;
  /** The next `times` calls of `method` with `token` fail with the documented error `code`. */
  failNext(token: string, method: string, code: DocumentedError, times?: number): void;
  stop(): Promise<void>;
}

export async function startZaloFakeServer(
  options: { longPollMs?: number; emptyPollStatus?: 200 | 408 } = {},
): Promise<ZaloFakeServer> {
  const longPollMs = options.longPollMs ?? 100;
  const emptyPollStatus = options.emptyPollStatus ?? 408;
  const failures = new Map<string, { code: DocumentedError; times: number }>(); // by `${token} ${method}`
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
    if (webhooks.has(token)) void pushToWebhook(token);
  }

  const acknowledged = new Map<string, string[]>();
  const pushing = new Set<string>();
  /** Sends the token's queued updates to its webhook, one at a time, each until answered 2xx. */
  async function pushToWebhook(token: string): Promise<void> {
    if (pushing.has(token)) return;
    pushing.add(token);
    let waitMs = 25;
    try {
      for (let hook = webhooks.get(token); hook && queueOf(token).length > 0; hook = webhooks.get(token)) {
        const update = queueOf(token)[0];
        let ok = false;
        try {
          const response = await fetch(hook.url, {
            method: 'POST',
            headers: { 'content-type': 'application/json', 'x-bot-api-secret-token': hook.secret_token },
            body: JSON.stringify({ ok: true, result: update }),
            signal: AbortSignal.timeout(30_000),
          });
          await response.arrayBuffer();
          ok = response.status >= 200 && response.status < 300;
        } catch {
          ok = false;
        }
        if (ok) {
          queueOf(token).shift();
          const id = (update as { message?: { message_id?: string } }).message?.message_id ?? '';
          acknowledged.set(token, [...(acknowledged.get(token) ?? []), id]);
          waitMs = 25;
        } else {
          waitMs = Math.min(1000, waitMs * 2);
          await new Promise((resolve) => setTimeout(resolve, waitMs));
        }
      }
    } finally {
      pushing.delete(token);
    }
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
  const documentedError = (code: DocumentedError, status: number = code) => ({
    status,
    body: DOCUMENTED.errors[code],
  });

  function scriptedFailure(token: string, method: string): DocumentedError | null {
    const key = `${token} ${method}`;
    const scripted = failures.get(key);
    if (!scripted) return null;
    if (--scripted.times <= 0) failures.delete(key);
    return scripted.code;
  }

  async function answer(
    token: string,
    method: string,
    body: Record<string, unknown>,
  ): Promise<{ status: number; body: unknown }> {
    const scripted = scriptedFailure(token, method);
    if (scripted !== null) return documentedError(scripted);
    switch (method) {
      case 'getMe':
        // [DOC] #getme: the same fields; this bot's id and name.
        return ok({
          ...DOCUMENTED.getMe.result,
          id: token.split(':')[0] ?? token,
          account_name: 'tiendo_test_bot',
        });
      case 'getUpdates': {
        if (webhooks.has(token)) return documentedError(400);
        const update = await takeUpdate(token);
        return update === undefined ? documentedError(408, emptyPollStatus) : ok(update);
      }
      case 'setWebhook': {
        // [DOC] #setwebhook: url (HTTPS) and secret_token of 8–256 characters, both required.
        if (
          typeof body.url !== 'string' ||
          typeof body.secret_token !== 'string' ||
          body.secret_token.length < 8 ||
          body.secret_token.length > 256
        )
          return documentedError(400);
        webhooks.set(token, { url: body.url, secret_token: body.secret_token });
        void pushToWebhook(token);
        return ok({ url: body.url, updated_at: Date.now() });
      }
      case 'deleteWebhook':
        webhooks.delete(token);
        return ok({ url: '', updated_at: Date.now() });
      case 'getWebhookInfo':
        return ok({ url: webhooks.get(token)?.url ?? '', updated_at: Date.now() });
      case 'sendChatAction':
        return { status: 200, body: DOCUMENTED.sendChatAction };
      case 'sendMessage': {
        const chatId = body.chat_id;
        const text = body.text;
        if (
          (typeof chatId !== 'string' && typeof chatId !== 'number') ||
          typeof text !== 'string' ||
          text === ''
        ) {
          return documentedError(400);
        }
        if ([...text].length > ZALO_TEXT_LIMIT) return documentedError(400);
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
          return documentedError(400);
        }
        const caption = typeof body.caption === 'string' ? body.caption : '';
        const stored = record(token, String(chatId), { kind: 'photo', text: caption, photo: body.photo });
        return ok({ message_id: stored.messageId, date: Date.now() });
      }
      default:
        // [DOC] "Các tên API (method name) có phân biệt chữ hoa và chữ thường."
        return documentedError(404);
    }
  }

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    void (async () => {
      const match = /^\/bot([^/]+)\/([A-Za-z]+)$/.exec(new URL(req.url ?? '/', 'http://zalo').pathname);
      const raw = await readAll(req);
      if (!match || req.method !== 'POST') return send(res, 404, DOCUMENTED.errors[404]);
      const [, token = '', method = ''] = match;
      let body: Record<string, unknown>;
      try {
        body = raw === '' ? {} : (JSON.parse(raw) as Record<string, unknown>);
      } catch {
        return send(res, 400, DOCUMENTED.errors[400]);
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
    acknowledged: (token) => acknowledged.get(token) ?? [],
    user,
    queue: enqueue,
    failNext(token, method, code, times = 1) {
      failures.set(`${token} ${method}`, { code, times });
    },
    async stop() {
      webhooks.clear();
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
