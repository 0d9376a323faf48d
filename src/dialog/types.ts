import type { OutboundMessage } from '../domain/message.js';

/**
 * The dialog engine's contract with the channels. The engine knows nothing of Telegram or Zalo: a
 * channel adapter turns a platform update into an InboundEvent, and renders the OutboundMessages it
 * gets back (buttons on Telegram, numbered lines on Zalo and the console).
 */
export type ChannelName = 'telegram' | 'zalo' | 'console';
export type Locale = 'vi' | 'en';

export type Input =
  /** `/baocao`, `/start CODE` (args "CODE"); the command is lower-case, without the slash or @botname */
  | { kind: 'command'; command: string; args: string }
  | { kind: 'text'; text: string }
  /** a button press (or a numbered answer the adapter mapped back): the token of the choice offered */
  | { kind: 'choice'; token: string }
  /** a file: an administrator sends the plan document (Word, PDF, text) or the edited draft (YAML) */
  | { kind: 'document'; document: InboundDocument }
  /** a photo, sticker, voice note…: answered politely, never stored */
  | { kind: 'unsupported' };

export interface InboundDocument {
  name: string;
  /** bytes, as the platform announces it; null when it does not say */
  size: number | null;
  mimeType: string | null;
  /** Fetches the file from the platform. Called only when the sender may send plans, outside any transaction. */
  read(): Promise<Uint8Array>;
}

export interface InboundEvent {
  channel: ChannelName;
  /** unique per platform delivery (Telegram: the update_id): an event is processed once */
  updateKey: string;
  chatId: string;
  userId: string;
  displayName?: string | undefined;
  /** the platform's language hint ("vi", "en-US"), used until the official picks a language */
  languageCode?: string | undefined;
  input: Input;
  receivedAt: Date;
}

export type { Choice, Line, OutboundFile, OutboundMessage } from '../domain/message.js';

export interface DialogResult {
  /** the language to render the replies in */
  locale: Locale;
  replies: OutboundMessage[];
  /** true when this event was already processed (a duplicate delivery): nothing to send */
  duplicate: boolean;
  /** a button press that no longer matches the conversation: the channel may say so on the button */
  staleChoice?: boolean;
}

export interface DialogEngine {
  handle(event: InboundEvent): Promise<DialogResult>;
}
