import type { Measure } from '../plan/plan.js';
import { isRateUnit } from './units.js';

/**
 * A rate, a yield, a herd or a headcount present on a day is a level (the latest report is the
 * value); money collected, output harvested, people given jobs build up over the year. A change
 * given as a rate ("Mức giảm … 10 %") is a level, as INDICATORS.md enters it; disbursement builds up.
 */
const LEVEL_NAMES =
  /^(ty le|nang suat|mat do|binh quan|thu nhap|tuoi tho|chi so|duy tri|so hoc sinh co mat|tong dan|dan |ty so|ty suat|so ho ngheo$|so ho can ngheo$)|(hien co|co mat|con lai)/;

export function measureOf(foldedName: string, unit: string | null): Measure {
  // disbursement builds up over the year, even counted as a share of the capital planned
  if (/^(ty le )?giai ngan\b/.test(foldedName)) return 'cumulative';
  if (isRateUnit(unit) || unit === 'con') return 'level';
  if (LEVEL_NAMES.test(foldedName)) return 'level';
  return 'cumulative';
}
