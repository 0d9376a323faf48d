import { localDateOf } from '../domain/calendar/index.js';
import type { Message } from '../domain/message.js';
import type { Comparator, Measure } from '../domain/plan/plan.js';
import { addCounts, countStatuses, currentPeriod, indicatorStatus } from '../domain/province/summary.js';
import { Prisma } from '../store/generated/sqlite/client.js';
import type { Tx } from '../store/database.js';
import { periodName } from '../store/period-name.js';
import { loadCatalog } from './catalog.js';
import type {
  CatalogAcross,
  CatalogCommune,
  Commune,
  CommuneSummary,
  PeriodView,
  ProvinceProgress,
} from '../domain/province/types.js';

export type { CatalogAcross, Commune, ProvinceProgress };
import { UserError } from './errors.js';

/**
 * The province's read-only view (docs/province.md): its communes' completeness and statuses, and one
 * catalogue indicator across them. Every read is one query for all communes (GROUP BY, a window for the
 * latest value), never a per-commune evaluation: 100 communes × 30 indicators stay one round of queries.
 */

/** The communes whose parent is this province, by code. */
export async function communesOf(db: Tx, provinceOrganizationId: string): Promise<Commune[]> {
  return db.organization.findMany({
    where: { parentId: provinceOrganizationId },
    orderBy: { code: 'asc' },
    select: { id: true, code: true, name: true },
  });
}

interface Followed {
  commune: Commune;
  campaign: { id: string; code: string; title: string; startDate: string; endDate: string };
  period: { id: string; key: string; position: number; cutoff: string; deadlineAt: Date; name: Message };
  over: boolean;
}

/** Each commune's plan followed now and its period being collected (two queries for all communes). */
async function followedPlans(db: Tx, communes: readonly Commune[], at: Date, timeZone: string) {
  const today = localDateOf(at, timeZone);
  const campaigns = await db.campaign.findMany({
    where: { organizationId: { in: communes.map((c) => c.id) } },
    orderBy: [{ startDate: 'desc' }, { code: 'asc' }],
    select: { id: true, organizationId: true, code: true, title: true, startDate: true, endDate: true },
  });
  const chosen = new Map<string, (typeof campaigns)[number]>();
  for (const commune of communes) {
    const own = campaigns.filter((c) => c.organizationId === commune.id);
    const running = own.find((c) => c.startDate <= today && today <= c.endDate);
    const pick = running ?? own[0];
    if (pick) chosen.set(commune.id, pick);
  }
  const periods = await db.period.findMany({
    where: { campaignId: { in: [...chosen.values()].map((c) => c.id) } },
    select: {
      id: true,
      campaignId: true,
      key: true,
      position: true,
      cutoffDate: true,
      deadlineAt: true,
      nameKey: true,
      nameParams: true,
    },
  });
  const followed = new Map<string, Followed>();
  for (const commune of communes) {
    const campaign = chosen.get(commune.id);
    if (!campaign) continue;
    const own = periods
      .filter((p) => p.campaignId === campaign.id)
      .map((p) => ({ ...p, cutoff: p.cutoffDate, name: periodName(p) }));
    const { period, over } = currentPeriod(own, at);
    if (period) followed.set(commune.id, { commune, campaign, period, over });
  }
  return followed;
}

interface IndicatorRow {
  id: string;
  campaignId: string;
  code: string;
  name: string;
  unit: string;
  measure: string;
  catalogCode: string | null;
}
interface TargetRow {
  indicatorId: string;
  source: string;
  comparator: string;
  value: string;
}
interface LatestRow {
  indicatorId: string;
  value: string;
  periodId: string;
}

const inList = (ids: readonly string[]) => Prisma.join(ids);

/** Indicators in force (or only the catalogue's one) with their targets, for all the plans at once. */
async function indicatorsOf(db: Tx, campaignIds: readonly string[], catalogCode?: string) {
  const only = catalogCode === undefined ? Prisma.empty : Prisma.sql`AND i."catalogCode" = ${catalogCode}`;
  const [indicators, targets] = await Promise.all([
    db.$queryRaw<IndicatorRow[]>`
      SELECT i."id", i."campaignId", i."code", i."name", i."unit", i."measure", i."catalogCode"
      FROM "Indicator" i
      WHERE i."campaignId" IN (${inList(campaignIds)}) AND i."archivedAt" IS NULL ${only}
      ORDER BY i."position"`,
    db.$queryRaw<TargetRow[]>`
      SELECT t."indicatorId", t."source", t."comparator", t."value"
      FROM "Target" t JOIN "Indicator" i ON i."id" = t."indicatorId"
      WHERE i."campaignId" IN (${inList(campaignIds)}) AND i."archivedAt" IS NULL ${only}
      ORDER BY t."position"`,
  ]);
  return { indicators, targets };
}

/**
 * The latest value of each indicator up to its plan's period being collected (the latest period with a
 * report, the newest report in it), as `evaluateProgress` picks it: one window over all the plans.
 */
async function latestValues(db: Tx, currentIds: readonly string[], catalogCode?: string) {
  const only = catalogCode === undefined ? Prisma.empty : Prisma.sql`AND i."catalogCode" = ${catalogCode}`;
  return db.$queryRaw<LatestRow[]>`
    SELECT x."indicatorId", x."value", x."periodId" FROM (
      SELECT r."indicatorId", r."value", r."periodId",
        ROW_NUMBER() OVER (PARTITION BY r."indicatorId" ORDER BY p."position" DESC, r."updatedAt" DESC) AS rn
      FROM "Report" r
      JOIN "Indicator" i ON i."id" = r."indicatorId"
      JOIN "Period" p ON p."id" = r."periodId"
      JOIN "Period" cur ON cur."campaignId" = p."campaignId" AND cur."id" IN (${inList(currentIds)})
      WHERE i."archivedAt" IS NULL AND p."position" <= cur."position" ${only}
    ) x WHERE x.rn = 1`;
}

/** Due and answered (indicator, official) pairs of each plan's period being collected: one GROUP BY. */
async function completeness(db: Tx, campaignIds: readonly string[], currentIds: readonly string[]) {
  const rows = await db.$queryRaw<{ campaignId: string; due: bigint | number; reported: bigint | number }[]>`
    SELECT i."campaignId", COUNT(*) AS "due", COUNT(r."id") AS "reported"
    FROM "Assignment" a
    JOIN "Indicator" i ON i."id" = a."indicatorId"
    LEFT JOIN "Report" r ON r."indicatorId" = a."indicatorId" AND r."officialId" = a."officialId"
      AND r."periodId" IN (${inList(currentIds)})
    WHERE i."campaignId" IN (${inList(campaignIds)}) AND i."archivedAt" IS NULL
    GROUP BY i."campaignId"`;
  return new Map(rows.map((r) => [r.campaignId, { due: Number(r.due), reported: Number(r.reported) }]));
}

/** The province organization, checked: a commune's id here is a mistake of the caller. */
async function provinceNamed(db: Tx, provinceOrganizationId: string) {
  const province = await db.organization.findUnique({
    where: { id: provinceOrganizationId },
    select: { id: true, code: true, name: true, level: true },
  });
  if (!province || province.level !== 'province')
    throw new UserError('progress:province.not_a_province', { code: province?.code ?? '?' });
  return province;
}

type Figures = Awaited<ReturnType<typeof indicatorsOf>> & { latest: LatestRow[] };

function statusesOf(followed: Followed, figures: Figures, cutoffOf: Map<string, string>) {
  const targetsOf = new Map<string, TargetRow[]>();
  for (const t of figures.targets) targetsOf.set(t.indicatorId, [...(targetsOf.get(t.indicatorId) ?? []), t]);
  const latestOf = new Map(figures.latest.map((l) => [l.indicatorId, l]));
  const campaign = { start: followed.campaign.startDate, end: followed.campaign.endDate };
  return figures.indicators
    .filter((i) => i.campaignId === followed.campaign.id)
    .map((indicator) => {
      const latest = latestOf.get(indicator.id);
      const judged = indicatorStatus(
        {
          measure: indicator.measure as Measure,
          targets: (targetsOf.get(indicator.id) ?? []).map((t) => ({
            source: t.source,
            comparator: t.comparator as Comparator,
            value: t.value,
          })),
          latest: latest ? { value: latest.value, cutoff: cutoffOf.get(latest.periodId) ?? '' } : null,
        },
        campaign,
        followed.over,
      );
      return { indicator, latest: latest ?? null, ...judged };
    });
}

/** Cut-offs of the periods the latest values come from. */
async function cutoffsOf(db: Tx, latest: readonly LatestRow[]) {
  const ids = [...new Set(latest.map((l) => l.periodId))];
  if (ids.length === 0) return { cutoffs: new Map<string, string>(), periods: new Map<string, PeriodRow>() };
  const rows = await db.period.findMany({
    where: { id: { in: ids } },
    select: { id: true, key: true, cutoffDate: true, nameKey: true, nameParams: true },
  });
  return {
    cutoffs: new Map(rows.map((p) => [p.id, p.cutoffDate])),
    periods: new Map(rows.map((p) => [p.id, p])),
  };
}
type PeriodRow = { id: string; key: string; cutoffDate: string; nameKey: string; nameParams: string };

function periodView(p: Followed['period']): PeriodView {
  return { key: p.key, name: p.name, cutoff: p.cutoff, deadlineAt: p.deadlineAt };
}

/** Every commune's completeness and status counts for its period being collected. */
export async function provinceProgress(
  db: Tx,
  provinceOrganizationId: string,
  options: { at: Date; timeZone: string },
): Promise<ProvinceProgress> {
  const province = await provinceNamed(db, provinceOrganizationId);
  const communes = await communesOf(db, province.id);
  const followed = await followedPlans(db, communes, options.at, options.timeZone);
  const plans = [...followed.values()];
  const campaignIds = plans.map((f) => f.campaign.id);
  const currentIds = plans.map((f) => f.period.id);
  const [indicators, latest, answered] =
    campaignIds.length === 0
      ? [{ indicators: [], targets: [] }, [], new Map<string, { due: number; reported: number }>()]
      : await Promise.all([
          indicatorsOf(db, campaignIds),
          latestValues(db, currentIds),
          completeness(db, campaignIds, currentIds),
        ]);
  const { cutoffs } = await cutoffsOf(db, latest);
  const summaries = communes.map((commune): CommuneSummary => {
    const plan = followed.get(commune.id);
    if (!plan)
      return {
        ...pick(commune),
        campaign: null,
        period: null,
        completeness: { due: 0, reported: 0 },
        counts: countStatuses([]),
      };
    const statuses = statusesOf(plan, { ...indicators, latest }, cutoffs).map((s) => s.status);
    return {
      ...pick(commune),
      campaign: { code: plan.campaign.code, title: plan.campaign.title },
      period: periodView(plan.period),
      completeness: answered.get(plan.campaign.id) ?? { due: 0, reported: 0 },
      counts: countStatuses(statuses),
    };
  });
  return {
    province: { code: province.code, name: province.name },
    at: options.at,
    communes: summaries,
    totals: {
      due: summaries.reduce((n, s) => n + s.completeness.due, 0),
      reported: summaries.reduce((n, s) => n + s.completeness.reported, 0),
      counts: addCounts(summaries.map((s) => s.counts)),
    },
  };
}

const pick = (commune: Commune) => ({ code: commune.code, name: commune.name });

/** Who has not answered each of these indicators for its plan's period being collected. */
async function missingAnswers(db: Tx, indicatorIds: readonly string[], currentIds: readonly string[]) {
  if (indicatorIds.length === 0) return new Map<string, { code: string; name: string }[]>();
  const rows = await db.$queryRaw<{ indicatorId: string; code: string; name: string }[]>`
    SELECT a."indicatorId", f."code", f."name"
    FROM "Assignment" a
    JOIN "Official" f ON f."id" = a."officialId"
    LEFT JOIN "Report" r ON r."indicatorId" = a."indicatorId" AND r."officialId" = a."officialId"
      AND r."periodId" IN (${inList(currentIds)})
    WHERE a."indicatorId" IN (${inList(indicatorIds)}) AND r."id" IS NULL
    ORDER BY f."code"`;
  const out = new Map<string, { code: string; name: string }[]>();
  for (const r of rows)
    out.set(r.indicatorId, [...(out.get(r.indicatorId) ?? []), { code: r.code, name: r.name }]);
  return out;
}

/** One catalogue indicator across the province's communes: value, share of the commune's own target, who is missing. */
export async function catalogAcross(
  db: Tx,
  provinceOrganizationId: string,
  catalogCode: string,
  options: { at: Date; timeZone: string },
): Promise<CatalogAcross> {
  const entry = loadCatalog().get(catalogCode);
  if (!entry) throw new UserError('progress:province.unknown_catalog', { code: catalogCode });
  const province = await provinceNamed(db, provinceOrganizationId);
  const communes = await communesOf(db, province.id);
  const followed = await followedPlans(db, communes, options.at, options.timeZone);
  const plans = [...followed.values()];
  const campaignIds = plans.map((f) => f.campaign.id);
  const currentIds = plans.map((f) => f.period.id);
  const [indicators, latest] =
    campaignIds.length === 0
      ? [{ indicators: [], targets: [] }, []]
      : await Promise.all([
          indicatorsOf(db, campaignIds, catalogCode),
          latestValues(db, currentIds, catalogCode),
        ]);
  const [{ cutoffs, periods }, missing] = await Promise.all([
    cutoffsOf(db, latest),
    campaignIds.length === 0
      ? new Map<string, { code: string; name: string }[]>()
      : missingAnswers(
          db,
          indicators.indicators.map((i) => i.id),
          currentIds,
        ),
  ]);
  const rows = communes.map((commune): CatalogCommune => {
    const plan = followed.get(commune.id);
    const judged = plan ? statusesOf(plan, { ...indicators, latest }, cutoffs)[0] : undefined;
    if (!plan || !judged)
      return {
        ...pick(commune),
        indicator: null,
        period: plan ? periodView(plan.period) : null,
        latest: null,
        target: null,
        status: null,
        missing: [],
      };
    const from = judged.latest ? periods.get(judged.latest.periodId) : undefined;
    const first = judged.targets[0];
    return {
      ...pick(commune),
      indicator: {
        code: judged.indicator.code,
        name: judged.indicator.name,
        unit: judged.indicator.unit,
        measure: judged.indicator.measure as Measure,
      },
      period: periodView(plan.period),
      latest:
        judged.latest && from
          ? { value: judged.latest.value, periodKey: from.key, periodName: periodName(from) }
          : null,
      target: first ? { comparator: first.comparator, value: first.target, percent: first.percent } : null,
      status: judged.status,
      missing: missing.get(judged.indicator.id) ?? [],
    };
  });
  return { province: { code: province.code, name: province.name }, at: options.at, entry, communes: rows };
}

/** `--province CODE` on the command line: the province organization by code. */
export async function provinceByCode(
  db: Tx,
  code: string,
): Promise<{ id: string; code: string; name: string }> {
  const organization = await db.organization.findUnique({
    where: { code },
    select: { id: true, code: true, name: true, level: true },
  });
  if (!organization) throw new UserError('common:scope.unknown_organization', { code });
  if (organization.level !== 'province') throw new UserError('progress:province.not_a_province', { code });
  return organization;
}
