import pLimit from 'p-limit';
import type { DialogRepository, DialogStore } from '../../dialog/ports.js';
import { POSTGRES_POOL_SIZE, type Database, type Tx } from '../../store/database.js';
import {
  createChartImageTokenInTransaction,
  createSpreadsheetTokenInTransaction,
  createWebLinkInTransaction,
  miniAppUrlFor,
  revokeAllWebTokens,
  webLinkUrl,
} from '../web-links.js';
import { approvalRepository } from './approvals.js';
import { conversationRepository } from './conversations.js';
import { officialRepository } from './officials.js';
import { planRepository, type OfficeHours } from './plans.js';
import { replyLedger, replyRepository, type ReplyOutbox } from './replies.js';
import { reportRepository } from './reports.js';

/**
 * The dialog's storage port (src/dialog/ports.ts) on Prisma. It lives among the services because it is
 * made of them (invites, reports, progress, reminders, the plan review); src/store stays below services.
 */

/** Where the chat's links point; null: this installation offers no web pages in the chat. */
export interface WebLinks {
  baseUrl: string;
  ttlHours: number;
}

function createRepository(
  tx: Tx,
  kind: Database['kind'],
  timeZone: string,
  officeHours: OfficeHours | undefined,
  web: WebLinks | null,
  outbox: ReplyOutbox | null,
): DialogRepository {
  return {
    ...conversationRepository(tx, kind),
    ...replyRepository(tx, outbox),
    ...officialRepository(tx),
    ...reportRepository(tx, timeZone),
    ...planRepository(tx, timeZone, officeHours),
    ...approvalRepository(tx, timeZone),
    webLink: async (officialId, purpose, now, draftId) => {
      if (!web) return null;
      const link = await createWebLinkInTransaction(
        tx,
        officialId,
        purpose,
        now,
        web.ttlHours,
        draftId ?? null,
      );
      return link ? webLinkUrl(web.baseUrl, link.path) : null;
    },
    revokeWebAccess: (officialId, now) => revokeAllWebTokens(tx, officialId, now),
    miniAppUrl: async (officialId, purpose) =>
      web ? miniAppUrlFor(tx, web.baseUrl, officialId, purpose) : null,
    chartImageUrl: async (officialId, now) => {
      if (!web) return null;
      const image = await createChartImageTokenInTransaction(tx, officialId, now);
      return image ? webLinkUrl(web.baseUrl, image.path) : null;
    },
    spreadsheetUrl: async (officialId, now) => {
      if (!web) return null;
      const file = await createSpreadsheetTokenInTransaction(tx, officialId, now, web.ttlHours);
      return file ? webLinkUrl(web.baseUrl, file.path) : null;
    },
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

/**
 * Each dialog step in one transaction (see createDialogEngine), its replies written to the outbox in it
 * (./replies.ts, given `replyOutbox()`); `outbox` null (the default until the PostgreSQL SIGKILL suite
 * passes with it, docs/conversations.md): replies are only sent from memory (a crash after the commit
 * loses them).
 */
export function createDialogStore(
  database: Database,
  timeZone: string,
  officeHours?: OfficeHours,
  web: WebLinks | null = null,
  outbox: ReplyOutbox | null = null,
): DialogStore {
  const limit = pLimit(concurrentSteps(database.kind));
  return {
    ...(outbox ? { replies: replyLedger(database.db, outbox) } : {}),
    transaction: (work) =>
      limit(() =>
        // 60 s: a step that imports a confirmed plan writes every indicator, target and period of it.
        database.db.$transaction(
          (tx) => work(createRepository(tx, database.kind, timeZone, officeHours, web, outbox)),
          {
            timeout: 60_000,
            maxWait: 20_000,
          },
        ),
      ),
  };
}
