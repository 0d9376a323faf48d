import { TelegramError } from 'telegraf';
import type { Locale, OutboundFile, OutboundMessage } from '../../dialog/types.js';
import { filePages, type Message } from '../../domain/message.js';
import type { I18n } from '../../i18n.js';
import type { Logger } from '../../logger.js';
import type { ErrorDescriber } from '../describe-error.js';
import type { ReplySender } from '../runtime.js';
import { bounded, retryAfterMs, SEND_CALL_TIMEOUT_MS, type BotApi } from './bot-api.js';
import { renderOutbound, type TelegramText } from './render.js';
import type { ButtonPress } from './updates.js';

/**
 * Replies as Telegram messages (HTML texts with inline keyboards, the chart as a photo, the Excel report
 * as a document), retried after a 429 or a transient failure; and the answers to a pressed button.
 */

export interface TelegramSending {
  sendReplies: ReplySender;
  /** Stops the button's spinner, with a toast when `text` is given. Never throws. */
  answerPress(press: ButtonPress, text: string | undefined, updateLog: Logger): Promise<void>;
  /** Removes the keyboard of the message whose button was pressed, so it is not pressed twice. Never throws. */
  removeKeyboard(press: ButtonPress, updateLog: Logger): Promise<void>;
}

export interface TelegramSendingOptions {
  api: BotApi;
  i18n: I18n;
  describeError: ErrorDescriber;
  /** False when the channel stopped during the wait. */
  sleep: (ms: number) => Promise<boolean>;
  /** How long one call may wait for Telegram's answer (default SEND_CALL_TIMEOUT_MS). */
  callTimeoutMs?: number;
}

const MAX_SEND_ATTEMPTS = 3;
/** Telegram's most photos in one media group. */
export const MEDIA_GROUP_MAX = 10;
/** The pause before sending again after a network failure or a 5xx, times the attempt. */
const TRANSIENT_RETRY_MS = 1000;

/**
 * A network failure (a reset connection, a call that timed out) or a 5xx: the reply may not have arrived. It is
 * sent again after a short pause: a confirmation shown twice is a smaller harm than one never shown.
 * A 4xx other than 429 is final (a blocked bot, a bad request): sending again changes nothing.
 */
function transientRetryMs(error: unknown, attempt: number): number | null {
  if (error instanceof TelegramError && error.code < 500) return null;
  return TRANSIENT_RETRY_MS * attempt;
}

interface FileSender {
  api: TelegramSendingOptions['api'];
  limit: () => ReturnType<typeof bounded>;
  withRetry: <T>(call: () => Promise<T>, updateLog: Logger) => Promise<T>;
}

/**
 * The chart as a photo, the Excel report as a document: uploaded, not linked. A chart of several
 * pages is an album (one media group per MEDIA_GROUP_MAX pages), swiped through in order.
 */
async function sendFileWith(
  { api, limit, withRetry }: FileSender,
  chatId: string,
  file: OutboundFile,
  updateLog: Logger,
): Promise<void> {
  const pages = filePages(file).map((page) => ({ source: Buffer.from(page.bytes), filename: page.name }));
  if (file.kind === 'document') {
    for (const document of pages)
      await withRetry(() => api.callApi('sendDocument', { chat_id: chatId, document }, limit()), updateLog);
    return;
  }
  for (let start = 0; start < pages.length; start += MEDIA_GROUP_MAX) {
    const group = pages.slice(start, start + MEDIA_GROUP_MAX);
    const [only] = group;
    // A picture alone is a photo (an album of one is refused).
    if (group.length === 1 && only)
      await withRetry(() => api.callApi('sendPhoto', { chat_id: chatId, photo: only }, limit()), updateLog);
    else
      await withRetry(
        () =>
          api.callApi(
            'sendMediaGroup',
            { chat_id: chatId, media: group.map((media) => ({ type: 'photo' as const, media })) },
            limit(),
          ),
        updateLog,
      );
  }
}

export function createTelegramSending(options: TelegramSendingOptions): TelegramSending {
  const { api, i18n, describeError, sleep } = options;
  // Every call through callApi with its own bound: telegraf's shortcuts take no signal (500 s).
  const limit = () => bounded(options.callTimeoutMs ?? SEND_CALL_TIMEOUT_MS);

  /** A send that Telegram refused with 429 is retried after its Retry-After: it was not delivered. */
  async function withRetry<T>(call: () => Promise<T>, updateLog: Logger): Promise<T> {
    for (let attempt = 1; ; attempt += 1) {
      try {
        return await call();
      } catch (error) {
        const limited = retryAfterMs(error);
        const wait = limited ?? transientRetryMs(error, attempt);
        if (wait === null || attempt >= MAX_SEND_ATTEMPTS) throw error;
        updateLog.warn(
          { err: describeError(error), retryInMs: wait },
          limited === null ? 'telegram: send failed, retrying' : 'telegram: rate limited, retrying',
        );
        if (!(await sleep(wait))) throw error;
      }
    }
  }

  async function sendTexts(chatId: string, texts: TelegramText[], updateLog: Logger): Promise<void> {
    for (const text of texts) {
      await withRetry(
        () =>
          api.callApi(
            'sendMessage',
            {
              chat_id: chatId,
              text: text.text,
              parse_mode: text.parse_mode,
              link_preview_options: { is_disabled: true },
              ...(text.reply_markup ? { reply_markup: text.reply_markup } : {}),
            },
            limit(),
          ),
        updateLog,
      );
    }
  }

  const sendFile = (chatId: string, file: OutboundFile, updateLog: Logger) =>
    sendFileWith({ api, limit, withRetry }, chatId, file, updateLog);

  /** Sends replies in order; stops at the first that Telegram refuses for good (the rest would follow). */
  async function sendReplies(
    chatId: string,
    replies: OutboundMessage[],
    locale: Locale,
    updateLog: Logger,
  ): Promise<number> {
    const translate = (message: Message): string => i18n.render(message, locale);
    for (const [index, reply] of replies.entries()) {
      let texts: TelegramText[];
      try {
        texts = renderOutbound(reply, translate);
      } catch (error) {
        updateLog.error({ err: describeError(error) }, 'telegram: a reply could not be rendered');
        texts = renderOutbound({ lines: [{ key: 'common:unexpected' }], choices: [] }, translate);
      }
      try {
        await sendTexts(chatId, texts, updateLog);
        if (reply.file) await sendFile(chatId, reply.file, updateLog);
      } catch (error) {
        updateLog.warn({ err: describeError(error) }, 'telegram: a reply could not be sent');
        return index;
      }
    }
    return replies.length;
  }

  return {
    sendReplies,

    async answerPress(press, text, updateLog) {
      try {
        await api.callApi(
          'answerCallbackQuery',
          { callback_query_id: press.queryId, ...(text === undefined ? {} : { text }) },
          limit(),
        );
      } catch (error) {
        // A redelivered or very old press can no longer be answered: harmless.
        updateLog.debug({ err: describeError(error) }, 'telegram: callback query not answered');
      }
    },

    async removeKeyboard(press, updateLog) {
      if (press.chatId === null || press.messageId === null) return;
      try {
        await api.callApi(
          'editMessageReplyMarkup',
          { chat_id: press.chatId, message_id: press.messageId, reply_markup: { inline_keyboard: [] } },
          limit(),
        );
      } catch (error) {
        // "message is not modified" when a keyboard was already removed (a double tap): harmless.
        updateLog.debug({ err: describeError(error) }, 'telegram: keyboard not removed');
      }
    },
  };
}
