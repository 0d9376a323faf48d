import type { I18n, Locale } from '../i18n.js';
import type { ProgressReportData } from '../services/progress.js';

/**
 * `tiendo progress --format json` (documented in docs/progress.md): the evaluation as data, with period
 * names rendered and instants in ISO 8601. Values, targets, percents and paces stay exact decimal text.
 */
export function progressJson(data: ProgressReportData, i18n: I18n, locale: Locale): unknown {
  const name = (message: Parameters<I18n['render']>[0]) => i18n.render(message, locale);
  const period = (p: NonNullable<ProgressReportData['progress']['period']>) => ({
    key: p.key,
    name: name(p.name),
    cutoff: p.cutoff,
    deadlineAt: p.deadlineAt.toISOString(),
  });
  const { progress } = data;
  return {
    organization: data.organization,
    campaign: data.campaign,
    at: progress.at.toISOString(),
    period: progress.period ? period(progress.period) : null,
    counts: progress.counts,
    completeness: progress.completeness,
    paused: data.paused,
    unreachable: data.unreachable,
    approval: data.approval
      ? {
          period: data.approval.periodKey,
          state: data.approval.state,
          at: data.approval.at?.toISOString() ?? null,
          by: data.approval.by,
        }
      : null,
    late: progress.late ? { period: period(progress.late.period), officials: progress.late.officials } : null,
    indicators: progress.indicators.map((i) => ({
      ...i,
      latest: i.latest ? { ...i.latest, periodName: name(i.latest.periodName) } : null,
      history: i.history.map((h) => ({ ...h, periodName: name(h.periodName) })),
    })),
  };
}
