import type { Locale, OutboundMessage } from '../../dialog/types.js';
import type { Message } from '../../domain/message.js';
import type { I18n } from '../../i18n.js';
import type { Logger } from '../../logger.js';
import type { ErrorDescriber } from '../describe-error.js';
import { rememberBounded, type ReplySender } from '../runtime.js';
import type { ZaloApi } from './api.js';
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

export function createZaloSending(options: {
  api: Pick<ZaloApi, 'sendMessage'>;
  i18n: I18n;
  describeError: ErrorDescriber;
}): ZaloSending {
  const { api, i18n, describeError } = options;
  const offered = new Map<string, OfferedChoices>();

  /** Sends replies in order; stops at the first that Zalo refuses (the rest would follow it). */
  async function sendReplies(
    chatId: string,
    replies: OutboundMessage[],
    locale: Locale,
    updateLog: Logger,
  ): Promise<void> {
    const translate = (message: Message): string => i18n.render(message, locale);
    let lastOffered: OfferedChoices | null = null;
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
      // Zalo's sendPhoto takes a public URL, and tiendo serves none yet: the chart comes as text, other
      // files are offered another way.
      if (reply.file) {
        const instead = reply.file.fallback
          ? { lines: reply.file.fallback, choices: [] }
          : { lines: [{ key: 'progress:file.unavailable' }], choices: [] };
        texts.push(...renderOutbound(instead, translate).texts);
      }
      try {
        for (const text of texts) await api.sendMessage(chatId, text);
      } catch (error) {
        updateLog.warn({ err: describeError(error) }, 'zalo: a reply could not be sent');
        return;
      }
    }
    // What the official can answer by number now: the choices of the last message that offered any. A
    // reply without choices keeps the earlier ones: the engine may be reminding of the question still
    // pending ("choose one of the options"), and a choice that no longer applies is refused by the engine
    // (its token carries the question's nonce), never applied to another question.
    if (lastOffered) rememberBounded(offered, chatId, lastOffered);
  }

  return { sendReplies, offeredTo: (chatId) => offered.get(chatId) ?? null };
}
