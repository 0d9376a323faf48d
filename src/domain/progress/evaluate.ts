import { elapsedDays } from '../calendar/index.js';
import { targetProgress, worst } from './status.js';
import {
  STATUSES,
  type CampaignProgress,
  type IndicatorProgress,
  type OfficialCompleteness,
  type ProgressInput,
  type ProgressPeriod,
  type ProgressReport,
  type Status,
} from './types.js';

function byPosition<T extends { position: number }>(items: T[]): T[] {
  return [...items].sort((a, b) => a.position - b.position);
}

/** Who answered what for one period: due and reported per official, missing indicator codes. */
function completenessFor(input: ProgressInput, period: ProgressPeriod): OfficialCompleteness[] {
  const answered = new Set(input.reports.filter((r) => r.periodId === period.id).map((r) => `${r.indicatorId}|${r.officialId}`));
  return input.officials
    .map((official) => {
      const assigned = byPosition(input.indicators.filter((i) => i.assignees.includes(official.id)));
      const missing = assigned.filter((i) => !answered.has(`${i.id}|${official.id}`)).map((i) => i.code);
      return { code: official.code, name: official.name, unit: official.unitName, due: assigned.length, reported: assigned.length - missing.length, missing };
    })
    .filter((o) => o.due > 0);
}

/**
 * The progress of a campaign at an instant: for each indicator the latest value reported so far,
 * each target's share and status (against a linear pace for cumulative figures), and who has
 * answered for the period being collected. Pure: the caller loads the data.
 */
export function evaluateProgress(input: ProgressInput): CampaignProgress {
  const periods = byPosition(input.periods);
  const period = periods.find((p) => p.deadlineAt >= input.at) ?? periods.at(-1) ?? null;
  const last = periods.at(-1);
  const over = last !== undefined && last.deadlineAt < input.at;
  const positionOf = new Map(periods.map((p) => [p.id, p]));
  const officialsById = new Map(input.officials.map((o) => [o.id, o]));
  const codeOf = new Map(input.indicators.map((i) => [i.id, i.code]));

  const indicators: IndicatorProgress[] = byPosition(input.indicators).map((indicator) => {
    const reports = input.reports.filter((r) => r.indicatorId === indicator.id && (positionOf.get(r.periodId)?.position ?? Infinity) <= (period?.position ?? 0));
    const latestPeriod = reports
      .map((r) => positionOf.get(r.periodId))
      .reduce<ProgressPeriod | undefined>((a, p) => (p && (!a || p.position > a.position) ? p : a), undefined);
    const inLatest = latestPeriod ? reports.filter((r) => r.periodId === latestPeriod.id) : [];
    const newest = inLatest.reduce<ProgressReport | undefined>((a, r) => (!a || r.updatedAt > a.updatedAt ? r : a), undefined);
    const assignees = indicator.assignees.flatMap((id) => {
      const official = officialsById.get(id);
      return official ? [{ code: official.code, name: official.name }] : [];
    });
    const complete =
      period !== null && indicator.assignees.every((id) => input.reports.some((r) => r.indicatorId === indicator.id && r.periodId === period.id && r.officialId === id));
    const history = periods.flatMap((p) => {
      const inPeriod = reports.filter((r) => r.periodId === p.id);
      const shown = inPeriod.reduce<ProgressReport | undefined>((a, r) => (!a || r.updatedAt > a.updatedAt ? r : a), undefined);
      if (!shown) return [];
      return [
        {
          periodKey: p.key,
          periodName: p.name,
          value: shown.value,
          officials: [...new Set(inPeriod.map((r) => officialsById.get(r.officialId)?.code ?? '?'))],
          notes: inPeriod.flatMap((r) => (r.note ? [r.note] : [])),
        },
      ];
    });
    const common = {
      code: indicator.code,
      name: indicator.name,
      category: indicator.category,
      unit: indicator.unit,
      measure: indicator.measure,
      parentCode: indicator.parentId ? (codeOf.get(indicator.parentId) ?? null) : null,
      complete,
      assignees,
      history,
    };
    if (!newest || !latestPeriod) {
      return {
        ...common,
        latest: null,
        targets: indicator.targets.map((t) => ({ source: t.source, comparator: t.comparator, target: t.value, percent: null, expected: null, status: 'no_report' as const })),
        status: 'no_report',
      };
    }
    const elapsed = elapsedDays(input.campaign, latestPeriod.cutoff);
    const targets = indicator.targets.map((target) => targetProgress({ measure: indicator.measure, value: newest.value, target, elapsed, over }));
    return {
      ...common,
      latest: {
        value: newest.value,
        periodKey: latestPeriod.key,
        periodName: latestPeriod.name,
        officials: [...new Set(inLatest.map((r) => officialsById.get(r.officialId)?.code ?? '?'))],
        notes: inLatest.flatMap((r) => (r.note ? [r.note] : [])),
      },
      targets,
      status: worst(targets.map((t) => t.status)),
    };
  });

  const counts = Object.fromEntries(STATUSES.map((s) => [s, indicators.filter((i) => i.status === s).length])) as Record<Status, number>;
  const officials = period ? completenessFor(input, period) : [];
  const units = [...new Set(officials.map((o) => o.unit))].map((unit) => {
    const members = officials.filter((o) => o.unit === unit);
    return { unit, due: members.reduce((n, o) => n + o.due, 0), reported: members.reduce((n, o) => n + o.reported, 0) };
  });
  // Late: answers missing for the last period whose deadline passed (the last one once it is over).
  const previous = over ? period : periods.filter((p) => p.deadlineAt < input.at).at(-1);
  const lateOfficials = previous ? completenessFor(input, previous).filter((o) => o.missing.length > 0) : [];
  return {
    at: input.at,
    period,
    indicators,
    counts,
    completeness: {
      due: officials.reduce((n, o) => n + o.due, 0),
      reported: officials.reduce((n, o) => n + o.reported, 0),
      officials,
      units,
    },
    late: previous && lateOfficials.length > 0 ? { period: previous, officials: lateOfficials } : null,
  };
}
