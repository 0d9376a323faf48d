import pLimit from 'p-limit';
import type { DialogRepository, DialogStore } from '../../dialog/ports.js';
import { POSTGRES_POOL_SIZE, type Database, type Tx } from '../../store/database.js';
import { conversationRepository } from './conversations.js';
import { officialRepository } from './officials.js';
import { planRepository, type OfficeHours } from './plans.js';
import { reportRepository } from './reports.js';

/**
 * The dialog's storage port (src/dialog/ports.ts) on Prisma. It lives among the services because it is
 * made of them (invites, reports, progress, reminders, the plan review); src/store stays below services.
 */

function createRepository(
  tx: Tx,
  kind: Database['kind'],
  timeZone: string,
  officeHours: OfficeHours | undefined,
): DialogRepository {
  return {
    ...conversationRepository(tx, kind),
    ...officialRepository(tx),
    ...reportRepository(tx, timeZone),
    ...planRepository(tx, timeZone, officeHours),
  };
}

/**
 * How many dialog steps hold a transaction at once. PostgreSQL: the pool, less two connections kept
 * for the reminder tick and the delivery worker; beyond that a step would wait for a connection under
 * pg's connect timeout and fail ("try again") when a thousand officials answer at once (bench:
 * concurrent-officials). SQLite writes one transaction at a time anyway. The others wait in this queue,
 * in order, holding no connection and little memory.
 */
function concurrentSteps(kind: Database['kind']): number {
  return kind === 'postgres' ? POSTGRES_POOL_SIZE - 2 : 1;
}

/** Each dialog step in one transaction (see createDialogEngine). */
export function createDialogStore(
  database: Database,
  timeZone: string,
  officeHours?: OfficeHours,
): DialogStore {
  const limit = pLimit(concurrentSteps(database.kind));
  return {
    transaction: (work) =>
      limit(() =>
        // 60 s: a step that imports a confirmed plan writes every indicator, target and period of it.
        database.db.$transaction((tx) => work(createRepository(tx, database.kind, timeZone, officeHours)), {
          timeout: 60_000,
          maxWait: 20_000,
        }),
      ),
  };
}
