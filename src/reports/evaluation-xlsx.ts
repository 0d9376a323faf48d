import ExcelJS from 'exceljs';
import { DateTime } from 'luxon';
import type {
  CommuneRankingData,
  ProvinceRankingData,
  RankedEntry,
  RankingRule,
} from '../domain/ranking/index.js';
import type { I18n, Locale, Message } from '../i18n.js';
import { ruleLine, tieMessage } from './ranking-view.js';
import {
  banner,
  BORDER,
  HEADER_FILL,
  heightFor,
  linesFor,
  pageSetup,
  style,
  VI,
  type Translate,
} from './xlsx/layout.js';
import { placeOf } from './xlsx/progress-sheet.js';
import { stampZip } from './xlsx/stamp-zip.js';

/**
 * The year-end evaluation sheet (bảng đề xuất xếp loại) the commendation council reads: each unit and
 * official of a commune — or each commune of a province — with its rank, the figures behind it and the
 * class its score proposes under the campaign's thresholds. The council decides; the sheet proposes.
 */
export interface EvaluationXlsxOptions {
  i18n: I18n;
  locale: Locale;
  timeZone: string;
  /** the date written on the sheet, and the file's: the same input gives the same bytes */
  generatedAt: Date;
}

type Render = (message: Message) => string;

interface Column {
  key: string;
  width: number;
}

const COLUMNS: readonly Column[] = [
  { key: 'rank', width: 6 },
  { key: 'name', width: 34 },
  { key: 'due', width: 10 },
  { key: 'reported', width: 10 },
  { key: 'on_time', width: 10 },
  { key: 'completeness', width: 11 },
  { key: 'timeliness', width: 11 },
  { key: 'score', width: 9 },
  { key: 'class', width: 20 },
  { key: 'note', width: 30 },
];

/** A province's sheet has the share of indicators met or on track after the name. */
const TARGET_COLUMNS: readonly Column[] = [
  { key: 'targets_met', width: 10 },
  { key: 'targets_total', width: 10 },
  { key: 'targets', width: 11 },
];

const PERCENT = `${VI}0.0%`;
const SCORE = `${VI}0.0`;

function columnsOf(withTargets: boolean): Column[] {
  return withTargets ? [...COLUMNS.slice(0, 2), ...TARGET_COLUMNS, ...COLUMNS.slice(2)] : [...COLUMNS];
}

function headerBlock(
  ws: ExcelJS.Worksheet,
  t: Translate,
  head: { issuer: string; title: string; campaign: string; basis: string[] },
  last: number,
  options: EvaluationXlsxOptions,
): number {
  const generated = DateTime.fromJSDate(options.generatedAt, { zone: options.timeZone });
  const split = 3;
  banner(ws, 1, 1, split, head.issuer.toLocaleUpperCase('vi'), { bold: true, width: 50 });
  banner(ws, 1, split + 1, last, t('report-xlsx:progress.nation'), { bold: true });
  banner(ws, 2, 1, split, t('report-xlsx:progress.number'));
  banner(ws, 2, split + 1, last, t('report-xlsx:progress.motto'), { bold: true, italic: true });
  banner(
    ws,
    3,
    split + 1,
    last,
    t('report-xlsx:progress.place_date', {
      place: placeOf(head.issuer),
      day: generated.toFormat('dd'),
      month: generated.toFormat('MM'),
      year: generated.toFormat('yyyy'),
    }),
    { italic: true },
  );
  banner(ws, 5, 1, last, head.title, { bold: true, size: 14, width: 120 });
  banner(ws, 6, 1, last, head.campaign, { bold: true, width: 115 });
  let row = 7;
  for (const text of head.basis)
    banner(ws, row++, 1, last, text, { italic: true, align: 'left', width: 140 });
  return row + 1;
}

function tableHeader(ws: ExcelJS.Worksheet, row: number, columns: Column[], t: Translate): void {
  columns.forEach((c, i) => {
    const cell = ws.getCell(row, i + 1);
    cell.value = t(`ranking:sheet.column.${c.key}`);
    style(cell, { bold: true, align: 'center', border: true });
    cell.fill = HEADER_FILL;
  });
  ws.getRow(row).height = heightFor(3);
}

function entryRow(
  ws: ExcelJS.Worksheet,
  row: number,
  entry: RankedEntry,
  columns: Column[],
  t: Translate,
  render: Render,
): void {
  const { completeness, timeliness, targets } = entry.shares;
  const ratio = (s: typeof completeness) => (s && s.d > 0 ? s.n / s.d : null);
  const tie = tieMessage(entry);
  const name = entry.name || t('ranking:no_unit');
  const values: Record<string, ExcelJS.CellValue> = {
    rank: entry.rank,
    name,
    targets_met: targets?.n ?? null,
    targets_total: targets?.d ?? null,
    targets: ratio(targets),
    due: completeness?.d ?? 0,
    reported: completeness?.n ?? 0,
    on_time: timeliness?.n ?? 0,
    completeness: ratio(completeness),
    timeliness: ratio(timeliness),
    score: entry.score === null ? null : entry.score / 10,
    class: entry.classification ? t(`ranking:class.${entry.classification}`) : t('ranking:sheet.unranked'),
    note: tie ? render(tie) : null,
  };
  columns.forEach((c, i) => {
    const cell = ws.getCell(row, i + 1);
    cell.value = values[c.key] ?? null;
    const numeric = !['name', 'class', 'note'].includes(c.key);
    style(cell, { align: numeric ? 'center' : 'left', border: true, bold: c.key === 'class' });
    if (['targets', 'completeness', 'timeliness'].includes(c.key)) cell.numFmt = PERCENT;
    if (c.key === 'score') cell.numFmt = SCORE;
  });
  const note = typeof values.note === 'string' ? values.note : '';
  ws.getRow(row).height = heightFor(Math.max(linesFor(name, 34), linesFor(note, 30)));
}

function section(
  ws: ExcelJS.Worksheet,
  start: number,
  heading: string | null,
  entries: readonly RankedEntry[],
  columns: Column[],
  t: Translate,
  render: Render,
): number {
  let row = start;
  if (heading) {
    ws.mergeCells(row, 1, row, columns.length);
    ws.getCell(row, 1).value = heading;
    style(ws.getCell(row, 1), { bold: true, border: true });
    row++;
  }
  for (const entry of entries) entryRow(ws, row++, entry, columns, t, render);
  return row;
}

/** The thresholds in words: "Hoàn thành xuất sắc: từ 90 điểm; …". */
function classesLine(t: Translate, classes: RankingRule['classes']): string {
  return t('ranking:sheet.thresholds', { ...classes });
}

function signatures(ws: ExcelJS.Worksheet, row: number, last: number, t: Translate): number {
  banner(ws, row, 1, 3, t('report-xlsx:progress.preparer'), { bold: true });
  banner(ws, row, 4, last, t('ranking:sheet.head'), { bold: true });
  ws.getRow(row).height = heightFor(2);
  banner(ws, row + 1, 1, 3, t('report-xlsx:progress.sign'), { italic: true });
  banner(ws, row + 1, 4, last, t('report-xlsx:progress.sign'), { italic: true });
  return row + 1;
}

function workbook(options: EvaluationXlsxOptions, subject: string, company: string) {
  const tr = options.i18n.forLocale(options.locale);
  const t: Translate = (key, params) => String(tr(key, params ?? {}));
  const render: Render = (message) => options.i18n.render(message, options.locale);
  const wb = new ExcelJS.Workbook();
  wb.creator = t('report-xlsx:file.creator');
  wb.lastModifiedBy = t('report-xlsx:file.creator');
  wb.title = t('ranking:sheet.file_title');
  wb.subject = subject;
  wb.company = company;
  wb.created = options.generatedAt;
  wb.modified = options.generatedAt;
  wb.calcProperties = { fullCalcOnLoad: false };
  const ws = wb.addWorksheet(t('ranking:sheet.name'), { properties: { defaultRowHeight: 18 } });
  return { wb, ws, t, render };
}

function finish(
  ws: ExcelJS.Worksheet,
  columns: Column[],
  t: Translate,
  headerRow: number,
  last: number,
): void {
  columns.forEach((c, i) => {
    ws.getColumn(i + 1).width = c.width;
  });
  for (let r = headerRow; r <= last; r++)
    for (let c = 1; c <= columns.length; c++) if (!ws.getCell(r, c).border) ws.getCell(r, c).border = BORDER;
  pageSetup(ws, t, `${headerRow}:${headerRow}`, 'landscape');
  ws.pageSetup.printArea = `A1:${ws.getColumn(columns.length).letter}${last + 4}`;
}

/** One commune's sheet: its units, then its officials, each with the class proposed. */
export async function renderCommuneEvaluationXlsx(
  data: CommuneRankingData,
  options: EvaluationXlsxOptions,
): Promise<Buffer> {
  const { wb, ws, t, render } = workbook(options, data.campaign.title, data.organization.name);
  const columns = columnsOf(false);
  const year = data.campaign.end.slice(0, 4);
  const basis = [
    render(
      data.closed.length > 0
        ? {
            key: 'ranking:sheet.basis',
            params: {
              first: data.closed[0]?.name ?? '',
              last: data.closed.at(-1)?.name ?? '',
              count: data.closed.length,
            },
          }
        : { key: 'ranking:sheet.basis_none' },
    ),
    render(ruleLine(data.rule, 'within')),
    classesLine(t, data.rule.classes),
    ...(data.ended ? [] : [t('ranking:provisional')]),
  ];
  const header = headerBlock(
    ws,
    t,
    {
      issuer: data.organization.name,
      title: t('ranking:sheet.title', { year }),
      campaign: data.campaign.title,
      basis,
    },
    columns.length,
    options,
  );
  tableHeader(ws, header, columns, t);
  let row = section(ws, header + 1, `I. ${t('ranking:heading.units')}`, data.units, columns, t, render);
  row = section(ws, row, `II. ${t('ranking:heading.officials')}`, data.officials, columns, t, render);
  finish(ws, columns, t, header, row - 1);
  signatures(ws, row + 1, columns.length, t);
  return stampZip(Buffer.from(await wb.xlsx.writeBuffer()), options.generatedAt);
}

/** A province's sheet: its communes, each with the share of its indicators met and the class proposed. */
export async function renderProvinceEvaluationXlsx(
  data: ProvinceRankingData,
  province: { name: string; year: string },
  options: EvaluationXlsxOptions,
): Promise<Buffer> {
  const { wb, ws, t, render } = workbook(options, province.name, province.name);
  const columns = columnsOf(true);
  const basis = [render(ruleLine(data.rule, 'communes')), classesLine(t, data.rule.classes)];
  const header = headerBlock(
    ws,
    t,
    {
      issuer: province.name,
      title: t('ranking:sheet.title_province', { year: province.year }),
      campaign: '',
      basis,
    },
    columns.length,
    options,
  );
  tableHeader(ws, header, columns, t);
  const row = section(ws, header + 1, null, data.communes, columns, t, render);
  finish(ws, columns, t, header, row - 1);
  signatures(ws, row + 1, columns.length, t);
  return stampZip(Buffer.from(await wb.xlsx.writeBuffer()), options.generatedAt);
}
