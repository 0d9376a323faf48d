import type { DialogRepository, ReplyLedger } from '../../dialog/ports.js';
import { holderOf } from '../../delivery/holders.js';
import { enqueueReplies, hasUnsentReplies, REPLY_LEASE_MS } from '../../delivery/outbox.js';
import type { Db, Tx } from '../../store/database.js';

/**
 * A dialog step's replies through the outbox (src/delivery/outbox.ts): written in the step's
 * transaction, held by this process, which sends them at once and records it; what it could not send,
 * or a crash left, the delivery worker sends (docs/conversations.md, "Replies through the outbox").
 */

export interface ReplyOutbox {
  /** this process, as the holder of the replies it sends (unique per start: see src/delivery/holders.ts) */
  holder: string;
  /** the time of the holds (the delivery worker's clock: the system's) */
  clock: () => Date;
}

/** The outbox of replies of a process, unless told otherwise. */
export function replyOutbox(options: Partial<ReplyOutbox> = {}): ReplyOutbox {
  return {
    holder: options.holder ?? holderOf('replies'),
    clock: options.clock ?? (() => new Date()),
  };
}

/** The back-off before the delivery worker tries a reply that could not be sent at once (its first). */
const HANDED_OVER_DELAY_MS = 5_000;

export function replyRepository(tx: Tx, outbox: ReplyOutbox | null): Pick<DialogRepository, 'queueReplies'> {
  return {
    async queueReplies(chat, input) {
      if (!outbox) return null;
      const now = outbox.clock();
      // Under the chat's lock (loadState), so no other step of this chat is writing meanwhile.
      const behind = await hasUnsentReplies(tx, chat, now);
      const ids = await enqueueReplies(tx, {
        channel: chat.channel,
        chatId: chat.chatId,
        officialId: input.officialId,
        locale: input.locale,
        keyPrefix: `reply:${chat.channel}:${input.updateKey}`,
        payloads: input.payloads,
        holder: behind ? null : outbox.holder,
        now,
      });
      return { ids, sendNow: !behind };
    },
  };
}

/** What became of the replies this process sent at once, recorded after they went out. */
export function replyLedger(db: Db, outbox: ReplyOutbox): ReplyLedger {
  const { holder, clock } = outbox;
  const mine = (ids: readonly string[]) => ({ id: { in: [...ids] }, lockedBy: holder, status: 'sending' });
  const unlock = { lockedBy: null, lockedUntil: null } as const;
  return {
    async deliver(ids, send) {
      // Held while they are sent (a send may be retried for tens of seconds): else the worker might take them.
      const renew = setInterval(() => {
        db.outboxMessage
          .updateMany({
            where: mine(ids),
            data: { lockedUntil: new Date(clock().getTime() + REPLY_LEASE_MS) },
          })
          .catch(() => undefined);
      }, REPLY_LEASE_MS / 3);
      let sent: number;
      try {
        sent = await send();
      } finally {
        clearInterval(renew);
      }
      const now = clock();
      if (sent > 0)
        await db.outboxMessage.updateMany({
          where: mine(ids.slice(0, sent)),
          data: { status: 'sent', sentAt: now, attempts: { increment: 1 }, ...unlock },
        });
      if (sent < ids.length)
        await db.outboxMessage.updateMany({
          where: mine(ids.slice(sent)),
          data: {
            status: 'pending',
            attempts: { increment: 1 },
            nextAttemptAt: new Date(now.getTime() + HANDED_OVER_DELAY_MS),
            lastError: 'not sent at once: handed to the delivery worker',
            ...unlock,
          },
        });
    },
  };
}
