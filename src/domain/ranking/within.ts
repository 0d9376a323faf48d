import { rankEntrants } from './rank.js';
import {
  TIE_BREAK,
  type Entrant,
  type RankedEntry,
  type RankingRule,
  type ReportingFigures,
  type Share,
} from './types.js';

export interface ReportingInput {
  at: Date;
  periods: readonly { id: string; key: string; deadlineAt: Date }[];
  /** the plan's indicators in force, each with the ids of the officials assigned to it */
  indicators: readonly { id: string; assignees: readonly string[] }[];
  officials: readonly {
    id: string;
    code: string;
    name: string;
    unitCode: string | null;
    unitName: string | null;
  }[];
  /** when each figure was first given (a correction later does not make it late) */
  reports: readonly { indicatorId: string; periodId: string; officialId: string; firstAt: Date }[];
}

export interface OfficialFigures extends ReportingFigures {
  code: string;
  name: string;
  unitCode: string | null;
  unitName: string | null;
}

export interface UnitFigures extends ReportingFigures {
  /** null: the officials outside any unit (the chairman, the vice-chairmen) */
  code: string | null;
  name: string | null;
}

export interface ReportingSummary {
  /** keys of the periods whose deadline has passed: the ones counted */
  closed: string[];
  officials: OfficialFigures[];
  units: UnitFigures[];
  total: ReportingFigures;
}

/**
 * Who owed which figures over the periods whose deadline has passed, and how many they gave, at all
 * and by the deadline. A figure is due once per closed period for each indicator assigned to an
 * official (an indicator assigned twice to the same official counts once).
 */
export function reportingFigures(input: ReportingInput): ReportingSummary {
  const closed = input.periods.filter((p) => p.deadlineAt.getTime() < input.at.getTime());
  const deadlineOf = new Map(closed.map((p) => [p.id, p.deadlineAt.getTime()]));
  const assigned = new Map<string, Set<string>>();
  for (const indicator of input.indicators)
    for (const official of indicator.assignees) {
      const mine = assigned.get(official) ?? new Set<string>();
      mine.add(indicator.id);
      assigned.set(official, mine);
    }
  const given = new Map<string, number>();
  for (const r of input.reports)
    given.set(`${r.officialId}|${r.indicatorId}|${r.periodId}`, r.firstAt.getTime());
  const officials: OfficialFigures[] = input.officials.flatMap((official) => {
    const indicators = assigned.get(official.id);
    if (!indicators || indicators.size === 0) return [];
    const figures = { due: 0, reported: 0, onTime: 0 };
    for (const indicatorId of indicators)
      for (const [periodId, deadline] of deadlineOf) {
        figures.due += 1;
        const at = given.get(`${official.id}|${indicatorId}|${periodId}`);
        if (at === undefined) continue;
        figures.reported += 1;
        if (at <= deadline) figures.onTime += 1;
      }
    const { code, name, unitCode, unitName } = official;
    return [{ code, name, unitCode, unitName, ...figures }];
  });
  const units = new Map<string | null, UnitFigures>();
  for (const o of officials) {
    const unit = units.get(o.unitCode) ?? {
      code: o.unitCode,
      name: o.unitName,
      due: 0,
      reported: 0,
      onTime: 0,
    };
    add(unit, o);
    units.set(o.unitCode, unit);
  }
  const total = { due: 0, reported: 0, onTime: 0 };
  for (const o of officials) add(total, o);
  return { closed: closed.map((p) => p.key), officials, units: [...units.values()], total };
}

function add(into: ReportingFigures, from: ReportingFigures): void {
  into.due += from.due;
  into.reported += from.reported;
  into.onTime += from.onTime;
}

export function reportingShares(figures: ReportingFigures): { completeness: Share; timeliness: Share } {
  return {
    completeness: { n: figures.reported, d: figures.due },
    timeliness: { n: figures.onTime, d: figures.due },
  };
}

export interface CommuneRanking {
  closed: string[];
  units: RankedEntry[];
  officials: RankedEntry[];
}

/** Units and officials of one commune, ranked by completeness and timeliness under the campaign's rule. */
export function rankWithinCommune(summary: ReportingSummary, rule: RankingRule): CommuneRanking {
  const rank = (entrants: Entrant[]) => rankEntrants(entrants, rule.weights, TIE_BREAK.within, rule.classes);
  return {
    closed: summary.closed,
    units: rank(
      summary.units.map((u) => ({ key: u.code ?? '', name: u.name ?? '', shares: reportingShares(u) })),
    ),
    officials: rank(
      summary.officials.map((o) => ({ key: o.code, name: o.name, shares: reportingShares(o) })),
    ),
  };
}
