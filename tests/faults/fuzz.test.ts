import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PlanDrafts } from '../../src/dialog/ports.js';
import { NOTE_MAX } from '../../src/dialog/reporting.js';
import { stateSchema } from '../../src/dialog/state.js';
import {
  fromCanonical,
  MAX_FRACTION_DIGITS,
  MAX_INTEGER_DIGITS,
  toCanonical,
} from '../../src/domain/numbers/index.js';
import { createI18n } from '../../src/i18n.js';
import { createPlanDrafts } from '../../src/services/plan-drafts.js';
import { sized } from '../support/test-size.js';
import { newStats, runFuzz, type FuzzStats } from './support/fuzz-driver.js';
import { memoryTarget, snapshotOf, type Snapshot } from './support/memory-world.js';
import { fuzzSeed, Prng } from './support/prng.js';
import { createReplyChecker } from './support/telegram-check.js';
import { createWorld, DEMO_PLAN, OTHER_PLAN, TZ, type World } from './support/world.js';

/**
 * Issue 8: a fuzz run of random and hostile inputs across every dialog state. No event may throw, every
 * reply must be a message Telegram accepts, every stored state must parse, and nothing invalid may be
 * stored. Deterministic: a failure prints its seed; `TIENDO_FUZZ_SEED=<seed> npx vitest run
 * tests/faults/fuzz.test.ts` replays it.
 *
 * Where the events run: the real Prisma store on SQLite costs several milliseconds an event, so
 * SQLITE_EVENTS of them run there (both organizations, the demo plan and a second one), and the bulk,
 * MEMORY_SESSIONS × MEMORY_EVENTS, on the in-memory store (tests/support/memory-dialog-store.ts) with the
 * same engine, seeded from that database's indicators, progress and reminders. The in-memory runs also
 * change things mid-conversation (an indicator leaves an official, an official is deactivated).
 *
 * How many: 100,000 events (10,000 on SQLite) with TIENDO_TEST_SIZE=full, as issue 8 asked; fewer by
 * default, sized to finish well within the timeout on a loaded machine (tests/support/test-size.ts).
 */

const BASE_SEED = fuzzSeed(20_261_123);
const SQLITE_EVENTS = sized({ quick: 2_500, full: 10_000 });
const MEMORY_SESSIONS = sized({ quick: 30, full: 100 });
const MEMORY_EVENTS = sized({ quick: 500, full: 900 });

const LINKED = [
  { organization: 'quang-trung', officialCode: 'ct' },
  { organization: 'quang-trung', officialCode: 'pct' },
  { organization: 'quang-trung', officialCode: 'vp' },
  { organization: 'quang-trung', officialCode: 'ktnn' },
  { organization: 'quang-trung', officialCode: 'tckt' },
  { organization: 'quang-trung', officialCode: 'vhxh' },
  { organization: 'an-binh', officialCode: 'ab-ct' },
  { organization: 'an-binh', officialCode: 'ab-dt' },
];
const UNLINKED = ['80001', '80002'];

/** States every run must have reached, or it tested less than it claims. */
const EXPECTED_STATES = [
  'idle',
  'reporting:value',
  'reporting:confirm',
  'reporting:note',
  'reporting:value:correcting',
  'picking',
  'progress',
  'reminders',
  'language',
  'plan_review',
];
/**
 * Plans officials send as documents, besides hostile files: each organization's own, so a draft is also
 * shown to the wrong one, and a real plan document, which alone makes a draft now that a text without a
 * plan's title and targets is refused as not a plan.
 */
const PLAN_DOCUMENT = 'tests/fixtures/plan-extraction/seeds/ke-hoach-thi-xa-nga-nam-2023.txt';
const PLAN_FILES = [DEMO_PLAN, OTHER_PLAN, PLAN_DOCUMENT].map((path) => new Uint8Array(readFileSync(path)));

const checker = createReplyChecker();
const rejections: unknown[] = [];
const onRejection = (reason: unknown): void => void rejections.push(reason);

function nonces(prefix: string): () => string {
  let counter = 0;
  // As short as production's (4 characters of base64url), unique within the run.
  return () => `${prefix}${(++counter).toString(36)}`;
}

/** What a stored report must be, whatever was typed: the problems, empty when valid. */
function reportProblems(
  report: { value: string; note: string | null; revision: number; measure: string },
  revisions: { revision: number; value: string; note: string | null }[],
): string[] {
  const problems: string[] = [];
  const where = `report ${JSON.stringify({ value: report.value, note: report.note?.slice(0, 60) })}`;
  try {
    const value = fromCanonical(report.value);
    if (toCanonical(value) !== report.value) problems.push(`${where}: not canonical`);
    const [int = '', frac = ''] = report.value.replace('-', '').split('.');
    if ((int === '0' ? 0 : int.length) > MAX_INTEGER_DIGITS || frac.length > MAX_FRACTION_DIGITS)
      problems.push(`${where}: beyond what the dialog accepts`);
  } catch {
    problems.push(`${where}: not a canonical decimal`);
  }
  if (report.measure === 'boolean' && report.value !== '0' && report.value !== '1')
    problems.push(`${where}: a boolean holds ${report.value}`);
  if (
    report.note !== null &&
    (report.note.length > NOTE_MAX || report.note.trim() === '' || report.note !== report.note.trim())
  ) {
    problems.push(`${where}: note of ${report.note.length} characters, untrimmed or blank`);
  }
  const numbers = revisions.map((r) => r.revision).sort((a, b) => a - b);
  if (numbers.join() !== Array.from({ length: report.revision }, (_, i) => i + 1).join())
    problems.push(`${where}: revisions ${numbers.join()} for revision ${report.revision}`);
  const last = revisions.find((r) => r.revision === report.revision);
  if (!last || last.value !== report.value || last.note !== report.note)
    problems.push(`${where}: its latest revision differs`);
  for (const revision of revisions) {
    try {
      fromCanonical(revision.value);
    } catch {
      problems.push(`${where}: revision ${revision.revision} holds ${JSON.stringify(revision.value)}`);
    }
  }
  return problems;
}

/** Answers every run must have given. The note step is rare on the short SQLite run: its length limit is checked in memory. */
const EXPECTED_KEYS = [
  'dialog:stale',
  'dialog:warning.check',
  'dialog:report.saved',
  'dialog:onboarding.unregistered',
  'dialog:unknown_command',
  'dialog:plan.edited_title',
  'dialog:plan.not_allowed',
];

function expectCoverage(stats: FuzzStats, extraKeys: string[] = []): void {
  for (const state of EXPECTED_STATES)
    expect(stats.states[state] ?? 0, `state ${state} never reached`).toBeGreaterThan(0);
  for (const key of [...EXPECTED_KEYS, ...extraKeys]) {
    expect(stats.keys.has(key), `${key} never answered`).toBe(true);
  }
}

beforeAll(() => {
  process.on('unhandledRejection', onRejection);
});
afterAll(() => {
  process.off('unhandledRejection', onRejection);
});

describe('fuzzing the dialog', () => {
  let world: World;
  let snapshot: Snapshot;
  let drafts: PlanDrafts;
  const sqliteStats = newStats();
  const memoryStats = newStats();

  beforeAll(async () => {
    world = await createWorld({
      kind: 'sqlite',
      plans: [DEMO_PLAN, OTHER_PLAN],
      link: LINKED,
      nonce: nonces('s'),
      drafts: (database) =>
        (drafts = createPlanDrafts(database, { i18n: createI18n('vi'), timeZone: TZ, defaultLocale: 'vi' })),
    });
    snapshot = await snapshotOf(world);
  });
  afterAll(async () => world?.drop());

  it(`survives ${SQLITE_EVENTS} hostile events on the real store (SQLite), and stores nothing invalid`, async () => {
    const { db } = world.test.database;
    const target = {
      engine: world.engine,
      chats: [
        ...world.chats.map((c) => ({ chatId: c.chatId, linked: true })),
        ...UNLINKED.map((chatId) => ({ chatId, linked: false })),
      ],
      readStates: async (chatIds: string[]) => {
        const rows = await db.conversation.findMany({
          where: { channel: 'telegram', chatId: { in: chatIds } },
        });
        return new Map(
          chatIds.map((chatId) => [chatId, rows.find((row) => row.chatId === chatId)?.state ?? null]),
        );
      },
      codes: snapshot.codes,
      plans: PLAN_FILES,
    };
    const processedBefore = await db.processedUpdate.count();
    await runFuzz(target, {
      rng: new Prng(BASE_SEED),
      events: SQLITE_EVENTS,
      label: 'sqlite',
      checker,
      stats: sqliteStats,
      checkStaleUnchanged: true,
    });
    console.info(`fuzz on SQLite: ${JSON.stringify({ ...sqliteStats, keys: sqliteStats.keys.size })}`);
    expect(sqliteStats.events).toBe(SQLITE_EVENTS);
    expectCoverage(sqliteStats);

    // Every new update claimed exactly once, redeliveries not at all.
    expect(await db.processedUpdate.count()).toBe(processedBefore + SQLITE_EVENTS - sqliteStats.redeliveries);
    const reports = await db.report.findMany({
      include: { revisions: true, indicator: { include: { campaign: true } }, official: true, period: true },
    });
    expect(reports.length).toBeGreaterThan(0);
    const problems: string[] = [];
    for (const report of reports) {
      problems.push(...reportProblems({ ...report, measure: report.indicator.measure }, report.revisions));
      const assigned = await db.assignment.findUnique({
        where: { indicatorId_officialId: { indicatorId: report.indicatorId, officialId: report.officialId } },
      });
      if (!assigned)
        problems.push(
          `${report.official.code} holds a report on ${report.indicator.code}, not assigned to them`,
        );
      if (report.indicator.campaign.organizationId !== report.official.organizationId)
        problems.push(`${report.official.code} reported for another organization`);
      if (report.period.campaignId !== report.indicator.campaignId)
        problems.push(`report on ${report.indicator.code} in a period of another campaign`);
    }
    for (const conversation of await db.conversation.findMany()) {
      if (!stateSchema.safeParse(JSON.parse(conversation.state)).success)
        problems.push(`conversation ${conversation.chatId}: ${conversation.state}`);
      if (UNLINKED.includes(conversation.chatId))
        problems.push(`unlinked chat ${conversation.chatId} has a conversation`);
    }
    expect(problems, `seed ${BASE_SEED}`).toEqual([]);
  });

  it(`survives ${MEMORY_SESSIONS} × ${MEMORY_EVENTS} hostile events on the in-memory store`, async () => {
    const problems: string[] = [];
    for (let session = 0; session < MEMORY_SESSIONS; session++) {
      const seed = BASE_SEED + 1 + session;
      // Half the sessions change the plan and the officials mid-conversation; the others check that a stale press changes nothing.
      const mutations = session % 2 === 1;
      const { target, store } = memoryTarget(snapshot, {
        unlinked: UNLINKED,
        nonce: nonces(`m${session.toString(36)}`),
        mutations,
        drafts,
        planFiles: PLAN_FILES,
      });
      await runFuzz(target, {
        rng: new Prng(seed),
        events: MEMORY_EVENTS,
        label: `memory-${session}`,
        checker,
        stats: memoryStats,
        checkStaleUnchanged: !mutations,
      });
      const measureOf = new Map(
        snapshot.officials.flatMap((o) => o.items.map((i) => [i.indicatorId, i.measure] as const)),
      );
      const assignedTo = new Map(
        snapshot.officials.map((o) => [o.id, new Set(o.items.map((i) => i.indicatorId))]),
      );
      for (const report of store.reports) {
        problems.push(
          ...reportProblems(
            { ...report, measure: measureOf.get(report.indicatorId) ?? '?' },
            report.revisions,
          ).map((p) => `seed ${seed}: ${p}`),
        );
        if (!assignedTo.get(report.officialId)?.has(report.indicatorId))
          problems.push(`seed ${seed}: a report on an indicator never assigned`);
      }
      for (const [key, state] of Object.entries(store.conversations)) {
        if (!stateSchema.safeParse(JSON.parse(state)).success)
          problems.push(`seed ${seed}: conversation ${key}: ${state}`);
      }
    }
    console.info(`fuzz in memory: ${JSON.stringify({ ...memoryStats, keys: memoryStats.keys.size })}`);
    expect(problems).toEqual([]);
    expect(memoryStats.events).toBe(MEMORY_SESSIONS * MEMORY_EVENTS);
    expectCoverage(memoryStats, [
      'dialog:report.note.too_long',
      'dialog:plan.draft_title',
      'dialog:plan.imported',
    ]);
  });

  it(`ran ${SQLITE_EVENTS + MEMORY_SESSIONS * MEMORY_EVENTS} events in all, with no unhandled rejection`, () => {
    expect(sqliteStats.events + memoryStats.events).toBe(SQLITE_EVENTS + MEMORY_SESSIONS * MEMORY_EVENTS);
    expect(sqliteStats.events).toBe(SQLITE_EVENTS);
    expect(rejections).toEqual([]);
  });
});
