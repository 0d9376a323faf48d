import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { openDatabase, type Database } from '../../src/store/database.js';
import { parseDatabaseUrl, type DatabaseKind } from '../../src/store/database-url.js';
import { migrate } from '../../src/store/migrate.js';

/**
 * Storage tests run against both databases. PostgreSQL is the server on 127.0.0.1:5432 (override with
 * TIENDO_TEST_POSTGRES_URL, an administrative connection); each test file gets its own database,
 * dropped afterwards. In CI an unreachable PostgreSQL fails the run: nothing is skipped there.
 * On a developer machine without PostgreSQL the PostgreSQL half is left out, loudly.
 */
const ADMIN_URL = process.env.TIENDO_TEST_POSTGRES_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';

async function postgresReachable(): Promise<boolean> {
  const client = new pg.Client({ connectionString: ADMIN_URL, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

export async function availableBackends(): Promise<DatabaseKind[]> {
  if (await postgresReachable()) return ['sqlite', 'postgres'];
  if (process.env.CI && !['false', '0'].includes(process.env.CI))
    throw new Error(`PostgreSQL is required in CI and is not reachable at ${ADMIN_URL}`);
  console.warn(`PostgreSQL not reachable at ${ADMIN_URL}: storage tests run on SQLite only on this machine.`);
  return ['sqlite'];
}

export interface TestDatabase {
  kind: DatabaseKind;
  url: string;
  drop(): Promise<void>;
}

function withDatabase(url: string, name: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${name}`;
  return parsed.toString();
}

export async function createTestDatabase(kind: DatabaseKind): Promise<TestDatabase> {
  if (kind === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'tiendo-test-'));
    return {
      kind,
      url: `file:${join(dir, 'tiendo.db')}`,
      drop: async () => rmSync(dir, { recursive: true, force: true }),
    };
  }
  const name = `tiendo_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  return {
    kind,
    url: withDatabase(ADMIN_URL, name),
    async drop() {
      const client = new pg.Client({ connectionString: ADMIN_URL });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await client.end();
    },
  };
}

/** A migrated, empty database and its Prisma client. */
export async function createMigratedDatabase(
  kind: DatabaseKind,
): Promise<TestDatabase & { database: Database }> {
  const test = await createTestDatabase(kind);
  await migrate(parseDatabaseUrl(test.url));
  const database = await openDatabase(test.url);
  return {
    ...test,
    database,
    async drop() {
      await database.close();
      await test.drop();
    },
  };
}
