import { randomBytes } from 'node:crypto';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createDialogEngine } from '../../src/dialog/engine.js';
import type { DialogEngine, DialogResult, Input } from '../../src/dialog/types.js';
import { createI18n } from '../../src/i18n.js';
import { createInvite } from '../../src/services/invites.js';
import type { Database } from '../../src/store/database.js';
import { createDialogStore } from '../../src/services/dialog-store/index.js';
import { availableBackends, createMigratedDatabase, type TestDatabase } from '../support/databases.js';
import { importPlanFile, loadPlan } from '../support/plans.js';
import { importPlan } from '../../src/services/plan-import.js';
import { campaignProgress } from '../../src/services/progress.js';

/** `/baocao Q2`: a late quarter, reported through the engine and the real store, on both databases. */
const TZ = 'Asia/Ho_Chi_Minh';
/** 10 September 2026 09:00 in Hanoi: Quý III/2026 of the demo plan is open, Quý II long overdue. */
const NOW = new Date('2026-09-10T02:00:00Z');
const backends = await availableBackends();
const i18n = createI18n('vi');

describe.each(backends)('a late quarter named after /baocao on %s', (kind) => {
  let test: TestDatabase & { database: Database };
  let engine: DialogEngine;
  let update = 0;

  beforeAll(async () => {
    test = await createMigratedDatabase(kind);
    await importPlanFile(test.database.db);
    engine = createDialogEngine({
      store: createDialogStore(test.database, TZ),
      timeZone: TZ,
      defaultLocale: 'vi',
      now: () => NOW,
      nonce: () => randomBytes(3).toString('base64url'),
    });
  });
  afterAll(async () => test?.drop());

  const send = (input: Input): Promise<DialogResult> =>
    engine.handle({
      channel: 'zalo',
      updateKey: `z:${++update}`,
      chatId: 'z7101',
      userId: 'z7101',
      input,
      receivedAt: NOW,
    });
  const rendered = (result: DialogResult) =>
    result.replies.flatMap((r) => r.lines.map((l) => i18n.render(l, 'vi'))).join('\n');

  it('reports Quý II with "/baocao quý II" and refuses Quý IV, not started', async () => {
    const { code } = await createInvite(test.database.db, { officialCode: 'vhxh', days: 7, now: new Date() });
    await send({ kind: 'command', command: 'dangky', args: code });
    expect(rendered(await send({ kind: 'command', command: 'baocao', args: 'Q4' }))).toContain(
      'Kỳ «Q4» chưa bắt đầu',
    );
    const start = await send({ kind: 'command', command: 'baocao', args: 'quý II' });
    expect(rendered(start)).toContain('Quý II/2026 — hạn');
    await send({ kind: 'text', text: '1. 120; 2. 0,3' });
    await send({ kind: 'text', text: '1' });
    const reports = await test.database.db.report.findMany({ include: { indicator: true, period: true } });
    expect(reports.map((r) => [r.indicator.code, r.period.key, r.value]).sort()).toEqual([
      ['XH01', '2026-Q2', '120'],
      ['XH02', '2026-Q2', '0.3'],
    ]);
  });
});

/** A plan imported mid-year: who is late for what (domain/indicators/owed.ts), on both databases. */
describe.each(backends)('a plan imported mid-year on %s', (kind) => {
  const JULY = new Date('2026-07-20T02:00:00Z');
  const AUGUST = new Date('2026-08-03T02:00:00Z');
  let test: TestDatabase & { database: Database };
  beforeEach(async () => {
    test = await createMigratedDatabase(kind);
  });
  afterEach(async () => test?.drop());

  const lateAt = async (at: Date) => {
    const data = await campaignProgress(test.database.db, { today: '2026-09-10', at, timeZone: TZ });
    return {
      period: data.progress.late?.period.key ?? null,
      officials: (data.progress.late?.officials ?? []).map((o) => [o.code, o.missing]),
    };
  };
  const duePeriods = (officialCode: string) =>
    createDialogStore(test.database, TZ).transaction(async (repo) => {
      const official = await test.database.db.official.findFirstOrThrow({ where: { code: officialCode } });
      return (await repo.duePeriods(official.id, NOW)).map((p) => p.periodName.params?.roman);
    });

  it('names nobody late for a quarter due before the import, and asks only the open one', async () => {
    await importPlan(test.database.db, loadPlan(), { timeZone: TZ, now: JULY });
    const assignments = await test.database.db.assignment.findMany();
    expect(assignments.every((a) => a.assignedAt?.getTime() === JULY.getTime())).toBe(true);
    expect(await lateAt(NOW)).toEqual({ period: null, officials: [] });
    expect(await duePeriods('vhxh')).toEqual(['III']);
  });

  it('with reporting_start, names the late quarter and asks which period; a later assignee is not late', async () => {
    const plan = loadPlan();
    const fromJanuary = { ...plan, campaign: { ...plan.campaign, reportingStart: '2026-01-01' } };
    await importPlan(test.database.db, fromJanuary, { timeZone: TZ, now: JULY });
    const late = await lateAt(NOW);
    expect(late.period).toBe('2026-Q2');
    expect(late.officials).toContainEqual(['vhxh', expect.arrayContaining(['XH01', 'XH02'])]);
    expect(await duePeriods('vhxh')).toEqual(['I', 'II', 'III']);
    // XH01 given to the vice-chairman too in August: owed from then, so not late for Quý II.
    const shared = {
      ...fromJanuary,
      indicators: fromJanuary.indicators.map((i) =>
        i.code === 'XH01' ? { ...i, assignees: [...i.assignees, 'pct'] } : i,
      ),
    };
    await importPlan(test.database.db, shared, { timeZone: TZ, now: AUGUST });
    const dates = await test.database.db.assignment.findMany({
      where: { indicator: { code: 'XH01' } },
      include: { official: true },
    });
    expect(Object.fromEntries(dates.map((a) => [a.official.code, a.assignedAt?.toISOString()]))).toEqual({
      vhxh: JULY.toISOString(),
      pct: AUGUST.toISOString(),
    });
    // The vice-chairman is late for QP01 (theirs since the first import, owed from January), not XH01.
    expect((await lateAt(NOW)).officials).toContainEqual(['pct', ['QP01']]);
  });
});
