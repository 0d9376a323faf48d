import type { Message } from '../domain/message.js';
import type { Choice, Input, OutboundMessage } from '../dialog/types.js';

/**
 * For channels without buttons (console, Zalo): the choices of the bot's last message, shown as
 * numbered lines, and how a typed line selects one. When the message asks for a figure
 * (`answer: 'number'`), digits are the answer, so its choices are picked by their words only.
 */
export interface TypedChoices {
  choices: { token: string; label: string }[];
  numbered: boolean;
}

/** Lower case, no accents (đ → d), letters and digits only: "⏭ Bỏ qua" and "bo qua" meet. */
export function fold(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

export function typedChoices(message: OutboundMessage, render: (label: Message) => string): TypedChoices | null {
  const choices = message.choices.flat().map((choice: Choice) => ({ token: choice.token, label: render(choice.label) }));
  return choices.length > 0 ? { choices, numbered: message.answer !== 'number' } : null;
}

/** The choice a typed line selects, or null when it is an answer of its own. */
export function selectTyped(text: string, offered: TypedChoices | null): Input | null {
  if (!offered) return null;
  const trimmed = text.trim();
  if (offered.numbered && /^\d{1,2}$/.test(trimmed)) {
    const picked = offered.choices[Number(trimmed) - 1];
    if (picked) return { kind: 'choice', token: picked.token };
  }
  const typed = fold(trimmed);
  const picked = typed ? offered.choices.find((choice) => fold(choice.label) === typed) : undefined;
  return picked ? { kind: 'choice', token: picked.token } : null;
}

/** "/baocao quý 3" → the command and its arguments; null for anything else. */
export function typedCommand(text: string): Input | null {
  const match = /^\/([A-Za-z_]+)(?:@\w+)?(?:\s+([\s\S]*))?$/.exec(text.trim());
  return match ? { kind: 'command', command: (match[1] ?? '').toLowerCase(), args: (match[2] ?? '').trim() } : null;
}
