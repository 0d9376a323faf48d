import { bareCommand } from '../dialog/commands.js';
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

/**
 * Lower case, letters and digits only ("⏭ Bỏ qua" → "bỏ qua"); without `keepAccents` also no accents
 * (đ → d), so "bo qua" meets it.
 */
export function foldWords(text: string, keepAccents = false): string {
  // Emoji presentation selectors and joiners are "marks" too: they are not accents.
  let folded = text
    .normalize('NFC')
    .replace(/\uFE0E|\uFE0F|\u200D|\u20E3/gu, '')
    .toLowerCase();
  if (!keepAccents) folded = folded.normalize('NFD').replace(/\p{M}/gu, '').replace(/đ/g, 'd');
  return folded.replace(/[^\p{L}\p{M}\p{N}]+/gu, ' ').trim();
}

function hasAccent(text: string): boolean {
  return foldWords(text, true) !== foldWords(text, false);
}

/**
 * Engine texts that speak of pressing buttons → their wording where choices are typed (console, Zalo),
 * with the same parameters. The engine knows nothing of channels; the rendering of choices does.
 */
export const TYPED_WORDING: Readonly<Record<string, string>> = {
  'dialog:use_buttons': 'zalo:use_numbers',
  'dialog:stale': 'zalo:stale',
  'dialog:report.example_boolean': 'zalo:example_boolean',
  'dialog:warning.check': 'zalo:warning_check',
  'channel:stale_button': 'zalo:stale',
  'dialog:plan.confirm_or_edit': 'channel:typed.plan_confirm_or_edit',
  'dialog:plan.waiting': 'channel:typed.plan_waiting',
  'dialog:plan.waiting_fix': 'channel:typed.plan_waiting_fix',
  'reminders:action': 'channel:typed.reminder_action',
  // Images, stickers, and what Zalo delivers without content (senders of protected groups): say what the bot reads.
  'dialog:unsupported': 'zalo:unsupported',
};

/** A message as a channel without buttons says it. */
export function typedWording(message: Message): Message {
  const key = TYPED_WORDING[message.key];
  return key ? { ...message, key } : message;
}

export function typedChoices(
  message: OutboundMessage,
  render: (label: Message) => string,
): TypedChoices | null {
  const choices = message.choices
    .flat()
    .map((choice: Choice) => ({ token: choice.token, label: render(choice.label) }));
  return choices.length > 0 ? { choices, numbered: message.answer !== 'number' } : null;
}

/**
 * The choice a typed line selects by its words, or null: a choice's whole label. A number alone is left
 * to the engine (see dialog/offered.ts). Accents count when the official typed any:
 * "đúng" must not select "Dừng"; typed without any accent, a label matches only if it is the only one.
 */
export function selectTyped(text: string, offered: TypedChoices | null): Input | null {
  if (!offered || offered.choices.length === 0) return null;
  // A number is sent as typed: the engine reads it against the choices it stored with the conversation
  // (dialog/offered.ts), which a restart or another instance does not lose, unlike this channel's memory.
  if (/^\s*\d{1,3}\s*[.)]?\s*$/u.test(text)) return null;
  const typed = foldWords(text, true);
  if (typed === '') return null;
  const exact = offered.choices.filter((c) => foldWords(c.label, true) === typed);
  if (exact.length === 1 && exact[0]) return { kind: 'choice', token: exact[0].token };
  if (hasAccent(text)) return null;
  const loose = offered.choices.filter((c) => foldWords(c.label) === foldWords(text));
  return loose.length === 1 && loose[0] ? { kind: 'choice', token: loose[0].token } : null;
}

/** "/baocao quý 3", "/BáoCáo@bot" → the command (folded: no accents, lower case) and its arguments; null otherwise. */
export function typedCommand(text: string): Input | null {
  const match = /^\/([^\s@]+)(?:@\S*)?(?:\s+([\s\S]*))?$/u.exec(text.trim());
  if (!match) return null;
  const command = foldWords(match[1] ?? '').replace(/ /g, '');
  return command === '' ? null : { kind: 'command', command, args: (match[2] ?? '').trim() };
}

/**
 * `/baocao`, `/start CODE`, `/BaoCao@bot`; and without the slash, a command the table lets be typed bare,
 * alone ("báo cáo", "Tiến độ", "huy", "nhắc nhở"), or `dangky CODE` / `start CODE` with one code. A
 * sentence that merely begins with a command word ("báo cáo theo số liệu của trạm…", a note) stays text.
 */
export function commandOf(text: string): Input | null {
  const trimmed = text.trim();
  if (trimmed.startsWith('/')) return typedCommand(trimmed);
  const words = trimmed.split(/\s+/u);
  for (const take of [2, 1]) {
    if (words.length < take) continue;
    const command = bareCommand(foldWords(words.slice(0, take).join(' ')).replace(/ /g, ''));
    if (!command) continue;
    const rest = words.slice(take);
    if (rest.length === 0) return { kind: 'command', command: command.name, args: '' };
    if (command.bare === 'with-code' && rest.length === 1)
      return { kind: 'command', command: command.name, args: rest[0] ?? '' };
    return null;
  }
  return null;
}

/** A line typed on a channel without buttons → a command, a choice of the last message, or plain text. */
export function typedInput(text: string, offered: TypedChoices | null): Input {
  return commandOf(text) ?? selectTyped(text, offered) ?? { kind: 'text', text };
}
