import type { DialogRepository, HistoryEntry } from '../../dialog/ports.js';
import { localDateOf } from '../../domain/calendar/index.js';
import { periodToReport } from '../../domain/indicators/due-period.js';
import { requestedPeriod, type PeriodRequest } from '../../domain/indicators/period-request.js';
import type { Measure } from '../../domain/plan/plan.js';
import type { Tx } from '../../store/database.js';
import { periodName } from '../../store/period-name.js';
import { periodLocked } from '../approval.js';
import { recordRevisions } from '../report-batch.js';
import { recordRevision } from '../reports.js';
import {
  assignedIndicators,
  indicatorInclude,
  reportItemsOf,
  type Pair,
  type PeriodRow,
} from '../report-items.js';

/** What an official reports: the indicators due, one report saved, the latest revisions. */

export function reportRepository(
  tx: Tx,
  timeZone: string,
): Pick<DialogRepository, 'reportItems' | 'reportItem' | 'saveReport' | 'saveReports' | 'recentReports'> {
  return {
    async reportItems(officialId, now, request) {
      const pairs = await duePairs(tx, officialId, now, timeZone, request);
      return pairs.length > 0 ? reportItemsOf(tx, officialId, pairs) : [];
    },

    async reportItem(officialId, ref) {
      const assignment = await tx.assignment.findUnique({
        where: { indicatorId_officialId: { indicatorId: ref.indicatorId, officialId } },
        include: { indicator: { include: indicatorInclude } },
      });
      const indicator = assignment?.indicator;
      const period = indicator?.campaign.periods.find((p) => p.id === ref.periodId);
      if (!indicator || indicator.archivedAt !== null || !period) return null;
      const [item] = await reportItemsOf(tx, officialId, [{ indicator, period }]);
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

    async saveReports(officialId, answers, channel) {
      const assignments = await tx.assignment.findMany({
        where: { officialId, indicatorId: { in: [...new Set(answers.map((a) => a.indicatorId))] } },
        select: { indicatorId: true, indicator: { select: { unit: true, measure: true } } },
      });
      const indicators = new Map(assignments.map((a) => [a.indicatorId, a.indicator]));
      const outcomes = await recordRevisions(tx, {
        officialId,
        channel,
        whenLocked: 'skip',
        answers: answers.map((answer) => {
          const indicator = indicators.get(answer.indicatorId);
          if (!indicator) throw new Error('saving a report for an indicator that is not assigned');
          return {
            indicator: { id: answer.indicatorId, unit: indicator.unit },
            periodId: answer.periodId,
            value: answer.value,
            note: answer.note,
            measure: indicator.measure as Measure,
          };
        }),
      });
      return outcomes.map((o) => (o.status === 'locked' ? { status: 'locked', revision: 0 } : o));
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
  const indicators = await assignedIndicators(tx, officialId);
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
