import { describe, expect, it } from 'vitest';
import { commandOf, typedInput as textInput } from '../../src/channels/typed-choices.js';
import { toInboundEvent, zaloBotId, type OfferedChoices } from '../../src/channels/zalo/updates.js';
import { COMMANDS } from '../../src/dialog/commands.js';

const AT = new Date('2026-09-10T02:00:00Z');
const BOT = '9001';

function update(
  text: string | undefined,
  eventName = 'message.text.received',
  extra: Record<string, unknown> = {},
) {
  return {
    event_name: eventName,
    message: {
      message_id: 'msg-1',
      from: { id: 'u-42', display_name: 'Nguyễn Văn A' },
      chat: { id: 'u-42', chat_type: 'PRIVATE' },
      date: AT.getTime(),
      ...(text !== undefined ? { text } : {}),
      ...extra,
    },
  };
}

const confirm: OfferedChoices = {
  numbered: true,
  choices: [
    { token: 'n1:ok', label: '✅ Đúng, ghi lại' },
    { token: 'n1:edit', label: '✏️ Nhập lại' },
    { token: 'n1:note', label: '📝 Thêm ghi chú' },
    { token: 'n1:skip', label: '⏭ Bỏ qua' },
  ],
};
const numberQuestion: OfferedChoices = {
  numbered: false,
  choices: [
    { token: 'n2:skip', label: '⏭ Bỏ qua' },
    { token: 'n2:stop', label: '⏹ Dừng' },
  ],
};

describe('Zalo updates → events', () => {
  it('reads a flat update and a wrapped one alike', () => {
    const flat = toInboundEvent(update('xin chào'), AT, BOT);
    const wrapped = toInboundEvent({ ok: true, result: update('xin chào') }, AT, BOT);
    expect(flat).toEqual({
      channel: 'zalo',
      updateKey: '9001:msg-1',
      chatId: 'u-42',
      userId: 'u-42',
      displayName: 'Nguyễn Văn A',
      languageCode: undefined,
      input: { kind: 'text', text: 'xin chào' },
      receivedAt: AT,
    });
    expect(wrapped).toEqual(flat);
  });

  it('answers images, stickers and unsupported messages politely', () => {
    for (const name of [
      'message.image.received',
      'message.sticker.received',
      'message.unsupported.received',
    ]) {
      expect(toInboundEvent(update(undefined, name), AT, BOT)?.input).toEqual({ kind: 'unsupported' });
    }
  });

  it('ignores group chats, non-message events and malformed updates', () => {
    expect(
      toInboundEvent(
        update('hi', 'message.text.received', { chat: { id: 'g1', chat_type: 'GROUP' } }),
        AT,
        BOT,
      ),
    ).toBeNull();
    expect(toInboundEvent({ event_name: 'bot.follow', message: {} }, AT, BOT)).toBeNull();
    expect(toInboundEvent({ ok: true, result: { foo: 1 } }, AT, BOT)).toBeNull();
    expect(toInboundEvent('nonsense', AT, BOT)).toBeNull();
    expect(
      toInboundEvent(update('hi', 'message.text.received', { message_id: undefined }), AT, BOT),
    ).toBeNull();
  });

  it('keys updates by the public part of the token, never the secret', () => {
    expect(zaloBotId('123456:secret-part')).toBe('123456');
    const hashed = zaloBotId('no-colon-secret-token');
    expect(hashed).toMatch(/^h[0-9a-f]{12}$/);
    expect(hashed).not.toContain('secret');
  });
});

describe('commands typed as text', () => {
  it('reads slash commands with their arguments', () => {
    expect(commandOf('/baocao')).toEqual({ kind: 'command', command: 'baocao', args: '' });
    expect(commandOf('/start ABCDE-FGHJK')).toEqual({
      kind: 'command',
      command: 'start',
      args: 'ABCDE-FGHJK',
    });
    expect(commandOf('/DangKy  abcde-fghjk ')).toEqual({
      kind: 'command',
      command: 'dangky',
      args: 'abcde-fghjk',
    });
    expect(commandOf('/lạ')).toEqual({ kind: 'command', command: 'la', args: '' });
  });

  it('reads known commands without the slash, accents or not', () => {
    expect(commandOf('tiendo')).toEqual({ kind: 'command', command: 'tiendo', args: '' });
    expect(commandOf('Báo cáo')).toEqual({ kind: 'command', command: 'baocao', args: '' });
    expect(commandOf('bao cao')).toEqual({ kind: 'command', command: 'baocao', args: '' });
    expect(commandOf('hủy')).toEqual({ kind: 'command', command: 'huy', args: '' });
    expect(commandOf('dangky ABCDE-FGHJK')).toEqual({
      kind: 'command',
      command: 'dangky',
      args: 'ABCDE-FGHJK',
    });
    expect(commandOf('đăng ký ABCDE-FGHJK')).toEqual({
      kind: 'command',
      command: 'dangky',
      args: 'ABCDE-FGHJK',
    });
  });

  it('reads /nhacnho typed bare, "nhắc nhở" or "nhac nho", also in the middle of a question', () => {
    for (const text of ['nhacnho', 'nhắc nhở', 'Nhac nho', ' NHẮC NHỞ '])
      expect(toInboundEvent(update(text), AT, BOT, numberQuestion)?.input).toEqual({
        kind: 'command',
        command: 'nhacnho',
        args: '',
      });
  });

  it('reads every command the table lets be typed bare, and no other (an alias needs its slash)', () => {
    for (const command of COMMANDS) {
      const input = toInboundEvent(update(command.name), AT, BOT)?.input;
      if (command.bare === 'no') expect(input).toEqual({ kind: 'text', text: command.name });
      else expect(input).toEqual({ kind: 'command', command: command.name, args: '' });
      for (const alias of command.aliases) {
        expect(commandOf(alias)).toBeNull();
        expect(commandOf(`/${alias}`)).toEqual({ kind: 'command', command: alias, args: '' });
      }
    }
  });

  it('leaves sentences that merely start with a command word as text', () => {
    expect(commandOf('báo cáo theo số liệu của trạm y tế')).toBeNull();
    expect(commandOf('trợ giúp tôi với')).toBeNull();
    expect(commandOf('8540')).toBeNull();
    expect(textInput('huy động được 20 người', null)).toEqual({
      kind: 'text',
      text: 'huy động được 20 người',
    });
  });
});

describe('numbered choices and numeric answers', () => {
  it('passes a number alone as typed: the engine reads it against the choices it stored (dialog/offered.ts)', () => {
    expect(textInput('1', confirm)).toEqual({ kind: 'text', text: '1' });
    expect(textInput(' 4 ', confirm)).toEqual({ kind: 'text', text: ' 4 ' });
    expect(textInput('2.', confirm)).toEqual({ kind: 'text', text: '2.' });
  });

  it('reads any other number as text: 0, n+1, 8540, decimals', () => {
    for (const text of ['0', '5', '8540', '1,5', '1.250'])
      expect(textInput(text, confirm)).toEqual({ kind: 'text', text });
  });

  it('never reads a number as a choice when the message asks for a figure', () => {
    expect(textInput('1', numberQuestion)).toEqual({ kind: 'text', text: '1' });
    expect(textInput('2', numberQuestion)).toEqual({ kind: 'text', text: '2' });
  });

  it('picks a choice by its words, case- and emoji-insensitive, accents optional', () => {
    expect(textInput('đúng, ghi lại', confirm)).toEqual({ kind: 'choice', token: 'n1:ok' });
    expect(textInput('Bỏ qua', numberQuestion)).toEqual({ kind: 'choice', token: 'n2:skip' });
    expect(textInput('bo qua', numberQuestion)).toEqual({ kind: 'choice', token: 'n2:skip' });
    expect(textInput('DỪNG', numberQuestion)).toEqual({ kind: 'choice', token: 'n2:stop' });
  });

  it('does not let an accented word match another word without accents ("đúng" is not "Dừng")', () => {
    expect(textInput('đúng', numberQuestion)).toEqual({ kind: 'text', text: 'đúng' });
    expect(textInput('ghi lại', confirm)).toEqual({ kind: 'text', text: 'ghi lại' });
  });

  it('without offered choices everything is text', () => {
    expect(textInput('1', null)).toEqual({ kind: 'text', text: '1' });
  });
});
