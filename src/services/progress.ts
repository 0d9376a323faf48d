import { localDateOf } from '../domain/calendar/index.js';
import {
  evaluateProgress,
  type ProgressIndicator,
  type ProgressReportData,
} from '../domain/progress/index.js';

export type { ProgressReportData };
import type { Comparator, Measure } from '../domain/plan/plan.js';
import type { Db, Tx } from '../store/database.js';
import { periodName } from '../store/period-name.js';
import { owedSince, type OwedCampaign } from '../domain/indicators/owed.js';
import { approvalStatus } from './approval.js';
import { reportingStartOf } from './report-items.js';
import { resolveCampaign, type ScopeOptions } from './scope.js';

/** Loads one campaign (scoped to its organization) and evaluates its progress at `at`. */
export async function campaignProgress(
  db: Db,
  scope: ScopeOptions & { at: Date; timeZone: string },
): Promise<ProgressReportData> {
  const { organization, campaign } = await resolveCampaign(db, scope);
  return evaluateCampaign(db, organization, campaign, scope.at, scope.timeZone);
}

interface CampaignRow {
  id: string;
  code: string;
  title: string;
  kind: string;
  startDate: string;
  endDate: string;
  /** the first import's moment and the plan's reporting start: who owes which period (owed.ts) */
  createdAt: Date;
  reportingStart: string | null;
}

/** The same inside a transaction (the dialog's), for a campaign already chosen. */
export async function evaluateCampaign(
  db: Tx,
  organization: { id: string; code: string; name: string },
  campaign: CampaignRow,
  at: Date,
  timeZone: string,
): Promise<ProgressReportData> {
  // Only the columns the evaluation reads: /tiendo runs this on every button press, and the
  // assignments and reports are most of the rows (40 indicators × 30 officials is 1,200 assignments).
  const [periods, indicators, officials, reports] = await Promise.all([
    db.period.findMany({
      where: { campaignId: campaign.id },
      select: {
        id: true,
        key: true,
        position: true,
        cutoffDate: true,
        deadlineAt: true,
        nameKey: true,
        nameParams: true,
      },
    }),
    db.indicator.findMany({
      where: { campaignId: campaign.id, archivedAt: null },
      select: {
        id: true,
        code: true,
        name: true,
        category: true,
        unit: true,
        measure: true,
        parentId: true,
        position: true,
        targets: { orderBy: { position: 'asc' }, select: { source: true, comparator: true, value: true } },
        assignments: { select: { officialId: true, assignedAt: true } },
      },
    }),
    db.official.findMany({
      where: { organizationId: organization.id },
      select: {
        id: true,
        code: true,
        name: true,
        active: true,
        remindersPausedUntil: true,
        unreachableSince: true,
        unit: { select: { code: true, name: true } },
      },
    }),
    db.report.findMany({
      where: { period: { campaignId: campaign.id }, indicator: { archivedAt: null } },
      select: {
        indicatorId: true,
        periodId: true,
        officialId: true,
        value: true,
        note: true,
        updatedAt: true,
      },
    }),
  ]);
  const owedCampaign = {
    createdAt: campaign.createdAt,
    reportingStart: reportingStartOf(campaign, timeZone),
  };
  const progress = evaluateProgress({
    campaign: { start: campaign.startDate, end: campaign.endDate },
    periods: periods.map((p) => ({
      id: p.id,
      key: p.key,
      position: p.position,
      cutoff: p.cutoffDate,
      deadlineAt: p.deadlineAt,
      name: periodName(p),
    })),
    indicators: indicators.map((i) => progressIndicator(i, owedCampaign)),
    officials: officials.map((o) => ({
      id: o.id,
      code: o.code,
      name: o.name,
      unitCode: o.unit?.code ?? null,
      unitName: o.unit?.name ?? null,
    })),
    reports,
    at,
  });
  const approval = await closedPeriodApproval(db, periods, at);
  return {
    ...(approval ? { approval } : {}),
    organization: { code: organization.code, name: organization.name },
    campaign: {
      code: campaign.code,
      title: campaign.title,
      kind: campaign.kind,
      start: campaign.startDate,
      end: campaign.endDate,
    },
    progress,
    paused: officials
      .filter(
        (o) =>
          o.active && o.remindersPausedUntil !== null && o.remindersPausedUntil >= localDateOf(at, timeZone),
      )
      .map((o) => ({ code: o.code, name: o.name, until: o.remindersPausedUntil ?? '' })),
    unreachable: officials
      .filter((o) => o.active && o.unreachableSince !== null)
      .map((o) => ({ code: o.code, name: o.name })),
  };
}

type IndicatorRead = {
  id: string;
  code: string;
  name: string;
  category: string;
  unit: string;
  measure: string;
  parentId: string | null;
  position: number;
  targets: { source: string; comparator: string; value: string }[];
  assignments: { officialId: string; assignedAt: Date | null }[];
};

function progressIndicator(i: IndicatorRead, owedCampaign: OwedCampaign): ProgressIndicator {
  return {
    id: i.id,
    code: i.code,
    name: i.name,
    category: i.category,
    unit: i.unit,
    measure: i.measure as Measure,
    parentId: i.parentId,
    position: i.position,
    targets: i.targets.map((t) => ({
      source: t.source,
      comparator: t.comparator as Comparator,
      value: t.value,
    })),
    assignees: i.assignments.map((a) => a.officialId),
    owedSince: owedSinceOf(i.assignments, owedCampaign),
  };
}

/** Each assignee's first owed instant, for those who do not owe from the plan's start. */
function owedSinceOf(
  assignments: readonly { officialId: string; assignedAt: Date | null }[],
  campaign: OwedCampaign,
): Record<string, Date> {
  const out: Record<string, Date> = {};
  for (const a of assignments) {
    const since = owedSince(a.assignedAt, campaign);
    if (since !== null) out[a.officialId] = since;
  }
  return out;
}

/** The approval of the last period whose deadline has passed: the one the chairman signs next. */
async function closedPeriodApproval(
  db: Tx,
  periods: readonly {
    id: string;
    key: string;
    position: number;
    deadlineAt: Date;
    nameKey: string;
    nameParams: string;
  }[],
  at: Date,
): Promise<ProgressReportData['approval'] | null> {
  const closed = periods
    .filter((p) => p.deadlineAt.getTime() <= at.getTime())
    .sort((a, b) => b.position - a.position)[0];
  if (!closed) return null;
  return { periodKey: closed.key, period: periodName(closed), ...(await approvalStatus(db, closed.id)) };
}
