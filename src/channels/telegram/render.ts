import { pack } from '../pack-lines.js';
import type { InlineKeyboardButton, InlineKeyboardMarkup } from 'telegraf/types';
import type { Choice, Line, OutboundMessage } from '../../dialog/types.js';
import type { Message } from '../../domain/message.js';

/**
 * OutboundMessage → the texts to send with Telegram's HTML parse mode. Pure.
 *
 * Every rendered text is escaped, params included (an official's own words arrive inside params and must
 * never become markup); styles become tags added here, never read from the locales. A message longer than
 * Telegram's limit is split on line boundaries; a single line longer than the limit is split on a space
 * when there is one in the second half of the piece, else between graphemes (never inside an escape
 * sequence, a tag, a surrogate pair or a letter with its combining accents). Every piece carries its own
 * tags, so no entity spans two messages. The keyboard goes on the last piece.
 */

/** Telegram's maximum text length. Counted here on the HTML source in UTF-16 code units, which is never
 *  less than the length Telegram counts after parsing the entities, so a piece of this size is accepted. */
export const TELEGRAM_TEXT_LIMIT = 4096;
/** Telegram's maximum callback_data, in bytes. */
export const CALLBACK_DATA_LIMIT = 64;

export type TranslateMessage = (message: Message) => string;

export interface TelegramText {
  text: string;
  parse_mode: 'HTML';
  reply_markup?: InlineKeyboardMarkup;
}

/** Text sent when a message has choices and no text at all: Telegram refuses an empty message. */
const PLACEHOLDER = '…';

const segmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' });
const encoder = new TextEncoder();

export function escapeHtml(text: string): string {
  return text.replace(/[&<>]/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : '&gt;'));
}

const TAGS: Record<NonNullable<Line['style']>, [string, string]> = {
  title: ['<b>', '</b>'],
  muted: ['<i>', '</i>'],
};

export function renderOutbound(
  message: OutboundMessage,
  translate: TranslateMessage,
  limit: number = TELEGRAM_TEXT_LIMIT,
): TelegramText[] {
  const units = message.lines.flatMap((line) =>
    // A translation may hold line breaks: each physical line is styled on its own, so it can be a split point.
    translate(line)
      .split(/\r?\n/)
      .flatMap((physical) => styledPieces(physical, line.style, limit)),
  );
  const texts = pack(units, limit);
  const keyboard = withLinkButton(inlineKeyboard(message.choices, translate), message, translate);
  if (texts.length === 0) {
    if (!keyboard) return [];
    texts.push(PLACEHOLDER);
  }
  return texts.map((text, i) => ({
    text,
    parse_mode: 'HTML',
    ...(keyboard && i === texts.length - 1 ? { reply_markup: keyboard } : {}),
  }));
}

/** One physical line, escaped and styled: one piece, or several when it is longer than the limit. */
function styledPieces(text: string, style: Line['style'], limit: number): string[] {
  if (text.trim() === '') return [''];
  const [open, close] = style ? TAGS[style] : ['', ''];
  const budget = limit - open.length - close.length;
  const escaped = escapeHtml(text);
  const pieces = escaped.length <= budget ? [escaped] : splitEscaped(text, budget);
  return pieces.map((piece) => `${open}${piece}${close}`);
}

/** Splits plain text into escaped pieces of at most `budget` code units each. */
function splitEscaped(text: string, budget: number): string[] {
  // Graphemes keep "ệ" written as e + two combining marks whole, and emoji whole; a pathological cluster
  // longer than the budget falls back to code points (each at most 5 units escaped).
  const units = [...segmenter.segment(text)].flatMap(({ segment }) =>
    escapeHtml(segment).length <= budget ? [escapeHtml(segment)] : [...segment].map(escapeHtml),
  );
  const pieces: string[] = [];
  let start = 0;
  while (start < units.length) {
    let length = 0;
    let end = start;
    let lastSpace = -1;
    while (end < units.length) {
      const unit = units[end] as string;
      if (length + unit.length > budget) break;
      length += unit.length;
      if (/^\s+$/.test(unit)) lastSpace = end;
      end += 1;
    }
    if (end === start) end = start + 1; // budget smaller than one code point: only with absurd limits
    if (end < units.length && lastSpace > start + (end - start) / 2) end = lastSpace + 1;
    pieces.push(units.slice(start, end).join(''));
    start = end;
  }
  return pieces;
}

/** Rows of choices → an inline keyboard (labels are plain text: Telegram does not parse them). */
export function inlineKeyboard(
  choices: Choice[][],
  translate: TranslateMessage,
): InlineKeyboardMarkup | undefined {
  const rows = choices
    .filter((row) => row.length > 0)
    .map((row) =>
      row.map((choice): InlineKeyboardButton.CallbackButton => ({
        text: translate(choice.label),
        callback_data: assertCallbackData(choice.token),
      })),
    );
  return rows.length > 0 ? { inline_keyboard: rows } : undefined;
}

/**
 * The web page's link on a row of its own, above the choices: a Mini App (`web_app`) button when the
 * engine offers the page as one (behind https; Telegram then signs who opens it, and the page opens
 * inside Telegram), else a URL button with the signed link. Telegram takes `web_app` buttons in
 * private chats, which is where the bot talks to an official.
 */
function withLinkButton(
  keyboard: InlineKeyboardMarkup | undefined,
  message: OutboundMessage,
  translate: TranslateMessage,
): InlineKeyboardMarkup | undefined {
  if (!message.link) return keyboard;
  const text = translate(message.link.label);
  const button: InlineKeyboardButton.UrlButton | InlineKeyboardButton.WebAppButton = message.link.miniApp
    ? { text, web_app: { url: message.link.url } }
    : { text, url: message.link.url };
  return { inline_keyboard: [[button], ...(keyboard?.inline_keyboard ?? [])] };
}

export function assertCallbackData(token: string): string {
  const bytes = encoder.encode(token).length;
  if (bytes < 1 || bytes > CALLBACK_DATA_LIMIT) {
    throw new RangeError(
      `choice token of ${bytes} bytes: Telegram's callback_data takes 1 to ${CALLBACK_DATA_LIMIT}`,
    );
  }
  return token;
}
