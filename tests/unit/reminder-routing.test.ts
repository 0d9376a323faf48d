import { describe, expect, it } from 'vitest';
import { chooseChat } from '../../src/services/reminder-routing.js';

const links = [
  { channel: 'telegram', chatId: 't1', lastSeenAt: new Date('2026-09-01T02:00:00Z') },
  { channel: 'zalo', chatId: 'z1', lastSeenAt: new Date('2026-09-05T02:00:00Z') },
  { channel: 'console', chatId: 'c1', lastSeenAt: new Date('2026-09-09T02:00:00Z') },
];

describe('where a reminder goes', () => {
  it('follows the official to the channel they used last, never the console', () => {
    expect(chooseChat(links, 'last_used', ['telegram', 'zalo', 'console'])).toEqual({
      channel: 'zalo',
      chatId: 'z1',
    });
  });
  it('takes the configured channel when the official is linked on it', () => {
    expect(chooseChat(links, 'telegram', ['telegram', 'zalo'])).toEqual({
      channel: 'telegram',
      chatId: 't1',
    });
    expect(chooseChat(links.slice(1), 'telegram', ['telegram', 'zalo'])).toEqual({
      channel: 'zalo',
      chatId: 'z1',
    });
  });
  it('only uses channels this process serves, and nothing for an official linked nowhere', () => {
    expect(chooseChat(links, 'last_used', ['telegram'])).toEqual({ channel: 'telegram', chatId: 't1' });
    expect(chooseChat([], 'last_used', ['telegram', 'zalo'])).toBeNull();
    expect(chooseChat(links.slice(2), 'last_used', ['telegram', 'zalo', 'console'])).toBeNull();
  });
});
