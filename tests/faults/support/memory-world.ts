import { createDialogEngine } from '../../../src/dialog/engine.js';
import type { PlanDrafts, ReportItem } from '../../../src/dialog/ports.js';
import type { UpcomingReminder } from '../../../src/domain/reminders/index.js';
import type { ProgressReportData } from '../../../src/domain/progress/index.js';
import type { Role } from '../../../src/domain/plan/plan.js';
import { createDialogStore } from '../../../src/services/dialog-store/index.js';
import { createMemoryDialogStore, type MemoryDialogStore } from '../../support/memory-dialog-store.js';
import type { FuzzTarget } from './fuzz-driver.js';
import type { Prng } from './prng.js';
import { NOW, STUB_RENDERERS, TZ, type World } from './world.js';

/**
 * What the in-memory store needs to answer like the database: each linked official's indicators, the
 * progress of their organization and their next reminders, read once from a real database.
 */
export interface Snapshot {
  officials: {
    id: string;
    code: string;
    name: string;
    role: Role;
    organizationName: string;
    chatId: string;
    items: Omit<ReportItem, 'current'>[];
    progress: ProgressReportData[];
    upcoming: UpcomingReminder[];
  }[];
  codes: string[];
}

export async function snapshotOf(world: World): Promise<Snapshot> {
  const store = createDialogStore(world.test.database, TZ);
  const officials: Snapshot['officials'] = [];
  for (const chat of world.chats) {
    const official = await world.test.database.db.official.findFirstOrThrow({
      where: { code: chat.officialCode, organization: { code: chat.organization } },
      include: { organization: true },
    });
    const read = await store.transaction(async (repo) => ({
      items: await repo.reportItems(official.id, NOW),
      progress: await repo.progress(official.id, NOW),
      upcoming: await repo.upcomingReminders(official.id, NOW),
    }));
    officials.push({
      id: official.id,
      code: official.code,
      name: official.name,
      role: official.role as Role,
      organizationName: official.organization.name,
      chatId: chat.chatId,
      items: read.items.map(({ current: _current, ...item }) => item),
      progress: read.progress,
      upcoming: read.upcoming,
    });
  }
  const codes = (await world.test.database.db.indicator.findMany({ select: { code: true } })).map(
    (i) => i.code,
  );
  return { officials, codes };
}

/**
 * A fresh in-memory store seeded from the snapshot, with the same engine. `mutations` lets the run
 * change things behind the conversations: an indicator leaves an official, an official is deactivated
 * and comes back.
 */
export function memoryTarget(
  snapshot: Snapshot,
  options: {
    unlinked: string[];
    nonce: () => string;
    mutations: boolean;
    drafts?: PlanDrafts;
    planFiles?: readonly Uint8Array[];
  },
): { target: FuzzTarget; store: MemoryDialogStore } {
  const store = createMemoryDialogStore({ clock: () => NOW });
  for (const official of snapshot.officials) {
    store.addOfficial({
      id: official.id,
      code: official.code,
      name: official.name,
      role: official.role,
      organizationName: official.organizationName,
    });
    store.link({ officialId: official.id, userId: official.chatId });
    store.setItems(official.id, official.items);
    store.progressData.set(official.id, official.progress);
    store.upcoming.set(official.id, official.upcoming);
  }
  const engine = createDialogEngine({
    store,
    timeZone: TZ,
    defaultLocale: 'vi',
    now: () => NOW,
    nonce: options.nonce,
    renderers: STUB_RENDERERS,
    // The real plan reader: it reads the organization of the sender from the database the snapshot came from.
    ...(options.drafts ? { plans: options.drafts } : {}),
  });
  const mutate = (rng: Prng): void => {
    if (!rng.chance(0.002)) return;
    const official = rng.pick(snapshot.officials);
    if (rng.chance(0.5)) {
      const item = official.items.length > 0 ? rng.pick(official.items) : null;
      if (item) store.removeItem(official.id, item.indicatorId);
    } else {
      store.setActive(official.id, !store.officials.find((o) => o.id === official.id)?.active);
    }
  };
  return {
    store,
    target: {
      engine,
      chats: [
        ...snapshot.officials.map((o) => ({ chatId: o.chatId, linked: true })),
        ...options.unlinked.map((chatId) => ({ chatId, linked: false })),
      ],
      readStates: async (chatIds) => new Map(chatIds.map((chatId) => [chatId, store.state(chatId)])),
      codes: snapshot.codes,
      ...(options.planFiles ? { plans: options.planFiles } : {}),
      ...(options.mutations ? { mutate } : {}),
    },
  };
}
