import type { DialogState } from './state.js';
import type { ChatRef, DialogRepository, OfficialView } from './ports.js';
import type { InboundEvent, Locale, OutboundMessage } from './types.js';

/** Everything a handler needs for one inbound event. */
export interface Turn {
  repo: DialogRepository;
  event: InboundEvent;
  chat: ChatRef;
  official: OfficialView | null;
  locale: Locale;
  now: Date;
  timeZone: string;
  state: DialogState;
  newNonce(): string;
}

export interface Outcome {
  state: DialogState;
  replies: OutboundMessage[];
  /** the language the official chose during this turn */
  locale?: Locale;
  staleChoice?: boolean;
}
