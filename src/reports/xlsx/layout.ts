import type ExcelJS from 'exceljs';

/** Cell styles and sizes shared by the sheets of the progress workbook. */
export const FONT = 'Times New Roman';
const THIN: Partial<ExcelJS.Border> = { style: 'thin', color: { argb: 'FF000000' } };
export const BORDER: Partial<ExcelJS.Borders> = { top: THIN, left: THIN, bottom: THIN, right: THIN };
export const HEADER_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE7E6E6' } };

export type Translate = (key: string, params?: Record<string, string | number>) => string;
export type CellValue = string | number | null;

/**
 * An Excel number format showing exactly the decimals the value has (at most 3), thousands grouped, in
 * Vietnamese ([$-42A]: 1.234,5 whatever the reader's own settings, where the spreadsheet honours it).
 */
export function numberFormat(value: string): string {
  const decimals = Math.min(3, value.split('.')[1]?.length ?? 0);
  return `${VI}${decimals === 0 ? '#,##0' : `#,##0.${'0'.repeat(decimals)}`}`;
}

export const VI = '[$-42A]';

/** Lines a text takes in a column `width` characters wide (an estimate: rows are sized explicitly). */
export function linesFor(text: string, width: number): number {
  const usable = Math.max(1, width - 1.5);
  return text.split('\n').reduce((n, line) => n + Math.max(1, Math.ceil((line.length * 1.08) / usable)), 0);
}

export function heightFor(lines: number, size = 11): number {
  return Math.ceil(lines * size * 1.38 + 4);
}

export function style(
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
export function banner(
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

export function pageSetup(
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
