import ExcelJS from 'exceljs';
import type { IndicatorProgress } from '../domain/progress/index.js';
import type { I18n, Locale, Message } from '../i18n.js';
import type { ProgressReportData } from '../services/progress.js';
import { banner, BORDER, heightFor, linesFor, pageSetup, style, type Translate } from './xlsx/layout.js';
import {
  headerRows,
  HEADER_ROWS,
  indicatorRow,
  layoutOf,
  titleBlock,
  type Layout,
} from './xlsx/progress-sheet.js';
import { reportingSheet } from './xlsx/reporting-sheet.js';
import { stampZip } from './xlsx/stamp-zip.js';

/**
 * The progress report as a spreadsheet, the way a commune office sends it to the level above:
 * sheet 1 is the table of indicators (the header block of an administrative report; plan per target
 * source with the comparator in its own column, what the period added, the cumulative figure, % of
 * plan, assessment), grouped by category with Roman headings; sheet 2 says who reported what.
 * Numbers are stored as numbers in a Vietnamese format; every text a person reads comes from
 * `report-xlsx:` keys. The layout helpers live in `./xlsx/`.
 */
export interface ProgressXlsxOptions {
  i18n: I18n;
  locale: Locale;
  /** IANA zone the dates are written in (the commune's) */
  timeZone: string;
  /** "Ngày lập"; also the file's creation date, so the same input gives the same bytes */
  generatedAt: Date;
}

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

/** The category a row belongs to: its root's (a child stays under its parent whatever it carries). */
function rootCategoryOf(indicators: IndicatorProgress[]): (code: string) => string {
  const byCode = new Map(indicators.map((i) => [i.code, i]));
  return (code) => {
    let current = byCode.get(code);
    while (current?.parentCode && byCode.has(current.parentCode)) current = byCode.get(current.parentCode);
    return current?.category ?? '';
  };
}

/** A Roman heading per category, then its indicators with their children; returns the next free row. */
function body(
  ws: ExcelJS.Worksheet,
  data: ProgressReportData,
  layout: Layout,
  t: Translate,
  render: Render,
): number {
  const { progress } = data;
  let row = HEADER_ROWS.second + 1;
  const rows = tree(progress.indicators);
  const rootCategory = rootCategoryOf(progress.indicators);
  const categories = [...new Set(progress.indicators.map((i) => i.category))];
  categories.forEach((category, ci) => {
    const members = rows.filter((r) => rootCategory(r.indicator.code) === category);
    if (members.length === 0) return;
    ws.getCell(row, 1).value = romanNumeral(ci + 1);
    ws.getCell(row, 2).value = category;
    for (let c = 1; c <= layout.last; c++)
      style(ws.getCell(row, c), { bold: true, align: c === 1 ? 'center' : 'left', border: true });
    ws.getRow(row).height = heightFor(linesFor(category, 40));
    row++;
    for (const member of members) indicatorRow(ws, row++, member, data, layout, t, render);
  });
  for (let r = HEADER_ROWS.second + 1; r < row; r++) {
    for (let c = 1; c <= layout.last; c++) {
      const cell = ws.getCell(r, c);
      cell.border = BORDER;
      if (!cell.font) style(cell);
    }
  }
  return row;
}

/** The counts, then who prepared the report and who signs it; returns the last row used. */
function footer(
  ws: ExcelJS.Worksheet,
  data: ProgressReportData,
  layout: Layout,
  t: Translate,
  start: number,
): number {
  const { progress } = data;
  const { last, totalWidth, col } = layout;
  let row = start + 1;
  banner(
    ws,
    row,
    1,
    last,
    t('report-xlsx:progress.summary', { total: progress.indicators.length, ...progress.counts }),
    {
      italic: true,
      align: 'left',
      width: totalWidth,
    },
  );
  row += 2;
  const split = col('latest');
  banner(ws, row, 1, split - 1, t('report-xlsx:progress.preparer'), { bold: true });
  banner(ws, row, split, last, t('report-xlsx:progress.head'), { bold: true });
  row++;
  banner(ws, row, 1, split - 1, t('report-xlsx:progress.sign'), { italic: true });
  banner(ws, row, split, last, t('report-xlsx:progress.sign'), { italic: true });
  return row;
}

function progressSheet(
  wb: ExcelJS.Workbook,
  data: ProgressReportData,
  t: Translate,
  render: Render,
  options: ProgressXlsxOptions,
): void {
  const layout = layoutOf(data);
  const ws = wb.addWorksheet(t('report-xlsx:progress.sheet'), { properties: { defaultRowHeight: 18 } });
  layout.columns.forEach((c, i) => {
    ws.getColumn(i + 1).width = c.width;
  });
  titleBlock(ws, data, layout, t, render, options);
  headerRows(ws, data, layout, t, render);
  const last = footer(ws, data, layout, t, body(ws, data, layout, t, render));
  const { first, second } = HEADER_ROWS;
  ws.views = [
    {
      state: 'frozen',
      xSplit: 0,
      ySplit: second,
      topLeftCell: `A${second + 1}`,
      activeCell: `A${second + 1}`,
    },
  ];
  pageSetup(ws, t, `${first}:${second}`, 'landscape');
  ws.pageSetup.printArea = `A1:${ws.getColumn(layout.last).letter}${last}`;
}

export async function renderProgressXlsx(
  data: ProgressReportData,
  options: ProgressXlsxOptions,
): Promise<Buffer> {
  const tr = options.i18n.forLocale(options.locale);
  const t: Translate = (key, params) => String(tr(key, params ?? {}));
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
