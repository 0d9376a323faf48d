import { spawn } from 'node:child_process';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enqueue } from '../../src/delivery/outbox.js';
import { createTelegramSender } from '../../src/channels/telegram/outbox-sender.js';
import { createDeliveryWorker } from '../../src/delivery/worker.js';
import { createI18n } from '../../src/i18n.js';
import type { Database } from '../../src/store/database.js';
import { availableBackends, createMigratedDatabase, type TestDatabase } from '../support/databases.js';
import { waitFor } from '../support/wait.js';
import { importPlanFile } from '../support/plans.js';
import { startFakeTelegram, type FakeTelegram } from '../support/fake-telegram/server.js';
import { DELIVERY_WORKER_SCRIPT, waitForOutput } from '../support/tiendo-process.js';

/**
 * The delivery worker killed (SIGKILL) in the middle of sending, then another one started: every
 * message arrives, and only a message Telegram accepted in the instant before the kill can arrive
 * twice (at-least-once with a one-request window, src/delivery/worker.ts).
 */
const MESSAGES = 120;
const CHATS = 40;
const LEASE_MS = 1500;
const backends = await availableBackends();

describe.each(backends)('a delivery worker killed while sending, on %s', (kind) => {
  let test: TestDatabase & { database: Database };
  let api: FakeTelegram;
  beforeAll(async () => {
    test = await createMigratedDatabase(kind);
    api = await startFakeTelegram({ limits: {} });
    await importPlanFile(test.database.db);
  });
  afterAll(async () => {
    await api?.close();
    await test?.drop();
  });

  it('loses nothing, and doubles only what was in flight', async () => {
    const official = await test.database.db.official.findFirstOrThrow();
    await enqueue(
      test.database.db,
      Array.from({ length: MESSAGES }, (_, i) => ({
        key: `crash:${i}`,
        officialId: official.id,
        channel: 'telegram' as const,
        chatId: String(1000 + (i % CHATS)),
        payload: { lines: [{ key: 'dialog:welcome', params: { name: `#${i}` } }], choices: [] },
        locale: 'vi' as const,
      })),
    );
    const child = spawn(process.execPath, [DELIVERY_WORKER_SCRIPT], {
      env: {
        ...process.env,
        DATABASE_URL: test.url,
        FAKE_API_ROOT: api.apiRoot,
        FAKE_TOKEN: api.token,
        LEASE_MS: String(LEASE_MS),
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
    await waitForOutput(child, (text) => text.includes('started'));
    // Kill it once a good part has gone out, mid-stream.
    await waitFor(() => api.accepted.length >= MESSAGES / 3, {
      what: 'a third of the messages accepted',
      timeoutMs: 40_000,
    });
    child.kill('SIGKILL');
    await exited;
    const beforeRestart = api.accepted.length;
    expect(beforeRestart).toBeGreaterThan(0);
    expect(beforeRestart).toBeLessThan(MESSAGES);

    await new Promise((r) => setTimeout(r, LEASE_MS + 200)); // the dead worker's lease runs out
    const worker = createDeliveryWorker({
      database: test.database,
      send: createTelegramSender({
        token: api.token,
        apiRoot: api.apiRoot,
        i18n: createI18n('vi'),
        timeoutMs: 5000,
      }).send,
      workerId: 'after-crash',
      logger: pino({ level: 'silent' }),
      leaseMs: LEASE_MS,
    });
    for (let i = 0; i < 20; i++) {
      await worker.runOnce();
      if ((await test.database.db.outboxMessage.count({ where: { status: { not: 'sent' } } })) === 0) break;
    }
    const statuses = await test.database.db.outboxMessage.groupBy({ by: ['status'], _count: true });
    expect(statuses).toEqual([{ status: 'sent', _count: MESSAGES }]);
    const perMessage = new Map<string, number>();
    for (const message of api.accepted) perMessage.set(message.text, (perMessage.get(message.text) ?? 0) + 1);
    expect(perMessage.size).toBe(MESSAGES); // nothing lost
    const doubled = [...perMessage.values()].filter((n) => n > 1).length;
    // Only messages in flight at the kill (accepted by Telegram, not yet recorded) can come twice.
    expect(doubled).toBeLessThanOrEqual(32);
    expect([...perMessage.values()].every((n) => n <= 2)).toBe(true);
    expect(api.limitViolations).toEqual([]);
  }, 90_000);
});
