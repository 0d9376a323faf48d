import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A fake Telegram Bot API on 127.0.0.1 for the delivery queue: `POST /bot<token>/sendMessage` only.
 * It enforces Telegram's limits strictly — more than `perSecond` accepted messages in any one-second
 * window, or two to one chat less than `perChatIntervalMs` apart, is answered 429 with retry_after —
 * and injects faults for given chats: 429, 500, a timeout (no answer at all, nothing accepted) and a
 * permanent 403 "Forbidden: bot was blocked by the user". Every accepted message is recorded.
 */

export type Fault = { kind: '429'; retryAfter: number } | { kind: '500' } | { kind: 'timeout' };

export interface AcceptedMessage {
  chatId: string;
  text: string;
  at: number;
}

export interface FakeTelegramApi {
  apiRoot: string;
  token: string;
  accepted: AcceptedMessage[];
  /** 429s the fake answered because a limit was exceeded (not the injected ones) */
  limitViolations: { chatId: string; reason: 'global' | 'chat'; at: number }[];
  injected: { chatId: string; kind: Fault['kind'] }[];
  /** The next requests for `chatId` meet these faults, in order. */
  fail(chatId: string, ...faults: Fault[]): void;
  block(chatId: string): void;
  countFor(chatId: string): number;
  reset(): void;
  close(): Promise<void>;
}

export async function startFakeTelegramApi(
  options: { perSecond?: number; perChatIntervalMs?: number } = {},
): Promise<FakeTelegramApi> {
  const perSecond = options.perSecond ?? 30;
  const perChatIntervalMs = options.perChatIntervalMs ?? 1000;
  const token = '123456:TEST';
  const accepted: AcceptedMessage[] = [];
  const limitViolations: FakeTelegramApi['limitViolations'] = [];
  const injected: FakeTelegramApi['injected'] = [];
  const faults = new Map<string, Fault[]>();
  const blocked = new Set<string>();
  const lastByChat = new Map<string, number>();

  const reply = (res: ServerResponse, status: number, body: unknown): void => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  };
  const tooMany = (res: ServerResponse, retryAfter: number): void =>
    reply(res, 429, {
      ok: false,
      error_code: 429,
      description: `Too Many Requests: retry after ${retryAfter}`,
      parameters: { retry_after: retryAfter },
    });

  const handle = (req: IncomingMessage, res: ServerResponse, raw: string): void => {
    if (req.method !== 'POST' || req.url !== `/bot${token}/sendMessage`)
      return reply(res, 404, { ok: false, error_code: 404, description: 'Not Found' });
    let body: { chat_id?: unknown; text?: unknown };
    try {
      body = JSON.parse(raw) as typeof body;
    } catch {
      return reply(res, 400, { ok: false, error_code: 400, description: 'Bad Request: invalid JSON' });
    }
    const chatId = String(body.chat_id);
    if (typeof body.text !== 'string' || body.text === '')
      return reply(res, 400, {
        ok: false,
        error_code: 400,
        description: 'Bad Request: message text is empty',
      });
    const fault = faults.get(chatId)?.shift();
    if (fault) {
      injected.push({ chatId, kind: fault.kind });
      if (fault.kind === 'timeout') return; // never answered; closed with the server
      if (fault.kind === '500')
        return reply(res, 500, { ok: false, error_code: 500, description: 'Internal Server Error' });
      return tooMany(res, fault.retryAfter);
    }
    if (blocked.has(chatId))
      return reply(res, 403, {
        ok: false,
        error_code: 403,
        description: 'Forbidden: bot was blocked by the user',
      });
    const now = performance.now();
    let inWindow = 0;
    for (let i = accepted.length - 1; i >= 0 && (accepted[i] as AcceptedMessage).at > now - 1000; i -= 1)
      inWindow += 1;
    if (inWindow >= perSecond) {
      limitViolations.push({ chatId, reason: 'global', at: now });
      return tooMany(res, 1);
    }
    const last = lastByChat.get(chatId);
    if (last !== undefined && now - last < perChatIntervalMs) {
      limitViolations.push({ chatId, reason: 'chat', at: now });
      return tooMany(res, 1);
    }
    lastByChat.set(chatId, now);
    accepted.push({ chatId, text: body.text, at: now });
    reply(res, 200, {
      ok: true,
      result: {
        message_id: accepted.length,
        date: Math.floor(Date.now() / 1000),
        chat: { id: Number(chatId) || chatId, type: 'private' },
        text: body.text,
      },
    });
  };

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => handle(req, res, Buffer.concat(chunks).toString('utf8')));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    apiRoot: `http://127.0.0.1:${port}`,
    token,
    accepted,
    limitViolations,
    injected,
    fail(chatId, ...more) {
      faults.set(chatId, [...(faults.get(chatId) ?? []), ...more]);
    },
    block(chatId) {
      blocked.add(chatId);
    },
    countFor(chatId) {
      return accepted.filter((m) => m.chatId === chatId).length;
    },
    reset() {
      accepted.length = 0;
      limitViolations.length = 0;
      injected.length = 0;
      faults.clear();
      blocked.clear();
      lastByChat.clear();
    },
    close() {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

/** The most instants (milliseconds) that fall within any one second: a rate limit kept, as the fake saw it. */
export function busiestSecond(instants: readonly number[]): number {
  const sorted = [...instants].sort((a, b) => a - b);
  let most = 0;
  let first = 0;
  for (let last = 0; last < sorted.length; last += 1) {
    while ((sorted[last] as number) - (sorted[first] as number) >= 1000) first += 1;
    most = Math.max(most, last - first + 1);
  }
  return most;
}
