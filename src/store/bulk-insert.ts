import type { Tx } from './database.js';
import { Prisma } from './generated/sqlite/client.js';

/**
 * Rows inserted with one SQL statement per `CHUNK` rows, on either database. Prisma's `createMany`
 * builds its statement in the client row by row: 300 indicators took it 1.1 s of a plan import's
 * transaction (bench/plan-import.ts), during which SQLite's write lock is held and every official's
 * report waits. Here the statement is built once, with every value a parameter.
 *
 * For plain columns only: text, numbers, instants (a Date, bound as the driver binds Prisma's own), null. Nothing is filled in as Prisma would (`@default(cuid())`,
 * `@updatedAt`): the caller gives every column.
 */

/** Rows per statement: 500 × ~10 columns stays far below SQLite's and PostgreSQL's parameter limits. */
const CHUNK = 500;

/** A Date is written as Prisma writes a DateTime on each database (its driver adapter converts it). */
export type Cell = string | number | Date | null;

/**
 * Returns the number of rows inserted. With `ignoreConflicts`, a row whose unique key is taken is left
 * out (`ON CONFLICT DO NOTHING`, on both databases) instead of failing the statement: the caller compares
 * the count with what it sent.
 */
export async function insertRows(
  tx: Tx,
  table: string,
  columns: readonly string[],
  rows: readonly Record<string, Cell>[],
  options: { ignoreConflicts?: boolean } = {},
): Promise<number> {
  const head = Prisma.raw(`INSERT INTO "${table}" (${columns.map((c) => `"${c}"`).join(', ')}) VALUES `);
  const tail = Prisma.raw(options.ignoreConflicts ? ' ON CONFLICT DO NOTHING' : '');
  let inserted = 0;
  for (let start = 0; start < rows.length; start += CHUNK) {
    const values = rows
      .slice(start, start + CHUNK)
      .map((row) => Prisma.sql`(${Prisma.join(columns.map((column) => row[column] ?? null))})`);
    inserted += await tx.$executeRaw`${head}${Prisma.join(values)}${tail}`;
  }
  return inserted;
}
