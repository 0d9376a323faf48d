// Prisma CLI configuration for these offline machines: the bundled WebAssembly schema engine ("js")
// and a driver adapter, so no native engine is ever downloaded. Used by `prisma generate` and
// `prisma migrate diff` (scripts/); migrations themselves are applied by src/store/migrate.ts.
import { PrismaBetterSQLite3 } from '@prisma/adapter-better-sqlite3';
import type { PrismaConfig } from 'prisma';

export default {
  experimental: { adapter: true },
  engine: 'js',
  schema: 'prisma/schema.prisma',
  async adapter() {
    return new PrismaBetterSQLite3({ url: ':memory:' });
  },
} satisfies PrismaConfig;
