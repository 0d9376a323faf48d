import type { Param } from '../domain/message.js';
import type { Choice, Line, OutboundMessage } from './types.js';

export function line(key: string, params?: Record<string, Param>, style?: Line['style']): Line {
  return { key, ...(params ? { params } : {}), ...(style ? { style } : {}) };
}

export function reply(
  lines: Line[],
  choices: Choice[][] = [],
  answer?: OutboundMessage['answer'],
): OutboundMessage {
  return { lines, choices, ...(answer ? { answer } : {}) };
}

/** A button: the token ties it to the question (nonce) that offered it. */
export function choice(nonce: string, action: string, key: string, params?: Record<string, Param>): Choice {
  return { token: `${nonce}:${action}`, label: { key, ...(params ? { params } : {}) } };
}

/** The action of a pressed button, or null when it belongs to another question. */
export function actionOf(token: string, nonce: string): string | null {
  const separator = token.indexOf(':');
  if (separator < 0 || token.slice(0, separator) !== nonce) return null;
  return token.slice(separator + 1);
}

// Controls, bidi embeddings/overrides/isolates and unpaired surrogate halves: echoed, they garble the
// bot's own sentence around them (an RTL override reverses the rest of the line) or make Telegram
// refuse the message (a lone surrogate is not UTF-8).
const UNSAFE = /[\p{Cc}\u202A-\u202E\u2066-\u2069\uD800-\uDFFF]/gu;
const ECHO_MAX = 40;

/** What the official typed, safe to quote back in a reply: no unsafe characters, at most `max` characters. */
export function echo(text: string, max = ECHO_MAX): string {
  const chars = [...text.replace(UNSAFE, '')];
  return chars.length > max ? `${chars.slice(0, max).join('')}…` : chars.join('');
}

export { safeText } from '../domain/indicators/note.js';
