import { pack } from '../pack-lines.js';
import type { Choice, OutboundMessage } from '../../dialog/types.js';
import type { Message } from '../../domain/message.js';
import { TYPED_WORDING } from '../typed-choices.js';
import type { OfferedChoices } from './updates.js';

/**
 * OutboundMessage → the plain texts to send on Zalo. Pure.
 *
 * Zalo shows text as it is: no markup and nothing to escape. Lines are joined by newlines; `title` and
 * `muted` lines are shown as they are (capitals or marks would only make Vietnamese harder to read on a
 * phone). Choices follow the lines:
 * - numbered ("1. ✅ Đúng, ghi lại", one a line) with a hint "Gõ số 1–4 để chọn", when the message does
 *   not ask for a figure;
 * - as words to type ("Hoặc gõ: «Bỏ qua» · «Dừng»") when it does (`answer: 'number'`), so that a figure
 *   such as 1 or 2 is never mistaken for a choice.
 * A few engine texts speak of buttons; they are replaced by Zalo wordings (`ZALO_WORDING`).
 *
 * A text longer than the limit is split on line boundaries; a single longer line on a space in the second
 * half of the piece, else between graphemes (never inside an emoji or a letter with its accents).
 */

/** Zalo's maximum text length, counted here in UTF-16 code units: never fewer than the characters. */
export const ZALO_TEXT_LIMIT = 2000;

export type TranslateMessage = (message: Message) => string;

export interface ZaloRendered {
  texts: string[];
  /** the choices as shown, for reading the answer; null when the message offers none */
  offered: OfferedChoices | null;
}

/** Engine texts that speak of buttons → their Zalo wording (same parameters), shared with the console. */
export const ZALO_WORDING = TYPED_WORDING;

const segmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

function reworded(message: Message): Message {
  const key = ZALO_WORDING[message.key];
  return key ? { ...message, key } : message;
}

/** A label without its leading emoji and marks, for "«Bỏ qua»". */
export function plainLabel(label: string): string {
  const stripped = label.replace(/^[^\p{L}\p{N}]+/u, '').trim();
  return stripped === '' ? label.trim() : stripped;
}

export function renderOutbound(
  message: OutboundMessage,
  translate: TranslateMessage,
  limit: number = ZALO_TEXT_LIMIT,
): ZaloRendered {
  const physical: string[] = message.lines.flatMap((line) => translate(reworded(line)).split(/\r?\n/));
  // Zalo has no URL buttons: the address on a line of its own, which Zalo makes tappable.
  if (message.link) physical.push('', `${translate(message.link.label)}: ${message.link.url}`);
  const choices: Choice[] = message.choices.flat();
  let offered: OfferedChoices | null = null;
  if (choices.length > 0) {
    const shown = choices.map((choice) => ({
      token: choice.token,
      label: translate(choice.label).replace(/\s+/g, ' ').trim(),
    }));
    const numbered = message.answer !== 'number';
    offered = { choices: shown, numbered };
    physical.push('');
    if (numbered) {
      shown.forEach((choice, i) => physical.push(`${i + 1}. ${choice.label}`));
      physical.push(
        translate({
          key: shown.length === 1 ? 'zalo:choose_one' : 'zalo:choose_number',
          params: { count: shown.length },
        }),
      );
    } else {
      const words = shown.map((choice) => `«${plainLabel(choice.label)}»`).join(' · ');
      physical.push(translate({ key: 'zalo:choose_words', params: { choices: words } }));
    }
  }
  const units = physical.flatMap((text) =>
    text.trim() === '' ? [''] : text.length <= limit ? [text] : splitLine(text, limit),
  );
  // Zalo takes 1–2000 characters: a message of blank lines only is not sent at all.
  return { texts: pack(units, limit).filter((text) => text.trim() !== ''), offered };
}

/** Splits one line into pieces of at most `limit` code units, between graphemes, preferring spaces. */
export function splitLine(text: string, limit: number): string[] {
  const units = [...segmenter.segment(text)].flatMap(({ segment }) =>
    segment.length <= limit ? [segment] : [...segment],
  );
  const pieces: string[] = [];
  let start = 0;
  while (start < units.length) {
    let length = 0;
    let end = start;
    let lastSpace = -1;
    while (end < units.length) {
      const unit = units[end] as string;
      if (length + unit.length > limit) break;
      length += unit.length;
      if (/^\s+$/u.test(unit)) lastSpace = end;
      end += 1;
    }
    if (end === start) end = start + 1;
    if (end < units.length && lastSpace > start + (end - start) / 2) end = lastSpace + 1;
    const piece = units.slice(start, end).join('').trim();
    if (piece !== '') pieces.push(piece);
    start = end;
  }
  return pieces;
}
