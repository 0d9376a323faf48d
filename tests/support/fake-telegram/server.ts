import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as delay } from 'node:timers/promises';
import { createUpdateQueue } from './updates.js';
import { createUser, type FakeUser } from './users.js';
import { createWebhookSender, type WebhookSender } from './webhook.js';

/**
 * The fake Telegram Bot API of the tests and benchmarks, on 127.0.0.1. One server, configured per test:
 * - Telegram's limits enforced when asked (`limits`): more than `perSecond` accepted messages in any
 *   one-second window, or two to one chat less than `perChatIntervalMs` apart, is answered 429 with
 *   retry_after, and recorded as a violation;
 * - faults injected per chat (`fail`): 429 with retry_after, 500, a hang (no answer at all, nothing
 *   accepted); chats that blocked the bot (`block`): 403 "Forbidden: bot was blocked by the user";
 * - updates offered as Telegram does (./updates.ts), with scripted users (./users.ts): by getUpdates, or
 *   once `setWebhook` is called, POSTed to the bot's webhook and sent again until answered 2xx
 *   (./webhook.ts; getUpdates then answers 409, as Telegram does);
 * - files: a user's document is fetched with getFile and the download address; a file the bot sends is kept;
 * - every call recorded with its time (`calls`), every message the bot got through in `sent`.
 *
 * Serves getMe, getUpdates, setWebhook, deleteWebhook, sendMessage, sendDocument, sendPhoto, getFile and
 * the file download; every other method (setMyCommands, answerCallbackQuery, editMessageReplyMarkup…)
 * answers ok.
 */

export type Fault = { kind: '429'; retryAfter: number } | { kind: '500' } | { kind: 'timeout' };

export interface SentMessage {
  chatId: string;
  text: string;
  messageId: number;
  /** callback_data of every inline button, in order */
  buttons: { text: string; data: string }[];
  /** the file the bot sent (sendDocument, sendPhoto) */
  file?: { name: string; bytes: number };
  /** Date.now() when the fake accepted it */
  at: number;
}

export interface ApiCall {
  method: string;
  chatId: string | null;
  /** Date.now() when the request was read */
  at: number;
  /** the HTTP status answered; null for a request left hanging */
  status: number | null;
}

export interface FakeTelegramOptions {
  /**
   * Telegram's limits, enforced; none unless given (a bot answering a person sends faster than 1/s).
   * The fake sees when a request arrives, not when it was sent: on a loaded machine arrivals lag sends
   * unevenly, so the windows are judged `toleranceMs` short (LIMIT_TOLERANCE_MS by default). A sender that
   * does not pace is caught all the same.
   */
  limits?: { perSecond?: number; perChatIntervalMs?: number; toleranceMs?: number };
  /** the longest a getUpdates waits for an update, whatever timeout the bot asks */
  maxPollMs?: number;
  /** webhook requests at once (Telegram's max_connections; 8 by default here) */
  webhookConcurrency?: number;
}

export interface FakeTelegram {
  apiRoot: string;
  token: string;
  /** every message the bot got through, in order */
  sent: SentMessage[];
  /** the same list, as the delivery tests name it */
  accepted: SentMessage[];
  calls: ApiCall[];
  /** 429s the fake answered because a limit was exceeded (not the injected ones) */
  limitViolations: { chatId: string; reason: 'global' | 'chat'; at: number }[];
  injected: { chatId: string; kind: Fault['kind'] }[];
  /** The next requests for `chatId` meet these faults, in order. */
  fail(chatId: string, ...faults: Fault[]): void;
  block(chatId: string): void;
  countFor(chatId: string): number;
  /** Offers an update (its update_id is assigned here) and returns the id. */
  push(update: Record<string, unknown>): number;
  updates: Map<number, Record<string, unknown>>;
  readonly confirmedBelow: number;
  /** the webhook, once the bot set one: where updates go, and which were acknowledged */
  webhook: WebhookSender;
  user(chatId: number, firstName?: string): FakeUser;
  /** A file users can send: its file_id, for FakeUser.document. */
  addFile(name: string, bytes: Uint8Array): string;
  /** Resolves once no connection is open (a killed client's last request has been read). */
  idle(timeoutMs?: number): Promise<void>;
  reset(): void;
  close(): Promise<void>;
}

const TOKEN = '123456:TEST';
export const LIMIT_TOLERANCE_MS = 250;

export async function startFakeTelegram(options: FakeTelegramOptions = {}): Promise<FakeTelegram> {
  const state = createState(options);
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => void route(state, req, res, Buffer.concat(chunks).toString('utf8')));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return facade(state, server, `http://127.0.0.1:${port}`);
}

type State = ReturnType<typeof createState>;

function createState(options: FakeTelegramOptions) {
  const queue = createUpdateQueue();
  return {
    options,
    queue,
    webhook: createWebhookSender(queue, { concurrency: options.webhookConcurrency ?? 8 }),
    sent: [] as SentMessage[],
    calls: [] as ApiCall[],
    limitViolations: [] as FakeTelegram['limitViolations'],
    injected: [] as FakeTelegram['injected'],
    faults: new Map<string, Fault[]>(),
    blocked: new Set<string>(),
    lastByChat: new Map<string, number>(),
    files: new Map<string, { path: string; bytes: Uint8Array }>(),
    messageIds: 1,
  };
}

function facade(state: State, server: Server, apiRoot: string): FakeTelegram {
  const { queue } = state;
  return {
    apiRoot,
    token: TOKEN,
    sent: state.sent,
    accepted: state.sent,
    calls: state.calls,
    limitViolations: state.limitViolations,
    injected: state.injected,
    fail(chatId, ...more) {
      state.faults.set(chatId, [...(state.faults.get(chatId) ?? []), ...more]);
    },
    block: (chatId) => void state.blocked.add(chatId),
    countFor: (chatId) => state.sent.filter((m) => m.chatId === chatId).length,
    push: (update) => queue.push(update),
    updates: queue.updates,
    get confirmedBelow() {
      return queue.confirmedBelow;
    },
    webhook: state.webhook,
    user: (chatId, firstName) => createUser(queue, state.sent, chatId, firstName),
    addFile(name, bytes) {
      const fileId = `file-${state.files.size + 1}`;
      state.files.set(fileId, { path: `documents/${fileId}-${name}`, bytes });
      return fileId;
    },
    async idle(timeoutMs = 30_000) {
      const deadline = Date.now() + timeoutMs;
      const open = () => new Promise<number>((resolve) => server.getConnections((_, n) => resolve(n)));
      while ((await open()) > 0) {
        if (Date.now() > deadline) throw new Error('the fake Telegram still has open connections');
        await delay(10);
      }
    },
    reset() {
      for (const list of [state.sent, state.calls, state.limitViolations, state.injected]) list.length = 0;
      state.faults.clear();
      state.blocked.clear();
      state.lastByChat.clear();
    },
    close() {
      state.webhook.remove();
      queue.wakeAll();
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

function reply(res: ServerResponse, call: ApiCall, status: number, body: unknown): void {
  call.status = status;
  if (res.destroyed) return;
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

function parseBody(raw: string, contentType: string): Record<string, unknown> {
  if (raw === '') return {};
  if (contentType.includes('multipart/form-data')) return parseMultipart(raw, contentType);
  try {
    return JSON.parse(raw) as Record<string, unknown>;
  } catch {
    return Object.fromEntries(new URLSearchParams(raw));
  }
}

/** Enough of multipart/form-data for telegraf's uploads: fields as text, a file by name and size. */
function parseMultipart(raw: string, contentType: string): Record<string, unknown> {
  const found = /boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType);
  const boundary = found?.[1] ?? found?.[2];
  if (!boundary) return {};
  const fields: Record<string, unknown> = {};
  for (const part of raw.split(`--${boundary}`)) {
    const headerEnd = part.indexOf('\r\n\r\n');
    const name = /name="([^"]*)"/i.exec(part.slice(0, Math.max(headerEnd, 0)))?.[1];
    if (headerEnd < 0 || !name) continue;
    const content = part.slice(headerEnd + 4).replace(/\r\n$/, '');
    const filename = /filename="([^"]*)"/i.exec(part.slice(0, headerEnd))?.[1];
    fields[name] = filename === undefined ? content : { filename, bytes: Buffer.byteLength(content) };
  }
  return fields;
}

async function route(state: State, req: IncomingMessage, res: ServerResponse, raw: string): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://fake');
  const call: ApiCall = { method: '', chatId: null, at: Date.now(), status: null };
  const download = /^\/file\/bot[^/]+\/(.+)$/.exec(url.pathname);
  if (download) {
    const file = [...state.files.values()].find((f) => f.path === decodeURIComponent(download[1] ?? ''));
    call.method = 'download';
    state.calls.push(call);
    if (!file) return reply(res, call, 404, { ok: false, error_code: 404, description: 'Not Found' });
    call.status = 200;
    res.writeHead(200, { 'content-type': 'application/octet-stream' }).end(Buffer.from(file.bytes));
    return;
  }
  const match = /^\/bot[^/]+\/(\w+)$/.exec(url.pathname);
  call.method = match?.[1] ?? url.pathname;
  state.calls.push(call);
  if (!match) return reply(res, call, 404, { ok: false, error_code: 404, description: 'Not Found' });
  const body = parseBody(raw, req.headers['content-type'] ?? '');
  if (body.chat_id !== undefined) call.chatId = field(body, 'chat_id');
  await answer(state, call, body, res);
}

/** A text or number field of a request, as text ('' when absent or of another kind). */
function field(body: Record<string, unknown>, name: string): string {
  const value = body[name];
  return typeof value === 'string' || typeof value === 'number' ? String(value) : '';
}

const ok = (res: ServerResponse, call: ApiCall, result: unknown): void =>
  reply(res, call, 200, { ok: true, result });

async function answer(
  state: State,
  call: ApiCall,
  body: Record<string, unknown>,
  res: ServerResponse,
): Promise<void> {
  switch (call.method) {
    case 'getMe':
      return ok(res, call, { id: 1, is_bot: true, first_name: 'Fake', username: 'FakeTestBot' });
    case 'setWebhook':
      state.webhook.set(field(body, 'url'), field(body, 'secret_token') || undefined, body);
      return ok(res, call, true);
    case 'deleteWebhook':
      state.webhook.remove();
      return ok(res, call, true);
    case 'getUpdates': {
      if (state.webhook.url !== null)
        return reply(res, call, 409, {
          ok: false,
          error_code: 409,
          description:
            "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first",
        });
      const timeoutMs = Math.min(state.options.maxPollMs ?? 500, Number(body.timeout ?? 0) * 1000);
      const limit = Math.min(100, Number(body.limit ?? 100) || 100);
      return ok(res, call, await state.queue.take(Number(body.offset ?? 0), limit, timeoutMs));
    }
    case 'getFile': {
      const file = state.files.get(field(body, 'file_id'));
      if (!file)
        return reply(res, call, 400, {
          ok: false,
          error_code: 400,
          description: 'Bad Request: invalid file_id',
        });
      return ok(res, call, { file_id: body.file_id, file_size: file.bytes.byteLength, file_path: file.path });
    }
    case 'sendMessage':
    case 'sendDocument':
    case 'sendPhoto':
      return deliver(state, call, body, res);
    default:
      return ok(res, call, true);
  }
}

interface InlineButton {
  text?: string;
  callback_data?: string;
}

function parseButtons(markup: unknown): { text: string; data: string }[] {
  const keyboard = typeof markup === 'string' ? (JSON.parse(markup) as unknown) : markup;
  const rows = (keyboard as { inline_keyboard?: InlineButton[][] } | undefined)?.inline_keyboard ?? [];
  return rows.flat().flatMap((b) => (b.callback_data ? [{ text: b.text ?? '', data: b.callback_data }] : []));
}

/** A message the bot sends: injected faults first, then a blocked chat, then the limits. */
function deliver(state: State, call: ApiCall, body: Record<string, unknown>, res: ServerResponse): void {
  const chatId = call.chatId ?? '';
  const upload = body.document ?? body.photo;
  const text = field(body, 'text') || field(body, 'caption');
  if (call.method === 'sendMessage' && text === '')
    return reply(res, call, 400, {
      ok: false,
      error_code: 400,
      description: 'Bad Request: message text is empty',
    });
  const fault = state.faults.get(chatId)?.shift();
  if (fault) {
    state.injected.push({ chatId, kind: fault.kind });
    if (fault.kind === 'timeout') return; // never answered; closed with the server
    if (fault.kind === '500')
      return reply(res, call, 500, { ok: false, error_code: 500, description: 'Internal Server Error' });
    return tooMany(res, call, fault.retryAfter);
  }
  if (state.blocked.has(chatId))
    return reply(res, call, 403, {
      ok: false,
      error_code: 403,
      description: 'Forbidden: bot was blocked by the user',
    });
  const now = Date.now();
  const violation = limitExceeded(state, chatId, now);
  if (violation) {
    state.limitViolations.push({ chatId, reason: violation, at: now });
    return tooMany(res, call, 1);
  }
  state.lastByChat.set(chatId, now);
  const message: SentMessage = {
    chatId,
    text,
    messageId: state.messageIds++,
    buttons: parseButtons(body.reply_markup),
    at: now,
    ...(isUpload(upload) ? { file: { name: upload.filename, bytes: upload.bytes } } : {}),
  };
  state.sent.push(message);
  ok(res, call, {
    message_id: message.messageId,
    date: Math.floor(now / 1000),
    chat: { id: Number(chatId) || chatId, type: 'private' },
    ...(call.method === 'sendMessage' ? { text } : { caption: text }),
  });
}

function isUpload(value: unknown): value is { filename: string; bytes: number } {
  return typeof value === 'object' && value !== null && 'filename' in value && 'bytes' in value;
}

function limitExceeded(state: State, chatId: string, now: number): 'global' | 'chat' | null {
  const limits = state.options.limits;
  if (!limits) return null;
  const tolerance = limits.toleranceMs ?? LIMIT_TOLERANCE_MS;
  let inWindow = 0;
  for (
    let i = state.sent.length - 1;
    i >= 0 && (state.sent[i] as SentMessage).at > now - (1000 - tolerance);
    i -= 1
  )
    inWindow += 1;
  if (inWindow >= (limits.perSecond ?? 30)) return 'global';
  const last = state.lastByChat.get(chatId);
  if (last !== undefined && now - last < (limits.perChatIntervalMs ?? 1000) - tolerance) return 'chat';
  return null;
}

function tooMany(res: ServerResponse, call: ApiCall, retryAfter: number): void {
  reply(res, call, 429, {
    ok: false,
    error_code: 429,
    description: `Too Many Requests: retry after ${retryAfter}`,
    parameters: { retry_after: retryAfter },
  });
}

/**
 * The most instants (milliseconds) that fall within any one window (a second, by default): a rate limit
 * kept, as the fake saw it.
 */
export function busiestSecond(instants: readonly number[], windowMs = 1000): number {
  const sorted = [...instants].sort((a, b) => a - b);
  let most = 0;
  let first = 0;
  for (let last = 0; last < sorted.length; last += 1) {
    while ((sorted[last] as number) - (sorted[first] as number) >= windowMs) first += 1;
    most = Math.max(most, last - first + 1);
  }
  return most;
}
export type { FakeUser } from './users.js';
