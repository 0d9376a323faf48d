/* eslint-disable @typescript-eslint/no-unsafe-argument, @typescript-eslint/no-unsafe-return --
   telegram-test-api ships no types for its message records. */
import { createServer, type IncomingMessage, type RequestListener, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import type { InlineKeyboardButton } from 'telegraf/types';
import type {
  StoredBotUpdate,
  TelegramServer as EmulatorServer,
} from 'telegram-test-api/lib/telegramServer.js';

/**
 * The Telegram Bot API emulator (telegram-test-api 4.2.1) for end-to-end tests, with what it lacks
 * (see /work/shared/notes/telegram-emulator.md):
 * - setMyCommands, deleteMyCommands, sendChatAction, getChat, sendPhoto, sendMediaGroup and sendDocument
 *   answer ok (photos, an album's photos and documents become bot messages a test can wait for), with a
 *   tolerant multipart parser;
 * - every Bot API call is recorded with its parsed body (`calls`), and a test can make the next calls of a
 *   method fail (`failNext`: 429, 5xx…);
 * - users (`user`) send text, commands and button presses, and wait for the bot's replies on the server's
 *   own event (never the stock client.getUpdates, whose poller outlives its timeout).
 *
 * Give each test file its own token and user/chat ids: files run in parallel, each with its emulator.
 */

const require = createRequire(import.meta.url);
const TelegramServer = require('telegram-test-api') as typeof EmulatorServer;

export interface BotApiCall {
  token: string;
  method: string;
  body: Record<string, unknown>;
  /** true when the call was answered with an injected failure */
  failed: boolean;
}

export interface InjectedReply {
  status: number;
  body: unknown;
}

export interface BotMessage {
  messageId: number;
  chatId: string;
  text: string;
  kind: 'text' | 'photo' | 'document';
  /** the file the bot sent, for a document or photo */
  file?: { name: string; bytes: Buffer };
  parseMode: string | undefined;
  /** the inline keyboard as it is now (after edits); [] once removed, undefined when there never was one */
  keyboard: InlineKeyboardButton[][] | undefined;
}

export interface UserOptions {
  token: string;
  userId: number;
  /** defaults to the user id, as in a private chat */
  chatId?: number;
  firstName?: string;
  lastName?: string;
  languageCode?: string;
  chatType?: 'private' | 'group' | 'supergroup';
}

export interface UserClient {
  readonly chatId: number;
  /** `/start` with arguments `CODE` → the text "/start CODE" with its bot_command entity */
  command(command: string, args?: string): Promise<void>;
  text(text: string): Promise<void>;
  /** a press on a button of the bot's message `messageId` */
  press(callbackData: string, messageId: number): Promise<void>;
  /** a file sent to the bot: the bot fetches it with getFile and the file download address */
  document(fileName: string, bytes: Uint8Array, mimeType?: string): Promise<void>;
  /** the next `n` bot messages in this chat (each handed out once), or a rejection after `timeoutMs` */
  waitForReplies(n: number, timeoutMs?: number): Promise<BotMessage[]>;
  /** waits `ms`, then hands out whatever arrived meanwhile (to check that nothing did) */
  quiet(ms: number): Promise<BotMessage[]>;
  /** every bot message in this chat so far, as it is now */
  messages(): BotMessage[];
}

export interface Emulator {
  readonly apiRoot: string;
  readonly port: number;
  readonly server: EmulatorServer;
  calls(token: string, method?: string): BotApiCall[];
  failNext(token: string, method: string, times: number, reply: InjectedReply): void;
  user(options: UserOptions): UserClient;
  /** The server's own record, POST /getUpdatesHistory: user updates and bot messages as edited since. */
  history(token: string): Promise<unknown[]>;
  stop(): Promise<void>;
}

/** A port free on 127.0.0.1 now (the emulator turns port 0 into 9000). */
export async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

type Handler = (body: Record<string, unknown>, token: string) => unknown;

export async function startEmulator(options: { storeTimeoutSec?: number } = {}): Promise<Emulator> {
  const port = await freePort();
  const server = new TelegramServer({
    port,
    host: '127.0.0.1',
    storeTimeout: options.storeTimeoutSec ?? 3600,
  });
  const recorded: BotApiCall[] = [];
  const failures = new Map<string, { times: number; reply: InjectedReply }>();
  /** files users sent, by file_id, served at /file/bot<token>/<file_path> */
  const userFiles = new Map<string, { path: string; bytes: Uint8Array }>();
  /** files the bot sent, by the message id the emulator gave them */
  const botFiles = new Map<number, { name: string; bytes: Buffer }>();

  const media =
    (kind: 'photo' | 'document'): Handler =>
    (body, token) => {
      const caption = typeof body.caption === 'string' ? body.caption : '';
      const sent = server.addBotMessage({ chat_id: String(body.chat_id), text: caption, media: kind }, token);
      const upload = body[kind];
      if (isUpload(upload)) botFiles.set(sent.message_id, { name: upload.filename, bytes: upload.content });
      const file = { file_id: `${kind}-${sent.message_id}`, file_unique_id: `u-${sent.message_id}` };
      return {
        ...sent,
        text: undefined,
        caption,
        ...(kind === 'photo' ? { photo: [{ ...file, width: 800, height: 600 }] } : { document: file }),
      };
    };
  const extra: Record<string, Handler> = {
    setMyCommands: () => true,
    deleteMyCommands: () => true,
    sendChatAction: () => true,
    getChat: (body) => ({ id: Number(body.chat_id), type: 'private', first_name: 'Emulated' }),
    sendPhoto: media('photo'),
    sendDocument: media('document'),
    // An album: its photos become bot messages, in order, each with its file (`attach://name` parts).
    sendMediaGroup: (body, token) => {
      const items = JSON.parse(String(body.media)) as { type: string; media: string; caption?: string }[];
      return items.map((item) => {
        const sent = server.addBotMessage(
          { chat_id: String(body.chat_id), text: item.caption ?? '', media: 'photo' },
          token,
        );
        const upload = body[item.media.replace(/^attach:\/\//, '')];
        if (isUpload(upload)) botFiles.set(sent.message_id, { name: upload.filename, bytes: upload.content });
        const file = { file_id: `photo-${sent.message_id}`, file_unique_id: `u-${sent.message_id}` };
        return { ...sent, text: undefined, photo: [{ ...file, width: 800, height: 600 }] };
      });
    },
    getFile: (body) => {
      const fileId = String(body.file_id);
      const file = userFiles.get(fileId);
      if (!file) throw new Error(`no file ${fileId}`);
      return {
        file_id: fileId,
        file_unique_id: `u-${fileId}`,
        file_size: file.bytes.byteLength,
        file_path: file.path,
      };
    },
  };

  // The emulator's express app ends with a catch-all "not found": put our handler in front of it.
  const internals = server as unknown as { webServer: RequestListener & { settings: unknown } };
  const inner = internals.webServer;
  const outer: RequestListener = (req, res) => {
    void (async () => {
      const body = await parseBody(req);
      // express's body parsers skip a request whose body is already read
      Object.assign(req, { body, _body: true });
      const pathname = new URL(req.url ?? '/', 'http://emulator').pathname;
      const download = /^\/file\/bot([^/]+)\/(.+)$/.exec(pathname);
      if (download) {
        const file = [...userFiles.values()].find((f) => f.path === decodeURIComponent(download[2] ?? ''));
        if (!file) return send(res, 404, { ok: false, description: 'Not Found' });
        res.writeHead(200, { 'content-type': 'application/octet-stream' }).end(Buffer.from(file.bytes));
        return;
      }
      const match = /^\/bot([^/]+)\/([A-Za-z]+)/.exec(pathname);
      if (!match) return inner(req, res);
      const [, token = '', method = ''] = match;
      const failure = failures.get(`${token} ${method}`);
      if (failure && failure.times > 0) {
        failure.times -= 1;
        recorded.push({ token, method, body, failed: true });
        return send(res, failure.reply.status, failure.reply.body);
      }
      recorded.push({ token, method, body, failed: false });
      const handler = extra[method];
      if (handler) return send(res, 200, { ok: true, result: handler(body, token) });
      return inner(req, res);
    })().catch((error: unknown) => send(res, 500, { ok: false, description: String(error) }));
  };
  internals.webServer = Object.assign(outer, { settings: inner.settings });
  await server.start();

  const apiRoot = `http://127.0.0.1:${port}`;

  function botMessages(token: string, chatId: number): BotMessage[] {
    return server.storage.botMessages
      .filter((stored) => stored.botToken === token && String(stored.message.chat_id) === String(chatId))
      .map((stored) => {
        const message = toBotMessage(stored);
        const file = botFiles.get(message.messageId);
        return file ? { ...message, file } : message;
      });
  }

  function user(opts: UserOptions): UserClient {
    const chatId = opts.chatId ?? opts.userId;
    const client = server.getClient(opts.token, {
      userId: opts.userId,
      chatId,
      firstName: opts.firstName ?? `User${opts.userId}`,
      type: opts.chatType ?? 'private',
    });
    const from = {
      id: opts.userId,
      is_bot: false,
      first_name: opts.firstName ?? `User${opts.userId}`,
      ...(opts.lastName ? { last_name: opts.lastName } : {}),
      ...(opts.languageCode ? { language_code: opts.languageCode } : {}),
    };
    let cursor = 0;
    const take = (n: number): BotMessage[] => {
      const taken = botMessages(opts.token, chatId).slice(cursor, cursor + n);
      cursor += taken.length;
      return taken;
    };
    return {
      chatId,
      async command(command, args) {
        await server.addUserCommand(client.makeCommand(args ? `${command} ${args}` : command, { from }));
      },
      async text(text) {
        await server.addUserMessage(client.makeMessage(text, { from }));
      },
      async press(callbackData, messageId) {
        await server.addUserCallback(
          client.makeCallbackQuery(callbackData, { from, message: { message_id: messageId } }),
        );
      },
      async document(fileName, bytes, mimeType = 'application/octet-stream') {
        const fileId = `doc-${opts.userId}-${userFiles.size + 1}`;
        userFiles.set(fileId, { path: `documents/${fileId}-${fileName}`, bytes });
        const message: Record<string, unknown> = {
          ...client.makeMessage('', { from }),
          document: {
            file_id: fileId,
            file_unique_id: `u-${fileId}`,
            file_name: fileName,
            mime_type: mimeType,
            file_size: bytes.byteLength,
          },
        };
        delete message.text;
        await server.addUserMessage(message);
      },
      waitForReplies(n, timeoutMs = 30_000) {
        return new Promise((resolve, reject) => {
          const check = (): void => {
            if (botMessages(opts.token, chatId).length < cursor + n) return;
            cleanup();
            resolve(take(n));
          };
          const timer = setTimeout(() => {
            cleanup();
            const got = botMessages(opts.token, chatId).slice(cursor);
            reject(
              new Error(
                `chat ${chatId}: expected ${n} replies within ${timeoutMs} ms, got ${got.length}: ${JSON.stringify(got.map((m) => m.text))}`,
              ),
            );
          }, timeoutMs);
          const cleanup = (): void => {
            clearTimeout(timer);
            server.off('AddedBotMessage', check);
          };
          server.on('AddedBotMessage', check);
          check();
        });
      },
      async quiet(ms) {
        await new Promise((resolve) => setTimeout(resolve, ms));
        return take(Number.MAX_SAFE_INTEGER);
      },
      messages: () => botMessages(opts.token, chatId),
    };
  }

  return {
    apiRoot,
    port,
    server,
    calls: (token, method) =>
      recorded.filter((call) => call.token === token && (method === undefined || call.method === method)),
    failNext(token, method, times, reply) {
      failures.set(`${token} ${method}`, { times, reply });
    },
    user,
    async history(token) {
      const response = await fetch(`${apiRoot}/getUpdatesHistory`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ token }),
      });
      const data = (await response.json()) as { result: unknown[] };
      return data.result;
    },
    async stop() {
      await server.stop();
    },
  };
}

function toBotMessage(stored: StoredBotUpdate): BotMessage {
  const message = stored.message as unknown as {
    chat_id: string | number;
    text?: string;
    parse_mode?: string;
    media?: 'photo' | 'document';
    reply_markup?: { inline_keyboard?: InlineKeyboardButton[][] };
  };
  return {
    messageId: stored.messageId,
    chatId: String(message.chat_id),
    text: message.text ?? '',
    kind: message.media ?? 'text',
    parseMode: message.parse_mode,
    keyboard: message.reply_markup?.inline_keyboard,
  };
}

interface Upload {
  filename: string;
  bytes: number;
  content: Buffer;
}

function isUpload(value: unknown): value is Upload {
  return typeof value === 'object' && value !== null && 'filename' in value && 'content' in value;
}

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}

async function parseBody(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const raw = Buffer.concat(chunks);
  const type = req.headers['content-type'] ?? '';
  const query = Object.fromEntries(new URL(req.url ?? '/', 'http://emulator').searchParams);
  try {
    if (raw.length === 0) return query;
    if (type.includes('application/json'))
      return { ...query, ...(JSON.parse(raw.toString('utf8')) as Record<string, unknown>) };
    if (type.includes('application/x-www-form-urlencoded'))
      return { ...query, ...Object.fromEntries(new URLSearchParams(raw.toString('utf8'))) };
    if (type.includes('multipart/form-data')) return { ...query, ...parseMultipart(raw, type) };
  } catch {
    // tolerant: a body it cannot read is recorded as empty
  }
  return query;
}

/** Enough of multipart/form-data for telegraf's and grammY's uploads: fields as text, files by size. */
function parseMultipart(raw: Buffer, contentType: string): Record<string, unknown> {
  const found = /boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType);
  const boundary = found?.[1] ?? found?.[2];
  if (!boundary) return {};
  const fields: Record<string, unknown> = {};
  for (const part of raw.toString('latin1').split(`--${boundary}`)) {
    const headerEnd = part.indexOf('\r\n\r\n');
    if (headerEnd < 0) continue;
    const headers = part.slice(0, headerEnd);
    const name = /name="([^"]*)"/i.exec(headers)?.[1];
    if (!name) continue;
    const content = part.slice(headerEnd + 4).replace(/\r\n$/, '');
    // the part was read as latin1 to keep the bytes: a UTF-8 file name is decoded back
    const rawName = /filename="([^"]*)"/i.exec(headers)?.[1];
    const filename = rawName === undefined ? undefined : Buffer.from(rawName, 'latin1').toString('utf8');
    fields[name] =
      filename !== undefined
        ? { filename, bytes: content.length, content: Buffer.from(content, 'latin1') }
        : Buffer.from(content, 'latin1').toString('utf8');
  }
  return fields;
}
