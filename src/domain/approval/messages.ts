import type { Line, Message, OutboundMessage, Param } from '../message.js';

const NS = 'approval:';

/**
 * The choice of a returned period's message: it opens the report on that period ("/baocao Q3/2026"), so
 * the official sees the returned figures with their current values and corrects them.
 */
export const REPORT_PERIOD_TOKEN_PREFIX = 'remind:baocao:';

function line(key: string, params?: Record<string, Param>, style?: Line['style']): Line {
  const message: Line = params ? { key: `${NS}${key}`, params } : { key: `${NS}${key}` };
  return style ? { ...message, style } : message;
}

/** "2026-Q3" → "Q3/2026", "2026-M09" → "T9/2026": what `/baocao` reads; null for a sprint checkpoint. */
export function periodRequestText(periodKey: string): string | null {
  const match = /^(\d{4})-(Q|M)(\d{1,2})$/u.exec(periodKey);
  if (!match) return null;
  return `${match[2] === 'Q' ? 'Q' : 'T'}${Number(match[3])}/${match[1]}`;
}

export interface ReturnNotice {
  period: Message;
  periodKey: string;
  note: string;
  by: string;
  indicators: readonly { code: string; name: string }[];
}

const MAX_LISTED = 15;

/** What an official reads when the chairman sends figures back: which, why, and how to correct them. */
export function returnedMessage(notice: ReturnNotice): OutboundMessage {
  const shown = notice.indicators.slice(0, MAX_LISTED);
  const rest = notice.indicators.length - shown.length;
  const request = periodRequestText(notice.periodKey);
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
          token: `${REPORT_PERIOD_TOKEN_PREFIX}${request ?? ''}`,
          label: { key: `${NS}returned.choice` },
        },
      ],
    ],
  };
}
