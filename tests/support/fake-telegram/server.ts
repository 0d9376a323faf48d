import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as delay } from 'node:timers/promises';
import type { InlineKeyboardButton } from 'telegraf/types';
import { isUpload, parseBody, type Upload } from './body.js';
import { createMessageStore, type SentMessage } from './messages.js';
import { createUpdateQueue } from './updates.js';
import { createUser, type FakeUser, type UserOptions } from './users.js';
import { createWebhookSender, type WebhookSender } from './webhook.js';

/**
 * The fake Telegram Bot API of the tests and benchmarks, on 127.0.0.1: one bot, configured per test.
 * - Users (./users.ts) send texts, commands, button presses and documents, and wait for the bot's replies;
 *   updates are offered as Telegram does (./updates.ts): kept until an offset confirms them, long-polled.
 * - The bot's messages are kept as Telegram keeps them (./messages.ts): sendMessage, sendPhoto,
 *   sendDocument and each photo of sendMediaGroup (files byte for byte), edited in place by
 *   editMessageReplyMarkup and editMessageText ("message is not modified", "message to edit not found"
 *   as Telegram answers them).
 * - Telegram's limits enforced when asked (`limits`): more than `perSecond` accepted messages in any
 *   one-second window, or two to one chat less than `perChatIntervalMs` apart, is answered 429 with
 *   retry_after, and recorded as a violation.
 * - Faults: per chat on the sends (`fail`: 429 with retry_after, 500, a hang — no answer at all, nothing
 *   accepted), chats that blocked the bot (`block`: 403), and any answer to the next calls of a method
 *   (`failNext`: a 502 on getUpdates, a 403 on sendMessage…).
 * - getMe, getChat, getFile and the file download; setWebhook is kept, and getUpdates refused (409) while a
 *   webhook is set, as Telegram does; every other method (setMyCommands, answerCallbackQuery…) answers ok.
 * - Every call recorded with its token, body, time and status (`calls`, `callsTo`).
 * With `token`, a request with any other token is refused 401 as Telegram does; without, any is served.
 */

export type Fault = { kind: '429'; retryAfter: number } | { kind: '500' } | { kind: 'timeout' };

export type { SentMessage } from './messages.js';
export type { FakeUser, UserOptions } from './users.js';

export interface ApiCall {
  method: string;
  token: string;
  chatId: string | null;
  /** the request's fields; an uploaded file as { filename, content } */
  body: Record<string, unknown>;
  /** Date.now() when the request was read */
  at: number;
  /** the HTTP status answered; null for a request left hanging */
  status: number | null;
}

export interface InjectedReply {
  status: number;
  body: unknown;
}

export interface FakeTelegramOptions {
  /** the bot's token: requests with another are refused 401 (any token is served when not given) */
  token?: string;
  /** the bot's username, as getMe answers it */
  username?: string;
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
  username: string;
  /** every message the bot got through, in order (edits applied) */
  sent: SentMessage[];
  /** the same list, as the delivery tests name it */
  accepted: SentMessage[];
  calls: ApiCall[];
  /** the calls of one method, in order */
  callsTo(method: string): ApiCall[];
  /** 429s the fake answered because a limit was exceeded (not the injected ones) */
  limitViolations: { chatId: string; reason: 'global' | 'chat'; at: number }[];
  injected: { chatId: string; kind: Fault['kind'] }[];
  /** The next sends to `chatId` meet these faults, in order. */
  fail(chatId: string, ...faults: Fault[]): void;
  /** The next `times` calls of `method` are answered `reply` (and nothing they asked is done). */
  failNext(method: string, times: number, reply: InjectedReply): void;
  block(chatId: string): void;
  countFor(chatId: string): number;
  /** Calls `listener` with each message the bot gets through; returns the function that stops it. */
  onMessage(listener: (message: SentMessage) => void): () => void;
  /** Offers an update (its update_id is assigned here) and returns the id. */
  push(update: Record<string, unknown>): number;
  updates: Map<number, Record<string, unknown>>;
  readonly confirmedBelow: number;
  /** the webhook, once the bot set one: where updates go (POSTed, sent again until 2xx), which were acknowledged */
  readonly webhook: WebhookSender;
  /** A person writing to the bot: `user(7101)`, `user(7101, 'Mai')` or `user(7101, { firstName… })`. */
  user(userId: number, options?: string | UserOptions): FakeUser;
  /** A file users can send: its file_id, for FakeUser.document. */
  addFile(name: string, bytes: Uint8Array): string;
  /** Resolves once no connection is open (a killed client's last request has been read). */
  idle(timeoutMs?: number): Promise<void>;
  reset(): void;
  close(): Promise<void>;
}

const DEFAULT_TOKEN = '123456:TEST';
export const LIMIT_TOLERANCE_MS = 250;

export async function startFakeTelegram(options: FakeTelegramOptions = {}): Promise<FakeTelegram> {
  const state = createState(options);
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => void route(state, req, res, Buffer.concat(chunks)));
  });
  // api.telegram.org keeps an idle connection open far longer than Node's 5 s: a client reusing one that
  // a server is closing gets "socket hang up". 55 s stays under Node's 60-s headersTimeout.
  server.keepAliveTimeout = 55_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return facade(state, server, `http://127.0.0.1:${port}`);
}

type State = ReturnType<typeof createState>;

function createState(options: FakeTelegramOptions) {
  const queue = createUpdateQueue();
  return {
    options,
    token: options.token ?? DEFAULT_TOKEN,
    username: options.username ?? 'FakeTestBot',
    queue,
    webhook: createWebhookSender(queue, { concurrency: options.webhookConcurrency ?? 8 }),
    messages: createMessageStore(),
    calls: [] as ApiCall[],
    limitViolations: [] as FakeTelegram['limitViolations'],
    injected: [] as FakeTelegram['injected'],
    faults: new Map<string, Fault[]>(),
    failures: new Map<string, { times: number; reply: InjectedReply }>(),
    blocked: new Set<string>(),
    lastByChat: new Map<string, number>(),
    files: new Map<string, { path: string; bytes: Uint8Array }>(),
  };
}

function facade(state: State, server: Server, apiRoot: string): FakeTelegram {
  const { queue, messages } = state;
  const addFile = (name: string, bytes: Uint8Array): string => {
    const fileId = `file-${state.files.size + 1}`;
    state.files.set(fileId, { path: `documents/${fileId}-${name}`, bytes });
    return fileId;
  };
  return {
    apiRoot,
    token: state.token,
    username: state.username,
    sent: messages.all,
    accepted: messages.all,
    calls: state.calls,
    callsTo: (method) => state.calls.filter((call) => call.method === method),
    limitViolations: state.limitViolations,
    injected: state.injected,
    fail(chatId, ...more) {
      state.faults.set(chatId, [...(state.faults.get(chatId) ?? []), ...more]);
    },
    failNext: (method, times, reply) => void state.failures.set(method, { times, reply }),
    block: (chatId) => void state.blocked.add(chatId),
    countFor: (chatId) => messages.inChat(chatId).length,
    onMessage: (listener) => messages.onMessage(listener),
    push: (update) => queue.push(update),
    updates: queue.updates,
    get confirmedBelow() {
      return queue.confirmedBelow;
    },
    get webhook() {
      return state.webhook;
    },
    user: (userId, options) =>
      createUser(
        { queue, messages, addFile },
        userId,
        typeof options === 'string' ? { firstName: options } : options,
      ),
    addFile,
    async idle(timeoutMs = 30_000) {
      const deadline = Date.now() + timeoutMs;
      const open = () => new Promise<number>((resolve) => server.getConnections((_, n) => resolve(n)));
      while ((await open()) > 0) {
        if (Date.now() > deadline) throw new Error('the fake Telegram still has open connections');
        await delay(10);
      }
    },
    reset() {
      messages.clear();
      for (const list of [state.calls, state.limitViolations, state.injected]) list.length = 0;
      state.faults.clear();
      state.failures.clear();
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

const ok = (res: ServerResponse, call: ApiCall, result: unknown): void =>
  reply(res, call, 200, { ok: true, result });

const refuse = (res: ServerResponse, call: ApiCall, status: number, description: string): void =>
  reply(res, call, status, { ok: false, error_code: status, description });

async function route(state: State, req: IncomingMessage, res: ServerResponse, raw: Buffer): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://fake');
  const call: ApiCall = { method: '', token: '', chatId: null, body: {}, at: Date.now(), status: null };
  state.calls.push(call);
  const download = /^\/file\/bot([^/]+)\/(.+)$/.exec(url.pathname);
  const match = download ? null : /^\/bot([^/]+)\/(\w+)$/.exec(url.pathname);
  call.method = download ? 'download' : (match?.[2] ?? url.pathname);
  call.token = (download ?? match)?.[1] ?? '';
  if (!download && !match) return refuse(res, call, 404, 'Not Found');
  if (state.options.token !== undefined && call.token !== state.token)
    return refuse(res, call, 401, 'Unauthorized');
  if (download) return sendFile(state, call, res, decodeURIComponent(download[2] ?? ''));
  call.body = parseBody(raw, req.headers['content-type'] ?? '', url.searchParams);
  if (call.body.chat_id !== undefined) call.chatId = field(call.body, 'chat_id');
  const failure = state.failures.get(call.method);
  if (failure && failure.times > 0) {
    failure.times -= 1;
    return reply(res, call, failure.reply.status, failure.reply.body);
  }
  await answer(state, call, res);
}

function sendFile(state: State, call: ApiCall, res: ServerResponse, path: string): void {
  const file = [...state.files.values()].find((f) => f.path === path);
  if (!file) return refuse(res, call, 404, 'Not Found');
  call.status = 200;
  res.writeHead(200, { 'content-type': 'application/octet-stream' }).end(Buffer.from(file.bytes));
}

/** A text or number field of a request, as text ('' when absent or of another kind). */
function field(body: Record<string, unknown>, name: string): string {
  const value = body[name];
  return typeof value === 'string' || typeof value === 'number' ? String(value) : '';
}

async function answer(state: State, call: ApiCall, res: ServerResponse): Promise<void> {
  const { body } = call;
  switch (call.method) {
    case 'getMe':
      return ok(res, call, {
        id: Number(state.token.split(':')[0]) || 1,
        is_bot: true,
        first_name: 'Fake',
        username: state.username,
      });
    case 'getUpdates': {
      if (state.webhook.url !== null)
        return refuse(res, call, 409, "Conflict: can't use getUpdates method while webhook is active");
      const timeoutMs = Math.min(state.options.maxPollMs ?? 500, Number(body.timeout ?? 0) * 1000);
      const limit = Math.min(100, Number(body.limit ?? 100) || 100);
      return ok(res, call, await state.queue.take(Number(body.offset ?? 0), limit, timeoutMs));
    }
    case 'getFile': {
      const file = state.files.get(field(body, 'file_id'));
      if (!file) return refuse(res, call, 400, 'Bad Request: invalid file_id');
      return ok(res, call, { file_id: body.file_id, file_size: file.bytes.byteLength, file_path: file.path });
    }
    case 'getChat':
      return ok(res, call, { id: Number(call.chatId), type: 'private', first_name: 'Fake' });
    case 'setWebhook':
      state.webhook.set(field(body, 'url'), field(body, 'secret_token') || undefined, body);
      return ok(res, call, true);
    case 'deleteWebhook':
      state.webhook.remove();
      return ok(res, call, true);
    case 'sendMessage':
    case 'sendDocument':
    case 'sendPhoto':
    case 'sendMediaGroup':
      return deliver(state, call, res);
    case 'editMessageReplyMarkup':
    case 'editMessageText':
      return edit(state, call, res);
    default:
      return ok(res, call, true);
  }
}

function keyboardOf(markup: unknown): InlineKeyboardButton[][] | undefined {
  const parsed = typeof markup === 'string' ? (JSON.parse(markup) as unknown) : markup;
  return (parsed as { inline_keyboard?: InlineKeyboardButton[][] } | undefined)?.inline_keyboard;
}

/** An edit of a message the bot sent, refused as Telegram refuses one that changes nothing. */
function edit(state: State, call: ApiCall, res: ServerResponse): void {
  const message = state.messages.get(Number(call.body.message_id));
  if (!message || message.chatId !== call.chatId)
    return refuse(res, call, 400, 'Bad Request: message to edit not found');
  // Telegram drops the inline keyboard of a message whose text is edited without one.
  const keyboard = keyboardOf(call.body.reply_markup) ?? [];
  const text = call.method === 'editMessageText' ? field(call.body, 'text') : message.text;
  if (text === message.text && JSON.stringify(keyboard) === JSON.stringify(message.keyboard ?? []))
    return refuse(res, call, 400, 'Bad Request: message is not modified');
  message.text = text;
  if (call.method === 'editMessageText') message.parseMode = field(call.body, 'parse_mode') || undefined;
  state.messages.setKeyboard(message, keyboard);
  ok(res, call, call.method === 'editMessageText' ? messageResult(message) : true);
}

/** What Telegram answers for a message: the Message object, with its file where it has one. */
function messageResult(message: SentMessage): Record<string, unknown> {
  const file = { file_id: `${message.kind}-${message.messageId}`, file_unique_id: `u-${message.messageId}` };
  return {
    message_id: message.messageId,
    date: Math.floor(message.at / 1000),
    chat: { id: Number(message.chatId) || message.chatId, type: 'private' },
    ...(message.kind === 'text' ? { text: message.text } : { caption: message.text }),
    ...(message.kind === 'photo' ? { photo: [{ ...file, width: 800, height: 600 }] } : {}),
    ...(message.kind === 'document' ? { document: { ...file, file_name: message.file?.name } } : {}),
  };
}

/** The messages a send asks for: one, or an album's photos (each file an `attach://name` part). */
function requested(call: ApiCall): { kind: SentMessage['kind']; text: string; upload: unknown }[] {
  const { body } = call;
  if (call.method === 'sendMediaGroup') {
    const items = (typeof body.media === 'string' ? JSON.parse(body.media) : body.media) as {
      media: unknown;
      caption?: string;
    }[];
    return items.map((item) => ({
      kind: 'photo' as const,
      text: item.caption ?? '',
      upload: typeof item.media === 'string' ? body[item.media.replace(/^attach:\/\//, '')] : item.media,
    }));
  }
  if (call.method === 'sendMessage') return [{ kind: 'text', text: field(body, 'text'), upload: undefined }];
  const kind = call.method === 'sendPhoto' ? 'photo' : 'document';
  return [{ kind, text: field(body, 'caption'), upload: body[kind] }];
}

/** A message the bot sends: injected faults first, then a blocked chat, then the limits. */
function deliver(state: State, call: ApiCall, res: ServerResponse): void {
  const chatId = call.chatId ?? '';
  const asked = requested(call);
  if (call.method === 'sendMessage' && asked[0]?.text === '')
    return refuse(res, call, 400, 'Bad Request: message text is empty');
  const fault = state.faults.get(chatId)?.shift();
  if (fault) {
    state.injected.push({ chatId, kind: fault.kind });
    if (fault.kind === 'timeout') return; // never answered; closed with the server
    if (fault.kind === '500') return refuse(res, call, 500, 'Internal Server Error');
    return tooMany(res, call, fault.retryAfter);
  }
  if (state.blocked.has(chatId)) return refuse(res, call, 403, 'Forbidden: bot was blocked by the user');
  const now = Date.now();
  const violation = limitExceeded(state, chatId, now);
  if (violation) {
    state.limitViolations.push({ chatId, reason: violation, at: now });
    return tooMany(res, call, 1);
  }
  state.lastByChat.set(chatId, now);
  const keyboard = keyboardOf(call.body.reply_markup);
  const parseMode = field(call.body, 'parse_mode') || undefined;
  const sent = asked.map(({ kind, text, upload }) =>
    state.messages.add(
      { token: call.token, chatId, text, kind, parseMode, keyboard, ...fileOf(upload as Upload | undefined) },
      now,
    ),
  );
  ok(
    res,
    call,
    call.method === 'sendMediaGroup' ? sent.map(messageResult) : messageResult(sent[0] as SentMessage),
  );
}

function fileOf(upload: unknown): { file?: SentMessage['file'] } {
  return isUpload(upload) ? { file: { name: upload.filename, bytes: upload.content } } : {};
}

function limitExceeded(state: State, chatId: string, now: number): 'global' | 'chat' | null {
  const limits = state.options.limits;
  if (!limits) return null;
  const tolerance = limits.toleranceMs ?? LIMIT_TOLERANCE_MS;
  const sent = state.messages.all;
  let inWindow = 0;
  for (let i = sent.length - 1; i >= 0 && (sent[i] as SentMessage).at > now - (1000 - tolerance); i -= 1)
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
