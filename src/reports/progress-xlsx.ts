import { Decimal } from 'decimal.js';
import ExcelJS from 'exceljs';
import { DateTime } from 'luxon';
import { describeTarget } from '../domain/indicators/describe.js';
import type {
  IndicatorProgress,
  OfficialCompleteness,
  Status,
  TargetProgress,
} from '../domain/progress/index.js';
import type { I18n, Locale, Message } from '../i18n.js';
import type { ProgressReportData } from '../services/progress.js';

/**
 * The progress report as a spreadsheet, the way a commune office sends it to the level above:
 * sheet 1 is the table of indicators (plan per target source, result of the period, cumulative,
 * % of plan, assessment), grouped by category with Roman headings; sheet 2 says who reported what.
 * Numbers are stored as numbers; every text a person reads comes from `report-xlsx:` keys.
 */
export interface ProgressXlsxOptions {
  i18n: I18n;
  locale: Locale;
  /** IANA zone the dates are written in (the commune's) */
  timeZone: string;
  /** "Ngày lập"; also the file's creation date, so the same input gives the same bytes */
  generatedAt: Date;
}

const FONT = 'Times New Roman';
const THIN: Partial<ExcelJS.Border> = { style: 'thin', color: { argb: 'FF000000' } };
const BORDER: Partial<ExcelJS.Borders> = { top: THIN, left: THIN, bottom: THIN, right: THIN };
const HEADER_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE7E6E6' } };

type Translate = (key: string, params?: Record<string, string | number>) => string;
type CellValue = string | number | null;
type Render = (message: Message) => string;

/** 1 → "I", 14 → "XIV". */
export function romanNumeral(n: number): string {
  const table: [number, string][] = [
    [1000, 'M'],
    [900, 'CM'],
    [500, 'D'],
    [400, 'CD'],
    [100, 'C'],
    [90, 'XC'],
    [50, 'L'],
    [40, 'XL'],
    [10, 'X'],
    [9, 'IX'],
    [5, 'V'],
    [4, 'IV'],
    [1, 'I'],
  ];
  let rest = n;
  let out = '';
  for (const [value, letters] of table) {
    while (rest >= value) {
      out += letters;
      rest -= value;
    }
  }
  return out;
}

/** An Excel number format showing exactly the decimals the value has (at most 3), thousands grouped. */
function numberFormat(value: string): string {
  const decimals = Math.min(3, value.split('.')[1]?.length ?? 0);
  return decimals === 0 ? '#,##0' : `#,##0.${'0'.repeat(decimals)}`;
}

/** Lines a text takes in a column `width` characters wide (an estimate: rows are sized explicitly). */
function linesFor(text: string, width: number): number {
  const usable = Math.max(1, width - 1.5);
  return text.split('\n').reduce((n, line) => n + Math.max(1, Math.ceil((line.length * 1.08) / usable)), 0);
}

function heightFor(lines: number, size = 11): number {
  return Math.ceil(lines * size * 1.38 + 4);
}

/** The DOS date/time of every entry of the zip, set to `at`: JSZip stamps them with "now". */
function stampZip(buffer: Buffer, at: Date): Buffer {
  const out = Buffer.from(buffer);
  const time = (at.getUTCHours() << 11) | (at.getUTCMinutes() << 5) | Math.floor(at.getUTCSeconds() / 2);
  const date =
    ((Math.max(1980, at.getUTCFullYear()) - 1980) << 9) | ((at.getUTCMonth() + 1) << 5) | at.getUTCDate();
  let eocd = -1;
  for (let i = out.length - 22; i >= 0; i--) {
    if (out.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) return out;
  const entries = out.readUInt16LE(eocd + 10);
  let at_ = out.readUInt32LE(eocd + 16);
  for (let n = 0; n < entries && out.readUInt32LE(at_) === 0x02014b50; n++) {
    out.writeUInt16LE(time, at_ + 12);
    out.writeUInt16LE(date, at_ + 14);
    const local = out.readUInt32LE(at_ + 42);
    if (out.readUInt32LE(local) === 0x04034b50) {
      out.writeUInt16LE(time, local + 10);
      out.writeUInt16LE(date, local + 12);
    }
    at_ += 46 + out.readUInt16LE(at_ + 28) + out.readUInt16LE(at_ + 30) + out.readUInt16LE(at_ + 32);
  }
  return out;
}

interface Column {
  key: string;
  width: number;
}

/** Distinct target sources in order of first appearance; an unnamed target goes to the first column. */
function planSources(indicators: IndicatorProgress[]): string[] {
  const named = [
    ...new Set(indicators.flatMap((i) => i.targets.map((t) => t.source.trim()).filter((s) => s !== ''))),
  ];
  return named.length > 0 ? named : [''];
}

function planColumnOf(target: TargetProgress, sources: string[]): number {
  const index = sources.indexOf(target.source.trim());
  return index < 0 ? 0 : index;
}

/** Parent first, then its children ("Trong đó"), depth first, in plan order. */
function tree(
  indicators: IndicatorProgress[],
): { indicator: IndicatorProgress; depth: number; index: string }[] {
  const codes = new Set(indicators.map((i) => i.code));
  const childrenOf = (code: string): IndicatorProgress[] => indicators.filter((i) => i.parentCode === code);
  const out: { indicator: IndicatorProgress; depth: number; index: string }[] = [];
  const walk = (indicator: IndicatorProgress, depth: number, index: string): void => {
    out.push({ indicator, depth, index });
    childrenOf(indicator.code).forEach((child, i) => walk(child, depth + 1, `${index}.${i + 1}`));
  };
  let n = 0;
  for (const root of indicators.filter((i) => i.parentCode === null || !codes.has(i.parentCode)))
    walk(root, 0, String(++n));
  return out;
}

function style(
  cell: ExcelJS.Cell,
  options: {
    bold?: boolean;
    italic?: boolean;
    size?: number;
    align?: ExcelJS.Alignment['horizontal'];
    indent?: number;
    border?: boolean;
  } = {},
): void {
  cell.font = {
    name: FONT,
    size: options.size ?? 11,
    bold: options.bold ?? false,
    italic: options.italic ?? false,
  };
  cell.alignment = {
    horizontal: options.align ?? 'left',
    vertical: 'middle',
    wrapText: true,
    indent: options.indent ?? 0,
  };
  if (options.border) cell.border = BORDER;
}

/** A line of text merged across `from..to`, centred unless told. */
function banner(
  ws: ExcelJS.Worksheet,
  row: number,
  from: number,
  to: number,
  text: string,
  options: {
    bold?: boolean;
    italic?: boolean;
    size?: number;
    align?: ExcelJS.Alignment['horizontal'];
    width?: number;
  } = {},
): void {
  if (to > from) ws.mergeCells(row, from, row, to);
  const cell = ws.getCell(row, from);
  cell.value = text;
  style(cell, { align: 'center', ...options });
  if (options.width !== undefined) {
    const height = heightFor(linesFor(text, options.width), options.size ?? 11);
    ws.getRow(row).height = Math.max(ws.getRow(row).height ?? 0, height);
  }
}

function pageSetup(
  ws: ExcelJS.Worksheet,
  t: Translate,
  titleRows: string | null,
  orientation: 'landscape' | 'portrait',
): void {
  ws.pageSetup = {
    paperSize: 9, // A4
    orientation,
    fitToPage: true,
    fitToWidth: 1,
    fitToHeight: 0,
    horizontalCentered: true,
    margins: { left: 0.5, right: 0.4, top: 0.6, bottom: 0.6, header: 0.3, footer: 0.3 },
    ...(titleRows ? { printTitlesRow: titleRows } : {}),
  };
  ws.headerFooter = {
    oddFooter: `&C&"${FONT},Italic"&9${t('report-xlsx:progress.footer', { page: '&P', pages: '&N' })}`,
  };
}

function progressSheet(
  wb: ExcelJS.Workbook,
  data: ProgressReportData,
  t: Translate,
  render: Render,
  options: ProgressXlsxOptions,
): void {
  const { progress, organization, campaign } = data;
  const sources = planSources(progress.indicators);
  const periodName = progress.period ? render(progress.period.name) : null;
  const columns: Column[] = [
    { key: 'index', width: 6 },
    { key: 'indicator', width: 40 },
    { key: 'unit', width: 10 },
    ...sources.map((_, i) => ({ key: `plan${i}`, width: 12 })),
    { key: 'period', width: 12 },
    { key: 'latest', width: 12 },
    { key: 'percent', width: 10 },
    { key: 'status', width: 14 },
    { key: 'officials', width: 18 },
    { key: 'note', width: 24 },
  ];
  const col = (key: string): number => columns.findIndex((c) => c.key === key) + 1;
  const last = columns.length;
  const totalWidth = columns.reduce((n, c) => n + c.width, 0);

  const ws = wb.addWorksheet(t('report-xlsx:progress.sheet'), { properties: { defaultRowHeight: 18 } });
  columns.forEach((c, i) => {
    ws.getColumn(i + 1).width = c.width;
  });

  // Title block: the organization and the nation's motto side by side, then the report's title.
  const left = col('unit');
  const leftWidth = columns.slice(0, left).reduce((n, c) => n + c.width, 0);
  banner(ws, 1, 1, left, organization.name.toLocaleUpperCase('vi'), { bold: true, width: leftWidth });
  banner(ws, 1, left + 1, last, t('report-xlsx:progress.nation'), { bold: true });
  banner(ws, 2, left + 1, last, t('report-xlsx:progress.motto'), { bold: true, italic: true });
  banner(ws, 4, 1, last, t('report-xlsx:progress.title'), { bold: true, size: 14, width: totalWidth });
  banner(ws, 5, 1, last, campaign.title, { bold: true, width: totalWidth * 0.95 });
  const periodLine = progress.period
    ? t('report-xlsx:progress.period', {
        period: periodName ?? '',
        cutoff: DateTime.fromISO(progress.period.cutoff).toFormat('dd/MM/yyyy'),
      })
    : t('report-xlsx:progress.no_period');
  banner(ws, 6, 1, last, periodLine, { italic: true, width: totalWidth });
  const generated = DateTime.fromJSDate(options.generatedAt, { zone: options.timeZone }).toFormat(
    'dd/MM/yyyy',
  );
  banner(ws, 7, 1, last, t('report-xlsx:progress.generated', { date: generated }), {
    italic: true,
    align: 'right',
  });

  // Header: two rows, "Kế hoạch năm" merged above one column per target source.
  const h1 = 9;
  const h2 = 10;
  const headers: [string, string][] = [
    ['index', t('report-xlsx:progress.header.index')],
    ['indicator', t('report-xlsx:progress.header.indicator')],
    ['unit', t('report-xlsx:progress.header.unit')],
    [
      'period',
      periodName
        ? t('report-xlsx:progress.header.period_value', { period: periodName })
        : t('report-xlsx:progress.header.period_value_none'),
    ],
    ['latest', t('report-xlsx:progress.header.latest')],
    ['percent', t('report-xlsx:progress.header.percent')],
    ['status', t('report-xlsx:progress.header.status')],
    ['officials', t('report-xlsx:progress.header.officials')],
    ['note', t('report-xlsx:progress.header.note')],
  ];
  for (const [key, text] of headers) {
    ws.mergeCells(h1, col(key), h2, col(key));
    ws.getCell(h1, col(key)).value = text;
  }
  const planTitle = t(
    campaign.kind === 'sprint'
      ? 'report-xlsx:progress.header.plan_sprint'
      : 'report-xlsx:progress.header.plan_annual',
  );
  const plan0 = col('plan0');
  if (sources.length === 1 && sources[0] === '') {
    ws.mergeCells(h1, plan0, h2, plan0);
    ws.getCell(h1, plan0).value = planTitle;
  } else {
    if (sources.length > 1) ws.mergeCells(h1, plan0, h1, plan0 + sources.length - 1);
    ws.getCell(h1, plan0).value = planTitle;
    sources.forEach((source, i) => {
      ws.getCell(h2, plan0 + i).value = source;
    });
  }
  for (let c = 1; c <= last; c++) {
    for (const r of [h1, h2]) {
      const cell = ws.getCell(r, c);
      style(cell, { bold: true, align: 'center', border: true });
      cell.fill = HEADER_FILL;
    }
  }
  const headerLines = Math.max(
    ...headers.map(([key, text]) => linesFor(text, columns[col(key) - 1]?.width ?? 10)),
  );
  ws.getRow(h1).height = heightFor(Math.max(1, headerLines - 1));
  ws.getRow(h2).height = heightFor(Math.max(1, ...sources.map((s) => linesFor(s, 12))));

  // Body: a Roman heading per category, then its indicators with their children.
  let row = h2 + 1;
  const categories = [...new Set(progress.indicators.map((i) => i.category))];
  const rows = tree(progress.indicators);
  const categoryOf = new Map<string, string>();
  for (const { indicator, depth } of rows) {
    // a child stays under its parent whatever category it carries
    if (depth === 0) categoryOf.set(indicator.code, indicator.category);
  }
  const rootCategory = (code: string): string => {
    let current = progress.indicators.find((i) => i.code === code);
    while (current?.parentCode && progress.indicators.some((i) => i.code === current?.parentCode)) {
      const parent = current.parentCode;
      current = progress.indicators.find((i) => i.code === parent);
    }
    return current ? (categoryOf.get(current.code) ?? current.category) : '';
  };
  const lineCells = (r: number): void => {
    for (let c = 1; c <= last; c++) {
      const cell = ws.getCell(r, c);
      cell.border = BORDER;
      if (!cell.font) style(cell);
    }
  };

  categories.forEach((category, ci) => {
    const members = rows.filter((r) => rootCategory(r.indicator.code) === category);
    if (members.length === 0) return;
    ws.getCell(row, 1).value = romanNumeral(ci + 1);
    ws.getCell(row, 2).value = category;
    for (let c = 1; c <= last; c++)
      style(ws.getCell(row, c), { bold: true, align: c === 1 ? 'center' : 'left', border: true });
    ws.getRow(row).height = heightFor(linesFor(category, 40));
    row++;
    for (const { indicator, depth, index } of members) {
      const values = indicatorCells(indicator, sources, progress.period?.key ?? null, t, render);
      const cells: Record<string, CellValue> = {
        index,
        indicator: indicator.name,
        unit: indicator.measure === 'boolean' ? null : indicator.unit || null,
        ...Object.fromEntries(values.plan.map((v, i) => [`plan${i}`, v.value])),
        period: values.period.value,
        latest: values.latest.value,
        percent: values.percent,
        status: values.status,
        officials: indicator.assignees.map((a) => a.name).join(', '),
        note: values.note,
      };
      let lines = 1;
      for (const column of columns) {
        const c = col(column.key);
        const cell = ws.getCell(row, c);
        const value = cells[column.key] ?? null;
        cell.value = value;
        const numeric = typeof value === 'number';
        style(cell, {
          border: true,
          italic: depth > 0 && column.key === 'indicator',
          indent: column.key === 'indicator' ? depth * 2 : 0,
          align:
            column.key === 'indicator' || column.key === 'note' || column.key === 'officials'
              ? 'left'
              : numeric
                ? 'right'
                : 'center',
        });
        if (column.key === 'percent' && numeric) cell.numFmt = '0.0%';
        else if (column.key.startsWith('plan')) cell.numFmt = values.plan[c - plan0]?.format ?? 'General';
        else if (column.key === 'period' && values.period.format) cell.numFmt = values.period.format;
        else if (column.key === 'latest' && values.latest.format) cell.numFmt = values.latest.format;
        if (typeof value === 'string')
          lines = Math.max(
            lines,
            linesFor(value, column.width - (column.key === 'indicator' ? depth * 2 : 0)),
          );
      }
      ws.getRow(row).height = heightFor(lines);
      row++;
    }
  });
  for (let r = h2 + 1; r < row; r++) lineCells(r);

  // Summary and signatures.
  row++;
  const counts = progress.counts;
  banner(
    ws,
    row,
    1,
    last,
    t('report-xlsx:progress.summary', { total: progress.indicators.length, ...counts }),
    { italic: true, align: 'left', width: totalWidth },
  );
  row += 2;
  const split = col('latest');
  banner(ws, row, 1, split - 1, t('report-xlsx:progress.preparer'), { bold: true });
  banner(ws, row, split, last, t('report-xlsx:progress.head'), { bold: true });
  row++;
  banner(ws, row, 1, split - 1, t('report-xlsx:progress.sign'), { italic: true });
  banner(ws, row, split, last, t('report-xlsx:progress.sign'), { italic: true });

  ws.views = [
    { state: 'frozen', xSplit: 0, ySplit: h2, topLeftCell: `A${h2 + 1}`, activeCell: `A${h2 + 1}` },
  ];
  pageSetup(ws, t, `${h1}:${h2}`, 'landscape');
  ws.pageSetup.printArea = `A1:${ws.getColumn(last).letter}${row}`;
}

interface NumberCell {
  value: CellValue;
  format: string | null;
}

/** A reported value: a number (with a format showing its decimals) or "Đạt" / "Chưa đạt". */
function valueCell(value: string | undefined, indicator: IndicatorProgress, t: Translate): NumberCell {
  if (value === undefined) return { value: null, format: null };
  if (indicator.measure === 'boolean')
    return {
      value: t(value === '1' ? 'report-xlsx:progress.achieved' : 'report-xlsx:progress.not_achieved'),
      format: null,
    };
  return { value: Number(value), format: numberFormat(value) };
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

function indicatorCells(
  indicator: IndicatorProgress,
  sources: string[],
  periodKey: string | null,
  t: Translate,
  render: Render,
): {
  plan: NumberCell[];
  period: NumberCell;
  latest: NumberCell;
  percent: number | null;
  status: string;
  note: string | null;
} {
  const plan: NumberCell[] = sources.map(() => ({ value: null, format: null }));
  for (const target of indicator.targets) {
    const i = planColumnOf(target, sources);
    if (plan[i]?.value !== null) continue; // two unnamed targets: the first one counts
    if (indicator.measure === 'boolean')
      plan[i] = { value: t('report-xlsx:progress.achieved'), format: null };
    else if (target.comparator === '>=')
      plan[i] = { value: Number(target.target), format: numberFormat(target.target) };
    else
      plan[i] = {
        value: describeTarget({ comparator: target.comparator, value: target.target }, ''),
        format: null,
      };
  }
  const current = periodKey ? indicator.history.find((h) => h.periodKey === periodKey) : undefined;
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
    plan,
    period: valueCell(current?.value, indicator, t),
    latest: valueCell(indicator.latest?.value, indicator, t),
    percent,
    status: statusWord(indicator, t),
    note: notes.length > 0 ? notes.join('; ') : null,
  };
}

function reportingSheet(
  wb: ExcelJS.Workbook,
  data: ProgressReportData,
  t: Translate,
  render: Render,
  options: ProgressXlsxOptions,
): void {
  const { progress } = data;
  const ws = wb.addWorksheet(t('report-xlsx:reporting.sheet'));
  const widths = [6, 12, 24, 22, 13, 11, 9, 36];
  widths.forEach((w, i) => {
    ws.getColumn(i + 1).width = w;
  });
  const last = widths.length;
  const total = widths.reduce((a, b) => a + b, 0);
  const periodName = progress.period ? render(progress.period.name) : null;
  banner(ws, 1, 1, last, data.organization.name.toLocaleUpperCase('vi'), { bold: true, align: 'left' });
  banner(
    ws,
    2,
    1,
    last,
    (periodName
      ? t('report-xlsx:reporting.title', { period: periodName })
      : t('report-xlsx:reporting.title_none')
    ).toLocaleUpperCase('vi'),
    { bold: true, size: 13, width: total },
  );
  if (progress.period) {
    const deadline = DateTime.fromJSDate(progress.period.deadlineAt, { zone: options.timeZone });
    banner(
      ws,
      3,
      1,
      last,
      t('report-xlsx:reporting.deadline', {
        time: deadline.toFormat('HH:mm'),
        date: deadline.toFormat('dd/MM/yyyy'),
      }),
      { italic: true },
    );
  }

  const header = (r: number, texts: string[]): void => {
    texts.forEach((text, i) => {
      const cell = ws.getCell(r, i + 1);
      cell.value = text;
      style(cell, { bold: true, align: 'center', border: true });
      cell.fill = HEADER_FILL;
    });
    ws.getRow(r).height = heightFor(Math.max(...texts.map((text, i) => linesFor(text, widths[i] ?? 10))));
  };
  const h = (key: string): string => t(`report-xlsx:reporting.header.${key}`);
  const officialRow = (r: number, index: number, o: OfficialCompleteness): void => {
    const values: CellValue[] = [
      index,
      o.code,
      o.name,
      o.unit ?? t('report-xlsx:reporting.no_unit'),
      o.due,
      o.reported,
      o.due > 0 ? o.reported / o.due : null,
      o.missing.join(', ') || null,
    ];
    values.forEach((value, i) => {
      const cell = ws.getCell(r, i + 1);
      cell.value = value;
      style(cell, { border: true, align: i === 0 || (i >= 4 && i <= 6) ? 'center' : 'left' });
    });
    ws.getCell(r, 7).numFmt = '0%';
    ws.getRow(r).height = heightFor(
      Math.max(
        linesFor(o.name, widths[2] ?? 24),
        linesFor(o.missing.join(', '), widths[7] ?? 36),
        linesFor(o.unit ?? '', widths[3] ?? 22),
      ),
    );
  };

  const h1 = 5;
  header(h1, ['index', 'code', 'name', 'unit', 'due', 'reported', 'rate', 'missing'].map(h));
  let row = h1 + 1;
  const officials = progress.completeness.officials;
  if (officials.length === 0) {
    banner(ws, row, 1, last, t('report-xlsx:reporting.empty'), { italic: true });
    row++;
  }
  officials.forEach((o, i) => officialRow(row++, i + 1, o));
  if (officials.length > 0) {
    ws.mergeCells(row, 1, row, 4);
    const { due, reported } = progress.completeness;
    const values: CellValue[] = [
      t('report-xlsx:reporting.total'),
      null,
      null,
      null,
      due,
      reported,
      due > 0 ? reported / due : null,
      null,
    ];
    values.forEach((value, i) => {
      const cell = ws.getCell(row, i + 1);
      if (i === 0 || i >= 4) cell.value = value;
      style(cell, { bold: true, border: true, align: 'center' });
    });
    ws.getCell(row, 7).numFmt = '0%';
    row++;
  }

  // By unit.
  if (progress.completeness.units.length > 0) {
    row++;
    banner(ws, row, 1, last, t('report-xlsx:reporting.units'), { bold: true, align: 'left' });
    row++;
    header(row, [h('index'), h('unit'), '', '', h('due'), h('reported'), h('rate')]);
    ws.mergeCells(row, 2, row, 4);
    row++;
    progress.completeness.units.forEach((u, i) => {
      const values: CellValue[] = [
        i + 1,
        u.unit ?? t('report-xlsx:reporting.no_unit'),
        null,
        null,
        u.due,
        u.reported,
        u.due > 0 ? u.reported / u.due : null,
        null,
      ];
      ws.mergeCells(row, 2, row, 4);
      values.forEach((value, c) => {
        const cell = ws.getCell(row, c + 1);
        if (c < 2 || c >= 4) cell.value = value;
        style(cell, { border: true, align: c === 1 ? 'left' : 'center' });
      });
      ws.getCell(row, 7).numFmt = '0%';
      row++;
    });
  }

  // Overdue answers of the last period whose deadline passed.
  if (progress.late) {
    row++;
    banner(ws, row, 1, last, t('report-xlsx:reporting.late', { period: render(progress.late.period.name) }), {
      bold: true,
      align: 'left',
      width: total,
    });
    row++;
    header(row, ['index', 'code', 'name', 'unit', 'due', 'reported', 'rate', 'missing'].map(h));
    row++;
    progress.late.officials.forEach((o, i) => officialRow(row++, i + 1, o));
  }

  ws.views = [
    { state: 'frozen', xSplit: 0, ySplit: h1, topLeftCell: `A${h1 + 1}`, activeCell: `A${h1 + 1}` },
  ];
  pageSetup(ws, t, `${h1}:${h1}`, 'landscape');
}

export async function renderProgressXlsx(
  data: ProgressReportData,
  options: ProgressXlsxOptions,
): Promise<Buffer> {
  const tr = options.i18n.forLocale(options.locale);
  const t: Translate = (key, params) => tr(key, params ?? {}) as string;
  const render: Render = (message) => options.i18n.render(message, options.locale);

  const wb = new ExcelJS.Workbook();
  wb.creator = t('report-xlsx:file.creator');
  wb.lastModifiedBy = t('report-xlsx:file.creator');
  wb.title = t('report-xlsx:file.title');
  wb.subject = data.campaign.title;
  wb.company = data.organization.name;
  wb.created = options.generatedAt;
  wb.modified = options.generatedAt;
  wb.calcProperties = { fullCalcOnLoad: false };

  progressSheet(wb, data, t, render, options);
  reportingSheet(wb, data, t, render, options);

  const written = await wb.xlsx.writeBuffer();
  return stampZip(Buffer.from(written), options.generatedAt);
}
