import { createDialogEngine } from '../../../src/dialog/engine.js';
import type { PlanDrafts } from '../../../src/dialog/ports.js';
import type { Renderers } from '../../../src/dialog/turn.js';
import type { DialogEngine, InboundEvent, Input } from '../../../src/dialog/types.js';
import type { Role } from '../../../src/domain/plan/plan.js';
import { createInvite } from '../../../src/services/invites.js';
import type { Database } from '../../../src/store/database.js';
import type { DatabaseKind } from '../../../src/store/database-url.js';
import { createDialogStore } from '../../../src/services/dialog-store/index.js';
import { createMigratedDatabase, type TestDatabase } from '../../support/databases.js';
import { DEMO_PLAN_FILE, importPlanFile } from '../../support/plans.js';

/**
 * A real database (migrated, plans imported) with officials linked to Telegram chats, and the real
 * engine over the real Prisma store: what the fault tests drive.
 */

export const TZ = 'Asia/Ho_Chi_Minh';
/** 10 September 2026, 09:00 in Hanoi: Quý III/2026 is open, due 14/09 17:00. */
export const NOW = new Date('2026-09-10T02:00:00Z');

export const DEMO_PLAN = DEMO_PLAN_FILE;
export const OTHER_PLAN = 'tests/fixtures/authorization/an-binh-2026.yaml';

/**
 * The chart and the Excel file are real work (resvg, exceljs) that tells nothing about dialog faults:
 * stand-ins keep the file path of /tiendo exercised at a fraction of the cost.
 */
export const STUB_RENDERERS: Renderers = {
  chart: async () => [new Uint8Array([0x89, 0x50, 0x4e, 0x47])],
  spreadsheet: async () => new Uint8Array([0x50, 0x4b, 0x03, 0x04]),
};

export interface LinkedChat {
  organization: string;
  officialCode: string;
  role: Role;
  name: string;
  chatId: string;
}

export interface World {
  test: TestDatabase & { database: Database };
  engine: DialogEngine;
  chats: LinkedChat[];
  /** an event from this chat (private chat: userId = chatId), with a fresh update key */
  event(chatId: string, input: Input): InboundEvent;
  drop(): Promise<void>;
}

export async function createWorld(options: {
  kind: DatabaseKind;
  plans: string[];
  /** officials to link, by organization code and official code, each to its own chat */
  link: { organization: string; officialCode: string }[];
  nonce: () => string;
  now?: Date;
  /** reads the plan documents administrators send; none: documents are not read */
  drafts?: (database: Database) => PlanDrafts;
}): Promise<World> {
  const now = options.now ?? NOW;
  const test = await createMigratedDatabase(options.kind);
  // Imported on the world's day: only the open period is owed, so /baocao asks no period question.
  for (const path of options.plans) await importPlanFile(test.database.db, path, TZ, now);
  const engine = createDialogEngine({
    store: createDialogStore(test.database, TZ),
    timeZone: TZ,
    defaultLocale: 'vi',
    now: () => now,
    nonce: options.nonce,
    renderers: STUB_RENDERERS,
    ...(options.drafts ? { plans: options.drafts(test.database) } : {}),
  });
  let update = 0;
  const event = (chatId: string, input: Input): InboundEvent => ({
    channel: 'telegram',
    updateKey: `w:${++update}`,
    chatId,
    userId: chatId,
    input,
    receivedAt: now,
  });
  const chats: LinkedChat[] = [];
  for (const [i, wanted] of options.link.entries()) {
    const invite = await createInvite(test.database.db, {
      organizationCode: wanted.organization,
      officialCode: wanted.officialCode,
      days: 7,
      now,
    });
    const chatId = String(70_000 + i);
    const linked = await engine.handle(
      event(chatId, { kind: 'command', command: 'start', args: invite.code }),
    );
    if (linked.replies[0]?.lines[0]?.key !== 'dialog:onboarding.linked')
      throw new Error(`could not link ${wanted.officialCode}`);
    const official = await test.database.db.official.findFirstOrThrow({
      where: { code: wanted.officialCode, organization: { code: wanted.organization } },
    });
    chats.push({
      organization: wanted.organization,
      officialCode: wanted.officialCode,
      role: official.role as Role,
      name: official.name,
      chatId,
    });
  }
  return { test, engine, chats, event, drop: () => test.drop() };
}
