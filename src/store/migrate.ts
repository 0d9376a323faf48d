import { createHash, randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type BetterSqlite3 from 'better-sqlite3';
import type { DatabaseKind, DatabaseTarget } from './database-url.js';

/**
 * Applies the committed migrations of prisma/migrations/<kind>/ in order. Prisma's own `migrate
 * deploy` cannot run on these offline machines against PostgreSQL (see docs/database.md), so this
 * runner does the same job and keeps Prisma's `_prisma_migrations` table exactly as Prisma does
 * (checksum = sha256 of the file), so `prisma migrate status` agrees with it where Prisma works.
 * Each migration runs in its own transaction; on PostgreSQL an advisory lock lets several instances
 * start at once.
 */
export const MIGRATIONS_DIR = fileURLToPath(new URL('../../prisma/migrations/', import.meta.url));

export interface Migration {
  name: string;
  sql: string;
  checksum: string;
}

export interface MigrationState {
  applied: string[];
  pending: string[];
  /** applied migrations whose file changed since (checksum mismatch) */
  modified: string[];
  /** migrations that started and never finished: need an operator */
  failed: string[];
}

export class MigrationError extends Error {
  constructor(
    readonly code: 'failed_migration' | 'modified_migration' | 'apply_failed',
    readonly migration: string,
    cause?: unknown,
  ) {
    super(`${code}: ${migration}${cause instanceof Error ? `: ${cause.message}` : ''}`, { cause });
  }
}

export function readMigrations(kind: DatabaseKind, dir: string = MIGRATIONS_DIR): Migration[] {
  const root = join(dir, kind);
  return readdirSync(root, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort()
    .map((name) => {
      const sql = readFileSync(join(root, name, 'migration.sql'), 'utf8');
      return { name, sql, checksum: createHash('sha256').update(sql).digest('hex') };
    });
}

interface AppliedRow {
  migration_name: string;
  checksum: string;
  finished_at: unknown;
  rolled_back_at: unknown;
}

function stateOf(migrations: Migration[], rows: AppliedRow[]): MigrationState {
  const live = rows.filter((row) => row.rolled_back_at === null);
  const finished = new Map(
    live.filter((r) => r.finished_at !== null).map((r) => [r.migration_name, r.checksum]),
  );
  return {
    applied: migrations.filter((m) => finished.has(m.name)).map((m) => m.name),
    pending: migrations.filter((m) => !finished.has(m.name)).map((m) => m.name),
    modified: migrations
      .filter((m) => finished.has(m.name) && finished.get(m.name) !== m.checksum)
      .map((m) => m.name),
    failed: live.filter((r) => r.finished_at === null).map((r) => r.migration_name),
  };
}

function check(state: MigrationState): void {
  const failed = state.failed[0];
  if (failed) throw new MigrationError('failed_migration', failed);
  const modified = state.modified[0];
  if (modified) throw new MigrationError('modified_migration', modified);
}

const SQLITE_TABLE = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                    TEXT PRIMARY KEY NOT NULL,
    "checksum"              TEXT NOT NULL,
    "finished_at"           DATETIME,
    "migration_name"        TEXT NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        DATETIME,
    "started_at"            DATETIME NOT NULL DEFAULT current_timestamp,
    "applied_steps_count"   INTEGER UNSIGNED NOT NULL DEFAULT 0
)`;

const POSTGRES_TABLE = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                    VARCHAR(36) PRIMARY KEY NOT NULL,
    "checksum"              VARCHAR(64) NOT NULL,
    "finished_at"           TIMESTAMPTZ,
    "migration_name"        VARCHAR(255) NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        TIMESTAMPTZ,
    "started_at"            TIMESTAMPTZ NOT NULL DEFAULT now(),
    "applied_steps_count"   INTEGER NOT NULL DEFAULT 0
)`;

const SELECT_APPLIED =
  'SELECT "migration_name", "checksum", "finished_at", "rolled_back_at" FROM "_prisma_migrations"';

/** One level at a time: Node's recursive mkdirSync never returns under /proc. */
function ensureDirectory(dir: string): void {
  if (existsSync(dir)) return;
  ensureDirectory(dirname(dir));
  mkdirSync(dir);
}

function migrateSqlite(
  Sqlite: typeof BetterSqlite3,
  path: string,
  migrations: Migration[],
  apply: boolean,
): MigrationState & { ran: string[] } {
  if (!apply && !existsSync(path)) return { ...stateOf(migrations, []), ran: [] };
  if (apply) ensureDirectory(dirname(path));
  // Only reporting the state must not create or change anything.
  const db = new Sqlite(path, { timeout: 10_000, readonly: !apply });
  try {
    if (!apply) {
      const exists = db
        .prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '_prisma_migrations'`)
        .get();
      return {
        ...stateOf(migrations, exists ? (db.prepare(SELECT_APPLIED).all() as AppliedRow[]) : []),
        ran: [],
      };
    }
    // WAL lets the bot read while a report is being written; it is a property of the file, set once.
    db.pragma('journal_mode = WAL');
    db.exec(SQLITE_TABLE);
    const state = stateOf(migrations, db.prepare(SELECT_APPLIED).all() as AppliedRow[]);
    check(state);
    const ran: string[] = [];
    // Prisma rebuilds a table to change a column (new table, copy, DROP the old one, rename). Inside a
    // transaction its own `PRAGMA foreign_keys=OFF` does nothing, and the DROP's implicit DELETE then
    // cascades: every chat link, assignment and report of the officials was deleted. Off for the whole
    // run (it can only be changed outside a transaction), each migration checked before it commits.
    db.pragma('foreign_keys = OFF');
    for (const migration of migrations.filter((m) => state.pending.includes(m.name))) {
      const run = db.transaction(() => {
        db.exec(migration.sql);
        const broken = db.pragma('foreign_key_check') as unknown[];
        if (broken.length > 0) throw new Error(`${broken.length} rows refer to rows that do not exist`);
        db.prepare(
          `INSERT INTO "_prisma_migrations" ("id", "checksum", "finished_at", "migration_name", "applied_steps_count", "started_at")
           VALUES (?, ?, current_timestamp, ?, 1, current_timestamp)`,
        ).run(randomUUID(), migration.checksum, migration.name);
      });
      try {
        run.immediate();
      } catch (error) {
        throw new MigrationError('apply_failed', migration.name, error);
      }
      ran.push(migration.name);
    }
    return { ...stateOf(migrations, db.prepare(SELECT_APPLIED).all() as AppliedRow[]), ran };
  } finally {
    db.close();
  }
}

/** Any constant will do; it only has to be the same for every tiendo instance. */
const ADVISORY_LOCK_KEY = 7_140_411;

async function migratePostgres(
  url: string,
  migrations: Migration[],
  apply: boolean,
): Promise<MigrationState & { ran: string[] }> {
  // Loaded here: a SQLite installation never needs the PostgreSQL driver in memory.
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const rows = async () => (await client.query<AppliedRow>(SELECT_APPLIED)).rows;
    if (!apply) {
      const table = await client.query<{ name: string | null }>(
        `SELECT to_regclass('"_prisma_migrations"') AS name`,
      );
      return { ...stateOf(migrations, table.rows[0]?.name ? await rows() : []), ran: [] };
    }
    await client.query('SELECT pg_advisory_lock($1)', [ADVISORY_LOCK_KEY]);
    await client.query(POSTGRES_TABLE);
    const state = stateOf(migrations, await rows());
    check(state);
    const ran: string[] = [];
    for (const migration of migrations.filter((m) => state.pending.includes(m.name))) {
      try {
        await client.query('BEGIN');
        await client.query(migration.sql);
        await client.query(
          `INSERT INTO "_prisma_migrations" ("id", "checksum", "finished_at", "migration_name", "applied_steps_count", "started_at")
           VALUES ($1, $2, now(), $3, 1, now())`,
          [randomUUID(), migration.checksum, migration.name],
        );
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw new MigrationError('apply_failed', migration.name, error);
      }
      ran.push(migration.name);
    }
    return { ...stateOf(migrations, await rows()), ran };
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [ADVISORY_LOCK_KEY]).catch(() => undefined);
    await client.end();
  }
}

export interface MigrateOptions {
  /** false: only report the state */
  apply?: boolean;
  dir?: string;
}

export async function migrate(
  target: DatabaseTarget,
  options: MigrateOptions = {},
): Promise<MigrationState & { ran: string[] }> {
  const migrations = readMigrations(target.kind, options.dir);
  const apply = options.apply ?? true;
  if (target.kind === 'postgres') return migratePostgres(target.location, migrations, apply);
  const { default: Sqlite } = await import('better-sqlite3');
  return migrateSqlite(Sqlite, target.location, migrations, apply);
}
