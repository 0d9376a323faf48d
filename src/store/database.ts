import type { PrismaClient as SqliteClient } from './generated/sqlite/client.js';
import { parseDatabaseUrl, type DatabaseKind } from './database-url.js';
import type { SharedLimits } from './shared-limits.js';

/**
 * The Prisma client the rest of tiendo uses. Both generated clients come from the same model (see
 * prisma/schema.prisma), so they have the same API; the SQLite one names the type.
 */
export type Db = SqliteClient;
export type Tx = Parameters<Parameters<Db['$transaction']>[0]>[0];

export interface Database {
  kind: DatabaseKind;
  db: Db;
  /**
   * PostgreSQL only: the limits every instance on the database shares (./shared-limits.ts). Absent on
   * SQLite, where one instance is assumed and the limits stay in memory.
   */
  shared?: SharedLimits;
  close(): Promise<void>;
}

/**
 * How long a write waits for another connection's lock (a CLI import, a backup) before it fails and the
 * official is told to try again. better-sqlite3 waits synchronously: the whole process (every chat, the
 * webhook server, the delivery worker) is frozen meanwhile, and updates queued behind it wait one timeout
 * each: with 10 s a second official waited 20 s, and the "try again" sent after such a freeze was lost
 * (its keep-alive connection had been closed meanwhile; tests/faults/db-unavailable.test.ts). A few
 * seconds still outlast the short write transactions of the CLI.
 */
const SQLITE_BUSY_TIMEOUT_MS = 3_000;

/**
 * pg waits forever by default, for a connection and for a query's answer. When the network to the
 * database drops packets (a server gone without a reset, a partition), an official's answer would then
 * hang with no reply at all, and every later update of that chat queue behind it. With these bounds the
 * dialog step fails within seconds, the channel answers "try again", and the pool drops the dead
 * connection (measured in tests/faults/db-unavailable.test.ts). The bounds are far above what a healthy
 * database takes: every query of tiendo is small, and migrations use their own client.
 */
/**
 * The PostgreSQL pool: pg's default, named because the dialog store sizes its own queue on it
 * (src/services/dialog-store/). pg's connectionTimeoutMillis also bounds the wait for a free
 * connection of the pool, so no more transactions may ask for one than it holds.
 */
export const POSTGRES_POOL_SIZE = 10;

const POSTGRES_TIMEOUTS = {
  /** a new connection (TCP + authentication); a reachable server answers in milliseconds */
  connectionTimeoutMillis: 5_000,
  /** one query's answer, measured by the client */
  query_timeout: 10_000,
} as const;

/**
 * Only the client and driver of the database in use are loaded: the other Prisma client, its driver
 * adapter and driver are megabytes of resident memory the process would carry for nothing.
 */
export async function openDatabase(url: string): Promise<Database> {
  const target = parseDatabaseUrl(url);
  if (target.kind === 'sqlite') {
    const [{ PrismaClient: SqliteClient }, { PrismaBetterSQLite3 }] = await Promise.all([
      import('./generated/sqlite/client.js'),
      import('@prisma/adapter-better-sqlite3'),
    ]);
    const db = new SqliteClient({
      adapter: new PrismaBetterSQLite3({ url: target.location, timeout: SQLITE_BUSY_TIMEOUT_MS }),
    });
    return { kind: 'sqlite', db, close: () => db.$disconnect() };
  }
  const [{ PrismaClient: PostgresClient }, { PrismaPg }, { default: pg }, { postgresLimits }] =
    await Promise.all([
      import('./generated/postgres/client.js'),
      import('@prisma/adapter-pg'),
      import('pg'),
      import('./shared-limits.js'),
    ]);
  // One pool for Prisma and the shared limits, so that they add no connections; Prisma ends it on close.
  const pool = new pg.Pool({
    connectionString: target.location,
    max: POSTGRES_POOL_SIZE,
    ...POSTGRES_TIMEOUTS,
  });
  // An idle connection the server dropped is an 'error' of the pool, fatal with no listener; the pool
  // replaces it, and the next query that fails says why.
  pool.on('error', () => undefined);
  const pgClient = new PostgresClient({ adapter: new PrismaPg(pool, { disposeExternalPool: true }) });
  // Same model, same generated API; only the provider differs (checked by the PostgreSQL tests).
  const db = pgClient as unknown as Db;
  return { kind: 'postgres', db, shared: postgresLimits(pool), close: () => pgClient.$disconnect() };
}
