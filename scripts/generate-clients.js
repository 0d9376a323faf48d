// Generates both Prisma clients (SQLite and PostgreSQL) into src/store/generated/. Runs after
// `npm install` / `npm ci`, before the build; it downloads nothing (prisma.config.ts selects the bundled
// WASM engine). Plain JavaScript so that installing needs no TypeScript runner; the two schema paths
// are those of scripts/postgres-schema.ts.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

for (const schema of ['prisma/schema.prisma', 'prisma/postgres/schema.prisma']) {
  execFileSync(join('node_modules', '.bin', 'prisma'), ['generate', '--schema', schema], {
    stdio: ['ignore', 'ignore', 'inherit'],
    env: { ...process.env, PRISMA_HIDE_UPDATE_MESSAGE: '1', CHECKPOINT_DISABLE: '1' },
  });
}
