import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Measure } from '../../src/domain/plan/plan.js';
import { actOnApproval } from '../../src/services/approval.js';
import { UserError } from '../../src/services/errors.js';
import { recordRevisions, type BatchAnswer } from '../../src/services/report-batch.js';
import { recordRevision } from '../../src/services/reports.js';
import type { Db } from '../../src/store/database.js';
import { availableBackends, createMigratedDatabase, type TestDatabase } from '../support/databases.js';
import { importPlanFile } from '../support/plans.js';

/**
 * The batch writer (services/report-batch.ts: the web form's save, the chat's batch answer) against the
 * one-answer writer it replaces for them (recordRevision): the same steps on two databases, one written
 * answer by answer, the other in batches, must end with the same reports and revisions, and the same
 * outcomes; a stale or locked batch stores nothing.
 */

const backends = await availableBackends();

interface Step {
  code: string;
  period?: string;
  value: string;
  note?: string | null;
}

/** Each batch as the web form and the chat send them: values, notes given, kept, cleared. */
const BATCHES: Step[][] = [
  [
    { code: 'XH01', value: '150', note: 'ước tính' },
    { code: 'XH02', value: '0.3' },
    { code: 'XH05', value: '12', note: null },
  ],
  [
    // value changed, note kept (undefined) / note changed, same value / the very same / note cleared by blanks
    { code: 'XH01', value: '155' },
    { code: 'XH02', value: '0.3', note: 'đã rà soát' },
    { code: 'XH05', value: '12', note: null },
    { code: 'XH01', period: '2026-Q2', value: '140', note: '  quý trước  ' },
  ],
  [
    { code: 'XH01', value: '155', note: '   ' },
    { code: 'XH02', value: '0.4', note: null },
    { code: 'XH05', value: '13', note: 'mới' },
  ],
];

type World = { test: TestDatabase; db: Db; officialId: string; periods: Map<string, string> };

async function world(kind: 'sqlite' | 'postgres'): Promise<World> {
  const test = await createMigratedDatabase(kind);
  const { db } = test.database;
  await importPlanFile(db);
  const official = await db.official.findFirstOrThrow({ where: { code: 'vhxh' } });
  const periods = new Map((await db.period.findMany()).map((p) => [p.key, p.id]));
  return { test, db, officialId: official.id, periods };
}

async function answersOf(w: World, steps: Step[]): Promise<BatchAnswer[]> {
  const indicators = await w.db.indicator.findMany({ where: { code: { in: steps.map((s) => s.code) } } });
  return steps.map((step) => {
    const indicator = indicators.find((i) => i.code === step.code);
    const periodId = w.periods.get(step.period ?? '2026-Q3');
    if (!indicator || !periodId) throw new Error(`no ${step.code} ${step.period ?? ''} in the demo plan`);
    return {
      indicator: { id: indicator.id, unit: indicator.unit },
      periodId,
      value: step.value,
      note: step.note,
      measure: indicator.measure as Measure,
    };
  });
}

/** Everything stored about the official's answers, without ids or times. */
async function snapshot(w: World) {
  const reports = await w.db.report.findMany({
    where: { officialId: w.officialId },
    include: { indicator: true, period: true, revisions: { orderBy: { revision: 'asc' } } },
  });
  return reports
    .map((r) => ({
      at: `${r.indicator.code} ${r.period.key}`,
      value: r.value,
      note: r.note,
      revision: r.revision,
      revisions: r.revisions.map((v) => [v.revision, v.value, v.note, v.channel]),
    }))
    .sort((a, b) => a.at.localeCompare(b.at));
}

async function refusal(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof UserError) return error.key;
    throw error;
  }
  throw new Error('expected a refusal');
}

describe.each(backends)('many answers at once on %s', (kind) => {
  let one: World;
  let batch: World;

  beforeAll(async () => {
    [one, batch] = await Promise.all([world(kind), world(kind)]);
  });
  afterAll(async () => {
    await one?.test.drop();
    await batch?.test.drop();
  });

  it('stores what answer-by-answer stores: values, notes, revisions, outcomes', async () => {
    for (const steps of BATCHES) {
      const singles = await answersOf(one, steps);
      const expected = await one.db.$transaction(async (tx) => {
        const outcomes = [];
        for (const a of singles)
          outcomes.push(
            await recordRevision(tx, {
              indicator: a.indicator,
              period: { id: a.periodId },
              official: { id: one.officialId },
              value: a.value,
              note: a.note,
              channel: 'web',
              measure: a.measure,
            }),
          );
        return outcomes;
      });
      const answers = await answersOf(batch, steps);
      const got = await batch.db.$transaction((tx) =>
        recordRevisions(tx, { officialId: batch.officialId, channel: 'web', whenLocked: 'refuse', answers }),
      );
      const shape = (o: { status: string; revision?: number; value?: string }) => [
        o.status,
        o.revision,
        o.value,
      ];
      expect(got.map(shape)).toEqual(expected.map(shape));
    }
    const stored = await snapshot(batch);
    expect(stored).toEqual(await snapshot(one));
    // What the steps above must have led to, spelled out once.
    expect(stored.find((r) => r.at === 'XH01 2026-Q3')).toEqual({
      at: 'XH01 2026-Q3',
      value: '155',
      note: null,
      revision: 3,
      revisions: [
        [1, '150', 'ước tính', 'web'],
        [2, '155', 'ước tính', 'web'],
        [3, '155', null, 'web'],
      ],
    });
    expect(stored.find((r) => r.at === 'XH01 2026-Q2')?.note).toBe('quý trước');
    expect(stored.find((r) => r.at === 'XH05 2026-Q3')?.revision).toBe(2);
  });

  it('the same indicator twice in one batch: two revisions, in order', async () => {
    const answers = await answersOf(batch, [
      { code: 'XH05', value: '20' },
      { code: 'XH05', value: '21', note: 'sửa lại' },
    ]);
    const outcomes = await batch.db.$transaction((tx) =>
      recordRevisions(tx, {
        officialId: batch.officialId,
        channel: 'telegram',
        whenLocked: 'refuse',
        answers,
      }),
    );
    expect(outcomes.map((o) => o.status)).toEqual(['revised', 'revised']);
    const xh05 = (await snapshot(batch)).find((r) => r.at === 'XH05 2026-Q3');
    expect(xh05?.revisions.slice(-2)).toEqual([
      [3, '20', 'mới', 'telegram'],
      [4, '21', 'sửa lại', 'telegram'],
    ]);
  });

  it('refuses a stale batch whole: a revision other than the one seen, a report created or corrected since', async () => {
    const before = await snapshot(batch);
    const write = (answers: BatchAnswer[]) =>
      batch.db.$transaction((tx) =>
        recordRevisions(tx, { officialId: batch.officialId, channel: 'web', whenLocked: 'refuse', answers }),
      );
    const [xh01, xh02, fresh] = await answersOf(batch, [
      { code: 'XH01', value: '999' },
      { code: 'XH02', value: '0.9' },
      { code: 'XH03', value: '7' },
    ]);
    if (!xh01 || !xh02 || !fresh) throw new Error('answers');
    const stored = async (a: BatchAnswer) => {
      const r = await batch.db.report.findFirstOrThrow({
        where: { officialId: batch.officialId, indicatorId: a.indicator.id, periodId: a.periodId },
      });
      return { id: r.id, value: r.value, note: r.note, revision: r.revision };
    };
    const seen02 = await stored(xh02);
    // The page showed revision 2, the report is at 3 now.
    expect(await refusal(write([{ ...xh01, expectedRevision: 2 }, fresh]))).toBe(
      'report:error.concurrent_change',
    );
    // Seen before someone corrected it: the guarded update matches nothing.
    expect(
      await refusal(write([fresh, { ...xh02, seen: { ...seen02, revision: seen02.revision - 1 } }])),
    ).toBe('report:error.concurrent_change');
    // Seen as missing, but there it is: the insert conflicts.
    expect(
      await refusal(
        write([
          { ...fresh, seen: null },
          { ...xh01, seen: null },
        ]),
      ),
    ).toBe('report:error.concurrent_change');
    expect(await snapshot(batch)).toEqual(before);
    // The same with what is really stored passes.
    const ok = await write([
      { ...xh02, seen: seen02, expectedRevision: seen02.revision },
      { ...fresh, seen: null },
    ]);
    expect(ok.map((o) => o.status)).toEqual(['revised', 'created']);
  });

  it('an approved period: the form refuses everything, the chat stores the other periods', async () => {
    const routing = { served: [], preference: 'last_used', defaultLocale: 'vi', now: new Date() } as const;
    for (const [actorCode, action] of [
      ['vp', 'check'],
      ['ct', 'approve'],
    ] as const)
      await actOnApproval(
        batch.db,
        { periodKey: '2026-Q2', today: '2026-09-20', actorCode, action },
        routing,
      );
    const before = await snapshot(batch);
    const answers = await answersOf(batch, [
      { code: 'XH02', value: '0.5' },
      { code: 'XH01', period: '2026-Q2', value: '141' },
    ]);
    const write = (whenLocked: 'refuse' | 'skip') =>
      batch.db.$transaction((tx) =>
        recordRevisions(tx, { officialId: batch.officialId, channel: 'zalo', whenLocked, answers }),
      );
    expect(await refusal(write('refuse'))).toBe('approval:error.locked');
    expect(await snapshot(batch)).toEqual(before);
    expect((await write('skip')).map((o) => o.status)).toEqual(['revised', 'locked']);
    const after = await snapshot(batch);
    expect(after.find((r) => r.at === 'XH01 2026-Q2')).toEqual(before.find((r) => r.at === 'XH01 2026-Q2'));
    expect(after.find((r) => r.at === 'XH02 2026-Q3')?.value).toBe('0.5');
  });
});
