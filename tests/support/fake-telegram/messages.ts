import type { InlineKeyboardButton } from 'telegraf/types';

/**
 * The messages the bot got through, as Telegram keeps them: each by its message id (edits change it in
 * place), listed in order for the whole bot and per chat, so that a waiting user is told of a message to
 * its chat in O(1) — a thousand scripted officials waiting at once do not make the fake the bottleneck.
 */
export interface SentMessage {
  /** the token the bot sent it with */
  token: string;
  chatId: string;
  messageId: number;
  /** the text, or the caption of a photo or document */
  text: string;
  kind: 'text' | 'photo' | 'document';
  parseMode: string | undefined;
  /** the inline keyboard as it is now (after edits); [] once removed, undefined when there never was one */
  keyboard: InlineKeyboardButton[][] | undefined;
  /** every button that carries callback_data, in order, as sent (an edit of the keyboard leaves it) */
  buttons: { text: string; data: string }[];
  /** the file the bot sent (sendDocument, sendPhoto, a page of sendMediaGroup) */
  file?: { name: string; bytes: Buffer };
  /** Date.now() when the fake accepted it */
  at: number;
}

export type NewMessage = Omit<SentMessage, 'messageId' | 'buttons' | 'at'>;

export interface MessageStore {
  /** every message, in order (the same objects, edited in place) */
  readonly all: SentMessage[];
  add(message: NewMessage, at: number): SentMessage;
  get(messageId: number): SentMessage | undefined;
  /** the messages to a chat, in order */
  inChat(chatId: string): readonly SentMessage[];
  setKeyboard(message: SentMessage, keyboard: InlineKeyboardButton[][] | undefined): void;
  /** Calls `listener` with each new message (until the returned function is called). */
  onMessage(listener: (message: SentMessage) => void): () => void;
  /** Calls `listener` with each new message to `chatId` (until the returned function is called). */
  onChat(chatId: string, listener: () => void): () => void;
  clear(): void;
}

function buttonsOf(keyboard: InlineKeyboardButton[][] | undefined): SentMessage['buttons'] {
  return (keyboard ?? [])
    .flat()
    .flatMap((b) => ('callback_data' in b ? [{ text: b.text, data: b.callback_data }] : []));
}

export function createMessageStore(): MessageStore {
  const all: SentMessage[] = [];
  const byId = new Map<number, SentMessage>();
  const byChat = new Map<string, SentMessage[]>();
  const listeners = new Set<(message: SentMessage) => void>();
  const chatListeners = new Map<string, Set<() => void>>();
  let nextId = 1;

  return {
    all,
    add(fields, at) {
      const message: SentMessage = {
        ...fields,
        messageId: nextId++,
        buttons: buttonsOf(fields.keyboard),
        at,
      };
      all.push(message);
      byId.set(message.messageId, message);
      const chat = byChat.get(message.chatId) ?? [];
      chat.push(message);
      byChat.set(message.chatId, chat);
      for (const listener of [...listeners]) listener(message);
      for (const listener of [...(chatListeners.get(message.chatId) ?? [])]) listener();
      return message;
    },
    get: (messageId) => byId.get(messageId),
    inChat: (chatId) => byChat.get(chatId) ?? [],
    setKeyboard(message, keyboard) {
      message.keyboard = keyboard;
    },
    onMessage(listener) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
    onChat(chatId, listener) {
      const set = chatListeners.get(chatId) ?? new Set();
      set.add(listener);
      chatListeners.set(chatId, set);
      return () => void set.delete(listener);
    },
    clear() {
      all.length = 0;
      byId.clear();
      byChat.clear();
    },
  };
}

/** A copy of a message as it is now, which later edits leave alone (a test keeps what it was shown). */
export function snapshot(message: SentMessage): SentMessage {
  return {
    ...message,
    keyboard: message.keyboard?.map((row) => row.map((button) => ({ ...button }))),
    buttons: message.buttons.map((button) => ({ ...button })),
  };
}
