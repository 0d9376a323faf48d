import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTelegramChannel, type TelegramChannel } from '../../src/channels/telegram/adapter.js';
import type { DialogEngine, DialogResult, InboundEvent } from '../../src/dialog/types.js';
import { createI18n } from '../../src/i18n.js';
import { startFakeTelegram, type FakeTelegram } from '../support/fake-telegram/server.js';
import { waitFor } from '../support/wait.js';

/**
 * A Bot API call that never answers (issue 14, point 3). telegraf waits 500 s for an answer by default;
 * the chat's queue would stand still that long, every later message of the official unanswered. Each
 * send is bounded (here 1 s instead of the 10 s of production, to keep the file short) and a send that
 * timed out is sent again like a 5xx: the reply arrives, and the chat moves on to the next message.
 */
const SEND_TIMEOUT_MS = 1_000;
/** Only a hang reaches it: far below telegraf's 500 s, far above the bound and its retry. */
const CEILING_MS = 60_000;

/** Echoes each text, so that every reply names the message it answers. */
class EchoEngine implements DialogEngine {
  async handle(event: InboundEvent): Promise<DialogResult> {
    const text = event.input.kind === 'text' ? event.input.text : event.input.kind;
    return {
      locale: 'vi',
      duplicate: false,
      replies: [
        { lines: [{ key: 'common:scope.unknown_organization', params: { code: text } }], choices: [] },
      ],
    };
  }
}

describe('a Bot API call that never answers', () => {
  let api: FakeTelegram;
  let channel: TelegramChannel;

  beforeAll(async () => {
    api = await startFakeTelegram();
    channel = createTelegramChannel({
      config: { token: api.token, apiRoot: api.apiRoot, username: 'tiendo_bot', webhook: null },
      engine: new EchoEngine(),
      i18n: createI18n('vi'),
      logger: pino({ level: 'silent' }),
      pollIdleMs: 20,
      sendTimeoutMs: SEND_TIMEOUT_MS,
    });
    await channel.start();
  });
  afterAll(async () => {
    await channel?.stop();
    await api?.close();
  });

  it('holds the chat no longer than the bound: the reply is sent again, and the next message answered', async () => {
    const user = api.user(70_001, 'Cán bộ treo');
    const chatId = String(user.chatId);
    // The first reply's request is read by the fake and never answered.
    api.fail(chatId, { kind: 'timeout' });
    const started = Date.now();
    user.text('thứ nhất');
    user.text('thứ hai');
    const answered = (word: string) => user.received().some((m) => m.text.includes(word));
    await waitFor(() => answered('thứ nhất') && answered('thứ hai'), {
      what: 'both messages answered after a send that hung',
      timeoutMs: CEILING_MS,
    });
    const elapsed = Date.now() - started;
    console.info(`[stalled-call] both answered ${elapsed} ms after a send that never got an answer`);

    // The hang was met (the scenario is what it claims), and the first reply was then sent again.
    expect(api.injected).toEqual([{ chatId, kind: 'timeout' }]);
    const sends = api.calls.filter((c) => c.method === 'sendMessage' && c.chatId === chatId);
    expect(sends.map((c) => c.status)).toEqual([null, 200, 200]);
    // In the chat's order: the retried first reply, then the second.
    expect(user.received().map((m) => /«(.*)»/.exec(m.text)?.[1])).toEqual(['thứ nhất', 'thứ hai']);
  }, 90_000);
});
