import { DateTime } from 'luxon';
import type ExcelJS from 'exceljs';
import type { IndicatorProgress } from '../../domain/progress/index.js';
import type { Message } from '../../i18n.js';
import type { ProgressReportData } from '../../services/progress.js';
import { approvalLine } from '../progress-view.js';
import { indicatorCells, planSources } from './progress-cells.js';
import {
  banner,
  BORDER,
  HEADER_FILL,
  heightFor,
  linesFor,
  style,
  VI,
  type CellValue,
  type Translate,
} from './layout.js';

type Render = (message: Message) => string;

interface Column {
  key: string;
  width: number;
}

/** The table's columns; `col(key)` is 1-based. */
export interface Layout {
  columns: Column[];
  sources: string[];
  col: (key: string) => number;
  last: number;
  totalWidth: number;
}

const H1 = 9;
const H2 = 10;

export function layoutOf(data: ProgressReportData): Layout {
  const sources = planSources(data.progress.indicators);
  const columns: Column[] = [
    { key: 'index', width: 6 },
    { key: 'indicator', width: 40 },
    { key: 'unit', width: 10 },
    { key: 'comparator', width: 5 },
    ...sources.map((_, i) => ({ key: `plan${i}`, width: 12 })),
    { key: 'period', width: 12 },
    { key: 'latest', width: 12 },
    { key: 'percent', width: 10 },
    { key: 'status', width: 14 },
    { key: 'officials', width: 18 },
    { key: 'note', width: 24 },
  ];
  return {
    columns,
    sources,
    col: (key) => columns.findIndex((c) => c.key === key) + 1,
    last: columns.length,
    totalWidth: columns.reduce((n, c) => n + c.width, 0),
  };
}

/** "UBND xã Quang Trung" → "Quang Trung": the place a report is dated from. */
export function placeOf(organization: string): string {
  const place = organization
    .replace(/^(ủy ban nhân dân|uỷ ban nhân dân|ubnd)\s+/iu, '')
    .replace(/^(xã|phường|thị trấn|thị xã|thành phố|quận|huyện)\s+/iu, '')
    .trim();
  return place === '' ? organization : place;
}

/** The header block of an administrative report: the issuing body and its number, the nation, the date. */
export function titleBlock(
  ws: ExcelJS.Worksheet,
  data: ProgressReportData,
  layout: Layout,
  t: Translate,
  render: Render,
  options: { timeZone: string; generatedAt: Date },
): void {
  const { progress, organization, campaign } = data;
  const { col, columns, last, totalWidth } = layout;
  const left = col('unit');
  const leftWidth = columns.slice(0, left).reduce((n, c) => n + c.width, 0);
  const generated = DateTime.fromJSDate(options.generatedAt, { zone: options.timeZone });
  banner(ws, 1, 1, left, organization.name.toLocaleUpperCase('vi'), { bold: true, width: leftWidth });
  banner(ws, 1, left + 1, last, t('report-xlsx:progress.nation'), { bold: true });
  banner(ws, 2, 1, left, t('report-xlsx:progress.number'), {});
  banner(ws, 2, left + 1, last, t('report-xlsx:progress.motto'), { bold: true, italic: true });
  banner(
    ws,
    3,
    left + 1,
    last,
    t('report-xlsx:progress.place_date', {
      place: placeOf(organization.name),
      day: generated.toFormat('dd'),
      month: generated.toFormat('MM'),
      year: generated.toFormat('yyyy'),
    }),
    { italic: true },
  );
  banner(ws, 4, 1, last, t('report-xlsx:progress.title'), { bold: true, size: 14, width: totalWidth });
  banner(ws, 5, 1, last, campaign.title, { bold: true, width: totalWidth * 0.95 });
  const periodLine = progress.period
    ? t('report-xlsx:progress.period', {
        period: render(progress.period.name),
        cutoff: DateTime.fromISO(progress.period.cutoff).toFormat('dd/MM/yyyy'),
      })
    : t('report-xlsx:progress.no_period');
  banner(ws, 6, 1, last, periodLine, { italic: true, width: totalWidth });
  // Whether the chairman has signed the figures is part of the report's standing (issue 17).
  const approval = data.approval ? render(approvalLine(data.approval, options.timeZone)) : null;
  const generatedLine = t('report-xlsx:progress.generated', { date: generated.toFormat('dd/MM/yyyy') });
  banner(ws, 7, 1, last, approval ? `${approval} ${generatedLine}` : generatedLine, {
    italic: true,
    align: 'right',
  });
}

/** Two header rows: "Kế hoạch năm" merged above one column per target source. */
export function headerRows(
  ws: ExcelJS.Worksheet,
  data: ProgressReportData,
  layout: Layout,
  t: Translate,
  render: Render,
): void {
  const { col, columns, sources, last } = layout;
  const periodName = data.progress.period ? render(data.progress.period.name) : null;
  const h = (key: string) => t(`report-xlsx:progress.header.${key}`);
  const headers: [string, string][] = [
    ['index', h('index')],
    ['indicator', h('indicator')],
    ['unit', h('unit')],
    ['comparator', h('comparator')],
    [
      'period',
      periodName
        ? t('report-xlsx:progress.header.period_value', { period: periodName })
        : h('period_value_none'),
    ],
    ['latest', h('latest')],
    ['percent', h('percent')],
    ['status', h('status')],
    ['officials', h('officials')],
    ['note', h('note')],
  ];
  for (const [key, text] of headers) {
    ws.mergeCells(H1, col(key), H2, col(key));
    ws.getCell(H1, col(key)).value = text;
  }
  const plan0 = col('plan0');
  const single = sources.length === 1 && sources[0] === '';
  if (sources.length > 1) ws.mergeCells(H1, plan0, H1, plan0 + sources.length - 1);
  else if (single) ws.mergeCells(H1, plan0, H2, plan0);
  ws.getCell(H1, plan0).value = h(data.campaign.kind === 'sprint' ? 'plan_sprint' : 'plan_annual');
  if (!single) sources.forEach((source, i) => (ws.getCell(H2, plan0 + i).value = source || h('plan_own')));
  for (let c = 1; c <= last; c++) {
    for (const r of [H1, H2]) {
      const cell = ws.getCell(r, c);
      style(cell, { bold: true, align: 'center', border: true });
      cell.fill = HEADER_FILL;
    }
  }
  const headerLines = Math.max(
    ...headers.map(([key, text]) => linesFor(text, columns[col(key) - 1]?.width ?? 10)),
  );
  ws.getRow(H1).height = heightFor(Math.max(1, headerLines - 1));
  ws.getRow(H2).height = heightFor(Math.max(1, ...sources.map((s) => linesFor(s, 12))));
}

export function indicatorRow(
  ws: ExcelJS.Worksheet,
  row: number,
  entry: { indicator: IndicatorProgress; depth: number; index: string },
  data: ProgressReportData,
  layout: Layout,
  t: Translate,
  render: Render,
): void {
  const { indicator, depth, index } = entry;
  const { col, columns, sources } = layout;
  const values = indicatorCells(indicator, sources, data.progress.period?.key ?? null, t, render);
  const cells: Record<string, CellValue> = {
    index,
    indicator: indicator.name,
    unit: indicator.measure === 'boolean' ? null : indicator.unit || null,
    comparator: values.comparator,
    ...Object.fromEntries(values.plan.map((v, i) => [`plan${i}`, v.value])),
    period: values.period.value,
    latest: values.latest.value,
    percent: values.percent,
    status: values.status,
    officials: indicator.assignees.map((a) => a.name).join(', '),
    note: values.note,
  };
  const formats: Record<string, string | null> = {
    ...Object.fromEntries(values.plan.map((v, i) => [`plan${i}`, v.format])),
    period: values.period.format,
    latest: values.latest.format,
    percent: values.percent === null ? null : `${VI}0.0%`,
  };
  let lines = 1;
  const textual = new Set(['indicator', 'note', 'officials']);
  for (const column of columns) {
    const cell = ws.getCell(row, col(column.key));
    const value = cells[column.key] ?? null;
    cell.value = value;
    style(cell, {
      border: true,
      italic: depth > 0 && column.key === 'indicator',
      indent: column.key === 'indicator' ? depth * 2 : 0,
      align: textual.has(column.key) ? 'left' : typeof value === 'number' ? 'right' : 'center',
    });
    const format = formats[column.key];
    if (format) cell.numFmt = format;
    if (typeof value === 'string')
      lines = Math.max(lines, linesFor(value, column.width - (column.key === 'indicator' ? depth * 2 : 0)));
  }
  ws.getRow(row).height = heightFor(lines);
}

export const HEADER_ROWS = { first: H1, second: H2 } as const;

export { BORDER };
