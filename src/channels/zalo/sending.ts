import type { Locale, OutboundMessage } from '../../dialog/types.js';
import { filePages, type Message, type OutboundFile } from '../../domain/message.js';
import type { I18n } from '../../i18n.js';
import type { Logger } from '../../logger.js';
import type { ErrorDescriber } from '../describe-error.js';
import { backoffMs, type RetryOptions } from '../backoff.js';
import { rememberBounded, type ReplySender } from '../runtime.js';
import { zaloFailure, type ZaloApi } from './api.js';
import { renderOutbound } from './render.js';
import type { OfferedChoices } from './updates.js';

/**
 * Replies as Zalo texts, with numbered choices; and, per chat, the choices of the last message sent, to
 * read "1" or "bỏ qua" back as a choice (see updates.ts). That memory is in this process only: after a
 * restart, or on another instance behind a load balancer, a number answering an earlier message is read
 * as text.
 */

export interface ZaloSending {
  sendReplies: ReplySender;
  /** The choices a chat can answer by number now, if any. */
  offeredTo(chatId: string): OfferedChoices | null;
}

/** How a reply refused for a passing reason is sent again, in the chat's turn. */
export interface ZaloSendRetry {
  /** calls in all, the first included */
  attempts: number;
  /** after a 403, a 5xx, a timeout or the network */
  retry: RetryOptions;
  /** after a 429 ("quota exceeded", no retry-after): longer */
  quota: RetryOptions;
}

/**
 * How long one send may wait for Zalo's answer (the client's default, 15 s, is for the start-up calls):
 * a send that times out (code 0) is sent again like a 5xx, and the chat's queue moves on meanwhile.
 */
export const SEND_TIMEOUT_MS = 10_000;

export const DEFAULT_SEND_RETRY: ZaloSendRetry = {
  attempts: 4,
  retry: { initialMs: 1_000, maxMs: 8_000 },
  quota: { initialMs: 3_000, maxMs: 30_000 },
};

export function createZaloSending(options: {
  api: Pick<ZaloApi, 'sendMessage' | 'sendPhoto'>;
  i18n: I18n;
  describeError: ErrorDescriber;
  retry?: ZaloSendRetry;
  /** Waits `ms`; false when the channel stopped meanwhile (the reply is then given up). */
  sleep: (ms: number) => Promise<boolean>;
}): ZaloSending {
  const { api, i18n, describeError } = options;
  const policy = options.retry ?? DEFAULT_SEND_RETRY;
  const offered = new Map<string, OfferedChoices>();

  /**
   * One text, sent again after what the documentation calls passing (403 "internal server error", 5xx,
   * 429): never a reason to think the official unreachable. False once given up (logged).
   */
  async function sendText(chatId: string, text: string, updateLog: Logger): Promise<boolean> {
    for (let attempt = 1; ; attempt += 1) {
      try {
        await api.sendMessage(chatId, text, { timeoutMs: SEND_TIMEOUT_MS });
        return true;
      } catch (error) {
        const failure = zaloFailure(error);
        const err = describeError(error);
        if (attempt >= policy.attempts || failure === 'refused' || failure === 'bad_token') {
          updateLog.warn({ err, attempt }, 'zalo: a reply could not be sent');
          return false;
        }
        const wait = backoffMs(attempt, failure === 'quota' ? policy.quota : policy.retry);
        updateLog.warn({ err, attempt, retryInMs: wait }, 'zalo: a reply will be sent again');
        if (!(await options.sleep(wait))) return false;
      }
    }
  }

  /** The picture at a URL Zalo fetches; false when refused (logged), so that the text chart is sent. */
  async function sendPhoto(chatId: string, url: string, updateLog: Logger): Promise<boolean> {
    try {
      await api.sendPhoto(chatId, url, undefined, { timeoutMs: SEND_TIMEOUT_MS });
      return true;
    } catch (error) {
      updateLog.warn({ err: describeError(error) }, 'zalo: the chart could not be sent as a photo');
      return false;
    }
  }

  /**
   * Each page of the picture from its own URL, in order; false when the first is refused (nothing was
   * shown). A later page refused ends the pages: the official has the first ones, a text would repeat them.
   */
  async function sendPhotos(chatId: string, file: OutboundFile, updateLog: Logger): Promise<boolean> {
    let sent = 0;
    for (const page of filePages(file)) {
      if (!page.url || !(await sendPhoto(chatId, page.url, updateLog))) break;
      sent += 1;
    }
    return sent > 0;
  }

  /** Sends replies in order; stops at the first that Zalo refuses (the rest would follow it). */
  async function sendReplies(
    chatId: string,
    replies: OutboundMessage[],
    locale: Locale,
    updateLog: Logger,
  ): Promise<number> {
    const translate = (message: Message): string => i18n.render(message, locale);
    let lastOffered: OfferedChoices | null = null;
    let sent = 0;
    for (const reply of replies) {
      let texts: string[];
      try {
        const rendered = renderOutbound(reply, translate);
        texts = rendered.texts;
        if (rendered.offered) lastOffered = rendered.offered;
      } catch (error) {
        updateLog.error({ err: describeError(error) }, 'zalo: a reply could not be rendered');
        texts = renderOutbound({ lines: [{ key: 'common:unexpected' }], choices: [] }, translate).texts;
      }
      for (const text of texts) if (!(await sendText(chatId, text, updateLog))) return sent;
      // Zalo's sendPhoto takes a public URL: the chart when tiendo has one, a photo per page (the first
      // failing, the text chart follows); else the chart comes as text, other files are offered another way.
      if (
        reply.file &&
        !(reply.file.kind === 'photo' && reply.file.url && (await sendPhotos(chatId, reply.file, updateLog)))
      ) {
        const instead = reply.file.fallback
          ? { lines: reply.file.fallback, choices: [] }
          : { lines: [{ key: 'progress:file.unavailable' }], choices: [] };
        for (const text of renderOutbound(instead, translate).texts)
          if (!(await sendText(chatId, text, updateLog))) return sent;
      }
      sent += 1;
    }
    // What the official can answer by number now: the choices of the last message that offered any. A
    // reply without choices keeps the earlier ones: the engine may be reminding of the question still
    // pending ("choose one of the options"), and a choice that no longer applies is refused by the engine
    // (its token carries the question's nonce), never applied to another question.
    if (lastOffered) rememberBounded(offered, chatId, lastOffered);
    return sent;
  }

  return { sendReplies, offeredTo: (chatId) => offered.get(chatId) ?? null };
}
