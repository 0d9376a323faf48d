import type { Role } from '../../src/domain/plan/plan.js';
import type { DatabaseKind } from '../../src/store/database-url.js';
// The one place this suite names the real store: by its factory, whatever file it lives in.
import { createDialogStore } from '../../src/services/dialog-store/index.js';
import { createInvite, generateInviteCode } from '../../src/services/invites.js';
import { availableBackends, createMigratedDatabase } from '../support/databases.js';
import {
  describeDialogRepositoryContract,
  NOW,
  type ContractWorld,
} from '../support/dialog-repository-contract.js';
import { createMemoryDialogStore } from '../support/memory-dialog-store.js';
import { importPlanFile } from '../support/plans.js';

const TZ = 'Asia/Ho_Chi_Minh';
const DAY_MS = 86_400_000;

/** The Prisma store on a migrated database holding the demo plan. */
async function databaseWorld(kind: DatabaseKind): Promise<ContractWorld> {
  const test = await createMigratedDatabase(kind);
  const { db } = test.database;
  await importPlanFile(db, undefined, TZ);
  const officials = new Map((await db.official.findMany()).map((o) => [o.code, o.id]));
  const officialId = (code: string): string => {
    const id = officials.get(code);
    if (!id) throw new Error(`no official ${code} in the demo plan`);
    return id;
  };
  return {
    store: createDialogStore(test.database, TZ),
    officialId,
    invite: async (officialCode, days = 7) => (await createInvite(db, { officialCode, days, now: NOW })).code,
    deactivate: async (code) =>
      void (await db.official.updateMany({ where: { code }, data: { active: false } })),
    unassign: async (officialCode, indicatorCode) =>
      void (await db.assignment.deleteMany({
        where: { official: { code: officialCode }, indicator: { code: indicatorCode } },
      })),
    close: () => test.drop(),
  };
}

/**
 * The in-memory fake, seeded as the unit tests and the fuzzer seed it: with what the real store reads
 * for each official of the demo plan (their indicators, reminders and progress), read once from SQLite.
 */
async function memoryWorld(): Promise<ContractWorld> {
  const test = await createMigratedDatabase('sqlite');
  await importPlanFile(test.database.db, undefined, TZ);
  const real = createDialogStore(test.database, TZ);
  const store = createMemoryDialogStore({ clock: () => NOW });
  const officials = await test.database.db.official.findMany({ include: { organization: true } });
  for (const official of officials) {
    store.addOfficial({
      id: official.id,
      code: official.code,
      name: official.name,
      role: official.role as Role,
      organizationName: official.organization.name,
      organizationCode: official.organization.code,
    });
    const read = await real.transaction(async (r) => ({
      items: await r.reportItems(official.id, NOW),
      upcoming: await r.upcomingReminders(official.id, NOW),
      progress: await r.progress(official.id, NOW),
    }));
    store.setItems(official.id, read.items);
    store.upcoming.set(official.id, read.upcoming);
    store.progressData.set(official.id, read.progress);
  }
  await test.drop();
  const byCode = new Map(officials.map((o) => [o.code, o]));
  const officialId = (code: string): string => {
    const official = byCode.get(code);
    if (!official) throw new Error(`no official ${code} in the demo plan`);
    return official.id;
  };
  return {
    store,
    officialId,
    invite: async (officialCode, days = 7) => {
      const code = generateInviteCode();
      store.addInvite({
        code,
        officialId: officialId(officialCode),
        expiresAt: new Date(NOW.getTime() + days * DAY_MS),
      });
      return code;
    },
    deactivate: async (code) => store.setActive(officialId(code), false),
    unassign: async (officialCode, indicatorCode) => {
      const item = store.itemsOf(officialId(officialCode)).find((i) => i.code === indicatorCode);
      if (item) store.removeItem(officialId(officialCode), item.indicatorId);
    },
    close: async () => undefined,
  };
}

describeDialogRepositoryContract('the in-memory fake', memoryWorld);
for (const kind of await availableBackends())
  describeDialogRepositoryContract(`the Prisma store on ${kind}`, () => databaseWorld(kind));
