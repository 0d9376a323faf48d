import type { DialogRepository, HistoryEntry, ReportItem } from '../../dialog/ports.js';
import { localDateOf } from '../../domain/calendar/index.js';
import { periodToReport } from '../../domain/indicators/due-period.js';
import { requestedPeriod, type PeriodRequest } from '../../domain/indicators/period-request.js';
import type { Comparator, Measure } from '../../domain/plan/plan.js';
import type { Tx } from '../../store/database.js';
import { periodName } from '../../store/period-name.js';
import { partsContexts, partsKey } from '../answer-context.js';
import { periodLocked } from '../approval.js';
import { recordRevision } from '../reports.js';

/** What an official reports: the indicators due, one report saved, the latest revisions. */

const indicatorInclude = {
  targets: { orderBy: { position: 'asc' } },
  campaign: { include: { periods: { orderBy: { position: 'asc' } } } },
} as const;

type PeriodRow = {
  id: string;
  key: string;
  position: number;
  startDate: string;
  cutoffDate: string;
  deadlineAt: Date;
  nameKey: string;
  nameParams: string;
};
type IndicatorRow = {
  id: string;
  code: string;
  name: string;
  category: string;
  unit: string;
  measure: string;
  position: number;
  targets: { source: string; comparator: string; value: string }[];
  campaign: { startDate: string; periods: PeriodRow[] };
};
type Pair = { indicator: IndicatorRow; period: PeriodRow };

export function reportRepository(
  tx: Tx,
  timeZone: string,
): Pick<DialogRepository, 'reportItems' | 'reportItem' | 'saveReport' | 'recentReports'> {
  return {
    async reportItems(officialId, now, request) {
      const pairs = await duePairs(tx, officialId, now, timeZone, request);
      return pairs.length > 0 ? items(tx, officialId, pairs) : [];
    },

    async reportItem(officialId, ref) {
      const assignment = await tx.assignment.findUnique({
        where: { indicatorId_officialId: { indicatorId: ref.indicatorId, officialId } },
        include: { indicator: { include: indicatorInclude } },
      });
      const indicator = assignment?.indicator;
      const period = indicator?.campaign.periods.find((p) => p.id === ref.periodId);
      if (!indicator || indicator.archivedAt !== null || !period) return null;
      const [item] = await items(tx, officialId, [{ indicator, period }]);
      return item ?? null;
    },

    async saveReport(input) {
      const item = await tx.assignment.findUnique({
        where: { indicatorId_officialId: { indicatorId: input.indicatorId, officialId: input.officialId } },
        include: { indicator: true },
      });
      if (!item) throw new Error('saving a report for an indicator that is not assigned');
      // An approved period's figures are locked (services/approval.ts): refused before anything is written.
      if (await periodLocked(tx, input.periodId)) return { status: 'locked', revision: 0 };
      const outcome = await recordRevision(tx, {
        indicator: { id: input.indicatorId, unit: item.indicator.unit },
        period: { id: input.periodId },
        official: { id: input.officialId },
        value: input.value,
        note: input.note,
        channel: input.channel,
        measure: item.indicator.measure as Measure,
      });
      return { status: outcome.status, revision: outcome.revision };
    },

    async recentReports(officialId, limit): Promise<HistoryEntry[]> {
      const revisions = await tx.reportRevision.findMany({
        where: { report: { officialId } },
        include: { report: { include: { indicator: true, period: true } } },
        orderBy: [{ createdAt: 'desc' }, { revision: 'desc' }],
        take: limit,
      });
      return revisions.map((r) => ({
        code: r.report.indicator.code,
        name: r.report.indicator.name,
        unit: r.report.indicator.unit,
        measure: r.report.indicator.measure as Measure,
        periodName: periodName(r.report.period),
        value: r.value,
        note: r.note,
        revision: r.revision,
        at: r.createdAt,
      }));
    },
  };
}

/**
 * Each indicator assigned to the official, with the period of its plan to report now (periodToReport),
 * or the period the official named (`/baocao Q2`) once its data window has started.
 */
async function duePairs(
  tx: Tx,
  officialId: string,
  now: Date,
  timeZone: string,
  request?: PeriodRequest,
): Promise<Pair[]> {
  const assignments = await tx.assignment.findMany({
    where: { officialId, indicator: { archivedAt: null } },
    include: { indicator: { include: indicatorInclude } },
  });
  const indicators = assignments
    .map((a) => a.indicator)
    .sort((a, b) => a.campaign.startDate.localeCompare(b.campaign.startDate) || a.position - b.position);
  const reported = await tx.report.findMany({
    where: { officialId, indicatorId: { in: indicators.map((i) => i.id) } },
    select: { indicatorId: true, periodId: true },
  });
  const today = localDateOf(now, timeZone);
  const pairs: Pair[] = [];
  const chosen = new Map<string, PeriodRow | null>();
  for (const indicator of indicators) {
    const campaignId = indicator.campaignId;
    if (!chosen.has(campaignId)) {
      const mine = indicators.filter((i) => i.campaignId === campaignId).map((i) => i.id);
      const missingIn = (period: PeriodRow) =>
        mine.some((id) => !reported.some((r) => r.indicatorId === id && r.periodId === period.id));
      chosen.set(
        campaignId,
        request
          ? requestedPeriod(indicator.campaign.periods, request, today)
          : periodToReport(indicator.campaign.periods, now, today, missingIn),
      );
    }
    const period = chosen.get(campaignId);
    if (period) pairs.push({ indicator, period });
  }
  return pairs;
}

/** The report items of these pairs: the official's current value, and anyone's in the period before. */
async function items(tx: Tx, officialId: string, pairs: Pair[]): Promise<ReportItem[]> {
  const previousOf = new Map(
    pairs.map(({ indicator, period }) => [
      indicator.id,
      indicator.campaign.periods.find((p) => p.position === period.position - 1) ?? null,
    ]),
  );
  const [mine, earlier, parts] = await Promise.all([
    tx.report.findMany({
      where: {
        officialId,
        OR: pairs.map(({ indicator, period }) => ({ indicatorId: indicator.id, periodId: period.id })),
      },
    }),
    tx.report.findMany({
      where: {
        OR: pairs.flatMap(({ indicator }) => {
          const previous = previousOf.get(indicator.id);
          return previous ? [{ indicatorId: indicator.id, periodId: previous.id }] : [];
        }),
      },
      orderBy: { updatedAt: 'desc' },
    }),
    partsContexts(
      tx,
      pairs.map(({ indicator, period }) => ({ indicatorId: indicator.id, periodId: period.id })),
    ),
  ]);
  return pairs.map(({ indicator, period }) => {
    const current = mine.find((r) => r.indicatorId === indicator.id && r.periodId === period.id);
    const previousPeriod = previousOf.get(indicator.id) ?? null;
    const previous = previousPeriod
      ? earlier.find((r) => r.indicatorId === indicator.id && r.periodId === previousPeriod.id)
      : undefined;
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
      previous:
        previous && previousPeriod ? { value: previous.value, periodName: periodName(previousPeriod) } : null,
      parts: parts.get(partsKey({ indicatorId: indicator.id, periodId: period.id })),
    };
  });
}
