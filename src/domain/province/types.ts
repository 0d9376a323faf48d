import type { CatalogEntry } from '../catalog/catalog.js';
import type { Message } from '../message.js';
import type { Comparator, Measure } from '../plan/plan.js';
import type { Status } from '../progress/types.js';

/** What the province's views show (src/services/province.ts loads it; src/reports/province-view.ts renders it). */

export interface Commune {
  id: string;
  code: string;
  name: string;
}

export interface PeriodView {
  key: string;
  name: Message;
  cutoff: string;
  deadlineAt: Date;
}

export interface CommuneSummary {
  code: string;
  name: string;
  /** the plan followed: the running one (the latest started), else the latest; null without any */
  campaign: { code: string; title: string } | null;
  period: PeriodView | null;
  /** (indicator, official) pairs due for `period`, and those answered */
  completeness: { due: number; reported: number };
  counts: Record<Status, number>;
}

export interface ProvinceProgress {
  province: { code: string; name: string };
  at: Date;
  communes: CommuneSummary[];
  totals: { due: number; reported: number; counts: Record<Status, number> };
}

export interface CatalogCommune {
  code: string;
  name: string;
  /** the commune's own indicator of this catalogue code; null when its plan has none */
  indicator: { code: string; name: string; unit: string; measure: Measure } | null;
  period: PeriodView | null;
  latest: { value: string; periodKey: string; periodName: Message } | null;
  /** the first target (the one the plan lists first) and the value's share of it */
  target: { comparator: Comparator; value: string; percent: string | null } | null;
  status: Status | null;
  /** assignees who have not answered for `period` */
  missing: { code: string; name: string }[];
}

export interface CatalogAcross {
  province: { code: string; name: string };
  at: Date;
  entry: CatalogEntry;
  communes: CatalogCommune[];
}
