import { formatViNumber } from '../domain/numbers/index.js';
import type { Translate } from '../i18n.js';

const SIGNS: Record<string, string> = { '>=': '≥', '<=': '≤', '=': '=' };

/** "≥ 11.807 triệu đồng", "≤ 0,32 %", "đạt": one target as an official reads it. */
export function formatTarget(t: Translate, target: { comparator: string; value: string }, unit: string, measure: string): string {
  if (measure === 'boolean') return t('common:boolean.achieved');
  return `${SIGNS[target.comparator] ?? target.comparator} ${formatViNumber(target.value, { unit })}`;
}

/** A reported value: "8.540,5 triệu đồng", "đạt" / "chưa đạt". */
export function formatValue(t: Translate, value: string, unit: string, measure: string): string {
  if (measure === 'boolean') return value === '1' ? t('common:boolean.achieved') : t('common:boolean.not_achieved');
  return formatViNumber(value, { unit });
}
