import type { InlineKeyboardButton } from 'telegraf/types';
import type { Emulator } from '../../tests/support/telegram-emulator.js';

/**
 * The load generator's side of the emulator: the bot's messages per chat, handed to waiters in O(1) per
 * message. The emulator's own UserClient.waitForReplies filters every stored message on every new one,
 * which with 1,000 users waiting at once would make the generator the bottleneck. Updates the bot has
 * read, and bot messages older than a minute (no longer edited), are dropped from the emulator's store
 * for the same reason: its getUpdates and edits scan the whole store.
 */
export interface Received {
  messageId: number;
  text: string;
  keyboard: InlineKeyboardButton[][];
  at: number;
}

export interface Inbox {
  /** the next `n` messages to `chatId`, each handed out once */
  next(chatId: string, n: number, timeoutMs: number): Promise<Received[]>;
  readonly received: number;
  stop(): void;
}

export function watchReplies(emulator: Emulator): Inbox {
  const { server } = emulator;
  const queues = new Map<string, Received[]>();
  const waiters = new Map<string, { n: number; resolve: (messages: Received[]) => void }>();
  let received = 0;

  const onMessage = (): void => {
    const stored = server.storage.botMessages.at(-1);
    if (!stored) return;
    const message = stored.message as unknown as {
      chat_id: string | number;
      text?: string;
      reply_markup?: { inline_keyboard?: InlineKeyboardButton[][] };
    };
    const chatId = String(message.chat_id);
    const queue = queues.get(chatId) ?? [];
    queue.push({
      messageId: stored.messageId,
      text: message.text ?? '',
      keyboard: message.reply_markup?.inline_keyboard ?? [],
      at: performance.now(),
    });
    queues.set(chatId, queue);
    received += 1;
    const waiter = waiters.get(chatId);
    if (waiter && queue.length >= waiter.n) {
      waiters.delete(chatId);
      waiter.resolve(queue.splice(0, waiter.n));
    }
  };
  server.on('AddedBotMessage', onMessage);
  const pruning = setInterval(() => {
    const old = Date.now() - 60_000;
    server.storage.userMessages = server.storage.userMessages.filter((update) => !update.isRead);
    server.storage.botMessages = server.storage.botMessages.filter((update) => update.time > old);
  }, 1000);

  return {
    next(chatId, n, timeoutMs) {
      const queue = queues.get(chatId) ?? [];
      if (queue.length >= n) return Promise.resolve(queue.splice(0, n));
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          waiters.delete(chatId);
          reject(
            new Error(
              `chat ${chatId}: expected ${n} replies within ${timeoutMs} ms, got ${JSON.stringify((queues.get(chatId) ?? []).map((m) => m.text.slice(0, 60)))}`,
            ),
          );
        }, timeoutMs);
        waiters.set(chatId, {
          n,
          resolve: (messages) => {
            clearTimeout(timer);
            resolve(messages);
          },
        });
      });
    },
    get received() {
      return received;
    },
    stop() {
      clearInterval(pruning);
      server.off('AddedBotMessage', onMessage);
    },
  };
}

/** The callback data of the button whose label contains `label`. */
export function buttonData(message: Received, label: string): string {
  for (const button of message.keyboard.flat())
    if (button.text.includes(label) && 'callback_data' in button) return button.callback_data;
  throw new Error(`no button «${label}» in «${message.text.slice(0, 80)}»`);
}
