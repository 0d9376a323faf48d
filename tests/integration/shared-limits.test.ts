import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFloodGate } from '../../src/channels/flood.js';
import { createSendGate, type SendGate } from '../../src/delivery/pacing.js';
import { openDatabase, type Database } from '../../src/store/database.js';
import { availableBackends, createMigratedDatabase, type TestDatabase } from '../support/databases.js';

/**
 * The limits two instances share on PostgreSQL (src/store/shared-limits.ts), each instance with its own
 * pool as two processes would have. Only lower bounds are asserted (a wait at least as long as the
 * limit asks): a loaded machine makes waits longer, never shorter.
 */
const backends = await availableBackends();
const never = new AbortController().signal;

describe('limits on SQLite', () => {
  it('stay in memory: one instance is assumed', async () => {
    const test = await createMigratedDatabase('sqlite');
    try {
      expect(test.database.shared).toBeUndefined();
    } finally {
      await test.database.close();
      await test.drop();
    }
  });
});

if (backends.includes('postgres')) {
  describe('limits shared by two instances on one PostgreSQL database', () => {
    let test: TestDatabase & { database: Database };
    let other: Database;
    const gateOf = (database: Database, perSecond = 30): SendGate => {
      if (!database.shared) throw new Error('PostgreSQL opens with its shared limits');
      return createSendGate(
        { perSecond, perChatIntervalMs: 1000 },
        { ...database.shared, scope: `telegram-${perSecond}` },
      );
    };

    beforeAll(async () => {
      test = await createMigratedDatabase('postgres');
      other = await openDatabase(test.url);
    });
    afterAll(async () => {
      await other?.close();
      await test?.database.close();
      await test?.drop();
    });

    it('keeps one chat one second apart whichever instance sends', async () => {
      const [a, b] = [gateOf(test.database), gateOf(other)];
      (await a.acquire('chat-1', never))?.();
      const first = Date.now();
      (await b.acquire('chat-1', never))?.();
      expect(Date.now() - first).toBeGreaterThanOrEqual(1000);
      // another chat is not held back by it
      const start = Date.now();
      (await b.acquire('chat-2', never))?.();
      expect(Date.now() - start).toBeLessThan(1000);
    });

    it('counts the token’s window across instances: the fourth grant waits for the answer to the first', async () => {
      const [a, b] = [gateOf(test.database, 3), gateOf(other, 3)];
      const first = await a.acquire('w-1', never);
      await b.acquire('w-2', never).then((settle) => settle?.());
      await a.acquire('w-3', never).then((settle) => settle?.());
      await new Promise((resolve) => setTimeout(resolve, 50));
      first?.();
      const answered = Date.now();
      (await b.acquire('w-4', never))?.();
      // the window is one second (plus a margin) from the answer to the grant three back
      expect(Date.now() - answered).toBeGreaterThanOrEqual(1000);
    });

    it('makes every instance keep the pause a 429 asked of one', async () => {
      const [a, b] = [gateOf(test.database, 20), gateOf(other, 20)];
      (await b.acquire('p-0', never))?.();
      const asked = Date.now();
      a.pause(1.5);
      // the pause is written in the background: give it a moment, as a send's answer would take
      await new Promise((resolve) => setTimeout(resolve, 100));
      (await b.acquire('p-1', never))?.();
      expect(Date.now() - asked).toBeGreaterThanOrEqual(1500);
    });

    it('counts one flood window per user for both instances', async () => {
      const shared = { points: 2, durationSec: 60, keyPrefix: 'flood:test' };
      const a = createFloodGate({ ...shared, limiters: test.database.shared?.limiters });
      const b = createFloodGate({ ...shared, limiters: other.shared?.limiters });
      const verdicts = [
        await a.check('u1'),
        await b.check('u1'),
        await a.check('u1'),
        await b.check('u1'),
        await b.check('u2'),
      ];
      expect(verdicts).toEqual(['serve', 'serve', 'notify', 'drop', 'serve']);
    });
  });
}
