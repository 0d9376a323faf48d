import { setTimeout as delay } from 'node:timers/promises';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enqueue, type OutboxInput } from '../../src/delivery/outbox.js';
import { createTelegramSender } from '../../src/channels/telegram/outbox-sender.js';
import { createDeliveryWorker, type DeliveryStats } from '../../src/delivery/worker.js';
import { createI18n } from '../../src/i18n.js';
import type { Database } from '../../src/store/database.js';
import { availableBackends, createMigratedDatabase, type TestDatabase } from '../support/databases.js';
import { prng } from './support/process-fixtures.js';
import { startFakeTelegram, type FakeTelegram, type Fault } from '../support/fake-telegram/server.js';

/**
 * The delivery worker against a Telegram that misbehaves at random (seeded): 429 with retry_after,
 * 500, requests that never get an answer, and users who blocked the bot. Nothing to a reachable chat
 * is lost or doubled, a blocked chat is given up at once and its official marked, the fake's own limits
 * (30/s, 1/s per chat) are never exceeded, and no request goes out while a retry_after runs.
 */
const CHATS = 160;
const PER_CHAT = 2;
const SEED = 0x5eed08;
/** Long enough that only the injected hangs reach it, even on a loaded machine (a slow answer counted as a hang would be sent twice). */
const TIMEOUT_MS = 2_000;
// One database: the worker's logic is the same on both, and the 429 pauses make this file long.
const backend = (await availableBackends()).at(-1) ?? 'sqlite';

interface Request {
  chatId: string;
  startedAt: number;
  endedAt: number;
  status: number | 'no answer';
  retryAfter?: number;
}

describe(`Telegram answering 429, 500, timeouts and "blocked", on ${backend}`, () => {
  const kind = backend;
  let test: TestDatabase & { database: Database };
  let api: FakeTelegram;
  let officials: string[] = [];

  beforeAll(async () => {
    [test, api] = await Promise.all([createMigratedDatabase(kind), startFakeTelegram({ limits: {} })]);
    const { db } = test.database;
    const org = await db.organization.create({ data: { code: 'xa-faults', name: 'UBND xã Lỗi Mạng' } });
    await db.official.createMany({
      data: Array.from({ length: CHATS }, (_, i) => ({
        organizationId: org.id,
        code: `cb${String(i).padStart(3, '0')}`,
        name: `Cán bộ ${i}`,
        role: 'officer',
      })),
    });
    officials = (await db.official.findMany({ orderBy: { code: 'asc' } })).map((o) => o.id);
  });
  afterAll(async () => {
    await api?.close();
    await test?.drop();
  });

  it('loses nothing, doubles nothing, gives blocked chats up, and honours every limit', async () => {
    const random = prng(SEED);
    const chatOf = (i: number) => String(60_000 + i);
    const blocked = new Set<string>();
    const faultsOf = new Map<string, Fault[]>();
    for (let i = 0; i < CHATS; i += 1) {
      const chat = chatOf(i);
      const roll = random();
      if (roll < 0.08) {
        blocked.add(chat);
        continue;
      }
      const faults: Fault[] = [];
      // A few 429s only: each one pauses the whole worker for its retry_after.
      if (roll < 0.12) faults.push({ kind: '429', retryAfter: 1 });
      else if (roll < 0.35)
        faults.push(...Array.from({ length: 1 + Math.floor(random() * 3) }, (): Fault => ({ kind: '500' })));
      else if (roll < 0.5)
        faults.push(
          ...Array.from({ length: 1 + Math.floor(random() * 2) }, (): Fault => ({ kind: 'timeout' })),
        );
      else if (roll < 0.6) faults.push({ kind: '500' }, { kind: 'timeout' }, { kind: '500' });
      if (faults.length > 0) faultsOf.set(chat, faults);
    }
    for (const chat of blocked) api.block(chat);
    for (const [chat, faults] of faultsOf) api.fail(chat, ...faults);

    const messages: OutboxInput[] = [];
    for (let round = 0; round < PER_CHAT; round += 1) {
      for (let i = 0; i < CHATS; i += 1) {
        const key = `fault-${round}-${i}`;
        messages.push({
          key,
          officialId: officials[i] as string,
          channel: 'telegram',
          chatId: chatOf(i),
          payload: {
            lines: [{ key: 'common:scope.unknown_organization', params: { code: key } }],
            choices: [],
          },
          locale: 'vi',
        });
      }
    }
    await enqueue(test.database.db, messages);

    // Every request as the worker made it, to check the waits from the outside.
    const requests: Request[] = [];
    const recordingFetch: typeof fetch = async (input, init) => {
      const body = JSON.parse(typeof init?.body === 'string' ? init.body : '{}') as { chat_id: string };
      const request: Request = {
        chatId: String(body.chat_id),
        startedAt: performance.now(),
        endedAt: 0,
        status: 'no answer',
      };
      requests.push(request);
      try {
        const response = await fetch(input, init);
        request.status = response.status;
        if (response.status === 429) {
          const answer = (await response.clone().json()) as { parameters?: { retry_after?: number } };
          request.retryAfter = answer.parameters?.retry_after ?? 1;
        }
        return response;
      } finally {
        request.endedAt = performance.now();
      }
    };
    const sender = createTelegramSender({
      token: api.token,
      apiRoot: api.apiRoot,
      i18n: createI18n('vi'),
      timeoutMs: TIMEOUT_MS,
      fetch: recordingFetch,
    });
    const worker = createDeliveryWorker({
      database: test.database,
      send: sender.send,
      workerId: `faults-${kind}`,
      logger: pino({ level: 'silent' }),
      leaseMs: 10_000,
      retry: { baseMs: 100, maxMs: 400, maxAttempts: 8 },
    });
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
    const started = Date.now();
    const { db } = test.database;
    while ((await db.outboxMessage.count({ where: { status: { in: ['pending', 'sending'] } } })) > 0) {
      if (Date.now() - started > 150_000) throw new Error('the queue did not drain');
      const stats = await worker.runOnce();
      for (const name of Object.keys(total) as (keyof DeliveryStats)[]) total[name] += stats[name];
      if (stats.claimed === 0) await delay(30);
    }
    const elapsed = Date.now() - started;
    const injected = (k: Fault['kind']) => api.injected.filter((f) => f.kind === k).length;
    console.info(
      `[telegram-faults ${kind}] ${messages.length} messages to ${CHATS} chats in ${(elapsed / 1000).toFixed(1)} s: ` +
        `${total.sent} sent, ${total.unreachable} unreachable (${blocked.size} blocked chats), ${total.retried} retries, ${total.failed} failed; ` +
        `injected ${injected('429')}×429, ${injected('500')}×500, ${injected('timeout')} timeouts; ${requests.length} requests; ` +
        `${api.limitViolations.length} limit violations`,
    );

    // Nothing lost, nothing doubled, to every chat that can be reached.
    const deliveries = new Map<string, number>();
    for (const m of api.accepted) {
      const key = /«(.*)»/.exec(m.text)?.[1] ?? '?';
      deliveries.set(key, (deliveries.get(key) ?? 0) + 1);
    }
    for (const m of messages) expect(deliveries.get(m.key) ?? 0, m.key).toBe(blocked.has(m.chatId) ? 0 : 1);
    expect(api.accepted).toHaveLength((CHATS - blocked.size) * PER_CHAT);
    expect(total).toMatchObject({
      sent: (CHATS - blocked.size) * PER_CHAT,
      unreachable: blocked.size * PER_CHAT,
      failed: 0,
    });
    const rows = await db.outboxMessage.findMany();
    for (const row of rows)
      expect(row.status, row.key).toBe(blocked.has(row.chatId) ? 'unreachable' : 'sent');

    // A blocked chat is asked once per message, never retried, and its official is marked unreachable.
    for (const chat of blocked) expect(requests.filter((r) => r.chatId === chat)).toHaveLength(PER_CHAT);
    const marked = await db.official.findMany({
      where: { unreachableSince: { not: null } },
      select: { id: true },
    });
    expect(marked.map((o) => o.id).sort()).toEqual(
      [...blocked].map((chat) => officials[Number(chat) - 60_000] as string).sort(),
    );

    // Telegram's own limits were never exceeded.
    expect(api.limitViolations).toEqual([]);
    // Every fault was met (the scenario is what it claims to be), including a few 429s.
    expect(injected('429')).toBeGreaterThanOrEqual(3);
    expect(injected('timeout')).toBeGreaterThanOrEqual(10);
    expect(injected('500')).toBeGreaterThanOrEqual(20);

    // retry_after honoured: after a 429, nothing to that chat until it ends, and nothing at all once the
    // worker has heard it. Requests already on their way when it arrived are let go: only a lane or two,
    // so the few that may start early are among the first few after the 429 (counted, not timed: on a
    // loaded machine the worker hears it late, but nothing else runs meanwhile either).
    const byStart = [...requests].sort((a, b) => a.startedAt - b.startedAt);
    for (const limited of requests.filter((r) => r.status === 429)) {
      const until = limited.endedAt + (limited.retryAfter ?? 1) * 1000;
      const after = byStart.filter((r) => r !== limited && r.startedAt > limited.endedAt);
      const early = after.filter((r) => r.startedAt < until - 5);
      expect(early.filter((r) => r.chatId === limited.chatId)).toEqual([]);
      expect(early.length).toBeLessThanOrEqual(5);
      expect(early).toEqual(after.slice(0, early.length));
    }
  }, 170_000);
});
