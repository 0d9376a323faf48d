// Creates a migration for both databases from the change to prisma/schema.prisma since the last one:
//   npm run db:new-migration -- add_reminders
// `prisma migrate dev` cannot run on these offline machines (it needs a shadow database through the
// driver adapter, which fails), so the SQL comes from `prisma migrate diff` between two schema files,
// which needs no database. prisma/migrations/last-schema.prisma keeps the schema the last migration
// produced.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { POSTGRES_SCHEMA, SQLITE_SCHEMA, toPostgresSchema } from './postgres-schema.js';

const MIGRATIONS = 'prisma/migrations';
const SNAPSHOT = join(MIGRATIONS, 'last-schema.prisma');

const name = process.argv[2];
if (!name || !/^[a-z0-9_]+$/.test(name)) {
  console.error('usage: npm run db:new-migration -- <name in snake_case>');
  process.exit(2);
}

const current = readFileSync(SQLITE_SCHEMA, 'utf8');
writeFileSync(POSTGRES_SCHEMA, toPostgresSchema(current));

const scratch = join(tmpdir(), `tiendo-migration-${process.pid}`);
mkdirSync(scratch, { recursive: true });

function diff(provider: 'sqlite' | 'postgres', from: string | null, to: string): string {
  const toFile = join(scratch, `${provider}-to.prisma`);
  writeFileSync(toFile, to);
  const fromArgs =
    from === null ? ['--from-empty'] : ['--from-schema-datamodel', join(scratch, `${provider}-from.prisma`)];
  if (from !== null) writeFileSync(join(scratch, `${provider}-from.prisma`), from);
  return execFileSync(
    join('node_modules', '.bin', 'prisma'),
    ['migrate', 'diff', ...fromArgs, '--to-schema-datamodel', toFile, '--script'],
    { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] },
  );
}

const previous = existsSync(SNAPSHOT) ? readFileSync(SNAPSHOT, 'utf8') : null;
const stamp = new Date().toISOString().replace(/\D/g, '').slice(0, 14);
const sql = {
  sqlite: diff('sqlite', previous, current),
  postgres: diff(
    'postgres',
    previous === null ? null : toPostgresSchema(previous),
    toPostgresSchema(current),
  ),
};
if (/^\s*-- This is an empty migration\.\s*$/.test(sql.sqlite)) {
  console.error('prisma/schema.prisma has not changed since the last migration: nothing to do.');
  process.exit(1);
}
for (const provider of ['sqlite', 'postgres'] as const) {
  const dir = join(MIGRATIONS, provider, `${stamp}_${name}`);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'migration.sql'), sql[provider]);
  console.log(`created ${dir}/migration.sql`);
}
writeFileSync(SNAPSHOT, current);
console.log('Review both files, then regenerate the clients with `npm run postinstall`.');
