import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createZaloApi, zaloFailure, ZaloApiError } from '../../src/channels/zalo/api.js';
import { zaloSendResult } from '../../src/channels/zalo/outbox-sender.js';
import { toInboundEvent } from '../../src/channels/zalo/updates.js';
import {
  DOCUMENTED,
  startZaloFakeServer,
  type DocumentedError,
  type ZaloFakeServer,
} from '../support/zalo-fake-server.js';

/**
 * The Zalo Bot Platform's documented samples (quoted with their source in tests/support/zalo-fake-server.ts)
 * pinned twice: the fake API answers them (so the other tests run against what the platform says it
 * sends), and the adapter reads each one as the documentation means it.
 */

const TOKEN = '700001:contract-zalo-token';
const AT = new Date('2026-09-10T02:00:00Z');

/** The shape of a JSON value: its keys and the types of its leaves, not the values. */
function shape(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(shape);
  if (typeof value === 'object' && value !== null)
    return Object.fromEntries(
      Object.entries(value)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([k, v]) => [k, shape(v)]),
    );
  return typeof value;
}

let fake: ZaloFakeServer;
let fake200: ZaloFakeServer;
beforeAll(async () => {
  fake = await startZaloFakeServer({ longPollMs: 20 });
  fake200 = await startZaloFakeServer({ longPollMs: 20, emptyPollStatus: 200 });
});
afterAll(async () => {
  await fake?.stop();
  await fake200?.stop();
});

async function raw(
  server: ZaloFakeServer,
  method: string,
  body: unknown = {},
): Promise<{ status: number; body: unknown }> {
  const response = await fetch(`${server.apiRoot}/bot${TOKEN}/${method}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: await response.json() };
}

describe('the fake Zalo API answers as the documented samples', () => {
  it.each([
    ['getMe', {}, DOCUMENTED.getMe],
    [
      'setWebhook',
      { url: 'https://your-webhookurl.com', secret_token: 'mykey-abcyxz' },
      DOCUMENTED.setWebhook,
    ],
    ['getWebhookInfo', {}, DOCUMENTED.getWebhookInfo],
    ['deleteWebhook', {}, DOCUMENTED.deleteWebhook],
    ['sendMessage', { chat_id: 'abc.xyz', text: 'Hello' }, DOCUMENTED.sendMessage],
    [
      'sendPhoto',
      { chat_id: 'abc.xyz', caption: 'My photo', photo: 'https://placehold.co/600x400' },
      DOCUMENTED.sendMessage,
    ],
    ['sendChatAction', { chat_id: 'abc.xyz', action: 'typing' }, DOCUMENTED.sendChatAction],
  ])(
    '%s: the sample request gets the sample answer (same fields and types)',
    async (method, body, sample) => {
      const answer = await raw(fake, method, body);
      expect(answer.status).toBe(200);
      expect(shape(answer.body)).toEqual(shape(sample));
    },
  );

  it('setWebhook echoes the URL and deleteWebhook empties it, as in the samples', async () => {
    expect(
      (await raw(fake, 'setWebhook', { url: 'https://your-webhookurl.com', secret_token: 'mykey-abcyxz' }))
        .body,
    ).toMatchObject({ ok: true, result: { url: DOCUMENTED.setWebhook.result.url } });
    expect((await raw(fake, 'getWebhookInfo')).body).toMatchObject({
      ok: true,
      result: { url: 'https://your-webhookurl.com' },
    });
    expect((await raw(fake, 'deleteWebhook')).body).toMatchObject({ ok: true, result: { url: '' } });
  });

  it('getUpdates hands a queued update as the webhook sample is written: { ok: true, result: { event_name, message } }', async () => {
    fake.queue(TOKEN, DOCUMENTED.webhook.result);
    expect(await raw(fake, 'getUpdates', { timeout: '30' })).toEqual({
      status: 200,
      body: DOCUMENTED.webhook,
    });
  });

  it('an empty poll is the 408 of the error table, with HTTP 408 or (as a client saw) 200', async () => {
    expect(await raw(fake, 'getUpdates', { timeout: '1' })).toEqual({
      status: 408,
      body: DOCUMENTED.errors[408],
    });
    expect(await raw(fake200, 'getUpdates', { timeout: '1' })).toEqual({
      status: 200,
      body: DOCUMENTED.errors[408],
    });
  });

  it.each([400, 401, 403, 404, 429] as const)(
    'a scripted %i answers the documented error body',
    async (code) => {
      fake.failNext(TOKEN, 'sendMessage', code);
      expect(await raw(fake, 'sendMessage', { chat_id: 'abc.xyz', text: 'Hello' })).toEqual({
        status: code,
        body: DOCUMENTED.errors[code],
      });
    },
  );

  it('refuses an empty text, a text over 2000 characters and a method in the wrong case with the table', async () => {
    expect((await raw(fake, 'sendMessage', { chat_id: 'abc.xyz', text: '' })).body).toEqual(
      DOCUMENTED.errors[400],
    );
    expect((await raw(fake, 'sendMessage', { chat_id: 'abc.xyz', text: 'á'.repeat(2001) })).body).toEqual(
      DOCUMENTED.errors[400],
    );
    expect((await raw(fake, 'sendmessage', { chat_id: 'abc.xyz', text: 'Hello' })).body).toEqual(
      DOCUMENTED.errors[404],
    );
  });
});

describe("the adapter's reading of each documented sample", () => {
  const api = (server: ZaloFakeServer) =>
    createZaloApi({ token: TOKEN, apiRoot: server.apiRoot, timeoutMs: 30_000 });

  it('the webhook body (wrapped) and its result (unwrapped) are the same text event', () => {
    const expected = {
      channel: 'zalo',
      updateKey: '700001:2d758cb5e222177a4e35',
      chatId: '6ede9afa66b88fe6d6a9',
      userId: '6ede9afa66b88fe6d6a9',
      displayName: 'Ted',
      languageCode: undefined,
      input: { kind: 'text', text: 'Xin chào' },
      receivedAt: AT,
    };
    expect(toInboundEvent(DOCUMENTED.webhook, AT, '700001')).toEqual(expected);
    expect(toInboundEvent(DOCUMENTED.webhook.result, AT, '700001')).toEqual(expected);
  });

  it.each(['message.image.received', 'message.sticker.received', 'message.unsupported.received'])(
    '%s (without content, as protected senders arrive) is an unsupported input, answered politely',
    (eventName) => {
      const { text: _text, ...withoutText } = DOCUMENTED.webhook.result.message;
      const event = toInboundEvent(
        { ok: true, result: { event_name: eventName, message: withoutText } },
        AT,
        '700001',
      );
      expect(event).toMatchObject({ chatId: '6ede9afa66b88fe6d6a9', input: { kind: 'unsupported' } });
    },
  );

  it('a GROUP chat (documented as coming) is ignored', () => {
    const message = { ...DOCUMENTED.webhook.result.message, chat: { id: 'g1', chat_type: 'GROUP' } };
    expect(
      toInboundEvent({ ok: true, result: { ...DOCUMENTED.webhook.result, message } }, AT, '700001'),
    ).toBeNull();
  });

  it('getMe, getUpdates and an empty poll (HTTP 408 or 200) read as the client expects', async () => {
    expect(await api(fake).getMe()).toMatchObject({ account_type: 'BASIC', can_join_groups: false });
    fake.queue(TOKEN, DOCUMENTED.webhook.result);
    expect(await api(fake).getUpdates(1)).toEqual(DOCUMENTED.webhook.result);
    expect(await api(fake).getUpdates(1)).toBeNull();
    expect(await api(fake200).getUpdates(1)).toBeNull();
  });

  it.each([
    [401, 'bad_token', 'transient'],
    [403, 'retry', 'transient'],
    [429, 'quota', 'retry_after'],
    [400, 'refused', 'permanent'],
    [404, 'refused', 'permanent'],
  ] as [DocumentedError, string, string][])(
    'a documented %i is %s, and for the delivery worker %s (never blocked)',
    async (code, failure, kind) => {
      fake.failNext(TOKEN, 'sendMessage', code);
      const error = await api(fake)
        .sendMessage('abc.xyz', 'Hello')
        .then(
          () => null,
          (e: unknown) => e,
        );
      expect(error).toBeInstanceOf(ZaloApiError);
      expect(zaloFailure(error)).toBe(failure);
      expect(zaloSendResult(error)).toMatchObject({ ok: false, kind });
    },
  );

  it.each([500, 502, 503, 504])(
    'an undocumented %i (the server failing) is retried like 403, and never marks the official blocked',
    (code) => {
      const error = new ZaloApiError('sendMessage', code, 'Bad Gateway');
      expect(zaloFailure(error)).toBe('retry');
      expect(zaloSendResult(error)).toMatchObject({ ok: false, kind: 'transient' });
    },
  );

  it('a timeout or a network failure (code 0) is retried as well', () => {
    const error = new ZaloApiError('sendMessage', 0, 'timeout');
    expect(zaloFailure(error)).toBe('retry');
    expect(zaloSendResult(error)).toMatchObject({ ok: false, kind: 'transient' });
  });
});
