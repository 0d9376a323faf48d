import { localDateOf } from '../domain/calendar/index.js';
import { evaluateProgress, type ProgressReportData } from '../domain/progress/index.js';

export type { ProgressReportData };
import type { Comparator, Measure } from '../domain/plan/plan.js';
import type { Db, Tx } from '../store/database.js';
import { periodName } from '../store/period-name.js';
import { owedSince, type OwedCampaign } from '../domain/indicators/owed.js';
import { approvalStatusOf } from './approval.js';
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
  const { periods, indicators, assignmentsOf, officials, reports } = await readCampaign(
    db,
    organization,
    campaign,
  );
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
    indicators: indicators.map((i) => ({
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
      assignees: (assignmentsOf.get(i.id) ?? []).map((a) => a.officialId),
      owedSince: owedSinceOf(assignmentsOf.get(i.id) ?? [], owedCampaign),
    })),
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
  const approval = closedPeriodApproval(periods, at);
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

/**
 * What the evaluation reads, only the columns it needs, in four queries: /tiendo runs this on every
 * button press and the dashboard on every view, and Prisma compiles each query anew (a few milliseconds
 * each, more under load), so the periods (with their approval) and the indicators come in one.
 */
async function readCampaign(db: Tx, organization: { id: string }, campaign: { id: string }) {
  const [plan, assignments, officials, reports] = await Promise.all([
    db.campaign.findUniqueOrThrow({
      where: { id: campaign.id },
      select: {
        periods: {
          select: {
            id: true,
            key: true,
            position: true,
            cutoffDate: true,
            deadlineAt: true,
            nameKey: true,
            nameParams: true,
            approval: { select: { state: true } },
            approvalEvents: {
              orderBy: { createdAt: 'desc' },
              take: 1,
              select: { createdAt: true, actor: { select: { name: true } } },
            },
          },
        },
        indicators: {
          where: { archivedAt: null },
          select: {
            id: true,
            code: true,
            name: true,
            category: true,
            unit: true,
            measure: true,
            parentId: true,
            position: true,
            targets: {
              orderBy: { position: 'asc' },
              select: { source: true, comparator: true, value: true },
            },
          },
        },
      },
    }),
    // Apart from the indicators: Prisma merging 1,500 nested rows into their indicators took three times
    // the flat read (40–50 indicators × 30 officials).
    db.assignment.findMany({
      where: { indicator: { campaignId: campaign.id, archivedAt: null } },
      select: { indicatorId: true, officialId: true, assignedAt: true },
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
  const assignmentsOf = new Map<string, Assigned[]>();
  for (const a of assignments) {
    const list = assignmentsOf.get(a.indicatorId);
    if (list) list.push(a);
    else assignmentsOf.set(a.indicatorId, [a]);
  }
  return { periods: plan.periods, indicators: plan.indicators, assignmentsOf, officials, reports };
}

type Assigned = { officialId: string; assignedAt: Date | null };

/** Each assignee's first owed instant, for those who do not owe from the plan's start. */
function owedSinceOf(assignments: readonly Assigned[], campaign: OwedCampaign): Record<string, Date> {
  const out: Record<string, Date> = {};
  for (const a of assignments) {
    const since = owedSince(a.assignedAt, campaign);
    if (since !== null) out[a.officialId] = since;
  }
  return out;
}

type PeriodRead = Awaited<ReturnType<typeof readCampaign>>['periods'][number];

/** The approval of the last period whose deadline has passed: the one the chairman signs next. */
function closedPeriodApproval(
  periods: readonly PeriodRead[],
  at: Date,
): ProgressReportData['approval'] | null {
  const closed = periods
    .filter((p) => p.deadlineAt.getTime() <= at.getTime())
    .sort((a, b) => b.position - a.position)[0];
  if (!closed) return null;
  const last = closed.approvalEvents[0];
  return {
    periodKey: closed.key,
    period: periodName(closed),
    ...approvalStatusOf(
      closed.approval,
      last ? { createdAt: last.createdAt, actorName: last.actor?.name ?? null } : null,
    ),
  };
}
