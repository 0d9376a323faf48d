import { targetParam, valueParam } from '../domain/indicators/describe.js';
import type { Comparator, Measure } from '../domain/plan/plan.js';
import type { I18n } from '../i18n.js';

/** "≥ 11.807 triệu đồng", "≤ 0,32 %", "đạt": one target as text, for the command line. */
export function formatTarget(
  i18n: I18n,
  target: { comparator: Comparator; value: string },
  unit: string,
  measure: Measure,
): string {
  return i18n.text(targetParam(target, { unit, measure }));
}

/** A reported value as text: "8.540,5 triệu đồng", "đạt" / "chưa đạt". */
export function formatValue(i18n: I18n, value: string, unit: string, measure: Measure): string {
  return i18n.text(valueParam(value, { unit, measure }));
}
