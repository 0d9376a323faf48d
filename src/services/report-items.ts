import type { ReportItem } from '../dialog/ports.js';
import { instantAt } from '../domain/calendar/index.js';
import { owedSince, owes } from '../domain/indicators/owed.js';
import type { AnswerContext } from '../domain/indicators/plausibility.js';
import type { Comparator, Measure } from '../domain/plan/plan.js';
import type { Tx } from '../store/database.js';
import { periodName } from '../store/period-name.js';
import { partsContexts, partsKey } from './answer-context.js';

/**
 * What an official reports, read once for every surface: the chat's `/baocao` (dialog-store) and the
 * web's quarter form (web-report-form) both take their items from here, so both ask the same
 * plausibility questions from the same context (targets, the period before, the "Trong đó" around).
 */

export const indicatorInclude = {
  targets: { orderBy: { position: 'asc' } },
  campaign: { include: { periods: { orderBy: { position: 'asc' } } } },
} as const;

/** The instant a campaign's `reporting_start` begins (00:00 local); null when the plan gives none. */
export function reportingStartOf(campaign: { reportingStart: string | null }, timeZone: string): Date | null {
  return campaign.reportingStart === null ? null : instantAt(campaign.reportingStart, '00:00', timeZone);
}

export type PeriodRow = {
  id: string;
  key: string;
  position: number;
  startDate: string;
  cutoffDate: string;
  deadlineAt: Date;
  nameKey: string;
  nameParams: string;
};

export type IndicatorRow = {
  id: string;
  code: string;
  name: string;
  category: string;
  unit: string;
  measure: string;
  position: number;
  campaignId: string;
  /** the "Trong đó" total this indicator is a part of */
  parentId: string | null;
  targets: { source: string; comparator: string; value: string }[];
  campaign: { id: string; startDate: string; title: string; periods: PeriodRow[] };
  /** from when the official owes this indicator's figures (domain/indicators/owed.ts); null: the start */
  owedSince: Date | null;
};

export type Pair = { indicator: Omit<IndicatorRow, 'owedSince'>; period: PeriodRow };

/** A report item with the revision of the official's answer (0: none yet), the web form's version stamp. */
export interface ReportItemRow extends ReportItem {
  revision: number;
  /** the official's report as read, for a save guarded on it (report-batch.ts); null: none yet */
  report: { id: string; value: string; note: string | null; revision: number } | null;
}

/** Every indicator assigned to the official and still in its plan, plan by plan in the plan's order. */
export async function assignedIndicators(
  tx: Tx,
  officialId: string,
  timeZone: string,
): Promise<IndicatorRow[]> {
  const assignments = await tx.assignment.findMany({
    where: { officialId, indicator: { archivedAt: null } },
    include: { indicator: { include: indicatorInclude } },
  });
  return assignments
    .map((a) => ({
      ...a.indicator,
      owedSince: owedSince(a.assignedAt, {
        createdAt: a.indicator.campaign.createdAt,
        reportingStart: reportingStartOf(a.indicator.campaign, timeZone),
      }),
    }))
    .sort((a, b) => a.campaign.startDate.localeCompare(b.campaign.startDate) || a.position - b.position);
}

/**
 * Whether the official still owes figures of a period in one plan: some indicator of it they owe for
 * that period (see owes) has no answer of theirs, and the period is not approved (locked).
 */
export function missingOwedIn(
  indicators: readonly IndicatorRow[],
  campaignId: string,
  reported: readonly { indicatorId: string; periodId: string }[],
  at: { now: Date; locked: ReadonlySet<string> },
): (period: PeriodRow) => boolean {
  const mine = indicators.filter((i) => i.campaignId === campaignId);
  return (period) =>
    !at.locked.has(period.id) &&
    mine.some(
      (i) =>
        owes(i.owedSince, period, at.now) &&
        !reported.some((r) => r.indicatorId === i.id && r.periodId === period.id),
    );
}

/** The approved (locked) periods among those of these indicators' plans. */
export async function lockedPeriods(tx: Tx, indicators: readonly IndicatorRow[]): Promise<Set<string>> {
  const periodIds = [...new Set(indicators.flatMap((i) => i.campaign.periods.map((p) => p.id)))];
  if (periodIds.length === 0) return new Set();
  const rows = await tx.periodApproval.findMany({
    where: { periodId: { in: periodIds }, state: 'approved' },
    select: { periodId: true },
  });
  return new Set(rows.map((r) => r.periodId));
}

/** The context checkAnswer reads for an item: the same for the chat and the web form. */
export function answerContextOf(item: ReportItem): AnswerContext {
  return {
    measure: item.measure,
    unit: item.unit,
    targets: item.targets,
    previous: item.previous?.value ?? null,
    parts: item.parts,
  };
}

/**
 * The report items of these pairs: the official's current answer, anyone's in the period before, and the
 * "Trong đó" context. Four reads whatever the number of pairs.
 */
export async function reportItemsOf(tx: Tx, officialId: string, pairs: Pair[]): Promise<ReportItemRow[]> {
  if (pairs.length === 0) return [];
  const previousOf = new Map(
    pairs.map(({ indicator, period }) => [
      `${indicator.id}|${period.id}`,
      indicator.campaign.periods.find((p) => p.position === period.position - 1) ?? null,
    ]),
  );
  const earlierRefs = pairs.flatMap(({ indicator, period }) => {
    const previous = previousOf.get(`${indicator.id}|${period.id}`);
    return previous ? [{ indicatorId: indicator.id, periodId: previous.id }] : [];
  });
  // Few parameters a query: Prisma compiles each query anew, and a list of fifty ids costs it more than
  // the rows the looser filter adds (the official's own reports of these periods, a handful).
  const [mine, earlier, parts] = await Promise.all([
    tx.report.findMany({
      where: { officialId, periodId: { in: [...new Set(pairs.map((p) => p.period.id))] } },
      select: { id: true, indicatorId: true, periodId: true, value: true, note: true, revision: true },
    }),
    earlierRefs.length > 0
      ? tx.report.findMany({
          where: {
            periodId: { in: [...new Set(earlierRefs.map((r) => r.periodId))] },
            indicatorId: { in: [...new Set(earlierRefs.map((r) => r.indicatorId))] },
          },
          orderBy: { updatedAt: 'desc' },
          select: { indicatorId: true, periodId: true, value: true },
        })
      : Promise.resolve([]),
    partsContexts(
      tx,
      pairs.map(({ indicator, period }) => ({ indicatorId: indicator.id, periodId: period.id })),
      pairs.map(({ indicator }) => indicator),
    ),
  ]);
  const mineByKey = new Map(mine.map((r) => [`${r.indicatorId}|${r.periodId}`, r]));
  const earlierByKey = new Map<string, (typeof earlier)[number]>();
  // newest first: the first one of each key is the one shown
  for (const r of earlier)
    if (!earlierByKey.has(`${r.indicatorId}|${r.periodId}`))
      earlierByKey.set(`${r.indicatorId}|${r.periodId}`, r);
  return pairs.map(({ indicator, period }) => {
    const current = mineByKey.get(`${indicator.id}|${period.id}`);
    const previousPeriod = previousOf.get(`${indicator.id}|${period.id}`) ?? null;
    const previous = previousPeriod ? earlierByKey.get(`${indicator.id}|${previousPeriod.id}`) : undefined;
    return {
      indicatorId: indicator.id,
      code: indicator.code,
      name: indicator.name,
      category: indicator.category,
      unit: indicator.unit,
      measure: indicator.measure as Measure,
      targets: indicator.targets.map((t) => ({
        source: t.source,
        comparator: t.comparator as Comparator,
        value: t.value,
      })),
      periodId: period.id,
      periodName: periodName(period),
      cutoff: period.cutoffDate,
      deadlineAt: period.deadlineAt,
      current: current ? { value: current.value, note: current.note } : null,
      revision: current?.revision ?? 0,
      report: current
        ? { id: current.id, value: current.value, note: current.note, revision: current.revision }
        : null,
      previous:
        previous && previousPeriod ? { value: previous.value, periodName: periodName(previousPeriod) } : null,
      parts: parts.get(partsKey({ indicatorId: indicator.id, periodId: period.id })),
    };
  });
}
