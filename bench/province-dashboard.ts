import { Prisma } from '../src/store/generated/sqlite/client.js';
import { catalogAcross, provinceProgress } from '../src/services/province.js';
import { percentile, round, timeRuns, type Benchmark, type Figure } from './support/figures.js';
import { seedProvince, TIME_ZONE } from './support/seeded.js';

/**
 * The province's view (issue 17): 100 communes × 30 indicators (5 officials each, 60 % of Q3 answered),
 * under one province. What the province dashboard and `/tiendo` of a province user read:
 * `provinceProgress` (every commune's completeness and status counts) and `catalogAcross` (one catalogue
 * indicator across the communes), beside the raw SQL aggregate alone (completeness GROUP BY campaign).
 */

/** Thursday 10 September 2026, 09:00 in Hanoi: Q3 is open, due 14/09. */
const AT = new Date('2026-09-10T02:00:00Z');

export const provinceDashboardBenchmark: Benchmark = {
  name: 'province',
  async run({ quick, backends, log }) {
    const runs = quick ? 5 : 50;
    const figures: Figure[] = [];
    for (const kind of backends) {
      const seeded = await seedProvince(
        kind,
        { communes: 100, officialsPerCommune: 5, indicatorsPerCommune: 30, year: 2026 },
        { period: '2026-Q3', percent: 60 },
      );
      try {
        const { db } = seeded.database;
        const province = await db.organization.create({
          data: { code: 'tinh-bench', name: 'Tỉnh bench', level: 'province' },
        });
        await db.organization.updateMany({ where: { level: 'commune' }, data: { parentId: province.id } });
        await db.indicator.updateMany({ where: { code: 'CT03' }, data: { catalogCode: 'BHYT_COVERAGE' } });
        const scope = { at: AT, timeZone: TIME_ZONE };
        const view = await provinceProgress(db, province.id, scope);
        if (view.communes.length !== 100 || view.totals.due !== 100 * 30 * 5)
          throw new Error(
            `unexpected province view: ${view.communes.length} communes, ${view.totals.due} due`,
          );
        const dashboard = await timeRuns(runs, 3, () => provinceProgress(db, province.id, scope));
        const catalog = await timeRuns(runs, 3, () => catalogAcross(db, province.id, 'BHYT_COVERAGE', scope));
        const campaignIds = (await db.campaign.findMany({ select: { id: true } })).map((c) => c.id);
        const raw = await timeRuns(
          runs,
          3,
          () =>
            db.$queryRaw`
            SELECT i."campaignId", COUNT(*) AS "due", COUNT(r."id") AS "reported"
            FROM "Assignment" a JOIN "Indicator" i ON i."id" = a."indicatorId"
            LEFT JOIN "Report" r ON r."indicatorId" = a."indicatorId" AND r."officialId" = a."officialId"
              AND r."periodId" IN (SELECT p."id" FROM "Period" p WHERE p."key" = '2026-Q3')
            WHERE i."campaignId" IN (${Prisma.join(campaignIds)}) AND i."archivedAt" IS NULL
            GROUP BY i."campaignId"`,
        );
        const p95 = percentile(dashboard, 95);
        const catalogP95 = percentile(catalog, 95);
        log(
          `  ${kind}: province view p50 ${round(percentile(dashboard, 50))} ms p95 ${round(p95)} ms; catalogue p95 ${round(catalogP95)} ms; raw aggregate p95 ${round(percentile(raw, 95))} ms`,
        );
        const baseline = {
          label: 'the raw SQL aggregate alone, p95',
          value: round(percentile(raw, 95)),
          unit: 'ms',
        };
        figures.push(
          {
            name: `province.${kind}.view.p95`,
            label: `Province view, 100 communes × 30 indicators, ${kind}, p95 (p50 ${round(percentile(dashboard, 50))} ms)`,
            value: round(p95),
            unit: 'ms',
            baseline,
            target: '≤ 300 ms',
            pass: p95 <= 300,
          },
          {
            name: `province.${kind}.catalog.p95`,
            label: `One catalogue indicator across 100 communes, ${kind}, p95`,
            value: round(catalogP95),
            unit: 'ms',
            baseline,
            target: '≤ 300 ms',
            pass: catalogP95 <= 300,
          },
        );
      } finally {
        await seeded.drop();
      }
    }
    return figures;
  },
};
