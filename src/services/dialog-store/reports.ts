import type { DialogRepository, DuePeriod, HistoryEntry, PeriodWanted } from '../../dialog/ports.js';
import { localDateOf } from '../../domain/calendar/index.js';
import { periodsDue, periodToReport } from '../../domain/indicators/due-period.js';
import { requestedPeriod } from '../../domain/indicators/period-request.js';
import type { Measure } from '../../domain/plan/plan.js';
import type { Tx } from '../../store/database.js';
import { periodName } from '../../store/period-name.js';
import { periodLocked } from '../approval.js';
import { recordRevisions } from '../report-batch.js';
import { recordRevision } from '../reports.js';
import {
  assignedIndicators,
  indicatorInclude,
  lockedPeriods,
  missingOwedIn,
  reportItemsOf,
  type IndicatorRow,
  type Pair,
  type PeriodRow,
} from '../report-items.js';

/** What an official reports: the indicators due, one report saved, the latest revisions. */

export function reportRepository(
  tx: Tx,
  timeZone: string,
): Pick<
  DialogRepository,
  'reportItems' | 'duePeriods' | 'reportItem' | 'saveReport' | 'saveReports' | 'recentReports'
> {
  return {
    async reportItems(officialId, now, request) {
      const pairs = await duePairs(tx, officialId, now, timeZone, request);
      return pairs.length > 0 ? reportItemsOf(tx, officialId, pairs) : [];
    },

    async duePeriods(officialId, now): Promise<DuePeriod[]> {
      const owed = await owedPeriods(tx, officialId, now, timeZone);
      return owed.flatMap(({ campaign, periods, missing }) =>
        periods.map((period) => ({
          periodId: period.id,
          campaignId: campaign.id,
          campaignTitle: campaign.title,
          periodName: periodName(period),
          deadlineAt: period.deadlineAt,
          missing: missing(period),
        })),
      );
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

interface OwedPlan {
  campaign: IndicatorRow['campaign'];
  indicators: IndicatorRow[];
  /** the periods still owed, in deadline order (periodsDue) */
  periods: PeriodRow[];
  /** how many figures of a period are owed */
  missing: (period: PeriodRow) => number;
  missingIn: (period: PeriodRow) => boolean;
}

/** The official's plans, each with the periods they still owe figures for (late or open, not locked). */
async function owedPeriods(tx: Tx, officialId: string, now: Date, timeZone: string): Promise<OwedPlan[]> {
  const indicators = await assignedIndicators(tx, officialId, timeZone);
  const [reported, locked] = await Promise.all([
    tx.report.findMany({
      where: { officialId, indicatorId: { in: indicators.map((i) => i.id) } },
      select: { indicatorId: true, periodId: true },
    }),
    lockedPeriods(tx, indicators),
  ]);
  const today = localDateOf(now, timeZone);
  const campaigns = new Map(indicators.map((i) => [i.campaignId, i.campaign]));
  return [...campaigns.values()].map((campaign) => {
    const mine = indicators.filter((i) => i.campaignId === campaign.id);
    const missingIn = missingOwedIn(mine, campaign.id, reported, { now, locked });
    const missing = (period: PeriodRow) =>
      mine.filter((i) => missingOwedIn([i], campaign.id, reported, { now, locked })(period)).length;
    return {
      campaign,
      indicators: mine,
      periods: periodsDue(campaign.periods, today, missingIn),
      missing,
      missingIn,
    };
  });
}

/**
 * Each indicator assigned to the official, with the period of its plan to report now: the one period
 * still owed, else periodToReport's; or the period the official named (`/baocao Q2`) once its data
 * window has started, or chose by id from `/baocao`'s question.
 */
async function duePairs(
  tx: Tx,
  officialId: string,
  now: Date,
  timeZone: string,
  request?: PeriodWanted,
): Promise<Pair[]> {
  const today = localDateOf(now, timeZone);
  const pairs: Pair[] = [];
  for (const plan of await owedPeriods(tx, officialId, now, timeZone)) {
    const { campaign, periods } = plan;
    const only = periods.length === 1 ? periods[0] : undefined;
    const period = !request
      ? (only ?? periodToReport(campaign.periods, now, today, plan.missingIn))
      : 'periodId' in request
        ? campaign.periods.find((p) => p.id === request.periodId && p.startDate <= today)
        : requestedPeriod(campaign.periods, request, today);
    if (period) for (const indicator of plan.indicators) pairs.push({ indicator, period });
  }
  return pairs;
}
