import { connect } from 'node:net';
import { networkInterfaces } from 'node:os';
import { pino, type Logger } from 'pino';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { WebhookEndpoint } from '../../src/webhooks.js';
import { createMigratedDatabase, type TestDatabase } from '../support/databases.js';
import type { Database } from '../../src/store/database.js';
import { startWebhookHost, type WebhookHost } from '../support/webhook-host.js';

/**
 * The webhooks on the one HTTP server (src/web/routes/webhooks.ts), with a stand-in endpoint: what a
 * platform's request meets before the channel reads it. The channels' own tests drive the real adapters
 * through the same routes (tests/e2e, tests/faults).
 */
const SECRET = 'unit-webhook-secret';
/** A body whose storing fails (the durable inbox down). */
const STORE_FAILS = 99;
const PATH = '/hook';

let test: TestDatabase & { database: Database };
beforeAll(async () => {
  test = await createMigratedDatabase('sqlite');
});
afterAll(async () => test?.drop());

function endpoint(bodies: { id: number }[], accepting: () => boolean = () => true): WebhookEndpoint {
  return {
    name: 'unit',
    path: PATH,
    secret: SECRET,
    secretHeader: 'x-unit-secret',
    accepting,
    isBody: (value) => typeof (value as { id?: unknown } | null)?.id === 'number',
    receive: async (body) => {
      if ((body as { id: number }).id === STORE_FAILS) throw new Error('the inbox is down');
      bodies.push(body as { id: number });
    },
    answer: (status) => ({ contentType: 'text/plain', body: `status ${status}` }),
  };
}

const post = (
  target: string,
  body: string,
  headers: Record<string, string> = { 'x-unit-secret': SECRET },
): Promise<Response> =>
  fetch(target, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });

describe('a webhook on the HTTP server', () => {
  let host: WebhookHost;
  let url: string;
  let accepting: boolean;
  let bodies: { id: number }[];

  beforeEach(async () => {
    host = await startWebhookHost(test.database, { slots: [{ name: 'unit', path: PATH }] });
    url = host.url(PATH);
    accepting = true;
    bodies = [];
    host.webhooks.attach(endpoint(bodies, () => accepting));
  });
  afterEach(async () => host.close());

  it("hands an authentic JSON body on, answered in the channel's form", async () => {
    const response = await post(url, '{"id":7}');
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('status 200');
    expect(bodies).toEqual([{ id: 7 }]);
  });

  it('reads the body whatever its content type, even none', async () => {
    const plain = await fetch(url, {
      method: 'POST',
      headers: { 'x-unit-secret': SECRET, 'content-type': 'text/plain' },
      body: '{"id":8}',
    });
    expect(plain.status).toBe(200);
    const none = await fetch(url, {
      method: 'POST',
      headers: { 'x-unit-secret': SECRET },
      body: new Blob(['{"id":9}']),
    });
    expect(none.status).toBe(200);
    expect(bodies).toEqual([{ id: 8 }, { id: 9 }]);
  });

  it('refuses a wrong secret, JSON or body, taking nothing; other paths and methods are not webhooks', async () => {
    expect((await post(url.replace(PATH, '/other'), '{"id":1}')).status).toBe(404);
    expect((await fetch(url, { headers: { 'x-unit-secret': SECRET } })).status).toBe(404);
    expect((await post(url, '{"id":1}', {})).status).toBe(401);
    expect((await post(url, '{"id":1}', { 'x-unit-secret': `${SECRET}x` })).status).toBe(401);
    expect((await post(url, '{not json')).status).toBe(400);
    expect((await post(url, '{"id":"1"}')).status).toBe(400);
    expect((await post(url, '')).status).toBe(400);
    expect((await post(url, JSON.stringify({ id: 1, pad: 'x'.repeat(1024 * 1024) }))).status).toBe(413);
    expect(bodies).toEqual([]);
  });

  it('answers 503, not 200, when the body could not be stored, so the platform delivers it again', async () => {
    const response = await post(url, `{"id":${STORE_FAILS}}`);
    expect(response.status).toBe(503);
    expect(bodies).toEqual([]);
    // The next one is taken as usual.
    expect((await post(url, '{"id":3}')).status).toBe(200);
    expect(bodies).toEqual([{ id: 3 }]);
  });

  it('answers 503 while the channel is not taking updates, or once it has detached', async () => {
    accepting = false;
    expect((await post(url, '{"id":2}')).status).toBe(503);
    accepting = true;
    const other = host.webhooks.attach(endpoint(bodies));
    await other.close();
    expect((await post(url, '{"id":2}')).status).toBe(503);
    expect(bodies).toEqual([]);
  });

  it("is not held by the pages' rate limit, nor given their CSP", async () => {
    const limited = await startWebhookHost(test.database, { slots: [{ name: 'unit', path: PATH }] });
    try {
      // The pages' limit is 300 a minute from one address: a busy bot gets more than that.
      const mine: { id: number }[] = [];
      limited.webhooks.attach(endpoint(mine));
      const statuses = new Set<number>();
      for (let i = 0; i < 320; i += 1)
        statuses.add((await post(limited.url(PATH), `{"id":${1000 + i}}`)).status);
      expect([...statuses]).toEqual([200]);
      expect(mine).toHaveLength(320);
      const response = await post(limited.url(PATH), '{"id":2000}');
      expect(response.headers.get('content-security-policy')).toBeNull();
      expect(response.headers.get('x-ratelimit-limit')).toBeNull();
      // The pages keep both.
      const page = await fetch(limited.url('/'));
      expect(page.headers.get('content-security-policy')).toContain("default-src 'self'");
      expect(page.headers.get('x-ratelimit-limit')).toBe('300');
    } finally {
      await limited.close();
    }
  });

  it('counts the requests in /metrics by outcome', async () => {
    await post(url, '{"id":1}');
    await post(url, '{"id":2}', {});
    await post(url, '{oops');
    const metrics = await (await fetch(host.url('/metrics'))).text();
    expect(metrics).toContain('tiendo_webhook_requests_total{channel="unit",outcome="stored"} 1');
    expect(metrics).toContain('tiendo_webhook_requests_total{channel="unit",outcome="secret"} 1');
    expect(metrics).toContain('tiendo_webhook_requests_total{channel="unit",outcome="malformed"} 1');
    expect(metrics).toMatch(/# TYPE tiendo_inbox_pending gauge/);
  });
});

describe('the webhooks under abuse', () => {
  /** A logger whose lines are kept, parsed. */
  function recordingLog(): { log: Logger; lines: { level: number; msg: string }[] } {
    const lines: { level: number; msg: string }[] = [];
    const log: Logger = pino(
      { level: 'debug' },
      { write: (line: string) => lines.push(JSON.parse(line) as { level: number; msg: string }) },
    );
    return { log, lines };
  }

  async function start(
    log: Logger,
    options: { host?: string; refusalLogMs?: number } = {},
  ): Promise<WebhookHost> {
    const host = await startWebhookHost(test.database, {
      slots: [{ name: 'unit', path: PATH }],
      logger: log,
      ...options,
    });
    host.webhooks.attach(endpoint([]));
    return host;
  }

  /** Writes `raw` on a fresh connection and resolves with what came back before the server closed it. */
  function rawRequest(port: number, raw: string): Promise<string> {
    return new Promise((resolve, reject) => {
      const socket = connect(port, '127.0.0.1', () => socket.write(raw));
      let got = '';
      socket.on('data', (chunk: Buffer) => (got += chunk.toString('latin1')));
      socket.on('close', () => resolve(got));
      socket.on('error', reject);
      socket.setTimeout(30_000, () => socket.destroy(new Error('no answer')));
    });
  }

  it('listens on 127.0.0.1 by default, not on the other interfaces', async () => {
    const { log } = recordingLog();
    const host = await start(log);
    try {
      const other = Object.values(networkInterfaces())
        .flat()
        .find((address) => address && address.family === 'IPv4' && !address.internal);
      const listeners = await new Promise<string>((resolve) => {
        const socket = connect(host.port, other?.address ?? '127.0.0.2');
        socket.on('connect', () => {
          socket.destroy();
          resolve('connected');
        });
        socket.on('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? 'error'));
      });
      expect(listeners).toBe('ECONNREFUSED');
      expect((await post(host.url(PATH), '{"id":1}')).status).toBe(200);
    } finally {
      await host.close();
    }
  });

  it('listens on every interface when asked (0.0.0.0)', async () => {
    const { log } = recordingLog();
    const host = await start(log, { host: '0.0.0.0' });
    try {
      expect((await post(host.url(PATH), '{"id":1}')).status).toBe(200);
      expect(host.app.server.address()).toMatchObject({ address: '0.0.0.0' });
    } finally {
      await host.close();
    }
  });

  it('answers a malformed request line or body 400, with nothing at error level', async () => {
    const { log, lines } = recordingLog();
    const host = await start(log);
    try {
      expect(await rawRequest(host.port, 'GARBAGE\r\n\r\n')).toMatch(/^HTTP\/1\.1 400/);
      expect(
        await rawRequest(host.port, 'POST http://[::1 HTTP/1.1\r\nhost: x\r\nconnection: close\r\n\r\n'),
      ).toMatch(/^HTTP\/1\.1 (400|404)/);
      expect(
        await rawRequest(
          host.port,
          'POST //hook HTTP/1.1\r\nhost: x\r\ncontent-length: 2\r\nconnection: close\r\n\r\n{}',
        ),
      ).toMatch(/^HTTP\/1\.1 (400|404)/);
      const body = '{"id": 1';
      const broken = `POST ${PATH} HTTP/1.1\r\nhost: x\r\nx-unit-secret: ${SECRET}\r\ncontent-length: ${body.length}\r\nconnection: close\r\n\r\n${body}`;
      expect(await rawRequest(host.port, broken)).toMatch(/^HTTP\/1\.1 400/);
      expect(lines.filter((l) => l.level >= 50)).toEqual([]);
      expect(JSON.stringify(lines)).not.toContain('stack');
    } finally {
      await host.close();
    }
  });

  it('logs refused requests at a bounded rate: the first, then one summary with the count', async () => {
    const { log, lines } = recordingLog();
    const host = await start(log, { refusalLogMs: 60_000 });
    const url = host.url(PATH);
    try {
      const wrong = { 'x-unit-secret': 'wrong-secret' };
      for (let i = 0; i < 50; i++) {
        const refused = i % 2 === 0 ? await post(url, '{"id":1}', wrong) : await post(url, '{not json');
        expect(refused.status).toBe(i % 2 === 0 ? 401 : 400);
      }
      // A scan of other paths meets the pages' 404, which is not logged at all.
      for (let i = 0; i < 10; i++) expect((await post(url.replace(PATH, '/scan'), '{}')).status).toBe(404);
      const refused = () => lines.filter((l) => l.msg.includes('refused'));
      expect(refused()).toHaveLength(1);
      expect(refused()[0]).toMatchObject({ level: 40, reason: 'secret' });
    } finally {
      await host.close();
    }
    const summary = lines.filter((l) => l.msg.includes('refused'));
    expect(summary).toHaveLength(2);
    expect(summary[1]).toMatchObject({ level: 40, refused: 49, reasons: { secret: 24, malformed: 25 } });
  });

  it('tells the count at the end of the interval, without waiting for the next refusal', async () => {
    const { log, lines } = recordingLog();
    const host = await start(log, { refusalLogMs: 50 });
    try {
      for (let i = 0; i < 5; i++) expect((await post(host.url(PATH), '{"id":1}', {})).status).toBe(401);
      // Every refusal is either logged alone or counted in a summary: none is lost, none waits for another.
      const told = (): number =>
        lines
          .filter((l) => l.msg.includes('refused'))
          .reduce(
            (n, l) => n + (l.msg.includes('summary') ? Number((l as { refused?: number }).refused) : 1),
            0,
          );
      for (let i = 0; i < 600 && told() < 5; i++) await new Promise((resolve) => setTimeout(resolve, 50));
      expect(lines.filter((l) => l.msg.includes('summary')).length).toBeGreaterThan(0);
      expect(told()).toBe(5);
    } finally {
      await host.close();
    }
  });
});
