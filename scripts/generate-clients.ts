// Generates both Prisma clients (SQLite and PostgreSQL) into src/store/generated/. Runs after
// `npm install` / `npm ci`; it downloads nothing (prisma.config.ts selects the bundled WASM engine).
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { POSTGRES_SCHEMA, SQLITE_SCHEMA } from './postgres-schema.js';

for (const schema of [SQLITE_SCHEMA, POSTGRES_SCHEMA]) {
  execFileSync(join('node_modules', '.bin', 'prisma'), ['generate', '--schema', schema], {
    stdio: ['ignore', 'ignore', 'inherit'],
    env: { ...process.env, PRISMA_HIDE_UPDATE_MESSAGE: '1', CHECKPOINT_DISABLE: '1' },
  });
}
