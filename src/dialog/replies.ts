import type { Param } from '../domain/message.js';
import type { Choice, Line, OutboundMessage } from './types.js';

export function line(key: string, params?: Record<string, Param>, style?: Line['style']): Line {
  return { key, ...(params ? { params } : {}), ...(style ? { style } : {}) };
}

export function reply(lines: Line[], choices: Choice[][] = [], answer?: OutboundMessage['answer']): OutboundMessage {
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
