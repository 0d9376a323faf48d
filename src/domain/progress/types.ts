import type { ApprovalState } from '../approval/index.js';
import type { Message } from '../message.js';
import type { Comparator, Measure } from '../plan/plan.js';

/**
 * met (vượt / đạt), on_track (đúng tiến độ), behind (chậm), at_risk (nguy cơ không đạt), over_limit
 * (a "<=" cap exceeded: vượt mức cho phép, which is not "late"), no_report.
 */
export type Status = 'met' | 'on_track' | 'behind' | 'at_risk' | 'over_limit' | 'no_report';
export const STATUSES: readonly Status[] = [
  'met',
  'on_track',
  'behind',
  'at_risk',
  'over_limit',
  'no_report',
];

export interface ProgressPeriod {
  id: string;
  key: string;
  position: number;
  cutoff: string;
  deadlineAt: Date;
  name: Message;
}

export interface ProgressOfficial {
  id: string;
  code: string;
  name: string;
  unitCode: string | null;
  unitName: string | null;
}

export interface ProgressIndicator {
  id: string;
  code: string;
  name: string;
  category: string;
  unit: string;
  measure: Measure;
  parentId: string | null;
  position: number;
  targets: { source: string; comparator: Comparator; value: string }[];
  /** official ids */
  assignees: string[];
  /**
   * from when each assignee owes this indicator's figures (domain/indicators/owed.ts), by official id;
   * an official not listed owes from the plan's start
   */
  owedSince?: Record<string, Date>;
}

export interface ProgressReport {
  indicatorId: string;
  periodId: string;
  officialId: string;
  value: string;
  note: string | null;
  updatedAt: Date;
}

export interface ProgressInput {
  campaign: { start: string; end: string };
  periods: ProgressPeriod[];
  indicators: ProgressIndicator[];
  officials: ProgressOfficial[];
  reports: ProgressReport[];
  at: Date;
}

export interface TargetProgress {
  source: string;
  comparator: Comparator;
  target: string;
  /** value ÷ target in %, one decimal, for ">=" targets above zero */
  percent: string | null;
  /** what a linear pace expects at the value's cut-off (cumulative ">=" targets) */
  expected: string | null;
  status: Status;
}

export interface IndicatorProgress {
  code: string;
  name: string;
  category: string;
  unit: string;
  measure: Measure;
  parentCode: string | null;
  /** the latest value reported up to now, from the latest period that has one */
  latest: {
    value: string;
    periodKey: string;
    periodName: Message;
    officials: string[];
    notes: string[];
  } | null;
  targets: TargetProgress[];
  /** the worst status across the targets */
  status: Status;
  /** every assignee answered for the period being collected */
  complete: boolean;
  /** the value of each period that has one, oldest first (the newest report when several answered) */
  history: { periodKey: string; periodName: Message; value: string; officials: string[]; notes: string[] }[];
  assignees: { code: string; name: string }[];
}

export interface OfficialCompleteness {
  code: string;
  name: string;
  unit: string | null;
  due: number;
  reported: number;
  /** indicator codes still missing */
  missing: string[];
}

export interface CampaignProgress {
  at: Date;
  /** the period being collected (first deadline not passed), or the last one once all are */
  period: ProgressPeriod | null;
  indicators: IndicatorProgress[];
  counts: Record<Status, number>;
  completeness: {
    due: number;
    reported: number;
    officials: OfficialCompleteness[];
    units: { unit: string | null; due: number; reported: number }[];
  };
  /** officials still missing answers for the last period whose deadline passed */
  late: { period: ProgressPeriod; officials: OfficialCompleteness[] } | null;
}

/** One plan's progress with what a report needs around it: the organization, the plan, who paused or is unreachable. */
export interface ProgressReportData {
  organization: { code: string; name: string };
  campaign: { code: string; title: string; kind: string; start: string; end: string };
  progress: CampaignProgress;
  /** officials whose reminders are paused (on leave) as of the evaluated day, for the chairman */
  paused: { code: string; name: string; until: string }[];
  /** officials the bot cannot write to (they blocked it): reminders stop until they write again */
  unreachable: { code: string; name: string }[];
  /** the approval of the last period whose deadline has passed (the one the chairman signs next) */
  approval?: PeriodApprovalView;
}

export interface PeriodApprovalView {
  periodKey: string;
  period: Message;
  state: ApprovalState;
  /** when the state was reached; null while open */
  at: Date | null;
  by: string | null;
}
