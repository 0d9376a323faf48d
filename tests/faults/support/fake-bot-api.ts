import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A scriptable fake of the Telegram Bot API on 127.0.0.1, for the fault tests that need exact control of
 * what the bot receives and a record of what it sends. Unlike the telegram-test-api emulator it keeps
 * getUpdates' real contract — an update stays on offer until a later call's `offset` confirms it — so a
 * bot killed before confirming gets the same updates again when it restarts, as from Telegram.
 *
 * Serves: getMe, deleteWebhook, setWebhook, setMyCommands, getUpdates (long polling, capped at
 * `maxPollMs`), sendMessage (recorded), answerCallbackQuery, editMessageReplyMarkup.
 */

export interface SentMessage {
  chatId: string;
  text: string;
  messageId: number;
  /** callback_data of every inline button, in order */
  buttons: { text: string; data: string }[];
  at: number;
}

export interface FakeBotApi {
  apiRoot: string;
  sent: SentMessage[];
  /** update ids ever confirmed by an offset (the bot said it received them) */
  readonly confirmedBelow: number;
  /** Offers an update (its update_id is assigned here) and returns the id. */
  push(update: Record<string, unknown>): number;
  /** Every update ever pushed, by id. */
  updates: Map<number, Record<string, unknown>>;
  user(chatId: number, firstName?: string): FakeUser;
  close(): Promise<void>;
}

export interface FakeUser {
  chatId: number;
  text(text: string): number;
  command(command: string, args?: string): number;
  press(data: string, messageId: number): number;
  /** The messages the bot sent to this chat, all of them. */
  received(): SentMessage[];
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

export async function startFakeBotApi(options: { maxPollMs?: number } = {}): Promise<FakeBotApi> {
  const maxPollMs = options.maxPollMs ?? 500;
  const sent: SentMessage[] = [];
  const updates = new Map<number, Record<string, unknown>>();
  let nextUpdateId = 1;
  let confirmedBelow = 1;
  let waiters: (() => void)[] = [];
  let messageIds = 1;

  const reply = (res: ServerResponse, status: number, body: unknown): void => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  };
  const ok = (res: ServerResponse, result: unknown): void => reply(res, 200, { ok: true, result });

  const offered = (limit: number): Record<string, unknown>[] => {
    const out: Record<string, unknown>[] = [];
    for (let id = confirmedBelow; id < nextUpdateId && out.length < limit; id += 1) {
      const update = updates.get(id);
      if (update) out.push(update);
    }
    return out;
  };

  async function getUpdates(res: ServerResponse, body: Record<string, unknown>): Promise<void> {
    const offset = Number(body.offset ?? 0);
    if (offset > confirmedBelow) confirmedBelow = offset;
    const limit = Math.min(100, Number(body.limit ?? 100) || 100);
    const timeoutMs = Math.min(maxPollMs, Number(body.timeout ?? 0) * 1000);
    let found = offered(limit);
    if (found.length === 0 && timeoutMs > 0) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, timeoutMs);
        waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
      found = offered(limit);
    }
    if (!res.destroyed) ok(res, found);
  }

  function handle(req: IncomingMessage, res: ServerResponse, raw: string): void {
    const match = /^\/bot[^/]+\/(\w+)/.exec(req.url ?? '');
    if (!match) return reply(res, 404, { ok: false, error_code: 404, description: 'Not Found' });
    let body: Record<string, unknown> = {};
    if (raw !== '') {
      try {
        body = JSON.parse(raw) as Record<string, unknown>;
      } catch {
        body = Object.fromEntries(new URLSearchParams(raw));
      }
    }
    switch (match[1]) {
      case 'getMe':
        return ok(res, { id: 1, is_bot: true, first_name: 'Fault', username: 'FaultTestBot' });
      case 'getUpdates':
        void getUpdates(res, body);
        return;
      case 'sendMessage': {
        const message: SentMessage = {
          chatId: String(body.chat_id),
          text: String(body.text ?? ''),
          messageId: messageIds++,
          buttons: parseButtons(body.reply_markup),
          at: Date.now(),
        };
        sent.push(message);
        return ok(res, {
          message_id: message.messageId,
          date: Math.floor(Date.now() / 1000),
          chat: { id: Number(message.chatId), type: 'private' },
          text: message.text,
        });
      }
      case 'editMessageReplyMarkup':
        return ok(res, true);
      default:
        // deleteWebhook, setWebhook, setMyCommands, answerCallbackQuery
        return ok(res, true);
    }
  }

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => handle(req, res, Buffer.concat(chunks).toString('utf8')));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  const push = (update: Record<string, unknown>): number => {
    const id = nextUpdateId++;
    updates.set(id, { ...update, update_id: id });
    const waiting = waiters;
    waiters = [];
    for (const wake of waiting) wake();
    return id;
  };

  const now = (): number => Math.floor(Date.now() / 1000);
  const user = (chatId: number, firstName = `User ${chatId}`): FakeUser => {
    const from = { id: chatId, is_bot: false, first_name: firstName, language_code: 'vi' };
    const chat = { id: chatId, type: 'private', first_name: firstName };
    let localMessageId = 1_000_000;
    return {
      chatId,
      text: (text) => push({ message: { message_id: localMessageId++, date: now(), chat, from, text } }),
      command: (command, args) => {
        const text = args ? `/${command} ${args}` : `/${command}`;
        return push({
          message: {
            message_id: localMessageId++,
            date: now(),
            chat,
            from,
            text,
            entities: [{ type: 'bot_command', offset: 0, length: command.length + 1 }],
          },
        });
      },
      press: (data, messageId) =>
        push({
          callback_query: {
            id: `cb-${chatId}-${nextUpdateId}`,
            chat_instance: String(chatId),
            data,
            from,
            message: { message_id: messageId, date: now(), chat, text: '…' },
          },
        }),
      received: () => sent.filter((m) => m.chatId === String(chatId)),
    };
  };

  return {
    apiRoot: `http://127.0.0.1:${port}`,
    sent,
    get confirmedBelow() {
      return confirmedBelow;
    },
    push,
    updates,
    user,
    close() {
      for (const wake of waiters) wake();
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
