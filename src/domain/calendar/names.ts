import { formatDayMonthYear } from './dates.js';
import type { I18nText, LocalDate } from './types.js';

const NS = 'calendar:';

const ROMAN = ['I', 'II', 'III', 'IV'] as const;

function text(key: string, params: I18nText['params'] = {}): I18nText {
  return { key: `${NS}${key}`, params };
}

/** Vietnamese writes quarters in Roman numerals ("Quý III/2024"); English uses the digit. */
export function quarterName(year: number, quarter: number): I18nText {
  const roman = ROMAN[quarter - 1];
  if (roman === undefined) throw new RangeError(`No quarter ${quarter}`);
  return text('period.quarter', { roman, quarter, year });
}

export function monthName(year: number, month: number): I18nText {
  return text('period.month', { month, year });
}

export function halfName(year: number, half: number): I18nText {
  return text(half === 1 ? 'period.half_first' : 'period.half_second', { year });
}

export function nineMonthsName(year: number): I18nText {
  return text('period.nine_months', { year });
}

export function yearName(year: number): I18nText {
  return text('period.year', { year });
}

export function checkpointName(index: number, count: number, cutoff: LocalDate): I18nText {
  return text('period.checkpoint', { index, count, date: formatDayMonthYear(cutoff) });
}

/** "còn 3 ngày" / "hôm nay là hạn chót" / "quá hạn 2 ngày"; `count` drives plurals. */
export function countdownText(daysLeft: number): I18nText {
  if (daysLeft > 0) return text('deadline.days_left', { count: daysLeft });
  if (daysLeft === 0) return text('deadline.today');
  return text('deadline.overdue', { count: -daysLeft });
}

export function errorText(code: string, params: I18nText['params'] = {}): I18nText {
  return text(`error.${code}`, params);
}
