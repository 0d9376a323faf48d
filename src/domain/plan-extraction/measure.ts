import type { Measure } from '../plan/plan.js';
import { isRateUnit } from './units.js';

/**
 * A rate, a yield, a herd or a headcount present on a day is a level (the latest report is the
 * value); money collected, output harvested, people given jobs build up over the year. A reduction
 * "giảm 2 %" is an amount achieved over the year, so it builds up too.
 */
const LEVEL_NAMES =
  /^(ty le|nang suat|mat do|binh quan|thu nhap|tuoi tho|chi so|duy tri|so hoc sinh co mat|tong dan|dan |so ho ngheo$|so ho can ngheo$)|(hien co|co mat|con lai)/;

export function measureOf(foldedName: string, unit: string | null): Measure {
  if (/^(giam|keo giam|muc giam|tang|muc tang)\b/.test(foldedName) && (unit === '%' || unit === '‰'))
    return 'cumulative';
  if (isRateUnit(unit) || unit === 'con') return 'level';
  if (LEVEL_NAMES.test(foldedName)) return 'level';
  return 'cumulative';
}
