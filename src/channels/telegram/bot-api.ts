import { TelegramError, type Telegraf } from 'telegraf';

/** telegraf's Bot API client (`bot.telegram`): the adapter's only use of telegraf. */
export type BotApi = Telegraf['telegram'];

export const ALLOWED_UPDATES = ['message', 'callback_query'] as const;
/** How long a call made while starting (getMe, setMyCommands, setWebhook) may take. */
export const STARTUP_CALL_TIMEOUT_MS = 15_000;
/**
 * How long a send (a message, a photo, a button's answer) may wait for Telegram's answer: telegraf's own
 * bound is 500 s, during which the chat's queue would stand still. A send that times out is retried like
 * a 5xx (it may or may not have arrived).
 */
export const SEND_CALL_TIMEOUT_MS = 10_000;
/** What a getUpdates may take beyond the long-poll timeout it asks for, before it counts as failed. */
export const POLL_MARGIN_MS = 10_000;
/** The longest Retry-After honoured before giving a send up; Telegram's usual ones are a few seconds. */
const MAX_RETRY_AFTER_MS = 60_000;

type CallOptions = NonNullable<Parameters<BotApi['callApi']>[2]>;

/** Node's AbortSignal for telegraf's callApi, whose typings name the abort-controller polyfill's type
 *  (telegraf passes it on to node-fetch, which takes Node's own). */
export function within(signal: AbortSignal): CallOptions {
  return { signal: signal as unknown as CallOptions['signal'] };
}

/** A send's call options: aborted after `ms` (default SEND_CALL_TIMEOUT_MS). */
export function bounded(ms: number = SEND_CALL_TIMEOUT_MS): CallOptions {
  return within(AbortSignal.timeout(ms));
}

/** The wait Telegram asked for with a 429, in ms; null for any other error or a wait too long to honour. */
export function retryAfterMs(error: unknown): number | null {
  if (!(error instanceof TelegramError) || error.code !== 429) return null;
  const seconds = error.parameters?.retry_after ?? 1;
  return seconds * 1000 <= MAX_RETRY_AFTER_MS ? seconds * 1000 : null;
}
