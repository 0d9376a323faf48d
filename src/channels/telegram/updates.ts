import type { Chat, Message, Update, User } from 'telegraf/types';
import type { InboundEvent, Input } from '../../dialog/types.js';

/**
 * Telegram updates → the dialog engine's InboundEvents. Pure: no I/O, no clock (the caller passes the
 * time of receipt).
 *
 * Only private chats reach the engine. In a group or supergroup a command gets one polite refusal from
 * the adapter (see `groupCommand`); everything else from groups and channels, edited messages and
 * service messages (pins, auto-delete timers…) is ignored.
 */

/** Message contents an official may send that the bot cannot read: answered politely, never stored. */
const UNSUPPORTED_CONTENT = [
  'photo',
  'sticker',
  'voice',
  'video',
  'video_note',
  'audio',
  'animation',
  'location',
  'venue',
  'contact',
  'poll',
  'dice',
  'game',
  'story',
  'invoice',
  'paid_media',
] as const;

/**
 * `botId` is the public number before the colon of the token: update ids are unique per bot only, and
 * one database may serve several bots (one per organization, or a bot re-created with a new token).
 */
/** Fetches a file the user sent, by its file_id (getFile, then the download): given by the adapter. */
export type FileReader = (fileId: string) => Promise<Uint8Array>;

const noFiles: FileReader = () => Promise.reject(new Error('this channel reads no files'));

export function toInboundEvent(
  update: Update,
  receivedAt: Date,
  botId: string,
  readFile: FileReader = noFiles,
): InboundEvent | null {
  const updateKey = `${botId}:${update.update_id}`;
  if ('message' in update) {
    const message = update.message;
    if (message.chat.type !== 'private' || !message.from || message.from.is_bot) return null;
    const input = messageInput(message, readFile);
    return input ? eventOf(updateKey, message.chat, message.from, input, receivedAt) : null;
  }
  if ('callback_query' in update) {
    const query = update.callback_query;
    if (!('data' in query) || query.from.is_bot) return null;
    // A press on a message the bot sent in a private chat; inline-mode and group buttons are not ours.
    if (!query.message || query.message.chat.type !== 'private') return null;
    return eventOf(
      updateKey,
      query.message.chat,
      query.from,
      { kind: 'choice', token: query.data },
      receivedAt,
    );
  }
  return null;
}

/** What the official sent, or null for what the bot must not answer (service messages). */
export function messageInput(message: Message, readFile: FileReader = noFiles): Input | null {
  if ('text' in message) {
    const command = commandOf(message.text, message.entities);
    return command ?? { kind: 'text', text: message.text };
  }
  if ('document' in message) {
    const { file_id: fileId, file_name: name, file_size: size, mime_type: mimeType } = message.document;
    return {
      kind: 'document',
      document: {
        name: name ?? 'tep',
        size: size ?? null,
        mimeType: mimeType ?? null,
        read: () => readFile(fileId),
      },
    };
  }
  if (UNSUPPORTED_CONTENT.some((content) => content in message)) return { kind: 'unsupported' };
  return null;
}

interface Entity {
  type: string;
  offset: number;
  length: number;
}

/** `/start CODE` → start + "CODE"; `/BaoCao@tiendo_bot` → baocao. Only a bot_command entity at offset 0. */
export function commandOf(text: string, entities: readonly Entity[] | undefined): Input | null {
  const entity = entities?.find((e) => e.type === 'bot_command' && e.offset === 0);
  if (!entity || !text.startsWith('/')) return null;
  const command = text.slice(1, entity.length).split('@')[0]?.toLowerCase() ?? '';
  if (command === '') return null;
  return { kind: 'command', command, args: text.slice(entity.length).trim() };
}

function eventOf(updateKey: string, chat: Chat, from: User, input: Input, receivedAt: Date): InboundEvent {
  const displayName = [from.first_name, from.last_name]
    .filter((part) => part && part.trim() !== '')
    .join(' ');
  return {
    channel: 'telegram',
    updateKey,
    chatId: String(chat.id),
    userId: String(from.id),
    displayName: displayName === '' ? undefined : displayName,
    languageCode: from.language_code,
    input,
    receivedAt,
  };
}

/** The button press an update carries: the adapter must always answer it, and removes its keyboard. */
export interface ButtonPress {
  queryId: string;
  chatId: string | null;
  messageId: number | null;
}

export function buttonPress(update: Update): ButtonPress | null {
  if (!('callback_query' in update)) return null;
  const query = update.callback_query;
  return {
    queryId: query.id,
    chatId: query.message ? String(query.message.chat.id) : null,
    messageId: query.message ? query.message.message_id : null,
  };
}

/**
 * A command typed in a group or supergroup, for this bot (`/baocao`, or `/baocao@<botUsername>` but not
 * `@another_bot`): the adapter answers it once, asking for a private chat.
 */
export function groupCommand(
  update: Update,
  botUsername?: string,
): { chatId: string; userId: string; languageCode?: string } | null {
  if (!('message' in update)) return null;
  const message = update.message;
  if (message.chat.type !== 'group' && message.chat.type !== 'supergroup') return null;
  if (!message.from || message.from.is_bot || !('text' in message)) return null;
  const entity = message.entities?.find((e) => e.type === 'bot_command' && e.offset === 0);
  if (!entity || !commandOf(message.text, message.entities)) return null;
  const addressee = message.text.slice(1, entity.length).split('@')[1];
  if (addressee !== undefined && addressee.toLowerCase() !== botUsername?.toLowerCase()) return null;
  return {
    chatId: String(message.chat.id),
    userId: String(message.from.id),
    ...(message.from.language_code ? { languageCode: message.from.language_code } : {}),
  };
}
