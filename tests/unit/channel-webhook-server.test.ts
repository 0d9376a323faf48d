import { connect } from 'node:net';
import { networkInterfaces } from 'node:os';
import { pino, type Logger } from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startWebhookServer, type WebhookServer } from '../../src/channels/webhook-server.js';
import { freePort } from '../support/free-port.js';

const SECRET = 'unit-webhook-secret';
/** A body whose storing fails (the durable inbox down). */
const STORE_FAILS = 99;

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
      onBody: (body) => {
        if (body.id === STORE_FAILS) throw new Error('the inbox is down');
        bodies.push(body);
      },
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

  it('answers 503, not 200, when the body could not be stored, so the platform delivers it again', async () => {
    const response = await post(`{"id":${STORE_FAILS}}`);
    expect(response.status).toBe(503);
    expect(bodies).toEqual([]);
    // The next one is taken as usual.
    expect((await post('{"id":3}')).status).toBe(200);
    expect(bodies).toEqual([{ id: 3 }]);
  });

  it('answers 503 while the channel is not taking updates, so the platform delivers again', async () => {
    accepting = false;
    expect((await post('{"id":2}')).status).toBe(503);
    expect(bodies).toEqual([]);
  });
});

describe('the webhook server under abuse', () => {
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
  ): Promise<{ server: WebhookServer; port: number; url: string }> {
    const port = await freePort();
    const url = `http://127.0.0.1:${port}/hook`;
    const server = await startWebhookServer({
      webhook: { url, secret: SECRET, port, ...(options.host ? { host: options.host } : {}) },
      secretHeader: 'x-unit-secret',
      name: 'unit',
      log,
      describeError: (error) => ({ message: String(error), stack: 'stack' }),
      accepting: () => true,
      isBody: (value): value is { id: number } => typeof (value as { id?: unknown } | null)?.id === 'number',
      onBody: () => undefined,
      answer: (status) => ({ contentType: 'text/plain', body: `status ${status}` }),
      ...(options.refusalLogMs !== undefined ? { refusalLogMs: options.refusalLogMs } : {}),
    });
    return { server, port, url };
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
    const { server, port } = await start(log);
    try {
      const other = Object.values(networkInterfaces())
        .flat()
        .find((address) => address && address.family === 'IPv4' && !address.internal);
      const listeners = await new Promise<string>((resolve) => {
        const socket = connect(port, other?.address ?? '127.0.0.2');
        socket.on('connect', () => {
          socket.destroy();
          resolve('connected');
        });
        socket.on('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? 'error'));
      });
      expect(listeners).toBe('ECONNREFUSED');
      expect((await fetch(`http://127.0.0.1:${port}/hook`)).status).toBe(405);
    } finally {
      await server.close();
    }
  });

  it('listens on every interface when asked (0.0.0.0)', async () => {
    const { log, lines } = recordingLog();
    const { server, port } = await start(log, { host: '0.0.0.0' });
    try {
      expect((await fetch(`http://127.0.0.1:${port}/hook`)).status).toBe(405);
      expect(lines.find((l) => l.msg === 'unit: webhook server listening')).toMatchObject({
        host: '0.0.0.0',
      });
    } finally {
      await server.close();
    }
  });

  it('answers a malformed request line or body 400, with nothing at error level', async () => {
    const { log, lines } = recordingLog();
    const { server, port } = await start(log);
    try {
      expect(await rawRequest(port, 'GARBAGE\r\n\r\n')).toMatch(/^HTTP\/1\.1 400/);
      expect(await rawRequest(port, 'POST http://[::1 HTTP/1.1\r\nhost: x\r\n\r\n')).toMatch(
        /^HTTP\/1\.1 400/,
      );
      expect(
        await rawRequest(port, 'POST //hook HTTP/1.1\r\nhost: x\r\ncontent-length: 2\r\n\r\n{}'),
      ).toMatch(/^HTTP\/1\.1 (400|404)/);
      const body = '{"id": 1';
      const broken = `POST /hook HTTP/1.1\r\nhost: x\r\nx-unit-secret: ${SECRET}\r\ncontent-length: ${body.length}\r\nconnection: close\r\n\r\n${body}`;
      expect(await rawRequest(port, broken)).toMatch(/^HTTP\/1\.1 400/);
      expect(lines.filter((l) => l.level >= 50)).toEqual([]);
      expect(JSON.stringify(lines)).not.toContain('stack');
    } finally {
      await server.close();
    }
  });

  it('logs refused requests at a bounded rate: the first, then one summary with the count', async () => {
    const { log, lines } = recordingLog();
    const { server, url } = await start(log, { refusalLogMs: 60_000 });
    try {
      const wrong = { 'content-type': 'application/json', 'x-unit-secret': 'wrong-secret' };
      for (let i = 0; i < 50; i++) {
        const target = i % 2 === 0 ? url : url.replace('/hook', '/scan');
        expect((await fetch(target, { method: 'POST', headers: wrong, body: '{"id":1}' })).status).toBe(
          i % 2 === 0 ? 401 : 404,
        );
      }
      const refused = () => lines.filter((l) => l.msg.includes('refused'));
      expect(refused()).toHaveLength(1);
      expect(refused()[0]).toMatchObject({ level: 40, reason: 'secret' });
    } finally {
      await server.close();
    }
    const summary = lines.filter((l) => l.msg.includes('refused'));
    expect(summary).toHaveLength(2);
    expect(summary[1]).toMatchObject({ level: 40, refused: 49, reasons: { secret: 24, path: 25 } });
  });

  it('tells the count at the end of the interval, without waiting for the next refusal', async () => {
    const { log, lines } = recordingLog();
    const { server, url } = await start(log, { refusalLogMs: 50 });
    try {
      for (let i = 0; i < 5; i++)
        expect((await fetch(url, { method: 'POST', body: '{"id":1}' })).status).toBe(401);
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
      await server.close();
    }
  });
});
