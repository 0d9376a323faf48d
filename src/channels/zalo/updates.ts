import { createHash } from 'node:crypto';
import type { InboundEvent, Input } from '../../dialog/types.js';
import { typedInput, type TypedChoices } from '../typed-choices.js';

/** The choices of the last message sent to a chat, as the official may answer them. */
export type OfferedChoices = TypedChoices;

/**
 * Zalo Bot Platform updates → the dialog engine's InboundEvents. Pure: no I/O, no clock (the caller passes
 * the time of receipt and the choices it offered last in the chat).
 *
 * Zalo has no buttons and no command entities, so this file also reads what a button or an entity would
 * have told: commands typed as plain text (with or without the slash, as the command table allows) and
 * choices answered by their words (`typedInput`, shared with the console). Numbers are sent as typed and
 * read by the engine against the choices it stored with the conversation (dialog/offered.ts), by this rule:
 * - a message that offers choices and does NOT ask for a figure numbers them 1..n; a number typed alone,
 *   between 1 and n, picks that choice; any other number is text (an answer the engine reads or explains);
 * - a message that asks for a figure (`answer: 'number'`) does NOT number its choices ("Bỏ qua", "Dừng"):
 *   a typed "1" is then always the answer 1, and those choices are picked by typing their words.
 * Words pick a choice in both cases: the whole label, case-insensitive, emoji and punctuation ignored;
 * without accents too ("bo qua") when the official typed no accent at all and only one label matches.
 */

/** The public part of a token ("1234567890:abc…" → "1234567890"), else a hash prefix of it: never the secret. */
export function zaloBotId(token: string): string {
  const colon = token.indexOf(':');
  if (colon > 0) return token.slice(0, colon);
  return `h${createHash('sha256').update(token, 'utf8').digest('hex').slice(0, 12)}`;
}

interface ZaloMessage {
  message_id?: unknown;
  from?: { id?: unknown; display_name?: unknown; is_bot?: unknown };
  chat?: { id?: unknown; chat_type?: unknown };
  text?: unknown;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `{ ok: true, result: {…} }` or the update itself. */
export function unwrapUpdate(value: unknown): Record<string, unknown> | null {
  if (!isRecord(value)) return null;
  if ('result' in value && isRecord(value.result) && !('event_name' in value)) return value.result;
  return value;
}

function idOf(value: unknown): string | null {
  if (typeof value === 'string' && value.trim() !== '') return value.trim();
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return null;
}

/**
 * An update (wrapped or flat) → an event for the engine, or null for what is not the engine's: events
 * that are not messages, group chats, malformed updates. `updateKey` is `<botId>:<message_id>`.
 */
export function toInboundEvent(
  update: unknown,
  receivedAt: Date,
  botId: string,
  offered: OfferedChoices | null = null,
): InboundEvent | null {
  const body = unwrapUpdate(update);
  if (!body) return null;
  const eventName = typeof body.event_name === 'string' ? body.event_name : '';
  if (!eventName.startsWith('message.') || !isRecord(body.message)) return null;
  const message = body.message as ZaloMessage;
  const messageId = idOf(message.message_id);
  const userId = idOf(message.from?.id);
  const chatId = idOf(message.chat?.id) ?? userId;
  if (messageId === null || userId === null || chatId === null) return null;
  if (message.from?.is_bot === true) return null;
  const chatType = message.chat?.chat_type;
  if (typeof chatType === 'string' && chatType.toUpperCase() !== 'PRIVATE') return null;
  let input: Input;
  if (eventName === 'message.text.received') {
    if (typeof message.text !== 'string') return null;
    input = typedInput(message.text, offered);
  } else {
    input = { kind: 'unsupported' };
  }
  const displayName = typeof message.from?.display_name === 'string' ? message.from.display_name.trim() : '';
  return {
    channel: 'zalo',
    updateKey: `${botId}:${messageId}`,
    chatId,
    userId,
    displayName: displayName === '' ? undefined : displayName,
    // Zalo sends no language hint: the engine's default applies until the official picks one.
    languageCode: undefined,
    input,
    receivedAt,
  };
}
