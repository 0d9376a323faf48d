import type { DialogRepository } from '../../dialog/ports.js';
import type { Database, Tx } from '../../store/database.js';

/** The first key of the conversations' advisory locks on PostgreSQL (the second is the chat's hash): "td" + 1. */
const CONVERSATION_LOCKS = 0x74640001;

/** Which updates were handled, and each chat's conversation state. */
export function conversationRepository(
  tx: Tx,
  kind: Database['kind'],
): Pick<DialogRepository, 'claimUpdate' | 'isProcessed' | 'loadState' | 'saveState'> {
  return {
    async claimUpdate(channel, updateKey) {
      // ON CONFLICT rather than catching the unique violation: on PostgreSQL a failed statement
      // aborts the whole transaction. Both databases accept this statement.
      const inserted =
        await tx.$executeRaw`INSERT INTO "ProcessedUpdate" ("channel", "updateKey") VALUES (${channel}, ${updateKey}) ON CONFLICT DO NOTHING`;
      return inserted === 1;
    },

    async isProcessed(channel, updateKey) {
      return (await tx.processedUpdate.count({ where: { channel, updateKey } })) > 0;
    },

    async loadState(chat) {
      if (kind === 'postgres') {
        // Serialises two instances answering the same chat at once (webhooks behind a load balancer),
        // until the step commits. An advisory lock rather than the row's: a chat with no state yet has
        // no row to lock, and two first messages would both read "none". Two chats whose keys hash alike
        // merely wait for each other.
        await tx.$executeRaw`SELECT pg_advisory_xact_lock(${CONVERSATION_LOCKS}::integer, hashtext(${`${chat.channel}:${chat.chatId}`}))`;
        const rows = await tx.$queryRaw<
          { state: string }[]
        >`SELECT "state" FROM "Conversation" WHERE "channel" = ${chat.channel} AND "chatId" = ${chat.chatId}`;
        return rows[0]?.state ?? null;
      }
      const row = await tx.conversation.findUnique({
        where: { channel_chatId: { channel: chat.channel, chatId: chat.chatId } },
      });
      return row?.state ?? null;
    },

    async saveState(chat, state) {
      await tx.conversation.upsert({
        where: { channel_chatId: { channel: chat.channel, chatId: chat.chatId } },
        create: { channel: chat.channel, chatId: chat.chatId, state },
        update: { state },
      });
    },
  };
}
