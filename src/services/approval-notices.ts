import { returnedMessage } from '../domain/approval/index.js';
import { enqueue } from '../delivery/outbox.js';
import type { ChannelName, Locale } from '../dialog/types.js';
import type { Db, Tx } from '../store/database.js';
import type { ApprovalState } from '../domain/approval/index.js';
import type { Message } from '../domain/message.js';
import { chooseChat, type ReminderChannelPreference } from './reminder-routing.js';

/** What a step of the approval tells this module: a return, with whom it reaches. */
export interface ReturnStep {
  state: ApprovalState;
  eventId: string;
  actorName: string;
  note: string | null;
  period: { key: string; name: Message };
  returned: { officialId: string; officialCode: string; indicators: { code: string; name: string }[] }[];
}

export interface NoticeRouting {
  served: readonly ChannelName[];
  preference: ReminderChannelPreference;
  defaultLocale: Locale;
  now: Date;
}

export interface NoticeResult {
  queued: number;
  /** returned officials with no chat to reach (told in the CLI, shown to the chairman) */
  unreachable: string[];
}

/**
 * A return reaches each official whose figures were sent back, through the outbox (sent by the delivery
 * worker, like a reminder), once per return: the key holds the approval event.
 */
export async function queueReturnNotices(
  db: Db | Tx,
  outcome: ReturnStep,
  routing: NoticeRouting,
): Promise<NoticeResult> {
  if (outcome.state !== 'returned' || outcome.returned.length === 0) return { queued: 0, unreachable: [] };
  const officials = await db.official.findMany({
    where: { id: { in: outcome.returned.map((r) => r.officialId) }, active: true },
    include: { chatLinks: true },
  });
  const unreachable: string[] = [];
  const messages = outcome.returned.flatMap((returned) => {
    const official = officials.find((o) => o.id === returned.officialId);
    const chat = official ? chooseChat(official.chatLinks, routing.preference, routing.served) : null;
    if (!official || !chat) {
      unreachable.push(returned.officialCode);
      return [];
    }
    const link = official.chatLinks.find((l) => l.channel === chat.channel && l.chatId === chat.chatId);
    const locale: Locale =
      link?.locale === 'en' || link?.locale === 'vi' ? link.locale : routing.defaultLocale;
    const payload = returnedMessage({
      eventId: outcome.eventId,
      period: outcome.period.name,
      note: outcome.note ?? '',
      by: outcome.actorName,
      indicators: returned.indicators,
    });
    return [
      {
        key: `approval:${outcome.eventId}:${official.id}`,
        officialId: official.id,
        channel: chat.channel,
        chatId: chat.chatId,
        payload,
        locale,
      },
    ];
  });
  const { queued } = messages.length > 0 ? await enqueue(db, messages, routing.now) : { queued: 0 };
  return { queued, unreachable };
}
