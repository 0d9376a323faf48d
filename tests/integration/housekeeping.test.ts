import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pruneProcessedUpdates, PROCESSED_UPDATE_RETENTION_DAYS } from '../../src/services/housekeeping.js';
import type { Database } from '../../src/store/database.js';
import { availableBackends, createMigratedDatabase, type TestDatabase } from '../support/databases.js';

/** The keys of processed updates are kept a week: long enough for any redelivery, not forever. */
const backends = await availableBackends();
const DAY = 24 * 60 * 60 * 1000;

describe.each(backends)('pruning processed update keys on %s', (kind) => {
  let test: TestDatabase & { database: Database };
  beforeAll(async () => {
    test = await createMigratedDatabase(kind);
  });
  afterAll(async () => test?.drop());

  it('deletes the keys older than the retention window and keeps the others', async () => {
    const now = new Date('2026-11-23T03:00:00Z');
    const at = (days: number) => new Date(now.getTime() - days * DAY);
    await test.database.db.processedUpdate.createMany({
      data: [
        { channel: 'telegram', updateKey: '1:old', processedAt: at(PROCESSED_UPDATE_RETENTION_DAYS + 1) },
        { channel: 'zalo', updateKey: 'z-old', processedAt: at(30) },
        { channel: 'telegram', updateKey: '1:recent', processedAt: at(PROCESSED_UPDATE_RETENTION_DAYS - 1) },
        { channel: 'telegram', updateKey: '1:now', processedAt: now },
      ],
    });
    expect(await pruneProcessedUpdates(test.database.db, now)).toBe(2);
    const left = await test.database.db.processedUpdate.findMany({ orderBy: { updateKey: 'asc' } });
    expect(left.map((row) => row.updateKey)).toEqual(['1:now', '1:recent']);
    expect(await pruneProcessedUpdates(test.database.db, now)).toBe(0);
  });
});
