import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/store/database.js';
import { parseDatabaseUrl } from '../../src/store/database-url.js';
import { MIGRATIONS_DIR, MigrationError, migrate, readMigrations } from '../../src/store/migrate.js';
import { availableBackends, createTestDatabase, type TestDatabase } from '../support/databases.js';

const backends = await availableBackends();

describe.each(backends)('migrations on %s', (kind) => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0)) await cleanup();
  });
  async function fresh(): Promise<TestDatabase> {
    const test = await createTestDatabase(kind);
    cleanups.push(() => test.drop());
    return test;
  }
  function scratchMigrations(): string {
    const dir = mkdtempSync(join(tmpdir(), 'tiendo-migrations-'));
    cpSync(MIGRATIONS_DIR, dir, { recursive: true });
    cleanups.push(async () => rmSync(dir, { recursive: true, force: true }));
    return dir;
  }

  it('applies every migration once and records it the way Prisma does', async () => {
    const test = await fresh();
    const target = parseDatabaseUrl(test.url);
    const all = readMigrations(kind).map((m) => m.name);
    const first = await migrate(target);
    expect(first.ran).toEqual(all);
    const second = await migrate(target);
    expect(second.ran).toEqual([]);
    expect(second.applied).toEqual(all);

    const database = await openDatabase(test.url);
    cleanups.unshift(() => database.close());
    const rows = await database.db.$queryRawUnsafe<
      { migration_name: string; checksum: string; applied_steps_count: unknown }[]
    >('SELECT migration_name, checksum, applied_steps_count FROM _prisma_migrations ORDER BY migration_name');
    expect(rows.map((r) => [r.migration_name, r.checksum, Number(r.applied_steps_count)])).toEqual(
      readMigrations(kind).map((m) => [m.name, m.checksum, 1]),
    );
    expect(await database.db.organization.count()).toBe(0);
  });

  // SQLite only: PostgreSQL changes a column in place.
  if (kind === 'sqlite')
    it('rebuilding a table keeps the rows that refer to it (no cascade from the DROP of the old table)', async () => {
      const test = await fresh();
      const target = parseDatabaseUrl(test.url);
      const dir = scratchMigrations();
      // Up to the first migration that rebuilds a referenced table (Official, with its new column).
      const rebuild = '20261202100913_period_approval';
      const later = readMigrations(kind).filter((m) => m.name >= rebuild);
      const held = mkdtempSync(join(tmpdir(), 'tiendo-held-'));
      cleanups.push(async () => rmSync(held, { recursive: true, force: true }));
      for (const m of later) cpSync(join(dir, kind, m.name), join(held, m.name), { recursive: true });
      for (const m of later) rmSync(join(dir, kind, m.name), { recursive: true });
      await migrate(target, { dir });
      const { default: Sqlite } = await import('better-sqlite3');
      const raw = new Sqlite(target.location);
      // One row in every table, each NOT NULL column given a value of its type, references to the rows
      // made first: what matters is that they survive.
      const rows: Record<string, string> = {
        Organization: 'org',
        Official: 'off',
        Campaign: 'cam',
        Indicator: 'ind',
        ChatLink: 'lnk',
      };
      for (const [table, id] of Object.entries(rows)) {
        const columns = raw.prepare(`PRAGMA table_info("${table}")`).all() as {
          name: string;
          type: string;
          notnull: number;
          dflt_value: unknown;
        }[];
        const values = columns
          .filter((c) => c.notnull === 1 || c.name.endsWith('Id'))
          .map((c) => {
            const ref = Object.keys(rows).find((t) => c.name === `${t[0]!.toLowerCase()}${t.slice(1)}Id`);
            if (c.name === 'id') return [c.name, id];
            if (ref) return [c.name, rows[ref]];
            if (c.notnull !== 1) return [c.name, null];
            return [
              c.name,
              /INT|REAL|NUM/i.test(c.type) ? 1 : /DATE/i.test(c.type) ? 0 : `${table}-${c.name}`,
            ];
          });
        raw
          .prepare(
            `INSERT INTO "${table}" (${values.map(([n]) => `"${n}"`).join(', ')}) VALUES (${values.map(() => '?').join(', ')})`,
          )
          .run(...values.map(([, v]) => v));
      }
      raw.prepare(`INSERT INTO "Assignment" ("indicatorId", "officialId") VALUES ('ind', 'off')`).run();
      raw.close();
      for (const m of later) cpSync(join(held, m.name), join(dir, kind, m.name), { recursive: true });
      const rest = await migrate(target, { dir });
      expect(rest.ran).toEqual(later.map((m) => m.name));
      const after = new Sqlite(target.location);
      cleanups.unshift(async () => void after.close());
      const count = (table: string) =>
        (after.prepare(`SELECT count(*) AS n FROM "${table}"`).get() as { n: number }).n;
      expect(['Official', 'ChatLink', 'Assignment', 'Indicator'].map((t) => [t, count(t)])).toEqual([
        ['Official', 1],
        ['ChatLink', 1],
        ['Assignment', 1],
        ['Indicator', 1],
      ]);
    });

  it('refuses to go on when an applied migration file was edited', async () => {
    const test = await fresh();
    const dir = scratchMigrations();
    await migrate(parseDatabaseUrl(test.url), { dir });
    const [name] = readMigrations(kind, dir).map((m) => m.name);
    writeFileSync(join(dir, kind, name!, 'migration.sql'), '-- edited\n', { flag: 'a' });
    await expect(migrate(parseDatabaseUrl(test.url), { dir })).rejects.toMatchObject({
      code: 'modified_migration',
      migration: name,
    });
    const state = await migrate(parseDatabaseUrl(test.url), { dir, apply: false });
    expect(state.modified).toEqual([name]);
  });

  it('a failing migration is rolled back whole and not recorded', async () => {
    const test = await fresh();
    const dir = scratchMigrations();
    const broken = join(dir, kind, '99990101000000_broken');
    cpSync(join(dir, kind, readMigrations(kind, dir)[0]!.name), broken, { recursive: true });
    writeFileSync(
      join(broken, 'migration.sql'),
      'CREATE TABLE "Half" ("id" TEXT PRIMARY KEY);\nTHIS IS NOT SQL;\n',
    );
    const error = await migrate(parseDatabaseUrl(test.url), { dir }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MigrationError);
    expect(error).toMatchObject({ code: 'apply_failed', migration: '99990101000000_broken' });
    const state = await migrate(parseDatabaseUrl(test.url), { dir, apply: false });
    expect(state.pending).toEqual(['99990101000000_broken']);
    expect(state.failed).toEqual([]);
    const database = await openDatabase(test.url);
    cleanups.unshift(() => database.close());
    await expect(database.db.$queryRawUnsafe('SELECT * FROM "Half"')).rejects.toThrow();
  });

  it('several instances starting at once apply each migration once', async () => {
    const test = await fresh();
    const target = parseDatabaseUrl(test.url);
    const results = await Promise.all([migrate(target), migrate(target), migrate(target)]);
    const ran = results.flatMap((r) => r.ran);
    expect(ran).toEqual(readMigrations(kind).map((m) => m.name));
  });
});
