// A Prisma schema has one provider, so the PostgreSQL schema is derived from prisma/schema.prisma
// (the source of truth) by swapping the provider, the dummy URL and the client's output folder.
export const SQLITE_SCHEMA = 'prisma/schema.prisma';
export const POSTGRES_SCHEMA = 'prisma/postgres/schema.prisma';

const HEADER = '// GENERATED from prisma/schema.prisma by `npm run db:new-migration`: do not edit by hand.\n';

export function toPostgresSchema(sqliteSchema: string): string {
  const replaced = sqliteSchema
    .replace(/provider\s*=\s*"sqlite"/, 'provider = "postgresql"')
    .replace(/url(\s*)=\s*"file:[^"]*"/, 'url$1= "postgresql://unused@127.0.0.1:5432/unused"')
    .replace('../src/store/generated/sqlite', '../../src/store/generated/postgres');
  return HEADER + replaced;
}
