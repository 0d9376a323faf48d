import { DateTime } from 'luxon';
import type ExcelJS from 'exceljs';
import type { OfficialCompleteness } from '../../domain/progress/index.js';
import type { Message } from '../../i18n.js';
import type { ProgressReportData } from '../../services/progress.js';
import {
  banner,
  HEADER_FILL,
  heightFor,
  linesFor,
  pageSetup,
  style,
  type CellValue,
  type Translate,
} from './layout.js';

type Render = (message: Message) => string;
type Header = (r: number, texts: string[]) => void;
type OfficialRow = (r: number, index: number, o: OfficialCompleteness) => void;
const WIDTHS = [6, 12, 24, 22, 13, 11, 9, 36];
const LAST = WIDTHS.length;
const TOTAL = WIDTHS.reduce((a, b) => a + b, 0);

/** Sheet 2: who reported what for the period, by official and by unit, and who is late. */
export function reportingSheet(
  wb: ExcelJS.Workbook,
  data: ProgressReportData,
  t: Translate,
  render: Render,
  options: { timeZone: string },
): void {
  const { progress } = data;
  const ws = wb.addWorksheet(t('report-xlsx:reporting.sheet'));
  const widths = WIDTHS;
  widths.forEach((w, i) => {
    ws.getColumn(i + 1).width = w;
  });
  const last = LAST;
  reportingTitle(ws, data, t, render, options);

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

  row = unitsTable(ws, data, t, row, header, h);
  row = lateTable(ws, data, t, render, row, header, officialRow);

  ws.views = [
    { state: 'frozen', xSplit: 0, ySplit: h1, topLeftCell: `A${h1 + 1}`, activeCell: `A${h1 + 1}` },
  ];
  pageSetup(ws, t, `${h1}:${h1}`, 'landscape');
}

/** Completeness by unit, under the officials; returns the next free row. */
function unitsTable(
  ws: ExcelJS.Worksheet,
  data: ProgressReportData,
  t: Translate,
  start: number,
  header: Header,
  h: (key: string) => string,
): number {
  const { progress } = data;
  const last = LAST;
  let row = start;
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

  return row;
}

/** Overdue answers of the last period whose deadline passed; returns the next free row. */
function lateTable(
  ws: ExcelJS.Worksheet,
  data: ProgressReportData,
  t: Translate,
  render: Render,
  start: number,
  header: Header,
  officialRow: OfficialRow,
): number {
  const { progress } = data;
  const last = LAST;
  const total = TOTAL;
  const h = (key: string): string => t(`report-xlsx:reporting.header.${key}`);
  let row = start;
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

  return row;
}

function reportingTitle(
  ws: ExcelJS.Worksheet,
  data: ProgressReportData,
  t: Translate,
  render: Render,
  options: { timeZone: string },
): void {
  const { progress } = data;
  const last = LAST;
  const total = TOTAL;
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
}
