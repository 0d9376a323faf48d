import { parseViNumber, toCanonical } from '../numbers/index.js';
import type { Measure } from '../plan/plan.js';

export type AnswerResult =
  { ok: true; value: string } | { ok: false; key: string; params: Record<string, string | number> };

const YES = new Set([
  'đạt',
  'dat',
  'có',
  'co',
  'rồi',
  'roi',
  'yes',
  'y',
  'x',
  '1',
  'true',
  'hoàn thành',
  'hoan thanh',
]);
const NO = new Set([
  'chưa đạt',
  'chua dat',
  'không đạt',
  'khong dat',
  'chưa',
  'chua',
  'không',
  'khong',
  'no',
  'n',
  '0',
  'false',
]);

/**
 * What an official typed, as the value stored for an indicator: an exact decimal in the indicator's
 * unit, or "1" / "0" (đạt / chưa đạt) for a boolean indicator.
 */
export function parseAnswer(text: string, indicator: { unit: string; measure: Measure }): AnswerResult {
  if (indicator.measure === 'boolean') {
    const answer = text.normalize('NFC').trim().toLowerCase().replace(/\s+/g, ' ');
    if (YES.has(answer)) return { ok: true, value: '1' };
    if (NO.has(answer)) return { ok: true, value: '0' };
    return { ok: false, key: 'report:error.boolean_answer', params: { input: text.slice(0, 40) } };
  }
  const parsed = parseViNumber(text, { unit: indicator.unit });
  if (!parsed.ok)
    return {
      ok: false,
      key: `numbers:error.${parsed.code}`,
      params: { ...parsed.params, input: text.slice(0, 40) },
    };
  return { ok: true, value: toCanonical(parsed.value) };
}
