import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Plan } from '../../src/domain/plan/plan.js';
import { ensureDefaultHolidays } from '../../src/services/holidays.js';
import { parsePlanText } from '../../src/services/plan-file.js';
import { importPlan } from '../../src/services/plan-import.js';
import { showPlan } from '../../src/services/plan-query.js';
import { addReport } from '../../src/services/reports.js';
import type { Db } from '../../src/store/database.js';
import { availableBackends, createMigratedDatabase, type TestDatabase } from '../support/databases.js';

const TZ = 'Asia/Ho_Chi_Minh';
const EXAMPLES = [
  'examples/plans/phuong-truong-quang-trong-2023.yaml',
  'examples/plans/thi-xa-nga-nam-2023.yaml',
  'examples/plans/quan-90-ngay-nuoc-rut-2024.yaml',
  'examples/plans/demo.yaml',
];

function load(path: string): Plan {
  const result = parsePlanText(readFileSync(path, 'utf8'));
  if (!result.ok) throw new Error(`${path}: ${JSON.stringify(result.problems)}`);
  return result.plan;
}

/** Every row of every table that an import writes, in a stable order: "nothing changed" is checked on this. */
async function snapshot(db: Db) {
  return {
    organizations: await db.organization.findMany({ orderBy: { code: 'asc' } }),
    units: await db.unit.findMany({ orderBy: { id: 'asc' } }),
    officials: await db.official.findMany({ orderBy: { id: 'asc' } }),
    campaigns: await db.campaign.findMany({ orderBy: { id: 'asc' } }),
    periods: await db.period.findMany({ orderBy: { id: 'asc' } }),
    indicators: await db.indicator.findMany({ orderBy: { id: 'asc' } }),
    targets: await db.target.findMany({ orderBy: { id: 'asc' } }),
    assignments: await db.assignment.findMany({ orderBy: [{ indicatorId: 'asc' }, { officialId: 'asc' }] }),
    reports: await db.report.findMany({ orderBy: { id: 'asc' } }),
    revisions: await db.reportRevision.findMany({ orderBy: { id: 'asc' } }),
  };
}

const backends = await availableBackends();

describe.each(backends)('plan import on %s', (kind) => {
  let test: TestDatabase & { database: { db: Db } };
  let db: Db;

  beforeAll(async () => {
    test = await createMigratedDatabase(kind);
    db = test.database.db;
    await ensureDefaultHolidays(db);
  });
  afterAll(async () => test?.drop());

  it.each(EXAMPLES)('imports %s, and importing it again changes nothing', async (path) => {
    const plan = load(path);
    const first = await importPlan(db, plan, { timeZone: TZ });
    expect(first.unchanged).toBe(false);
    expect(first.changes.created.indicators).toBe(plan.indicators.length);
    const before = await snapshot(db);
    const second = await importPlan(db, plan, { timeZone: TZ });
    expect(second.unchanged).toBe(true);
    expect(await snapshot(db)).toEqual(before);

    const stored = await showPlan(db, {
      organizationCode: plan.organization.code,
      campaignCode: plan.campaign.code,
      today: '2024-01-01',
    });
    expect(stored.indicators.map((i) => [i.code, i.parent, i.targets, i.assignees])).toEqual(
      plan.indicators.map((i) => [i.code, i.parentCode, i.targets, [...i.assignees].sort()]),
    );
  });

  it('stores the reporting periods with Nghị định 09 cut-offs and 17:00 local deadlines', async () => {
    const stored = await showPlan(db, { organizationCode: 'truong-quang-trong', today: '2023-06-01' });
    expect(stored.periods.map((p) => [p.key, p.start, p.cutoff, p.deadlineAt])).toEqual([
      ['2023-Q1', '2023-01-01', '2023-03-14', '2023-03-14T10:00:00.000Z'],
      ['2023-Q2', '2023-03-15', '2023-06-14', '2023-06-14T10:00:00.000Z'],
      ['2023-Q3', '2023-06-15', '2023-09-14', '2023-09-14T10:00:00.000Z'],
      ['2023-Q4', '2023-09-15', '2023-12-14', '2023-12-14T10:00:00.000Z'],
    ]);
    const sprint = await showPlan(db, { organizationCode: 'quan-2024', today: '2024-11-01' });
    expect(sprint.periods.map((p) => p.cutoff)).toEqual(['2024-11-01', '2024-12-01', '2024-12-31']);
  });

  it('a dry run reports the changes and writes nothing', async () => {
    const plan = load('examples/plans/demo.yaml');
    const edited: Plan = {
      ...plan,
      indicators: plan.indicators.map((i) => (i.code === 'NS01' ? { ...i, name: `${i.name} (sửa)` } : i)),
    };
    const before = await snapshot(db);
    const summary = await importPlan(db, edited, { timeZone: TZ, dryRun: true });
    expect(summary.changes.updated.indicators).toBe(1);
    expect(await snapshot(db)).toEqual(before);
  });

  it('an edited plan updates targets and indicators without losing a report', async () => {
    const plan = load('examples/plans/demo.yaml');
    const scope = {
      organizationCode: plan.organization.code,
      campaignCode: plan.campaign.code,
      today: '2026-05-01',
    };
    const report = await addReport(db, {
      ...scope,
      officialCode: 'tckt',
      indicatorCode: 'NS01',
      periodKey: '2026-Q1',
      valueText: '3.120,5',
      channel: 'cli',
    });
    const kt01 = plan.indicators.find((i) => i.code === 'KT01');
    await addReport(db, {
      ...scope,
      officialCode: kt01?.assignees[0] ?? '',
      indicatorCode: 'KT01',
      periodKey: '2026-Q1',
      valueText: '7,1',
      channel: 'cli',
    });

    const unreported = plan.indicators.find((i) => i.code === 'XH05');
    expect(unreported).toBeDefined();
    const edited: Plan = {
      ...plan,
      indicators: [
        ...plan.indicators
          .filter((i) => i.code !== 'KT01' && i.code !== 'XH05')
          .map((i) =>
            i.code === 'NS01'
              ? { ...i, targets: [{ source: '', comparator: '>=' as const, value: '12000' }] }
              : i,
          ),
        {
          ...plan.indicators[0]!,
          code: 'NS09',
          name: 'Thu mới',
          parentCode: null,
          targets: [{ source: '', comparator: '>=', value: '5' }],
          position: 99,
        },
      ],
    };
    const summary = await importPlan(db, edited, { timeZone: TZ });
    expect(summary.changes.updated.targets).toBe(1);
    expect(summary.changes.archived.indicators).toBe(1); // KT01 has a report: kept, archived
    expect(summary.changes.removed.indicators).toBe(1); // XH05 had none
    expect(summary.changes.created.indicators).toBe(1);

    const stored = await showPlan(db, scope);
    expect(stored.indicators.find((i) => i.code === 'KT01')?.archived).toBe(true);
    expect(stored.indicators.find((i) => i.code === 'XH05')).toBeUndefined();
    expect(stored.indicators.find((i) => i.code === 'NS01')?.targets).toEqual([
      { source: '', comparator: '>=', value: '12000' },
    ]);
    expect(await db.report.count({ where: { id: report.reportId } })).toBe(1);
    expect(await db.report.count({ where: { indicator: { code: 'KT01' } } })).toBe(1);

    // Putting the indicator back brings it out of the archive, with its report.
    await importPlan(db, plan, { timeZone: TZ });
    const restored = await showPlan(db, scope);
    expect(restored.indicators.find((i) => i.code === 'KT01')?.archived).toBe(false);
    expect(restored.indicators.find((i) => i.code === 'NS09')).toBeUndefined();
  });

  it('an official who leaves the plan is deactivated, not deleted', async () => {
    const plan = load('examples/plans/demo.yaml');
    const without: Plan = {
      ...plan,
      officials: plan.officials.filter((o) => o.code !== 'tckt'),
      indicators: plan.indicators.map((i) => ({ ...i, assignees: i.assignees.filter((a) => a !== 'tckt') })),
    };
    const summary = await importPlan(db, without, { timeZone: TZ });
    expect(summary.changes.archived.officials).toBe(1);
    const official = await db.official.findFirst({
      where: { code: 'tckt', organization: { code: plan.organization.code } },
    });
    expect(official?.active).toBe(false);
    await importPlan(db, plan, { timeZone: TZ });
    expect((await db.official.findUniqueOrThrow({ where: { id: official!.id } })).active).toBe(true);
  });

  it('a second plan for the same organization leaves the first plan’s officials and units alone', async () => {
    const annual = load('examples/plans/demo.yaml');
    const sprint: Plan = {
      organization: annual.organization,
      campaign: {
        code: 'qt-nuoc-rut',
        title: 'Thi đua 90 ngày nước rút',
        year: annual.campaign.year,
        kind: 'sprint',
        schedule: {
          ...annual.campaign.schedule,
          kind: 'sprint',
          start: '2026-10-03',
          end: '2026-12-31',
          scheme: 'checkpoints',
          checkpoints: ['2026-11-01', '2026-12-01', '2026-12-31'],
        },
      },
      units: [],
      officials: annual.officials.filter((o) => o.code === 'ct'),
      indicators: [
        { ...annual.indicators[0]!, code: 'NR01', parentCode: null, assignees: ['ct'], position: 1 },
      ],
    };
    const summary = await importPlan(db, sprint, { timeZone: TZ });
    expect(summary.changes.archived).toEqual({});
    expect(summary.changes.removed).toEqual({});
    const officials = await db.official.findMany({
      where: { organization: { code: annual.organization.code } },
    });
    expect(officials.every((o) => o.active)).toBe(true);
    expect(await db.unit.count({ where: { organization: { code: annual.organization.code } } })).toBe(
      annual.units.length,
    );
  });

  it('a change that would drop a period holding reports is refused and leaves the database as it was', async () => {
    const plan = load('examples/plans/demo.yaml');
    const shorter: Plan = {
      ...plan,
      officials: [
        ...plan.officials,
        { code: 'moi', name: 'Cán bộ mới', title: null, role: 'officer', unitCode: null },
      ],
      campaign: { ...plan.campaign, schedule: { ...plan.campaign.schedule, start: '2026-04-01' } },
    };
    const before = await snapshot(db);
    await expect(importPlan(db, shorter, { timeZone: TZ })).rejects.toMatchObject({
      key: 'plan:import.period_has_reports',
    });
    expect(await snapshot(db)).toEqual(before);
  });
});
