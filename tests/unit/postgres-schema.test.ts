import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { POSTGRES_SCHEMA, SQLITE_SCHEMA, toPostgresSchema } from '../../scripts/postgres-schema.js';

/**
 * prisma/schema.prisma is the one schema people edit. The PostgreSQL schema is derived from it and the
 * migrations of both databases are made from its changes by `npm run db:new-migration`: these tests
 * fail when one of them is edited without the others.
 */

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const read = (path: string): string => readFileSync(join(ROOT, path), 'utf8');
const MIGRATIONS = join(ROOT, 'prisma/migrations');
const PROVIDERS = ['sqlite', 'postgres'] as const;

const HOW_TO_MIGRATE =
  'prisma/schema.prisma changed since the last migration: run `npm run db:new-migration -- <name>` ' +
  '(it writes the SQL for both databases, prisma/postgres/schema.prisma and prisma/migrations/last-schema.prisma)';

function migrationNames(provider: string): string[] {
  const dir = join(MIGRATIONS, provider);
  return readdirSync(dir)
    .filter((name) => statSync(join(dir, name)).isDirectory())
    .sort();
}

describe('the Prisma schemas', () => {
  const sqlite = read(SQLITE_SCHEMA);

  it('prisma/postgres/schema.prisma is generated from prisma/schema.prisma, unedited', () => {
    expect(
      read(POSTGRES_SCHEMA),
      'prisma/postgres/schema.prisma differs from what prisma/schema.prisma gives: edit prisma/schema.prisma only and run `npm run db:new-migration -- <name>`',
    ).toBe(toPostgresSchema(sqlite));
  });

  it('the derivation really swaps the provider, the URL and the client folder', () => {
    const postgres = toPostgresSchema(sqlite);
    expect(postgres.startsWith('// GENERATED from prisma/schema.prisma')).toBe(true);
    expect(postgres).toMatch(/provider\s*=\s*"postgresql"/);
    expect(postgres).not.toMatch(/provider\s*=\s*"sqlite"/);
    expect(postgres).toMatch(/url\s*=\s*"postgresql:\/\//);
    expect(postgres).not.toMatch(/"file:/);
    expect(postgres).toContain('output              = "../../src/store/generated/postgres"');
    expect(postgres).not.toContain('generated/sqlite');
    // and nothing else: the models are the same
    const models = (schema: string) => schema.slice(schema.indexOf('\nmodel '));
    expect(models(postgres)).toBe(models(sqlite));
    expect(models(sqlite).length).toBeGreaterThan(100);
  });

  it('prisma/migrations/last-schema.prisma is prisma/schema.prisma: every change has its migration', () => {
    expect(read('prisma/migrations/last-schema.prisma'), HOW_TO_MIGRATE).toBe(sqlite);
  });
});

describe('the migrations', () => {
  it('exist for SQLite and PostgreSQL under the same names', () => {
    const sqlite = migrationNames('sqlite');
    const postgres = migrationNames('postgres');
    expect(sqlite.length).toBeGreaterThan(0);
    expect(
      postgres,
      'every migration must be made for both databases by `npm run db:new-migration -- <name>`',
    ).toEqual(sqlite);
  });

  it('are named <timestamp>_<snake_case> and each holds a non-empty migration.sql', () => {
    for (const provider of PROVIDERS) {
      for (const name of migrationNames(provider)) {
        expect(name, `${provider}/${name}`).toMatch(/^\d{14}_[a-z0-9_]+$/);
        const file = join(MIGRATIONS, provider, name, 'migration.sql');
        expect(existsSync(file), `${provider}/${name}/migration.sql`).toBe(true);
        expect(readFileSync(file, 'utf8').trim(), `${provider}/${name}/migration.sql`).not.toBe('');
      }
    }
  });

  it('are written in each database’s own SQL', () => {
    const first = migrationNames('sqlite')[0] as string;
    const sql = (provider: string) =>
      readFileSync(join(MIGRATIONS, provider, first, 'migration.sql'), 'utf8');
    expect(sql('sqlite')).toMatch(/CREATE TABLE "/);
    expect(sql('postgres')).toMatch(/CREATE TABLE "/);
    // the PostgreSQL one is not a copy of the SQLite one
    expect(sql('postgres')).not.toBe(sql('sqlite'));
  });
});
