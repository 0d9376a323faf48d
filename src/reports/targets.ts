import { describeTarget } from '../domain/indicators/describe.js';
import { formatViNumber } from '../domain/numbers/index.js';
import type { Comparator } from '../domain/plan/plan.js';
import type { Translate } from '../i18n.js';

/** "≥ 11.807 triệu đồng", "≤ 0,32 %", "đạt": one target as an official reads it. */
export function formatTarget(t: Translate, target: { comparator: Comparator; value: string }, unit: string, measure: string): string {
  if (measure === 'boolean') return t('common:boolean.achieved');
  return describeTarget(target, unit);
}

/** A reported value: "8.540,5 triệu đồng", "đạt" / "chưa đạt". */
export function formatValue(t: Translate, value: string, unit: string, measure: string): string {
  if (measure === 'boolean') return value === '1' ? t('common:boolean.achieved') : t('common:boolean.not_achieved');
  return formatViNumber(value, { unit });
}
