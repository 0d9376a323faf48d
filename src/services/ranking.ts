import { localDateOf } from '../domain/calendar/index.js';
import type { Comparator, Measure } from '../domain/plan/plan.js';
import { rankingFromStored } from '../domain/plan/ranking.js';
import { evaluateProgress } from '../domain/progress/index.js';
import {
  DEFAULT_RANKING_RULE,
  rankCommunes,
  rankWithinCommune,
  reportingFigures,
  targetsShare,
  type CommuneRankingData,
  type ProvinceRankingData,
  type CommuneSummary,
  type RankingRule,
} from '../domain/ranking/index.js';
import type { Tx } from '../store/database.js';
import { periodName } from '../store/period-name.js';
import { resolveCampaign, type ScopeOptions } from './scope.js';

export type { CommuneRankingData, ProvinceRankingData };

interface CampaignRow {
  id: string;
  organizationId: string;
  code: string;
  title: string;
  startDate: string;
  endDate: string;
  ranking: string;
}

/** What the ranking reads of some campaigns, in five queries whatever their number. */
async function loadCampaigns(db: Tx, campaigns: readonly CampaignRow[]) {
  const campaignIds = campaigns.map((c) => c.id);
  const organizationIds = [...new Set(campaigns.map((c) => c.organizationId))];
  const [periods, indicators, officials, reports] = await Promise.all([
    db.period.findMany({
      where: { campaignId: { in: campaignIds } },
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
    }),
    db.indicator.findMany({
      where: { campaignId: { in: campaignIds }, archivedAt: null },
      select: {
        id: true,
        campaignId: true,
        code: true,
        name: true,
        category: true,
        unit: true,
        measure: true,
        parentId: true,
        position: true,
        targets: { orderBy: { position: 'asc' }, select: { source: true, comparator: true, value: true } },
        assignments: { select: { officialId: true } },
      },
    }),
    db.official.findMany({
      where: { organizationId: { in: organizationIds } },
      select: {
        id: true,
        organizationId: true,
        code: true,
        name: true,
        unit: { select: { code: true, name: true } },
      },
    }),
    db.report.findMany({
      where: { period: { campaignId: { in: campaignIds } }, indicator: { archivedAt: null } },
      select: {
        indicatorId: true,
        periodId: true,
        officialId: true,
        value: true,
        note: true,
        createdAt: true,
        updatedAt: true,
        indicator: { select: { campaignId: true } },
      },
    }),
  ]);
  return { periods, indicators, officials, reports };
}

type Loaded = Awaited<ReturnType<typeof loadCampaigns>>;

/** One campaign's evaluation: its progress counts and its reporting figures at `at`. */
function evaluate(campaign: CampaignRow, loaded: Loaded, at: Date) {
  const periods = loaded.periods
    .filter((p) => p.campaignId === campaign.id)
    .map((p) => ({
      id: p.id,
      key: p.key,
      position: p.position,
      cutoff: p.cutoffDate,
      deadlineAt: p.deadlineAt,
      name: periodName(p),
    }));
  const indicators = loaded.indicators.filter((i) => i.campaignId === campaign.id);
  const officials = loaded.officials
    .filter((o) => o.organizationId === campaign.organizationId)
    .map((o) => ({
      id: o.id,
      code: o.code,
      name: o.name,
      unitCode: o.unit?.code ?? null,
      unitName: o.unit?.name ?? null,
    }));
  const reports = loaded.reports.filter((r) => r.indicator.campaignId === campaign.id);
  const progress = evaluateProgress({
    campaign: { start: campaign.startDate, end: campaign.endDate },
    periods,
    indicators: indicators.map((i) => ({
      ...i,
      measure: i.measure as Measure,
      targets: i.targets.map((t) => ({ ...t, comparator: t.comparator as Comparator })),
      assignees: i.assignments.map((a) => a.officialId),
    })),
    officials,
    reports,
    at,
  });
  const figures = reportingFigures({
    at,
    periods,
    indicators: indicators.map((i) => ({ id: i.id, assignees: i.assignments.map((a) => a.officialId) })),
    officials,
    reports: reports.map((r) => ({ ...r, firstAt: r.createdAt })),
  });
  const last = periods.reduce<Date | null>(
    (max, p) => (!max || p.deadlineAt > max ? p.deadlineAt : max),
    null,
  );
  return {
    periods,
    targets: targetsShare(progress.counts),
    figures,
    ended: last !== null && last.getTime() < at.getTime(),
  };
}

/** The units and officials of one commune's plan, ranked at `at` under the plan's rule. */
export async function communeRanking(
  db: Tx,
  scope: ScopeOptions & { at: Date },
): Promise<CommuneRankingData> {
  const { organization, campaign } = await resolveCampaign(db, scope);
  return rankCampaign(db, organization, campaign, scope.at);
}

/**
 * `/xephang`: the ranking of the plan of the official's organization running at `now` (the latest
 * one once none is); null when the organization has no plan.
 */
export async function officialRanking(
  db: Tx,
  officialId: string,
  now: Date,
  timeZone: string,
): Promise<CommuneRankingData | null> {
  const { campaigns, ...organization } = await db.organization.findFirstOrThrow({
    where: { officials: { some: { id: officialId } } },
    select: { id: true, code: true, name: true, campaigns: { select: CAMPAIGN_COLUMNS } },
  });
  const campaign = chosenCampaigns(campaigns, localDateOf(now, timeZone)).get(organization.id);
  return campaign ? rankCampaign(db, organization, campaign, now) : null;
}

const CAMPAIGN_COLUMNS = {
  id: true,
  organizationId: true,
  code: true,
  title: true,
  startDate: true,
  endDate: true,
  ranking: true,
} as const;

async function rankCampaign(
  db: Tx,
  organization: { code: string; name: string },
  campaign: CampaignRow,
  at: Date,
): Promise<CommuneRankingData> {
  const { periods, targets, figures, ended } = evaluate(campaign, await loadCampaigns(db, [campaign]), at);
  const rule = rankingFromStored(campaign.ranking);
  const ranked = rankWithinCommune(figures, rule);
  const closed = new Set(figures.closed);
  return {
    organization: { code: organization.code, name: organization.name },
    campaign: {
      code: campaign.code,
      title: campaign.title,
      start: campaign.startDate,
      end: campaign.endDate,
    },
    at,
    rule,
    closed: periods
      .filter((p) => closed.has(p.key))
      .sort((a, b) => a.position - b.position)
      .map((p) => ({ key: p.key, name: p.name })),
    ended,
    targets,
    total: figures.total,
    units: ranked.units,
    officials: ranked.officials,
  };
}

/**
 * The plan of each organization the ranking looks at: the one running on `today`, else the latest
 * begun (the year just closed, when the council sits in January).
 */
function chosenCampaigns(campaigns: readonly CampaignRow[], today: string): Map<string, CampaignRow> {
  const chosen = new Map<string, CampaignRow>();
  const ordered = [...campaigns].sort((a, b) => b.startDate.localeCompare(a.startDate));
  for (const c of ordered.filter((c) => c.startDate <= today && today <= c.endDate))
    if (!chosen.has(c.organizationId)) chosen.set(c.organizationId, c);
  for (const c of ordered.filter((c) => c.startDate <= today))
    if (!chosen.has(c.organizationId)) chosen.set(c.organizationId, c);
  return chosen;
}

/**
 * Each organization's summary for the province's ranking, in the order of `organizationIds`: its plan's
 * indicators met or on track, and its reporting figures. An organization with no plan has an empty
 * summary (ranked last, unranked). Loads every commune's plan in one round of queries.
 */
export async function communeSummaries(
  db: Tx,
  organizationIds: readonly string[],
  options: { at: Date; timeZone: string },
): Promise<CommuneSummary[]> {
  const today = localDateOf(options.at, options.timeZone);
  const [organizations, campaigns] = await Promise.all([
    db.organization.findMany({
      where: { id: { in: [...organizationIds] } },
      select: { id: true, code: true, name: true },
    }),
    db.campaign.findMany({
      where: { organizationId: { in: [...organizationIds] } },
      select: {
        id: true,
        organizationId: true,
        code: true,
        title: true,
        startDate: true,
        endDate: true,
        ranking: true,
      },
    }),
  ]);
  const chosen = chosenCampaigns(campaigns, today);
  const loaded = await loadCampaigns(db, [...chosen.values()]);
  const byId = new Map(organizations.map((o) => [o.id, o]));
  return organizationIds.flatMap((id): CommuneSummary[] => {
    const organization = byId.get(id);
    if (!organization) return [];
    const campaign = chosen.get(id);
    if (!campaign)
      return [
        {
          code: organization.code,
          name: organization.name,
          campaign: null,
          targets: { n: 0, d: 0 },
          reporting: { due: 0, reported: 0, onTime: 0 },
        },
      ];
    const { targets, figures } = evaluate(campaign, loaded, options.at);
    return [
      {
        code: organization.code,
        name: organization.name,
        campaign: { code: campaign.code, title: campaign.title },
        targets,
        reporting: figures.total,
      },
    ];
  });
}

/** Communes ranked under a rule (the province's plan's, the defaults without one). */
export async function provinceRanking(
  db: Tx,
  organizationIds: readonly string[],
  options: { at: Date; timeZone: string; rule?: RankingRule },
): Promise<ProvinceRankingData> {
  const rule = options.rule ?? DEFAULT_RANKING_RULE;
  const summaries = await communeSummaries(db, organizationIds, options);
  return { at: options.at, rule, communes: rankCommunes(summaries, rule), summaries };
}
