import type { CampaignSchedule } from '../calendar/index.js';
import type { RankingRule } from '../ranking/types.js';
import type { COMMUNE_ROLES, MEASURES, ROLES } from './raw-schema.js';

export type Role = (typeof ROLES)[number];
/** the roles a commune's plan file may give (not the province's) */
export type CommuneRole = (typeof COMMUNE_ROLES)[number];
export type Measure = (typeof MEASURES)[number];
export type Comparator = '>=' | '<=' | '=';

export interface PlanTarget {
  /** who set it ("Thị xã giao"); "" when the plan gives a single target */
  source: string;
  comparator: Comparator;
  /** exact decimal, canonical text; "1" for a boolean indicator's "đạt" */
  value: string;
}

export interface PlanIndicator {
  code: string;
  parentCode: string | null;
  name: string;
  category: string;
  unit: string;
  measure: Measure;
  targets: PlanTarget[];
  /** official codes, units already expanded to their officials */
  assignees: string[];
  note: string | null;
  /** the national catalogue's code (`catalog:`), matching it across a province's communes */
  catalog?: string | undefined;
  /** order in the plan, depth first (a parent comes before its children) */
  position: number;
}

/** A plan file after every check: what the importer stores. */
export interface Plan {
  organization: {
    code: string;
    name: string;
    /** the report header (docs/plan-format.md): given only when the plan file gives them */
    superior?: string;
    place?: string;
    reportSymbol?: string;
    /** `parent`: the province's code, when the file names one */
    parent?: string | undefined;
  };
  campaign: {
    code: string;
    /** officials owe figures for periods due from this local date on; absent: from the first import */
    reportingStart?: string;
    title: string;
    year: number;
    kind: 'annual' | 'sprint';
    schedule: CampaignSchedule;
    /** the emulation ranking's rule: the plan's `ranking:` over the defaults (absent: the defaults) */
    ranking?: RankingRule;
  };
  units: { code: string; name: string }[];
  officials: {
    code: string;
    name: string;
    title: string | null;
    role: CommuneRole;
    unitCode: string | null;
    /** may approve a period's figures (the chairman always may; a vice-chairman only when given this) */
    mayApprove?: boolean;
  }[];
  indicators: PlanIndicator[];
}

/** A province's file after every check: the organization and its province users. */
export interface ProvincePlan {
  organization: { code: string; name: string };
  officials: { code: string; name: string; title: string | null; role: 'province_admin' }[];
}

export type PathSegment = string | number;

export interface PlanProblem {
  path: PathSegment[];
  key: string;
  params?: Record<string, string | number>;
}

/** `indicators[3].targets[0].target`: where a problem is, as a person reads it. */
export function formatPath(path: PathSegment[]): string {
  return path.reduce<string>(
    (out, segment) =>
      typeof segment === 'number' ? `${out}[${segment}]` : out ? `${out}.${segment}` : segment,
    '',
  );
}
