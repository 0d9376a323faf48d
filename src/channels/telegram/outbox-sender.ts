import type { DeliveryMessage, SendContext, SendResult } from '../../delivery/types.js';
import type { I18n } from '../../i18n.js';
import { renderOutbound } from './render.js';

/**
 * Sends an outbox message through the Telegram Bot API (`sendMessage`), rendered at send time in the
 * message's own locale, and maps Telegram's answer to a SendResult:
 * 429 → retry_after (`parameters.retry_after`), 403 (bot blocked, user deactivated, kicked) → blocked,
 * 400 → permanent, anything else that is not ok (5xx, 401/404 of a wrong token, a timeout, a network
 * error) → transient, so a misconfiguration delays messages instead of losing them.
 *
 * A message longer than Telegram's limit is several texts; each further text waits for the limits
 * (context.throttle). If a later text fails, the retry sends the message from its first text again.
 */

export interface TelegramSenderOptions {
  token: string;
  /** https://api.telegram.org, or a test server */
  apiRoot: string;
  i18n: I18n;
  /** how long to wait for Telegram's answer before calling the attempt transient */
  timeoutMs: number;
  fetch?: typeof fetch;
}

export interface TelegramSender {
  send(message: DeliveryMessage, context?: SendContext): Promise<SendResult>;
}

interface BotApiAnswer {
  ok?: boolean;
  description?: string;
  parameters?: { retry_after?: number };
}

async function readAnswer(response: Response): Promise<BotApiAnswer> {
  try {
    return (await response.json()) as BotApiAnswer;
  } catch {
    return {};
  }
}

export function toSendResult(status: number, answer: BotApiAnswer): SendResult {
  if (status >= 200 && status < 300 && answer.ok !== false) return { ok: true };
  const description = answer.description ?? `HTTP ${status}`;
  if (status === 429)
    return { ok: false, kind: 'retry_after', seconds: Math.max(1, answer.parameters?.retry_after ?? 1) };
  if (status === 403) return { ok: false, kind: 'blocked', error: description };
  if (status === 400) return { ok: false, kind: 'permanent', error: description };
  return { ok: false, kind: 'transient', error: description };
}

export function createTelegramSender(options: TelegramSenderOptions): TelegramSender {
  const { i18n, timeoutMs } = options;
  const doFetch = options.fetch ?? fetch;
  const url = `${options.apiRoot.replace(/\/+$/, '')}/bot${options.token}/sendMessage`;

  return {
    async send(message, context) {
      let texts;
      try {
        texts = renderOutbound(message.payload, (m) => i18n.render(m, message.locale));
      } catch (error) {
        return {
          ok: false,
          kind: 'permanent',
          error: `render: ${error instanceof Error ? error.message : String(error)}`,
        };
      }
      for (const [index, text] of texts.entries()) {
        if (index > 0 && context) await context.throttle();
        let response: Response;
        let answer: BotApiAnswer;
        try {
          response = await doFetch(url, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ chat_id: message.chatId, ...text }),
            signal: AbortSignal.timeout(timeoutMs),
          });
          answer = await readAnswer(response);
        } catch (error) {
          // Never the token in an error: the URL is not part of the message.
          const name = error instanceof Error ? error.name : 'Error';
          return {
            ok: false,
            kind: 'transient',
            error: name === 'TimeoutError' ? `timeout after ${timeoutMs} ms` : `network: ${name}`,
          };
        }
        const result = toSendResult(response.status, answer);
        if (!result.ok) return result;
      }
      return { ok: true };
    },
  };
}
