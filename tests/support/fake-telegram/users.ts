import { snapshot, type MessageStore, type SentMessage } from './messages.js';
import type { UpdateQueue } from './updates.js';

export interface UserOptions {
  firstName?: string;
  lastName?: string;
  /** the Telegram client's language: 'vi' unless given; null for a client that sends none */
  languageCode?: string | null;
  /** the chat the person writes in: their private chat (the user id) unless given */
  chatId?: number;
  chatType?: 'private' | 'group' | 'supergroup';
}

/**
 * A person writing to the bot: each act offers one update and returns its id; the bot's messages to the
 * chat are read as the person sees them (copies: a later edit does not change what was shown).
 */
export interface FakeUser {
  readonly chatId: number;
  text(text: string): number;
  /** `command('start', 'CODE')` or `command('/start@Bot', 'CODE')`: the text with its bot_command entity */
  command(command: string, args?: string): number;
  /** a press on a button of the bot's message `messageId` */
  press(data: string, messageId: number): number;
  /**
   * A file sent to the bot, which fetches it with getFile and the file download address: its bytes, or
   * the file_id of a file already added (FakeTelegram.addFile).
   */
  document(fileName: string, file: Uint8Array | string, mimeType?: string): number;
  /** every message the bot sent to this chat, as it is now */
  received(): SentMessage[];
  /** the next `n` messages to this chat (each handed out once per user), or a rejection after `timeoutMs` */
  waitForReplies(n: number, timeoutMs?: number): Promise<SentMessage[]>;
  /** waits `ms`, then hands out whatever arrived meanwhile (to check that nothing did) */
  quiet(ms: number): Promise<SentMessage[]>;
}

export interface UserWorld {
  queue: UpdateQueue;
  messages: MessageStore;
  addFile(name: string, bytes: Uint8Array): string;
}

export function createUser(world: UserWorld, userId: number, options: UserOptions = {}): FakeUser {
  const { queue, messages } = world;
  const chatId = options.chatId ?? userId;
  const chatKey = String(chatId);
  const firstName = options.firstName ?? `User ${userId}`;
  const languageCode = options.languageCode === undefined ? 'vi' : options.languageCode;
  const from = {
    id: userId,
    is_bot: false,
    first_name: firstName,
    ...(options.lastName ? { last_name: options.lastName } : {}),
    ...(languageCode ? { language_code: languageCode } : {}),
  };
  const chat =
    (options.chatType ?? 'private') === 'private'
      ? { id: chatId, type: 'private', first_name: firstName }
      : { id: chatId, type: options.chatType, title: `Group ${chatId}` };
  const now = (): number => Math.floor(Date.now() / 1000);
  let localMessageId = 1_000_000;
  const message = (fields: Record<string, unknown>): number =>
    queue.push({ message: { message_id: localMessageId++, date: now(), chat, from, ...fields } });
  /** how many of this chat's messages this user was handed */
  let cursor = 0;
  const take = (n: number): SentMessage[] => {
    const taken = messages.inChat(chatKey).slice(cursor, cursor + n);
    cursor += taken.length;
    return taken.map(snapshot);
  };

  return {
    chatId,
    text: (text) => message({ text }),
    command(command, args) {
      const name = command.replace(/^\//, '');
      return message({
        text: args ? `/${name} ${args}` : `/${name}`,
        entities: [{ type: 'bot_command', offset: 0, length: name.length + 1 }],
      });
    },
    press: (data, messageId) =>
      queue.push({
        callback_query: {
          id: `cb-${userId}-${queue.updates.size + 1}`,
          chat_instance: chatKey,
          data,
          from,
          message: { message_id: messageId, date: now(), chat, text: messages.get(messageId)?.text ?? '…' },
        },
      }),
    document(fileName, file, mimeType = 'application/octet-stream') {
      const fileId = typeof file === 'string' ? file : world.addFile(fileName, file);
      const size = typeof file === 'string' ? undefined : file.byteLength;
      return message({
        document: {
          file_id: fileId,
          file_unique_id: `u-${fileId}`,
          file_name: fileName,
          mime_type: mimeType,
          ...(size === undefined ? {} : { file_size: size }),
        },
      });
    },
    received: () => messages.inChat(chatKey).map(snapshot),
    waitForReplies(n, timeoutMs = 30_000) {
      return new Promise((resolve, reject) => {
        let stop = (): void => undefined;
        const timer = setTimeout(() => {
          stop();
          const got = messages.inChat(chatKey).slice(cursor);
          reject(
            new Error(
              `chat ${chatKey}: expected ${n} replies within ${timeoutMs} ms, got ${got.length}: ${JSON.stringify(got.map((m) => m.text.slice(0, 200)))}`,
            ),
          );
        }, timeoutMs);
        const check = (): boolean => {
          if (messages.inChat(chatKey).length < cursor + n) return false;
          stop();
          clearTimeout(timer);
          resolve(take(n));
          return true;
        };
        if (!check()) stop = messages.onChat(chatKey, check);
      });
    },
    async quiet(ms) {
      await new Promise((resolve) => setTimeout(resolve, ms));
      return take(Number.MAX_SAFE_INTEGER);
    },
  };
}
