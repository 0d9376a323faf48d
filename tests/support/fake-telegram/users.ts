import type { SentMessage } from './server.js';
import type { UpdateQueue } from './updates.js';

/** A person in a private chat with the bot: each act offers one update and returns its id. */
export interface FakeUser {
  chatId: number;
  text(text: string): number;
  command(command: string, args?: string): number;
  press(data: string, messageId: number): number;
  /** a file sent to the bot: it fetches it with getFile and the file download address */
  document(fileName: string, fileId: string): number;
  /** The messages the bot sent to this chat, all of them. */
  received(): SentMessage[];
}

export function createUser(
  queue: UpdateQueue,
  sent: readonly SentMessage[],
  chatId: number,
  firstName = `User ${chatId}`,
): FakeUser {
  const from = { id: chatId, is_bot: false, first_name: firstName, language_code: 'vi' };
  const chat = { id: chatId, type: 'private', first_name: firstName };
  const now = (): number => Math.floor(Date.now() / 1000);
  let localMessageId = 1_000_000;
  const message = (fields: Record<string, unknown>): number =>
    queue.push({ message: { message_id: localMessageId++, date: now(), chat, from, ...fields } });
  return {
    chatId,
    text: (text) => message({ text }),
    command: (command, args) =>
      message({
        text: args ? `/${command} ${args}` : `/${command}`,
        entities: [{ type: 'bot_command', offset: 0, length: command.length + 1 }],
      }),
    press: (data, messageId) =>
      queue.push({
        callback_query: {
          id: `cb-${chatId}-${queue.updates.size + 1}`,
          chat_instance: String(chatId),
          data,
          from,
          message: { message_id: messageId, date: now(), chat, text: '…' },
        },
      }),
    document: (fileName, fileId) =>
      message({ document: { file_id: fileId, file_unique_id: `u-${fileId}`, file_name: fileName } }),
    received: () => sent.filter((m) => m.chatId === String(chatId)),
  };
}
