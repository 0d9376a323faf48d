import { setTimeout as delay } from 'node:timers/promises';
import { pino, type Logger } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createZaloChannel, type ZaloChannel } from '../../src/channels/zalo/adapter.js';
import { createZaloSender } from '../../src/channels/zalo/outbox-sender.js';
import type { DialogEngine } from '../../src/dialog/types.js';
import { enqueue } from '../../src/delivery/outbox.js';
import { createDeliveryWorker, type DeliveryStats } from '../../src/delivery/worker.js';
import { createI18n } from '../../src/i18n.js';
import { UserError } from '../../src/services/errors.js';
import type { Database } from '../../src/store/database.js';
import { createMigratedDatabase, type TestDatabase } from '../support/databases.js';
import { startZaloFakeServer, type ZaloFakeServer } from '../support/zalo-fake-server.js';

/**
 * Zalo's documented refusals, met on purpose: 403 ("internal server error") and 429 ("quota exceeded",
 * no retry-after) on send, through the delivery worker and in a chat; empty polls (408, as HTTP 408 and
 * as HTTP 200); a refused token at start. This file's tokens and user ids (z6xxx) are its own.
 */
const TOKEN = '600001:faults-zalo-token';
const i18n = createI18n('vi');

function recordingLog(): { log: Logger; lines: { level: number; msg: string }[] } {
  const lines: { level: number; msg: string }[] = [];
  const log: Logger = pino(
    { level: 'debug' },
    { write: (line: string) => lines.push(JSON.parse(line) as { level: number; msg: string }) },
  );
  return { log, lines };
}

let zalo: ZaloFakeServer;
let zalo200: ZaloFakeServer;
let test: TestDatabase & { database: Database };
let officialId: string;

beforeAll(async () => {
  [zalo, zalo200, test] = await Promise.all([
    startZaloFakeServer({ longPollMs: 20 }),
    startZaloFakeServer({ longPollMs: 20, emptyPollStatus: 200 }),
    createMigratedDatabase('sqlite'),
  ]);
  const { db } = test.database;
  const org = await db.organization.create({ data: { code: 'xa-zalo', name: 'UBND xã Zalo' } });
  officialId = (
    await db.official.create({
      data: { organizationId: org.id, code: 'cb-zalo', name: 'Cán bộ Zalo', role: 'officer' },
    })
  ).id;
});
afterAll(async () => {
  await zalo?.stop();
  await zalo200?.stop();
  await test?.drop();
});

describe('the delivery worker on Zalo', () => {
  const worker = (lines: ReturnType<typeof recordingLog>) =>
    createDeliveryWorker({
      database: test.database,
      channel: 'zalo',
      send: createZaloSender({
        token: TOKEN,
        apiRoot: zalo.apiRoot,
        i18n,
        timeoutMs: 30_000,
        quotaBackoff: { initialMs: 20, maxMs: 80 },
      }).send,
      workerId: `zalo-${Math.random()}`,
      logger: lines.log,
      retry: { baseMs: 20, maxMs: 80, maxAttempts: 8 },
    });

  async function drain(w: ReturnType<typeof worker>): Promise<DeliveryStats> {
    const total: DeliveryStats = {
      claimed: 0,
      sent: 0,
      retried: 0,
      failed: 0,
      unreachable: 0,
      rateLimited: 0,
      released: 0,
      expired: 0,
    };
    const unfinished = () =>
      test.database.db.outboxMessage.count({ where: { status: { in: ['pending', 'sending'] } } });
    for (let round = 0; (await unfinished()) > 0; round++) {
      if (round > 2_000) throw new Error('the queue did not drain');
      const stats = await w.runOnce();
      for (const name of Object.keys(total) as (keyof DeliveryStats)[]) total[name] += stats[name];
      if (stats.claimed === 0) await delay(20);
    }
    return total;
  }

  const message = (key: string, chatId: string) => ({
    key,
    officialId,
    channel: 'zalo' as const,
    chatId,
    payload: { lines: [{ key: 'common:scope.unknown_organization', params: { code: key } }], choices: [] },
    locale: 'vi' as const,
  });

  it('retries a 403 ("internal server error") and delivers; the official stays reachable', async () => {
    const { db } = test.database;
    await enqueue(db, [message('z403', 'z6001')]);
    zalo.failNext(TOKEN, 'sendMessage', 403, 3);
    const stats = await drain(worker(recordingLog()));
    expect(stats).toMatchObject({ sent: 1, retried: 3, unreachable: 0, failed: 0 });
    expect(
      zalo
        .user({ token: TOKEN, userId: 'z6001' })
        .messages()
        .map((m) => m.text),
    ).toEqual([expect.stringContaining('z403')]);
    expect(await db.outboxMessage.findUniqueOrThrow({ where: { key: 'z403' } })).toMatchObject({
      status: 'sent',
      attempts: 4,
    });
    expect((await db.official.findUniqueOrThrow({ where: { id: officialId } })).unreachableSince).toBeNull();
  });

  it('backs off on 429 ("quota exceeded", no retry-after), longer each time, and delivers', async () => {
    const { db } = test.database;
    await enqueue(db, [message('z429', 'z6002')]);
    zalo.failNext(TOKEN, 'sendMessage', 429, 3);
    const log = recordingLog();
    const stats = await drain(worker(log));
    expect(stats).toMatchObject({ sent: 1, rateLimited: 3, retried: 0, unreachable: 0, failed: 0 });
    const pauses = log.lines
      .filter((l) => l.msg.startsWith('rate limited'))
      .map((l) => (l as { seconds?: number }).seconds);
    expect(pauses).toEqual([0.02, 0.04, 0.08]);
    expect(zalo.user({ token: TOKEN, userId: 'z6002' }).messages()).toHaveLength(1);
    expect((await db.official.findUniqueOrThrow({ where: { id: officialId } })).unreachableSince).toBeNull();
  });
});

describe('a Zalo chat', () => {
  const engine: DialogEngine = {
    handle: async () => ({
      locale: 'vi',
      duplicate: false,
      replies: [{ lines: [{ key: 'dialog:unsupported' }], choices: [] }],
    }),
  };
  const channel = (server: ZaloFakeServer, log: Logger, token = TOKEN): ZaloChannel =>
    createZaloChannel({
      config: { token, apiRoot: server.apiRoot, webhook: null },
      engine,
      i18n,
      logger: log,
      pollTimeoutSec: 1,
      retry: { initialMs: 20, maxMs: 200 },
      sendRetry: {
        attempts: 5,
        retry: { initialMs: 20, maxMs: 80 },
        quota: { initialMs: 20, maxMs: 80 },
      },
      flood: { points: 1000, durationSec: 1 },
    });

  it('sends a reply again after 403s and 429s, and the official gets it once', async () => {
    const { log, lines } = recordingLog();
    const bot = channel(zalo, log);
    await bot.start();
    try {
      const user = zalo.user({ token: TOKEN, userId: 'z6101' });
      zalo.failNext(TOKEN, 'sendMessage', 403, 2);
      user.event('message.image.received');
      expect((await user.waitForReplies(1))[0]?.text).toContain('chỉ đọc tin nhắn chữ');
      zalo.failNext(TOKEN, 'sendMessage', 429, 2);
      user.event('message.unsupported.received');
      expect((await user.waitForReplies(1))[0]?.text).toContain('chỉ đọc tin nhắn chữ');
      expect(await user.quiet(100)).toEqual([]);
      expect(lines.filter((l) => l.msg === 'zalo: a reply will be sent again')).toHaveLength(4);
      expect(lines.filter((l) => l.msg === 'zalo: a reply could not be sent')).toEqual([]);
    } finally {
      await bot.stop();
    }
  });

  it.each([
    ['HTTP 408', () => zalo],
    ['HTTP 200', () => zalo200],
  ])('stays quiet through empty polls answered 408 with %s', async (_status, server) => {
    const { log, lines } = recordingLog();
    const token = `600002:faults-zalo-quiet-${_status.replace(' ', '')}`;
    const bot = channel(server(), log, token);
    await bot.start();
    try {
      for (let i = 0; i < 1_500 && server().calls(token, 'getUpdates').length < 10; i++) await delay(20);
      expect(server().calls(token, 'getUpdates').length).toBeGreaterThanOrEqual(10);
    } finally {
      await bot.stop();
    }
    expect(lines.filter((l) => l.level >= 40)).toEqual([]);
  });

  it('stops the start with a clear error when Zalo refuses the token (401)', async () => {
    const token = '600003:faults-zalo-bad-token';
    zalo.failNext(token, 'getMe', 401);
    const bot = channel(zalo, recordingLog().log, token);
    const failure = await bot.start().then(
      () => null,
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(UserError);
    expect((failure as UserError).key).toBe('cli:start.zalo_bad_token');
    expect(i18n.t('cli:start.zalo_bad_token')).toContain('ZALO_BOT_TOKEN');
    expect(zalo.calls(token, 'getUpdates')).toEqual([]);
    await bot.stop();
  });
});
