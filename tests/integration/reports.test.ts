import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addReport, listReports, type ReportInput } from '../../src/services/reports.js';
import type { Db } from '../../src/store/database.js';
import { availableBackends, createMigratedDatabase, type TestDatabase } from '../support/databases.js';
import { importPlanFile } from '../support/plans.js';

const backends = await availableBackends();

describe.each(backends)('reports on %s', (kind) => {
  let test: TestDatabase & { database: { db: Db } };
  let db: Db;
  const base = {
    officialCode: 'tckt',
    indicatorCode: 'NS01',
    periodKey: '2026-Q3',
    channel: 'cli',
    today: '2026-09-01',
  } as const;
  const report = (input: Partial<ReportInput> & { valueText: string }) =>
    addReport(db, { ...base, ...input });

  beforeAll(async () => {
    test = await createMigratedDatabase(kind);
    db = test.database.db;
    await importPlanFile(db);
  });
  afterAll(async () => test?.drop());

  it('stores a Vietnamese number exactly, as text', async () => {
    const outcome = await report({ valueText: '8.540,5', note: 'Ước tính' });
    expect(outcome).toMatchObject({ status: 'created', revision: 1, value: '8540.5' });
    const stored = await db.report.findUniqueOrThrow({ where: { id: outcome.reportId } });
    expect(stored.value).toBe('8540.5');
    expect(stored.note).toBe('Ước tính');
  });

  it('a correction appends a revision and keeps the history; the same value again writes nothing', async () => {
    const corrected = await report({ valueText: '8,54 tỷ' }); // into "triệu đồng": 8540
    expect(corrected).toMatchObject({ status: 'revised', revision: 2, value: '8540' });
    const again = await report({ valueText: '8.540' });
    expect(again).toMatchObject({ status: 'unchanged', revision: 2 });
    const revisions = await db.reportRevision.findMany({
      where: { reportId: corrected.reportId },
      orderBy: { revision: 'asc' },
    });
    expect(revisions.map((r) => [r.revision, r.value, r.note])).toEqual([
      [1, '8540.5', 'Ước tính'],
      [2, '8540', 'Ước tính'],
    ]);
    const history = await listReports(db, { today: base.today, history: true, officialCode: 'tckt' });
    expect(history.map((r) => r.value)).toEqual(['8540.5', '8540']);
    const current = await listReports(db, { today: base.today, officialCode: 'tckt' });
    expect(current.map((r) => [r.period, r.indicator, r.value, r.revision])).toEqual([
      ['2026-Q3', 'NS01', '8540', 2],
    ]);
  });

  it('keeps exact values far beyond binary floating point', async () => {
    const outcome = await report({ periodKey: '2026-Q2', valueText: '123.456.789.012.345,6789' });
    expect((await db.report.findUniqueOrThrow({ where: { id: outcome.reportId } })).value).toBe(
      '123456789012345.6789',
    );
  });

  it('records a boolean indicator as đạt / chưa đạt', async () => {
    const outcome = await report({ officialCode: 'ct', indicatorCode: 'QP02', valueText: 'Đạt' });
    expect(outcome.value).toBe('1');
    expect((await report({ officialCode: 'ct', indicatorCode: 'QP02', valueText: 'chưa đạt' })).value).toBe(
      '0',
    );
  });

  it.each([
    [{ valueText: 'mười' }, 'numbers:error.not_a_number'],
    [{ valueText: '1.2.3' }, 'numbers:error.bad_grouping'],
    [{ valueText: '' }, 'numbers:error.empty'],
    [{ valueText: '5 tấn' }, 'numbers:error.unit_mismatch'],
    [{ valueText: '5', periodKey: '2026-Q9' }, 'report:error.unknown_period'],
    [{ valueText: '5', indicatorCode: 'NOPE' }, 'report:error.unknown_indicator'],
    [{ valueText: '5', officialCode: 'nobody' }, 'report:error.unknown_official'],
    [{ valueText: '5', officialCode: 'vhxh' }, 'report:error.not_assigned'],
    [{ valueText: 'có lẽ', officialCode: 'ct', indicatorCode: 'QP02' }, 'report:error.boolean_answer'],
    [{ valueText: '5', note: 'x'.repeat(1001) }, 'report:error.note_too_long'],
  ])('refuses %j with %s and stores nothing', async (input, key) => {
    const before = await db.reportRevision.count();
    await expect(report(input)).rejects.toMatchObject({ key });
    expect(await db.reportRevision.count()).toBe(before);
  });

  it('keeps one report per official, indicator and period when answers race', async () => {
    const values = ['1.000', '2.000', '3.000', '4.000', '5.000'];
    const results = await Promise.allSettled(
      values.map((v) => report({ periodKey: '2026-Q1', valueText: v })),
    );
    expect(results.map((r) => r.status)).toEqual(values.map(() => 'fulfilled'));
    const reports = await db.report.findMany({
      where: { period: { key: '2026-Q1' }, indicator: { code: 'NS01' } },
      include: { revisions: true },
    });
    expect(reports).toHaveLength(1);
    const [only] = reports;
    // The head always equals its newest revision, whatever interleaving happened.
    const newest = only!.revisions.reduce((a, b) => (a.revision > b.revision ? a : b));
    expect(only!.value).toBe(newest.value);
    expect(only!.revision).toBe(newest.revision);
    expect(only!.revisions.map((r) => r.revision).sort()).toEqual([1, 2, 3, 4, 5]);
  });
});
