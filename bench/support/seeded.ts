import { createMigratedDatabase, type TestDatabase } from '../../tests/support/databases.js';
import type { Database } from '../../src/store/database.js';
import { importProvince, linkAllToTelegram, reportShare, type ProvinceShape } from './province.js';

export const TIME_ZONE = 'Asia/Ho_Chi_Minh';

export interface SeededProvince extends TestDatabase {
  database: Database;
  /** how long the data took to insert, not counted in any figure */
  setupMs: number;
  officials: number;
  assignments: number;
  reports: number;
}

/**
 * A scratch database (SQLite file or a PostgreSQL database of its own, dropped afterwards) holding a
 * generated province, every official linked to Telegram, and `reportedPercent` of the assignments of
 * `reportedPeriod` reported.
 */
export async function seedProvince(
  kind: 'sqlite' | 'postgres',
  shape: ProvinceShape,
  reported: { period: string; percent: number } | null,
  options: { beforeStart?: boolean } = {},
): Promise<SeededProvince> {
  const start = performance.now();
  const test = await createMigratedDatabase(kind);
  const { db } = test.database;
  await importProvince(db, shape, TIME_ZONE, options);
  const officials = await linkAllToTelegram(db);
  const reports = reported ? await reportShare(db, reported.period, reported.percent) : 0;
  const assignments = await db.assignment.count();
  return { ...test, setupMs: performance.now() - start, officials, assignments, reports };
}
