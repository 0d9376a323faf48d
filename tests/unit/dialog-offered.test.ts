import { describe, expect, it } from 'vitest';
import { nextOffered, parseOffered, serializeState, typedChoice } from '../../src/dialog/offered.js';
import { parseState, type DialogState } from '../../src/dialog/state.js';
import type { ChannelName, InboundEvent, OutboundMessage } from '../../src/dialog/types.js';

const language: DialogState = { name: 'language', nonce: 'n1' };
const confirm: OutboundMessage = {
  lines: [],
  choices: [
    [
      { token: 'n1:ok', label: { key: 'dialog:button.ok' } },
      { token: 'n1:edit', label: { key: 'dialog:button.edit' } },
    ],
  ],
};
const figure: OutboundMessage = { ...confirm, answer: 'number' };

function event(text: string, channel: ChannelName = 'zalo'): InboundEvent {
  return {
    channel,
    updateKey: 'u',
    chatId: 'c',
    userId: 'c',
    input: { kind: 'text', text },
    receivedAt: new Date(),
  };
}

describe('the offered choices kept with the conversation state', () => {
  it('are stored beside the state, which older readers still parse', () => {
    const offered = nextOffered(language, [confirm], null);
    expect(offered).toEqual({ tokens: ['n1:ok', 'n1:edit'], numbered: true });
    const json = serializeState(language, offered);
    expect(parseState(json)).toEqual(language);
    expect(parseOffered(json)).toEqual(offered);
    expect(parseOffered(serializeState(language, null))).toBeNull();
    expect(parseOffered('not json')).toBeNull();
  });

  it('are not numbered when the message asks for a figure, and none are kept once nothing is asked', () => {
    expect(nextOffered(language, [figure], null)?.numbered).toBe(false);
    expect(nextOffered({ name: 'idle' }, [confirm], null)).toBeNull();
  });

  it('stay while the same question is pending, and go when another is asked', () => {
    const before = { tokens: ['n1:ok'], numbered: true };
    expect(nextOffered(language, [{ lines: [], choices: [] }], before)).toBe(before);
    expect(nextOffered({ name: 'language', nonce: 'n2' }, [], before)).toBeNull();
  });

  it('turn a typed number into the choice on channels without buttons only', () => {
    const offered = { tokens: ['n1:ok', 'n1:edit'], numbered: true };
    expect(typedChoice(event('2'), offered)).toEqual({ kind: 'choice', token: 'n1:edit' });
    expect(typedChoice(event(' 1. ', 'console'), offered)).toEqual({ kind: 'choice', token: 'n1:ok' });
    expect(typedChoice(event('3'), offered)).toEqual({ kind: 'text', text: '3' });
    expect(typedChoice(event('2', 'telegram'), offered)).toEqual({ kind: 'text', text: '2' });
    expect(typedChoice(event('2'), { ...offered, numbered: false })).toEqual({ kind: 'text', text: '2' });
    expect(typedChoice(event('2'), null)).toEqual({ kind: 'text', text: '2' });
  });
});
