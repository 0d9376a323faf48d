import type { Locale } from '../dialog/types.js';
import type { OutboundMessage } from '../domain/message.js';

/**
 * The delivery worker's contract with a channel's sender: a queued message in, an outcome out. A channel
 * implements `SendFn` (src/channels/*\/outbox-sender.ts); the composition root hands it to the worker.
 */

export type SendResult =
  | { ok: true }
  | { ok: false; kind: 'retry_after'; seconds: number }
  | { ok: false; kind: 'transient'; error: string }
  | { ok: false; kind: 'blocked'; error?: string }
  | { ok: false; kind: 'permanent'; error: string };

export interface DeliveryMessage {
  id: string;
  key: string;
  /** null for a reply to a chat linked to no official */
  officialId: string | null;
  channel: string;
  chatId: string;
  payload: OutboundMessage;
  locale: Locale;
  /** attempts already made (transient failures) */
  attempts: number;
  /** a reply is dropped rather than sent after this (REPLY_TTL_MS); null: never */
  expiresAt: Date | null;
}

export interface SendContext {
  /**
   * Waits for the limits before a further platform call for the same message (a long message rendered
   * as several texts). The worker has already waited before the first call.
   */
  throttle(): Promise<void>;
}

export type SendFn = (message: DeliveryMessage, context: SendContext) => Promise<SendResult>;
