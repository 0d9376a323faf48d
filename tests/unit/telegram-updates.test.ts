import type { Update } from 'telegraf/types';
import { describe, expect, it } from 'vitest';
import { buttonPress, commandOf, groupCommand, toInboundEvent } from '../../src/channels/telegram/updates.js';

const AT = new Date('2024-09-11T03:00:00Z');
const FROM = { id: 4201, is_bot: false, first_name: 'Nguyễn Văn', last_name: 'An', language_code: 'vi' };
const PRIVATE = { id: 4201, type: 'private', first_name: 'Nguyễn Văn' } as const;
const GROUP = { id: -1001, type: 'supergroup', title: 'UBND xã' } as const;

function messageUpdate(message: Record<string, unknown>, chat: object = PRIVATE, updateId = 77): Update {
  return {
    update_id: updateId,
    message: { message_id: 9, date: 1726023600, chat, from: FROM, ...message },
  } as unknown as Update;
}

function command(text: string, chat: object = PRIVATE): Update {
  const length = text.includes(' ') ? text.indexOf(' ') : text.length;
  return messageUpdate({ text, entities: [{ type: 'bot_command', offset: 0, length }] }, chat);
}

const BOT = '123456';

describe('toInboundEvent', () => {
  it('maps a private text message with who, where, when and the language hint', () => {
    expect(toInboundEvent(messageUpdate({ text: '11.807' }), AT, BOT)).toEqual({
      channel: 'telegram',
      updateKey: '123456:77',
      chatId: '4201',
      userId: '4201',
      displayName: 'Nguyễn Văn An',
      languageCode: 'vi',
      input: { kind: 'text', text: '11.807' },
      receivedAt: AT,
    });
  });

  it('reads a command from the bot_command entity at offset 0, with its arguments', () => {
    expect(toInboundEvent(command('/start AbC123'), AT, BOT)?.input).toEqual({
      kind: 'command',
      command: 'start',
      args: 'AbC123',
    });
    expect(toInboundEvent(command('/baocao'), AT, BOT)?.input).toEqual({
      kind: 'command',
      command: 'baocao',
      args: '',
    });
  });

  it('strips @botname and lower-cases the command', () => {
    expect(toInboundEvent(command('/BaoCao@Tiendo_Bot  quý 3 '), AT, BOT)?.input).toEqual({
      kind: 'command',
      command: 'baocao',
      args: 'quý 3',
    });
    expect(commandOf('/dangky@tiendo_bot X7K2', [{ type: 'bot_command', offset: 0, length: 18 }])).toEqual({
      kind: 'command',
      command: 'dangky',
      args: 'X7K2',
    });
  });

  it('treats "/start" typed without an entity, or a command later in the text, as text', () => {
    expect(toInboundEvent(messageUpdate({ text: '/start' }), AT, BOT)?.input).toEqual({
      kind: 'text',
      text: '/start',
    });
    const later = messageUpdate({
      text: 'gõ /baocao',
      entities: [{ type: 'bot_command', offset: 3, length: 7 }],
    });
    expect(toInboundEvent(later, AT, BOT)?.input).toEqual({ kind: 'text', text: 'gõ /baocao' });
  });

  it('maps a button press to a choice with its token, in the chat of the pressed message', () => {
    const update = {
      update_id: 78,
      callback_query: {
        id: 'cq1',
        from: FROM,
        chat_instance: 'x',
        data: 'r:12:ok',
        message: { message_id: 31, date: 1, chat: PRIVATE },
      },
    } as unknown as Update;
    const event = toInboundEvent(update, AT, BOT);
    expect(event).toMatchObject({
      updateKey: '123456:78',
      chatId: '4201',
      userId: '4201',
      input: { kind: 'choice', token: 'r:12:ok' },
    });
    expect(buttonPress(update)).toEqual({ queryId: 'cq1', chatId: '4201', messageId: 31 });
  });

  it('passes a document on with its name and size, fetched only when read', async () => {
    const fetched: string[] = [];
    const readFile = (fileId: string) => {
      fetched.push(fileId);
      return Promise.resolve(new Uint8Array([1, 2, 3]));
    };
    const update = messageUpdate({
      document: {
        file_id: 'd1',
        file_unique_id: 'u1',
        file_name: 'Kế hoạch.docx',
        file_size: 2048,
        mime_type: 'application/msword',
      },
    });
    const input = toInboundEvent(update, AT, BOT, readFile)?.input;
    expect(input).toMatchObject({
      kind: 'document',
      document: { name: 'Kế hoạch.docx', size: 2048, mimeType: 'application/msword' },
    });
    expect(fetched).toEqual([]);
    if (input?.kind !== 'document') throw new Error('not a document');
    expect(await input.document.read()).toEqual(new Uint8Array([1, 2, 3]));
    expect(fetched).toEqual(['d1']);
    // without a reader (a channel that fetches nothing), reading fails rather than pretending
    const bare = toInboundEvent(
      messageUpdate({ document: { file_id: 'd2', file_unique_id: 'u2' } }),
      AT,
      BOT,
    )?.input;
    expect(bare).toMatchObject({ kind: 'document', document: { name: 'tep', size: null } });
    if (bare?.kind === 'document') await expect(bare.document.read()).rejects.toThrow();
  });

  it('answers photos, stickers, voice notes and locations as unsupported', () => {
    const contents: Record<string, unknown>[] = [
      { photo: [{ file_id: 'p', file_unique_id: 'u', width: 1, height: 1 }], caption: '/baocao' },
      { sticker: { file_id: 's' } },
      { voice: { file_id: 'v', duration: 2 } },
      { location: { latitude: 21, longitude: 105 } },
      { video_note: { file_id: 'n' } },
      { contact: { phone_number: '0900', first_name: 'B' } },
    ];
    for (const content of contents)
      expect(toInboundEvent(messageUpdate(content), AT, BOT)?.input).toEqual({ kind: 'unsupported' });
  });

  it('ignores service messages, edited messages and updates of other kinds', () => {
    expect(toInboundEvent(messageUpdate({ pinned_message: { message_id: 1 } }), AT, BOT)).toBeNull();
    const edited = {
      update_id: 80,
      edited_message: { message_id: 9, date: 1, edit_date: 2, chat: PRIVATE, from: FROM, text: 'x' },
    };
    expect(toInboundEvent(edited as unknown as Update, AT, BOT)).toBeNull();
    const member = { update_id: 81, my_chat_member: { chat: PRIVATE, from: FROM, date: 1 } };
    expect(toInboundEvent(member as unknown as Update, AT, BOT)).toBeNull();
  });

  it('ignores groups, supergroups and channels', () => {
    expect(toInboundEvent(messageUpdate({ text: 'xin chào' }, GROUP), AT, BOT)).toBeNull();
    expect(toInboundEvent(command('/baocao', { id: -5, type: 'group', title: 'g' }), AT, BOT)).toBeNull();
    const post = {
      update_id: 82,
      channel_post: { message_id: 1, date: 1, chat: { id: -100, type: 'channel', title: 'c' }, text: 'x' },
    };
    expect(toInboundEvent(post as unknown as Update, AT, BOT)).toBeNull();
  });

  it('leaves out a missing name and language hint', () => {
    const update = {
      update_id: 83,
      message: {
        message_id: 1,
        date: 1,
        chat: PRIVATE,
        from: { id: 4201, is_bot: false, first_name: ' ' },
        text: 'hi',
      },
    } as unknown as Update;
    const event = toInboundEvent(update, AT, BOT);
    expect(event?.displayName).toBeUndefined();
    expect(event?.languageCode).toBeUndefined();
  });
});

describe('groupCommand', () => {
  it('finds a command for this bot in a group, to answer with a refusal', () => {
    expect(groupCommand(command('/baocao', GROUP), 'tiendo_bot')).toEqual({
      chatId: '-1001',
      userId: '4201',
      languageCode: 'vi',
    });
    expect(groupCommand(command('/baocao@Tiendo_Bot', GROUP), 'tiendo_bot')).not.toBeNull();
  });

  it('leaves commands for other bots, plain group talk and private chats alone', () => {
    expect(groupCommand(command('/baocao@other_bot', GROUP), 'tiendo_bot')).toBeNull();
    expect(groupCommand(messageUpdate({ text: 'báo cáo' }, GROUP), 'tiendo_bot')).toBeNull();
    expect(groupCommand(command('/baocao'), 'tiendo_bot')).toBeNull();
  });
});
