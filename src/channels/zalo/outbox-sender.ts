import type { SendFn, SendResult } from '../../delivery/types.js';
import type { I18n } from '../../i18n.js';
import { backoffMs, type RetryOptions } from '../backoff.js';
import { createZaloApi, zaloFailure } from './api.js';
import { renderOutbound } from './render.js';

export interface ZaloSenderOptions {
  token: string;
  apiRoot: string;
  i18n: I18n;
  timeoutMs: number;
  /** The pause after a 429, doubling while they follow each other (default 5 s up to 2 min). */
  quotaBackoff?: RetryOptions;
}

export const DEFAULT_QUOTA_BACKOFF: RetryOptions = { initialMs: 5_000, maxMs: 120_000 };

/**
 * Zalo's answers as the worker's outcomes (./api.ts `zaloFailure`, from the documented error codes):
 * 403 is the platform's "internal server error" and is retried like a 5xx — never "blocked", which the
 * platform has no code for; 429 ("quota exceeded", no retry-after) pauses the worker for `quotaPauseMs`;
 * 401 (a token expired or reset) is retried too, so that the message waits for the operator's fix rather
 * than being dropped; other 4xx are our mistakes (failed).
 */
export function zaloSendResult(error: unknown, quotaPauseMs = DEFAULT_QUOTA_BACKOFF.initialMs): SendResult {
  const detail = error instanceof Error ? error.message : String(error);
  switch (zaloFailure(error)) {
    case 'quota':
      return { ok: false, kind: 'retry_after', seconds: quotaPauseMs / 1000 };
    case 'refused':
      return { ok: false, kind: 'permanent', error: detail };
    default:
      return { ok: false, kind: 'transient', error: detail };
  }
}

/** Sends a queued message to Zalo: plain text, numbered choices, split under 2000 characters. */
export function createZaloSender(options: ZaloSenderOptions): { send: SendFn } {
  const api = createZaloApi({ token: options.token, apiRoot: options.apiRoot, timeoutMs: options.timeoutMs });
  const quotaBackoff = options.quotaBackoff ?? DEFAULT_QUOTA_BACKOFF;
  // 429s in a row, for this token: the quota is the bot's, so the pause grows for every chat alike.
  let quotaHits = 0;
  return {
    async send(message, context) {
      const { texts } = renderOutbound(message.payload, (m) => options.i18n.render(m, message.locale));
      for (const [index, text] of texts.entries()) {
        if (index > 0) await context.throttle();
        try {
          await api.sendMessage(message.chatId, text);
          quotaHits = 0;
        } catch (error) {
          if (zaloFailure(error) === 'quota') quotaHits += 1;
          return zaloSendResult(error, backoffMs(Math.max(1, quotaHits), quotaBackoff));
        }
      }
      return { ok: true };
    },
  };
}
