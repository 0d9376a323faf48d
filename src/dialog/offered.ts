import { z } from 'zod';
import type { DialogState } from './state.js';
import { capabilitiesOf } from './channel-capabilities.js';
import type { InboundEvent, Input, OutboundMessage } from './types.js';

/**
 * The choices a conversation offered last, kept with its state (Conversation.state) rather than in a
 * channel's memory: on a channel without buttons a typed "2" is read against them, so it means the same
 * after a restart, a role switch in the console, or on another instance behind a load balancer.
 */
const offeredSchema = z.object({
  tokens: z.array(z.string()).min(1),
  /** false when the message asked for a figure: digits are then the figure, never a choice */
  numbered: z.boolean(),
});
export type OfferedChoices = z.infer<typeof offeredSchema>;

/** "2", " 2 ", "2." or "2)": a choice typed by its number. */
const TYPED_NUMBER = /^\s*(\d{1,3})\s*[.)]?\s*$/u;

/** The offered choices stored with the state; null when none (or an older row without them). */
export function parseOffered(json: string | null): OfferedChoices | null {
  if (json === null) return null;
  try {
    const parsed = z.object({ offered: offeredSchema }).safeParse(JSON.parse(json));
    return parsed.success ? parsed.data.offered : null;
  } catch {
    return null;
  }
}

/** The state as stored: its own fields, and the choices offered (which older readers ignore). */
export function serializeState(state: DialogState, offered: OfferedChoices | null): string {
  return JSON.stringify(offered ? { ...state, offered } : state);
}

/**
 * What this step offers now: the choices of its last reply that has any; when it has none, those offered
 * before while the state still asks the same question (same nonce: a reminder of it, a /chitieu on the
 * way); nothing once the state asks nothing.
 */
export function nextOffered(
  state: DialogState,
  replies: readonly OutboundMessage[],
  before: OfferedChoices | null,
): OfferedChoices | null {
  if (!('nonce' in state)) return null;
  const last = [...replies].reverse().find((r) => r.choices.some((row) => row.length > 0));
  if (last) return { tokens: last.choices.flat().map((c) => c.token), numbered: last.answer !== 'number' };
  return before?.tokens.every((t) => t.startsWith(`${state.nonce}:`)) ? before : null;
}

/** A number typed on a channel without buttons (choices typed, see channels/typed-choices.ts), read as the choice it numbers when one was offered. */
export function typedChoice(event: InboundEvent, offered: OfferedChoices | null): Input {
  const { input } = event;
  if (input.kind !== 'text' || !offered?.numbered || capabilitiesOf(event.channel).buttons) return input;
  const number = TYPED_NUMBER.exec(input.text);
  const token = number ? offered.tokens[Number(number[1]) - 1] : undefined;
  return token ? { kind: 'choice', token } : input;
}
