import { dayOf, localDate, monthOf, yearOf } from './dates.js';
import { halfName, monthName, nineMonthsName, quarterName, yearName } from './names.js';
import type { I18nText, LocalDate } from './types.js';

/**
 * Data cut-off windows of Nghị định 09/2019/NĐ-CP (Điều 12): a report covers
 * the 15th of the month before its first month through the 14th of its last
 * month, so that it can be compiled and sent before the period ends.
 * Q1 = 15/12 (previous year)–14/3, a month = 15th of the previous month–14th,
 * H1 = 15/12–14/6, H2 = 15/6–14/12, 9 months = 15/12–14/9, year = 15/12–14/12.
 */
export type WindowKind = 'month' | 'quarter' | 'half' | 'nine_months' | 'year';

/** Kinds that split the year without overlap, so every date has exactly one. */
export type PartitionKind = Exclude<WindowKind, 'nine_months'>;

export interface ReportingWindow {
  kind: WindowKind;
  /** The year the report is named after: the year of its cut-off. */
  year: number;
  /** Month 1–12, quarter 1–4, half 1–2; 1 for `nine_months` and `year`. */
  index: number;
  /** `2024-M09`, `2024-Q3`, `2024-H1`, `2024-9M`, `2024-Y`. */
  key: string;
  start: LocalDate;
  cutoff: LocalDate;
  name: I18nText;
}

export const CUTOFF_DAY = 14;

const MONTHS: Record<WindowKind, number> = { month: 1, quarter: 3, half: 6, nine_months: 9, year: 12 };
const COUNT: Record<WindowKind, number> = { month: 12, quarter: 4, half: 2, nine_months: 1, year: 1 };

function keyOf(kind: WindowKind, year: number, index: number): string {
  switch (kind) {
    case 'month':
      return `${year}-M${String(index).padStart(2, '0')}`;
    case 'quarter':
      return `${year}-Q${index}`;
    case 'half':
      return `${year}-H${index}`;
    case 'nine_months':
      return `${year}-9M`;
    case 'year':
      return `${year}-Y`;
  }
}

function nameOf(kind: WindowKind, year: number, index: number): I18nText {
  switch (kind) {
    case 'month':
      return monthName(year, index);
    case 'quarter':
      return quarterName(year, index);
    case 'half':
      return halfName(year, index);
    case 'nine_months':
      return nineMonthsName(year);
    case 'year':
      return yearName(year);
  }
}

export function reportingWindow(kind: WindowKind, year: number, index = 1): ReportingWindow {
  if (!Number.isInteger(year) || !Number.isInteger(index) || index < 1 || index > COUNT[kind]) {
    throw new RangeError(`No ${kind} window ${year}/${index}`);
  }
  const length = MONTHS[kind];
  const cutoffMonth = index * length;
  return {
    kind,
    year,
    index,
    key: keyOf(kind, year, index),
    // Month 0 rolls back to December of the previous year.
    start: localDate(year, cutoffMonth - length, CUTOFF_DAY + 1),
    cutoff: localDate(year, cutoffMonth, CUTOFF_DAY),
    name: nameOf(kind, year, index),
  };
}

/** The window of that kind whose data includes `date` (15/12/2024 is in 2025's Q1). */
export function windowOf(kind: PartitionKind, date: LocalDate): ReportingWindow {
  let year = yearOf(date);
  let month = monthOf(date);
  if (dayOf(date) > CUTOFF_DAY) {
    month += 1;
    if (month > 12) {
      month = 1;
      year += 1;
    }
  }
  return reportingWindow(kind, year, Math.ceil(month / MONTHS[kind]));
}

export function nextWindow(window: ReportingWindow): ReportingWindow {
  if (window.index < COUNT[window.kind]) return reportingWindow(window.kind, window.year, window.index + 1);
  return reportingWindow(window.kind, window.year + 1, 1);
}
