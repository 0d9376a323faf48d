import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InboxEntry, UpdateInbox } from '../../src/dialog/types.js';
import { createUpdateInbox, INBOX_RETENTION_DAYS, pruneInbox } from '../../src/services/inbox.js';
import type { Database } from '../../src/store/database.js';
import { availableBackends, createMigratedDatabase, type TestDatabase } from '../support/databases.js';

/** The durable inbox's storage (src/services/inbox.ts) on both databases. */
const backends = await availableBackends();
const LEASE = 10_000;
const T0 = new Date('2026-12-02T03:00:00Z');
const at = (ms: number) => new Date(T0.getTime() + ms);
const entry = (id: number, chatId = 'c1'): InboxEntry => ({
  channel: 'telegram',
  key: `42:${id}`,
  chatId,
  payload: JSON.stringify({ update_id: id, message: { text: `tin ${id}` } }),
});

describe.each(backends)('the update inbox on %s', (kind) => {
  let test: TestDatabase & { database: Database };
  let inbox: UpdateInbox;
  beforeAll(async () => {
    test = await createMigratedDatabase(kind);
    inbox = createUpdateInbox(test.database);
  });
  afterAll(async () => test?.drop());

  it('stores each update once, whatever is delivered again, and says which ones are new', async () => {
    expect(await inbox.store([entry(1), entry(2)], T0, LEASE)).toEqual(new Set(['42:1', '42:2']));
    expect(await inbox.store([entry(2), entry(3)], T0, LEASE)).toEqual(new Set(['42:3']));
    // The same update id from another channel is another update.
    expect(await inbox.store([{ ...entry(1), channel: 'zalo' }], T0, LEASE)).toEqual(new Set(['42:1']));
    const rows = await test.database.db.inboxUpdate.findMany({
      where: { channel: 'telegram' },
      orderBy: { id: 'asc' },
    });
    expect(rows.map((r) => [r.key, r.status, r.attempts])).toEqual([
      ['42:1', 'pending', 0],
      ['42:2', 'pending', 0],
      ['42:3', 'pending', 0],
    ]);
    expect(JSON.parse(rows[0]?.payload ?? '')).toEqual({ update_id: 1, message: { text: 'tin 1' } });
  });

  it('lets no one claim what is held, until the lease runs out or a restarted instance takes it back', async () => {
    const claim = (now: Date, storedBefore?: Date) =>
      inbox.claim('telegram', { now, leaseMs: LEASE, limit: 10, ...(storedBefore ? { storedBefore } : {}) });
    expect(await claim(at(LEASE - 1))).toEqual([]);
    // A restarted instance: everything stored before it started, in the order stored.
    const back = await claim(at(1), at(1));
    expect(back.map((u) => u.key)).toEqual(['42:1', '42:2', '42:3']);
    expect(back[0]).toMatchObject({ chatId: 'c1', attempts: 0, channel: 'telegram' });
    // Claimed: held again for a lease from the claim.
    expect(await claim(at(LEASE))).toEqual([]);
    await inbox.renew('telegram', ['42:1'], at(10 * LEASE));
    expect((await claim(at(LEASE + 2))).map((u) => u.key)).toEqual(['42:2', '42:3']);
  });

  it('counts the handlings begun, and never claims an update that ended', async () => {
    await inbox.begin('telegram', '42:2');
    await inbox.begin('telegram', '42:2');
    await inbox.finish('telegram', '42:1', 'handled', at(5));
    await inbox.finish('telegram', '42:3', 'poison', at(5));
    // Ended once: a late second finish changes nothing.
    await inbox.finish('telegram', '42:3', 'handled', at(6));
    const claimed = await inbox.claim('telegram', { now: at(100 * LEASE), leaseMs: LEASE, limit: 10 });
    expect(claimed.map((u) => [u.key, u.attempts])).toEqual([['42:2', 2]]);
    const rows = await test.database.db.inboxUpdate.findMany({
      where: { channel: 'telegram' },
      orderBy: { id: 'asc' },
    });
    expect(rows.map((r) => [r.key, r.status, r.handledAt?.toISOString() ?? null])).toEqual([
      ['42:1', 'handled', at(5).toISOString()],
      ['42:2', 'pending', null],
      ['42:3', 'poison', at(5).toISOString()],
    ]);
  });

  it('is pruned like the processed keys: what ended before the window, never what is pending', async () => {
    const DAY = 24 * 60 * 60 * 1000;
    const later = new Date(T0.getTime() + (INBOX_RETENTION_DAYS + 1) * DAY);
    expect(await pruneInbox(test.database.db, later)).toBe(2);
    const left = await test.database.db.inboxUpdate.findMany({ orderBy: { id: 'asc' } });
    expect(left.map((r) => `${r.channel} ${r.key} ${r.status}`)).toEqual([
      'telegram 42:2 pending',
      'zalo 42:1 pending',
    ]);
    expect(await pruneInbox(test.database.db, T0)).toBe(0);
  });

  it('renews the leases of more updates than one statement takes (a thousand chats in hand)', async () => {
    const many = Array.from({ length: 1_200 }, (_, i) => ({
      ...entry(10_000 + i, `c${i}`),
      key: `many:${i}`,
      channel: 'zalo' as const,
    }));
    await inbox.store(many, T0, LEASE);
    await inbox.renew(
      'zalo',
      many.map((e) => e.key),
      at(10 * LEASE),
    );
    const claimed = await inbox.claim('zalo', { now: at(2 * LEASE), leaseMs: LEASE, limit: 2_000 });
    expect(claimed.filter((u) => u.key.startsWith('many:'))).toEqual([]);
    expect(
      await test.database.db.inboxUpdate.count({ where: { channel: 'zalo', lockedUntil: at(10 * LEASE) } }),
    ).toBe(1_200);
  });
});

describe.each(backends.filter((kind) => kind === 'postgres'))('two instances claiming on %s', (kind) => {
  let test: TestDatabase & { database: Database };
  beforeAll(async () => {
    test = await createMigratedDatabase(kind);
  });
  afterAll(async () => test?.drop());

  it('never gives one update to both', async () => {
    const [one, two] = [createUpdateInbox(test.database), createUpdateInbox(test.database)];
    const many = Array.from({ length: 200 }, (_, i) => entry(1000 + i, `chat-${i % 7}`));
    await one.store(many, T0, LEASE);
    const options = { now: at(LEASE + 1), leaseMs: LEASE, limit: 60 };
    const rounds = await Promise.all(
      Array.from({ length: 6 }, (_, i) => (i % 2 ? one : two).claim('telegram', options)),
    );
    const keys = rounds.flat().map((u) => u.key);
    expect(new Set(keys).size).toBe(keys.length);
    expect(keys).toHaveLength(200);
  });
});
