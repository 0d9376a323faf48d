import { elapsedDays } from '../calendar/index.js';
import { owes } from '../indicators/owed.js';
import { targetProgress, worst } from './status.js';
import {
  STATUSES,
  type CampaignProgress,
  type IndicatorProgress,
  type OfficialCompleteness,
  type ProgressIndicator,
  type ProgressInput,
  type ProgressOfficial,
  type ProgressPeriod,
  type ProgressReport,
  type Status,
} from './types.js';
import { groupBy } from '../group-by.js';

function byPosition<T extends { position: number }>(items: T[]): T[] {
  return [...items].sort((a, b) => a.position - b.position);
}

/** The report updated last; the first of equals, as before. */
function newestOf(reports: readonly ProgressReport[]): ProgressReport | undefined {
  let newest: ProgressReport | undefined;
  for (const r of reports) if (!newest || r.updatedAt.getTime() > newest.updatedAt.getTime()) newest = r;
  return newest;
}

/**
 * Who answered what for one period: due and reported per official, missing indicator codes. An
 * indicator given to an official after the period's deadline is not theirs to answer (owed.ts).
 */
function completenessFor(
  officials: readonly ProgressOfficial[],
  assignedTo: ReadonlyMap<string, ProgressIndicator[]>,
  reports: readonly ProgressReport[],
  of: { period: ProgressPeriod; at: Date },
): OfficialCompleteness[] {
  const answered = new Map<string, Set<string>>();
  for (const r of reports) {
    const mine = answered.get(r.officialId);
    if (mine) mine.add(r.indicatorId);
    else answered.set(r.officialId, new Set([r.indicatorId]));
  }
  return officials.flatMap((official) => {
    const assigned = (assignedTo.get(official.id) ?? []).filter((i) =>
      owes(i.owedSince?.[official.id] ?? null, of.period, of.at),
    );
    if (assigned.length === 0) return [];
    const mine = answered.get(official.id);
    const missing = assigned.filter((i) => !mine?.has(i.id)).map((i) => i.code);
    return [
      {
        code: official.code,
        name: official.name,
        unit: official.unitName,
        due: assigned.length,
        reported: assigned.length - missing.length,
        missing,
      },
    ];
  });
}

/**
 * The progress of a campaign at an instant: for each indicator the latest value reported so far,
 * each target's share and status (against a linear pace for cumulative figures), and who has
 * answered for the period being collected. Pure: the caller loads the data.
 *
 * Linear in the reports: /tiendo evaluates the whole campaign on every button press, so the reports
 * are grouped by indicator and period once instead of filtered again for each indicator and period.
 */
export function evaluateProgress(input: ProgressInput): CampaignProgress {
  const periods = byPosition(input.periods);
  const period = periods.find((p) => p.deadlineAt >= input.at) ?? periods.at(-1) ?? null;
  const last = periods.at(-1);
  const over = last !== undefined && last.deadlineAt < input.at;
  const positionOf = new Map(periods.map((p) => [p.id, p]));
  const officialsById = new Map(input.officials.map((o) => [o.id, o]));
  const codeOf = new Map(input.indicators.map((i) => [i.id, i.code]));
  const sorted = byPosition(input.indicators);
  const reportsOf = groupBy(input.reports, (r) => r.indicatorId);
  const reportsIn = groupBy(input.reports, (r) => r.periodId);
  const codesOf = (reports: readonly ProgressReport[]): string[] => [
    ...new Set(reports.map((r) => officialsById.get(r.officialId)?.code ?? '?')),
  ];
  const notesOf = (reports: readonly ProgressReport[]): string[] =>
    reports.flatMap((r) => (r.note ? [r.note] : []));
  // The calendar arithmetic is costly next to the rest: once per period, not per indicator.
  const elapsedAt = new Map<string, { days: number; total: number }>();
  const elapsedOf = (p: ProgressPeriod): { days: number; total: number } => {
    let elapsed = elapsedAt.get(p.id);
    if (!elapsed) elapsedAt.set(p.id, (elapsed = elapsedDays(input.campaign, p.cutoff)));
    return elapsed;
  };

  const indicators: IndicatorProgress[] = sorted.map((indicator) => {
    // Up to the period being collected; a report of an unknown period is never shown.
    const reports = (reportsOf.get(indicator.id) ?? []).filter(
      (r) => (positionOf.get(r.periodId)?.position ?? Infinity) <= (period?.position ?? 0),
    );
    const byPeriod = groupBy(reports, (r) => r.periodId);
    let latestPeriod: ProgressPeriod | undefined;
    for (const r of reports) {
      const p = positionOf.get(r.periodId);
      if (p && (!latestPeriod || p.position > latestPeriod.position)) latestPeriod = p;
    }
    const inLatest = latestPeriod ? (byPeriod.get(latestPeriod.id) ?? []) : [];
    const newest = newestOf(inLatest);
    const assignees = indicator.assignees.flatMap((id) => {
      const official = officialsById.get(id);
      return official ? [{ code: official.code, name: official.name }] : [];
    });
    const answered = period ? new Set((byPeriod.get(period.id) ?? []).map((r) => r.officialId)) : null;
    const complete = answered !== null && indicator.assignees.every((id) => answered.has(id));
    const history = periods.flatMap((p) => {
      const inPeriod = byPeriod.get(p.id) ?? [];
      const shown = newestOf(inPeriod);
      if (!shown) return [];
      return [
        {
          periodKey: p.key,
          periodName: p.name,
          value: shown.value,
          officials: codesOf(inPeriod),
          notes: notesOf(inPeriod),
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
        targets: indicator.targets.map((t) => ({
          source: t.source,
          comparator: t.comparator,
          target: t.value,
          percent: null,
          expected: null,
          status: 'no_report' as const,
        })),
        status: 'no_report',
      };
    }
    const elapsed = elapsedOf(latestPeriod);
    const targets = indicator.targets.map((target) =>
      targetProgress({ measure: indicator.measure, value: newest.value, target, elapsed, over }),
    );
    return {
      ...common,
      latest: {
        value: newest.value,
        periodKey: latestPeriod.key,
        periodName: latestPeriod.name,
        officials: codesOf(inLatest),
        notes: notesOf(inLatest),
      },
      targets,
      status: worst(targets.map((t) => t.status)),
    };
  });

  const counts = Object.fromEntries(STATUSES.map((s) => [s, 0])) as Record<Status, number>;
  for (const indicator of indicators) counts[indicator.status] += 1;
  return {
    at: input.at,
    period,
    indicators,
    counts,
    ...answers(input, sorted, periods, period, over, reportsIn),
  };
}

/** Who has answered for the period being collected, by official and by unit; and who is late for the one before. */
function answers(
  input: ProgressInput,
  sorted: readonly ProgressIndicator[],
  periods: readonly ProgressPeriod[],
  period: ProgressPeriod | null,
  over: boolean,
  reportsIn: Map<string, ProgressReport[]>,
): Pick<CampaignProgress, 'completeness' | 'late'> {
  // Each official's indicators in plan order, an indicator once even if assigned twice.
  const assignedTo = new Map<string, ProgressIndicator[]>();
  for (const indicator of sorted) {
    for (const id of new Set(indicator.assignees)) {
      const list = assignedTo.get(id);
      if (list) list.push(indicator);
      else assignedTo.set(id, [indicator]);
    }
  }
  const officials = period
    ? completenessFor(input.officials, assignedTo, reportsIn.get(period.id) ?? [], { period, at: input.at })
    : [];
  const byUnit = new Map<string | null, { unit: string | null; due: number; reported: number }>();
  for (const o of officials) {
    const unit = byUnit.get(o.unit) ?? { unit: o.unit, due: 0, reported: 0 };
    unit.due += o.due;
    unit.reported += o.reported;
    byUnit.set(o.unit, unit);
  }
  // Late: answers missing for the last period whose deadline passed (the last one once it is over).
  const previous = over ? period : periods.filter((p) => p.deadlineAt < input.at).at(-1);
  const lateOfficials = previous
    ? completenessFor(input.officials, assignedTo, reportsIn.get(previous.id) ?? [], {
        period: previous,
        at: input.at,
      }).filter((o) => o.missing.length > 0)
    : [];
  return {
    completeness: {
      due: officials.reduce((n, o) => n + o.due, 0),
      reported: officials.reduce((n, o) => n + o.reported, 0),
      officials,
      units: [...byUnit.values()],
    },
    late: previous && lateOfficials.length > 0 ? { period: previous, officials: lateOfficials } : null,
  };
}
