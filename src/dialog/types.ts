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
  /** the replies as written to the outbox in the step's transaction; absent when the store keeps none */
  outbox?: ReplyReceipt;
}

/**
 * The step's replies in the outbox (src/delivery/outbox.ts): held by this process, which sends them at
 * once; what a crash leaves unsent, the delivery worker sends once their hold runs out.
 */
export interface ReplyReceipt {
  /**
   * false: earlier replies to this chat are still unsent (a crash left them); these were queued behind
   * them, and the delivery worker sends them all in order.
   */
  sendNow: boolean;
  /**
   * Sends the replies (`send` resolves to how many went out whole) while holding them, then records
   * those as sent and hands the rest to the delivery worker. Rejects when the record failed.
   */
  deliver(send: () => Promise<number>): Promise<void>;
}

export interface DialogEngine {
  handle(event: InboundEvent): Promise<DialogResult>;
}

/** A platform update as the channel received it, for the inbox (src/services/inbox.ts). */
export interface InboxEntry {
  channel: ChannelName;
  /** the InboundEvent's updateKey */
  key: string;
  chatId: string;
  /** the update as the platform sent it, JSON */
  payload: string;
}

/** A stored update not yet handled, claimed for handling. */
export interface ClaimedUpdate extends InboxEntry {
  /** handlings begun before this claim (a crash or a timeout ended each) */
  attempts: number;
}

/** How a stored update ended: handled (or deliberately dropped), failed (the chat was told to try again), set aside. */
export type InboxOutcome = 'handled' | 'failed' | 'poison';

/**
 * The durable inbox of platform updates: an update is stored before it is acknowledged to the platform,
 * and handled from there, so that a process that dies after the acknowledgement loses nothing. Each
 * stored update is held by the instance that stored or claimed it until its lease runs out.
 */
export interface UpdateInbox {
  /** Stores what is not stored yet (by channel and key), held for `leaseMs`; the keys newly stored. Rejects if the database did not take them. */
  store(entries: readonly InboxEntry[], now: Date, leaseMs: number): Promise<Set<string>>;
  /**
   * Claims pending updates of `channel` in the order they were stored: those whose lease ran out, and
   * with `storedBefore` also any stored before that instant (a restarted instance takes back what it held).
   */
  claim(
    channel: ChannelName,
    options: { now: Date; leaseMs: number; limit: number; storedBefore?: Date },
  ): Promise<ClaimedUpdate[]>;
  /** Extends the lease of pending updates this instance still holds. */
  renew(channel: ChannelName, keys: readonly string[], until: Date): Promise<void>;
  /** A handling begins: counted, so that an update that kills its handler is recognised on the next claim. */
  begin(channel: ChannelName, key: string): Promise<void>;
  finish(channel: ChannelName, key: string, outcome: InboxOutcome, now: Date): Promise<void>;
}
