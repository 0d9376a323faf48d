import type { Config } from '../config.js';
import type { SendFn } from '../delivery/types.js';
import type { I18n } from '../i18n.js';
import { createTelegramSender } from './telegram/outbox-sender.js';
import { createZaloSender } from './zalo/outbox-sender.js';

/** How long a sender waits for the platform's answer before calling the attempt transient. */
const SEND_TIMEOUT_MS = 15_000;

/** The channels that can send queued messages. */
export type OutboxChannel = 'telegram' | 'zalo';

export type OutboxSenders = Partial<Record<OutboxChannel, SendFn>>;

/**
 * A sender for each configured chat channel, for the delivery workers: the composition root hands them
 * over, so the outbox never knows a platform's renderer or API.
 */
export function createOutboxSenders(config: Pick<Config, 'telegram' | 'zalo'>, i18n: I18n): OutboxSenders {
  const senders: OutboxSenders = {};
  if (config.telegram) {
    const sender = createTelegramSender({
      token: config.telegram.token,
      apiRoot: config.telegram.apiRoot,
      i18n,
      timeoutMs: SEND_TIMEOUT_MS,
    });
    senders.telegram = (message, context) => sender.send(message, context);
  }
  if (config.zalo)
    senders.zalo = createZaloSender({
      token: config.zalo.token,
      apiRoot: config.zalo.apiRoot,
      i18n,
      timeoutMs: SEND_TIMEOUT_MS,
    }).send;
  return senders;
}
