import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { createZaloSending } from '../../src/channels/zalo/sending.js';
import type { OutboundMessage } from '../../src/dialog/types.js';
import { createI18n } from '../../src/i18n.js';

/** The chart on Zalo: a photo from its public address when there is one, else the text chart. */

const log = pino({ level: 'silent' });
const chart = (url?: string): OutboundMessage => ({
  lines: [{ key: 'progress:file.chart', params: { campaign: 'Kế hoạch 2026' } }],
  choices: [],
  file: {
    kind: 'photo',
    name: 'tien-do.png',
    bytes: new Uint8Array([1]),
    fallback: [{ key: 'progress:none' }],
    ...(url ? { url } : {}),
  },
});

function fakeApi(photoFails = false) {
  const calls: string[] = [];
  return {
    calls,
    api: {
      sendMessage: (chatId: string, text: string) => {
        calls.push(`text ${text}`);
        return Promise.resolve({});
      },
      sendPhoto: (chatId: string, url: string) => {
        calls.push(`photo ${url}`);
        return photoFails ? Promise.reject(new Error('refused')) : Promise.resolve({});
      },
    },
  };
}

function sending(api: ReturnType<typeof fakeApi>['api']) {
  return createZaloSending({
    api,
    i18n: createI18n('vi'),
    describeError: (error) => ({ message: String(error) }),
    sleep: () => Promise.resolve(true),
  });
}

describe('the chart on Zalo', () => {
  const url = 'https://tiendo.example.vn/chart/abc.png';

  it('is sent with sendPhoto from its address, after the caption line, without the text chart', async () => {
    const fake = fakeApi();
    await sending(fake.api).sendReplies('c1', [chart(url)], 'vi', log);
    expect(fake.calls).toHaveLength(2);
    expect(fake.calls[0]).toMatch(/^text /);
    expect(fake.calls[1]).toBe(`photo ${url}`);
  });

  it('comes as text without an address, or when Zalo refuses the photo', async () => {
    const without = fakeApi();
    await sending(without.api).sendReplies('c1', [chart()], 'vi', log);
    expect(without.calls.some((c) => c.startsWith('photo'))).toBe(false);
    expect(without.calls).toHaveLength(2);
    const refused = fakeApi(true);
    await sending(refused.api).sendReplies('c1', [chart(url)], 'vi', log);
    expect(refused.calls.map((c) => c.split(' ')[0])).toEqual(['text', 'photo', 'text']);
  });
});

describe('a long chart on Zalo', () => {
  const url = 'https://tiendo.example.vn/chart/abc.png';
  const long = (): OutboundMessage => {
    const message = chart(url);
    return { ...message, file: { ...message.file!, morePages: [new Uint8Array([2]), new Uint8Array([3])] } };
  };

  it('sends a photo per page from its own address, in order', async () => {
    const fake = fakeApi();
    await sending(fake.api).sendReplies('z1', [long()], 'vi', log);
    expect(fake.calls.slice(1)).toEqual([1, 2, 3].map((n) => `photo ${url}?page=${n}`));
  });

  it('sends the text chart when the first page is refused', async () => {
    const fake = fakeApi(true);
    await sending(fake.api).sendReplies('z1', [long()], 'vi', log);
    expect(fake.calls.map((c) => c.split(' ')[0])).toEqual(['text', 'photo', 'text']);
  });
});
