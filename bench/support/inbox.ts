import type { InlineKeyboardButton } from 'telegraf/types';
import type { FakeTelegram } from '../../tests/support/fake-telegram/server.js';

/**
 * The load generator's side of the fake Bot API: the bot's messages per chat, each stamped with
 * performance.now() the moment the fake accepts it (the fake's own `at` is Date.now(), whole
 * milliseconds, too coarse for a turn of a few), handed to waiters in O(1) per message.
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

export function watchReplies(telegram: FakeTelegram): Inbox {
  const queues = new Map<string, Received[]>();
  const waiters = new Map<string, { n: number; resolve: (messages: Received[]) => void }>();
  let received = 0;

  const stop = telegram.onMessage((message) => {
    const queue = queues.get(message.chatId) ?? [];
    queue.push({
      messageId: message.messageId,
      text: message.text,
      keyboard: message.keyboard ?? [],
      at: performance.now(),
    });
    queues.set(message.chatId, queue);
    received += 1;
    const waiter = waiters.get(message.chatId);
    if (waiter && queue.length >= waiter.n) {
      waiters.delete(message.chatId);
      waiter.resolve(queue.splice(0, waiter.n));
    }
  });

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
    stop,
  };
}

/** The callback data of the button whose label contains `label`. */
export function buttonData(message: Received, label: string): string {
  for (const button of message.keyboard.flat())
    if (button.text.includes(label) && 'callback_data' in button) return button.callback_data;
  throw new Error(`no button «${label}» in «${message.text.slice(0, 80)}»`);
}
