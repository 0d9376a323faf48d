import { readFileSync, writeFileSync } from 'node:fs';
import { POSTGRES_SCHEMA, SQLITE_SCHEMA, toPostgresSchema } from './postgres-schema.js';

writeFileSync(POSTGRES_SCHEMA, toPostgresSchema(readFileSync(SQLITE_SCHEMA, 'utf8')));
