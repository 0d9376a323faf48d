import type { SendFn, SendResult } from '../../delivery/types.js';
import type { I18n } from '../../i18n.js';
import { createZaloApi, ZaloApiError } from './api.js';
import { renderOutbound } from './render.js';

export interface ZaloSenderOptions {
  token: string;
  apiRoot: string;
  i18n: I18n;
  timeoutMs: number;
}

/**
 * Zalo's answers as the worker's outcomes. The Bot Platform documents no retry-after: a 429 waits a
 * few seconds; 401/403 for a chat mean the bot cannot write there (blocked); other 4xx are our
 * mistakes (failed); 5xx, timeouts and the network are retried.
 */
export function zaloSendResult(error: unknown): SendResult {
  if (!(error instanceof ZaloApiError))
    return { ok: false, kind: 'transient', error: error instanceof Error ? error.name : 'Error' };
  const detail = `${error.code}: ${error.description}`;
  if (error.code === 429) return { ok: false, kind: 'retry_after', seconds: 5 };
  if (error.code === 403) return { ok: false, kind: 'blocked', error: detail };
  if (error.code >= 400 && error.code < 500 && error.code !== 408)
    return { ok: false, kind: 'permanent', error: detail };
  return { ok: false, kind: 'transient', error: detail };
}

/** Sends a queued message to Zalo: plain text, numbered choices, split under 2000 characters. */
export function createZaloSender(options: ZaloSenderOptions): { send: SendFn } {
  const api = createZaloApi({ token: options.token, apiRoot: options.apiRoot, timeoutMs: options.timeoutMs });
  return {
    async send(message, context) {
      const { texts } = renderOutbound(message.payload, (m) => options.i18n.render(m, message.locale));
      for (const [index, text] of texts.entries()) {
        if (index > 0) await context.throttle();
        try {
          await api.sendMessage(message.chatId, text);
        } catch (error) {
          return zaloSendResult(error);
        }
      }
      return { ok: true };
    },
  };
}
