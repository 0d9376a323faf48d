import { TelegramError, type Telegraf } from 'telegraf';

/** telegraf's Bot API client (`bot.telegram`): the adapter's only use of telegraf. */
export type BotApi = Telegraf['telegram'];

export const ALLOWED_UPDATES = ['message', 'callback_query'] as const;
/** How long a call made while starting (getMe, setMyCommands, setWebhook) may take. */
export const STARTUP_CALL_TIMEOUT_MS = 15_000;
/** The longest Retry-After honoured before giving a send up; Telegram's usual ones are a few seconds. */
const MAX_RETRY_AFTER_MS = 60_000;

type CallOptions = NonNullable<Parameters<BotApi['callApi']>[2]>;

/** Node's AbortSignal for telegraf's callApi, whose typings name the abort-controller polyfill's type
 *  (telegraf passes it on to node-fetch, which takes Node's own). */
export function within(signal: AbortSignal): CallOptions {
  return { signal: signal as unknown as CallOptions['signal'] };
}

/** The wait Telegram asked for with a 429, in ms; null for any other error or a wait too long to honour. */
export function retryAfterMs(error: unknown): number | null {
  if (!(error instanceof TelegramError) || error.code !== 429) return null;
  const seconds = error.parameters?.retry_after ?? 1;
  return seconds * 1000 <= MAX_RETRY_AFTER_MS ? seconds * 1000 : null;
}
