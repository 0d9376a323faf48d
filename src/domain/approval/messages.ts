import type { Line, Message, OutboundMessage, Param } from '../message.js';

const NS = 'approval:';

/**
 * The choice of a returned period's message: it opens a correction of the figures sent back (the return
 * is named by its event's id, which fits Telegram's 64 bytes of callback data where a list of codes
 * would not), each asked with its current value.
 */
export const RETURNED_TOKEN_PREFIX = 'remind:tralai:';

function line(key: string, params?: Record<string, Param>, style?: Line['style']): Line {
  const message: Line = params ? { key: `${NS}${key}`, params } : { key: `${NS}${key}` };
  return style ? { ...message, style } : message;
}

export interface ReturnNotice {
  /** the approval event of the return */
  eventId: string;
  period: Message;
  note: string;
  by: string;
  indicators: readonly { code: string; name: string }[];
}

const MAX_LISTED = 15;

/** What an official reads when the chairman sends figures back: which, why, and how to correct them. */
export function returnedMessage(notice: ReturnNotice): OutboundMessage {
  const shown = notice.indicators.slice(0, MAX_LISTED);
  const rest = notice.indicators.length - shown.length;
  return {
    lines: [
      line('returned.title', { period: notice.period }, 'title'),
      line('returned.by', { name: notice.by }),
      line('returned.note', { note: notice.note }),
      ...shown.map((i) => line('returned.item', { code: i.code, name: i.name })),
      ...(rest > 0 ? [line('returned.more', { count: rest })] : []),
      line('returned.hint'),
    ],
    choices: [
      [
        {
          token: `${RETURNED_TOKEN_PREFIX}${notice.eventId}`,
          label: { key: `${NS}returned.choice` },
        },
      ],
    ],
  };
}
