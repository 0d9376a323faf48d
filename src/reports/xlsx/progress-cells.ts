import { Decimal } from 'decimal.js';
import type { IndicatorProgress, Status, TargetProgress } from '../../domain/progress/index.js';
import type { Message } from '../../i18n.js';
import { numberFormat, type CellValue, type Translate } from './layout.js';

type Render = (message: Message) => string;

export interface NumberCell {
  value: CellValue;
  format: string | null;
}

const EMPTY: NumberCell = { value: null, format: null };

/**
 * The plan columns: one per named source ("Tỉnh giao", "HĐND xã giao") and, when some target names
 * none, one of its own first (a target without a source is not the province's).
 */
export function planSources(indicators: IndicatorProgress[]): string[] {
  const all = indicators.flatMap((i) => i.targets.map((t) => t.source.trim()));
  const named = [...new Set(all.filter((s) => s !== ''))];
  return all.includes('') || named.length === 0 ? ['', ...named] : named;
}

/** "≥", "≤", "=": in its own column, so that the targets beside it stay numbers. */
export function comparatorOf(indicator: IndicatorProgress): string | null {
  if (indicator.measure === 'boolean') return null;
  const comparators = [...new Set(indicator.targets.map((t) => t.comparator))];
  const symbol = { '>=': '≥', '<=': '≤', '=': '=' } as const;
  return comparators.length === 1 && comparators[0] ? symbol[comparators[0]] : null;
}

/** A reported value: a number (with a format showing its decimals) or "Đạt" / "Chưa đạt". */
function valueCell(value: string | undefined, indicator: IndicatorProgress, t: Translate): NumberCell {
  if (value === undefined) return EMPTY;
  if (indicator.measure === 'boolean')
    return {
      value: t(value === '1' ? 'report-xlsx:progress.achieved' : 'report-xlsx:progress.not_achieved'),
      format: null,
    };
  return { value: Number(value), format: numberFormat(value) };
}

/**
 * "Thực hiện quý": for a cumulative indicator, what the period added (its figure less the last earlier
 * one reported; the whole figure when none was); for the others, the period's own figure.
 */
function periodCell(indicator: IndicatorProgress, periodKey: string | null, t: Translate): NumberCell {
  const index = periodKey ? indicator.history.findIndex((h) => h.periodKey === periodKey) : -1;
  const current = indicator.history[index];
  if (!current) return EMPTY;
  if (indicator.measure !== 'cumulative') return valueCell(current.value, indicator, t);
  const before = index > 0 ? indicator.history[index - 1] : undefined;
  const added = before ? new Decimal(current.value).minus(before.value).toFixed() : current.value;
  return valueCell(added, indicator, t);
}

function statusWord(indicator: IndicatorProgress, t: Translate): string {
  const status: Status = indicator.status;
  const first = indicator.targets[0];
  const exceeded =
    status === 'met' &&
    indicator.measure !== 'boolean' &&
    first?.comparator === '>=' &&
    first.percent !== null &&
    Number(first.percent) > 100;
  return t(exceeded ? 'report-xlsx:progress.status.exceeded' : `report-xlsx:progress.status.${status}`);
}

function planCells(indicator: IndicatorProgress, sources: string[], t: Translate): NumberCell[] {
  const plan: NumberCell[] = sources.map(() => EMPTY);
  const columnOf = (target: TargetProgress) => sources.indexOf(target.source.trim());
  for (const target of indicator.targets) {
    const i = columnOf(target);
    if (i < 0 || plan[i]?.value !== null) continue; // two targets of one source: the first one counts
    plan[i] =
      indicator.measure === 'boolean'
        ? { value: t('report-xlsx:progress.achieved'), format: null }
        : { value: Number(target.target), format: numberFormat(target.target) };
  }
  return plan;
}

export interface IndicatorCells {
  comparator: string | null;
  plan: NumberCell[];
  period: NumberCell;
  latest: NumberCell;
  percent: number | null;
  status: string;
  note: string | null;
}

export function indicatorCells(
  indicator: IndicatorProgress,
  sources: string[],
  periodKey: string | null,
  t: Translate,
  render: Render,
): IndicatorCells {
  const first = indicator.targets[0];
  const percent =
    indicator.measure !== 'boolean' && first?.percent != null
      ? new Decimal(first.percent).dividedBy(100).toNumber()
      : null;
  const notes = [...(indicator.latest?.notes ?? [])];
  if (indicator.latest && periodKey && indicator.latest.periodKey !== periodKey) {
    notes.unshift(t('report-xlsx:progress.latest_from', { period: render(indicator.latest.periodName) }));
  }
  return {
    comparator: comparatorOf(indicator),
    plan: planCells(indicator, sources, t),
    period: periodCell(indicator, periodKey, t),
    latest: valueCell(indicator.latest?.value, indicator, t),
    percent,
    status: statusWord(indicator, t),
    note: notes.length > 0 ? notes.join('; ') : null,
  };
}
