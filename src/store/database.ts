import { PrismaBetterSQLite3 } from '@prisma/adapter-better-sqlite3';
import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient as PostgresClient } from './generated/postgres/client.js';
import { PrismaClient as SqliteClient } from './generated/sqlite/client.js';
import { parseDatabaseUrl, type DatabaseKind } from './database-url.js';

/**
 * The Prisma client the rest of tiendo uses. Both generated clients come from the same model (see
 * prisma/schema.prisma), so they have the same API; the SQLite one names the type.
 */
export type Db = SqliteClient;
export type Tx = Parameters<Parameters<Db['$transaction']>[0]>[0];

export interface Database {
  kind: DatabaseKind;
  db: Db;
  close(): Promise<void>;
}

export function openDatabase(url: string): Database {
  const target = parseDatabaseUrl(url);
  if (target.kind === 'sqlite') {
    const db = new SqliteClient({
      adapter: new PrismaBetterSQLite3({ url: target.location, timeout: 10_000 }),
    });
    return { kind: 'sqlite', db, close: () => db.$disconnect() };
  }
  const pgClient = new PostgresClient({ adapter: new PrismaPg({ connectionString: target.location }) });
  // Same model, same generated API; only the provider differs (checked by the PostgreSQL tests).
  const db = pgClient as unknown as Db;
  return { kind: 'postgres', db, close: () => pgClient.$disconnect() };
}
