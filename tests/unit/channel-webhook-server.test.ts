import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startWebhookServer, type WebhookServer } from '../../src/channels/webhook-server.js';
import { freePort } from '../support/telegram-emulator.js';

const SECRET = 'unit-webhook-secret';

describe('the shared webhook server', () => {
  let server: WebhookServer;
  let url: string;
  let accepting: boolean;
  let bodies: { id: number }[];

  beforeEach(async () => {
    const port = await freePort();
    url = `http://127.0.0.1:${port}/hook`;
    accepting = true;
    bodies = [];
    server = await startWebhookServer({
      webhook: { url, secret: SECRET, port },
      secretHeader: 'x-unit-secret',
      name: 'unit',
      log: pino({ level: 'silent' }),
      describeError: (error) => ({ message: String(error) }),
      accepting: () => accepting,
      isBody: (value): value is { id: number } => typeof (value as { id?: unknown } | null)?.id === 'number',
      onBody: (body) => bodies.push(body),
      answer: (status) => ({ contentType: 'text/plain', body: `status ${status}` }),
    });
  });

  afterEach(async () => {
    await server.close();
  });

  const post = (
    body: string,
    headers: Record<string, string> = { 'x-unit-secret': SECRET },
    target = url,
  ): Promise<Response> =>
    fetch(target, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });

  it("hands an authentic JSON body on, answered in the adapter's form", async () => {
    const response = await post('{"id":7}');
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('status 200');
    expect(bodies).toEqual([{ id: 7 }]);
  });

  it('refuses a wrong path, method, secret, JSON or body, taking nothing', async () => {
    expect((await post('{"id":1}', undefined, url.replace('/hook', '/other'))).status).toBe(404);
    expect((await fetch(url, { headers: { 'x-unit-secret': SECRET } })).status).toBe(405);
    expect((await post('{"id":1}', {})).status).toBe(401);
    expect((await post('{"id":1}', { 'x-unit-secret': `${SECRET}x` })).status).toBe(401);
    expect((await post('{not json')).status).toBe(400);
    expect((await post('{"id":"1"}')).status).toBe(400);
    expect((await post(JSON.stringify({ id: 1, pad: 'x'.repeat(1024 * 1024) }))).status).toBe(413);
    expect(bodies).toEqual([]);
  });

  it('answers 503 while the channel is not taking updates, so the platform delivers again', async () => {
    accepting = false;
    expect((await post('{"id":2}')).status).toBe(503);
    expect(bodies).toEqual([]);
  });
});
