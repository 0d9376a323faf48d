import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { createTelegramSending, MEDIA_GROUP_MAX } from '../../src/channels/telegram/sending.js';
import type { BotApi } from '../../src/channels/telegram/bot-api.js';
import { filePages, type OutboundFile } from '../../src/domain/message.js';
import { createI18n } from '../../src/i18n.js';

/** The pages of a chart too long for one picture, as every channel names and sends them. */

const page = (n: number) => new Uint8Array([n]);
const chart = (pages: number, url?: string): OutboundFile => ({
  kind: 'photo',
  name: 'tien-do-kh-2026-Q3.png',
  bytes: page(1),
  ...(pages > 1 ? { morePages: Array.from({ length: pages - 1 }, (_, i) => page(i + 2)) } : {}),
  ...(url ? { url } : {}),
});

describe('filePages', () => {
  it('keeps a file of one page as it is', () => {
    expect(filePages(chart(1, 'https://x.vn/chart/t.png'))).toEqual([
      { name: 'tien-do-kh-2026-Q3.png', bytes: page(1), url: 'https://x.vn/chart/t.png' },
    ]);
  });

  it('numbers the pages of a long one, names and addresses alike', () => {
    expect(filePages(chart(3, 'https://x.vn/chart/t.png'))).toEqual(
      [1, 2, 3].map((n) => ({
        name: `tien-do-kh-2026-Q3-${n}.png`,
        bytes: page(n),
        url: `https://x.vn/chart/t.png?page=${n}`,
      })),
    );
    // a path from the command line: the extension is the file's own, not a folder's dot
    expect(filePages({ ...chart(2), name: '/tmp/bao.cao/tien-do' }).map((p) => p.name)).toEqual([
      '/tmp/bao.cao/tien-do-1',
      '/tmp/bao.cao/tien-do-2',
    ]);
  });
});

describe('a long chart on Telegram', () => {
  function fakeApi() {
    const calls: { method: string; count: number; names: string[] }[] = [];
    // Every call goes through callApi with its bound (sending.ts): the method and its payload are what Telegram gets.
    const api = {
      callApi: (method: string, payload: Record<string, unknown>) => {
        if (method === 'sendPhoto')
          calls.push({ method, count: 1, names: [(payload.photo as { filename: string }).filename] });
        if (method === 'sendMediaGroup') {
          const media = payload.media as { media: { filename: string } }[];
          calls.push({ method, count: media.length, names: media.map((m) => m.media.filename) });
        }
        return Promise.resolve(method === 'sendMediaGroup' ? [] : {});
      },
    };
    return { calls, api: api as unknown as BotApi };
  }

  const send = async (pages: number) => {
    const fake = fakeApi();
    const sending = createTelegramSending({
      api: fake.api,
      i18n: createI18n('vi'),
      describeError: (error) => ({ message: String(error) }),
      sleep: () => Promise.resolve(true),
    });
    await sending.sendReplies(
      '1',
      [{ lines: [{ key: 'progress:none' }], choices: [], file: chart(pages) }],
      'vi',
      pino({ level: 'silent' }),
    );
    return fake.calls;
  };

  it('sends one page as a photo, several as albums of at most ten, a lone last page as a photo', async () => {
    expect(await send(1)).toEqual([{ method: 'sendPhoto', count: 1, names: ['tien-do-kh-2026-Q3.png'] }]);
    expect((await send(3)).map((c) => [c.method, c.count])).toEqual([['sendMediaGroup', 3]]);
    expect((await send(23)).map((c) => [c.method, c.count])).toEqual([
      ['sendMediaGroup', MEDIA_GROUP_MAX],
      ['sendMediaGroup', MEDIA_GROUP_MAX],
      ['sendMediaGroup', 3],
    ]);
    const eleven = await send(11);
    expect(eleven.map((c) => [c.method, c.count])).toEqual([
      ['sendMediaGroup', 10],
      ['sendPhoto', 1],
    ]);
    expect(eleven[1]?.names).toEqual(['tien-do-kh-2026-Q3-11.png']);
  });
});
