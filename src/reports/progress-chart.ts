import { renderAsync } from '@resvg/resvg-js';
import { Decimal } from 'decimal.js';
import { formatLocalDateTime } from '../domain/calendar/index.js';
import { formatViNumber } from '../domain/numbers/index.js';
import type { Comparator } from '../domain/plan/plan.js';
import { STATUSES, type IndicatorProgress, type Status } from '../domain/progress/index.js';
import type { I18n, Locale, Translate } from '../i18n.js';
import type { ProgressReportData } from '../services/progress.js';
import {
  blocksHeight,
  categoryGroups,
  CATEGORY_HEIGHT,
  CHART_WIDTH,
  labelBox,
  LABEL_SIZE,
  LINE_HEIGHT,
  MARK_SIZE,
  MAX_PAGE_HEIGHT,
  NOTE_SIZE,
  NOTE_X,
  PAD,
  paginate,
  ROW_PAD,
  TRACK_WIDTH,
  TRACK_X,
  VALUE_RIGHT,
  type CategoryBlock,
  type ChartBlock,
  type RowBlock,
} from './chart-layout.js';
import {
  fit,
  MUTED,
  num,
  outlined,
  printable,
  rect,
  text,
  textWidth,
  TEXT,
  wrap,
  type TextOptions,
} from './chart-text.js';

/**
 * The chairman's progress chart as PNG pictures for a phone: one horizontal bar per indicator (share of
 * its first target, coloured by status, the linear pace marked), grouped by category, each name in full,
 * the status as in /tiendo (its mark, its words); the campaign, the period and a legend on top of every
 * page. Beyond what one picture holds (chart-layout.ts) the chart is several pages, "Trang 1/3".
 * The SVG is drawn here, its text turned into glyph outlines (chart-text.ts), rasterised and encoded by
 * resvg with no font at all: the same data gives the same bytes on any machine.
 */

export { CHART_WIDTH, MAX_PAGE_HEIGHT };

export interface ProgressChartOptions {
  i18n: I18n;
  locale: Locale;
  timeZone: string;
}

/** Bars stop growing here; the number is still written in full. */
export const CHART_MAX_PERCENT = 150;

/** The colours of /tiendo's marks (✅ 🟢 🟡 🔴 ⛔ ⚪), for the bars and the marks. */
export const STATUS_COLOR: Record<Status, string> = {
  met: '#2e8b3e',
  on_track: '#7ac143',
  behind: '#f2b200',
  at_risk: '#e0392b',
  over_limit: '#a3162a',
  no_report: '#b4b9c0',
};
/** The same, dark enough to write the status word in on white. */
const STATUS_INK: Record<Status, string> = {
  met: '#1f6e2e',
  on_track: '#3f7d17',
  behind: '#8a6200',
  at_risk: '#b8231a',
  over_limit: '#8e1224',
  no_report: MUTED,
};

const FAMILY = 'Noto Sans';
const BAR_HEIGHT = 28;
const VALUE_SIZE = 26;
const STATUS_SIZE = 21;
const TITLE_SIZE = 36;
const SUBTITLE_SIZE = 24;
const PAGE_SIZE = 26;
const CATEGORY_SIZE = 27;
const LEGEND_SIZE = 23;
const AXIS_SIZE = 21;
const GRID = '#d5d9de';
const TRACK = '#eef0f3';
const ZEBRA = '#f7f8fa';
const BAND = '#e6ecf3';
const PACE = '#1b1f24';
const CONTENT_WIDTH = CHART_WIDTH - 2 * PAD;

/* ------------------------------------------------------------------ marks */

/** /tiendo's mark of a status, drawn: a ticked square, a disc, a no-entry sign, an empty circle. */
function mark(status: Status, cx: number, cy: number, size = MARK_SIZE): string {
  const r = size / 2;
  const color = STATUS_COLOR[status];
  if (status === 'met')
    return (
      rect(cx - r, cy - r, size, size, color, 5) +
      `<path d="M${num(cx - r * 0.5)} ${num(cy)} l${num(r * 0.35)} ${num(r * 0.38)} l${num(r * 0.7)} ${num(-r * 0.8)}" fill="none" stroke="#ffffff" stroke-width="${num(size / 8)}" stroke-linecap="round" stroke-linejoin="round"/>`
    );
  if (status === 'over_limit')
    return (
      `<circle cx="${num(cx)}" cy="${num(cy)}" r="${num(r)}" fill="${color}"/>` +
      rect(cx - r * 0.6, cy - size / 12, r * 1.2, size / 6, '#ffffff', 1)
    );
  if (status === 'no_report')
    return `<circle cx="${num(cx)}" cy="${num(cy)}" r="${num(r - 1)}" fill="#ffffff" stroke="${color}" stroke-width="2"/>`;
  return `<circle cx="${num(cx)}" cy="${num(cy)}" r="${num(r)}" fill="${color}"/>`;
}

function xOf(percent: number): number {
  return TRACK_X + (Math.min(Math.max(percent, 0), CHART_MAX_PERCENT) / CHART_MAX_PERCENT) * TRACK_WIDTH;
}

/* ------------------------------------------------------------------ header */

interface Header {
  height: number;
  /** the header of one page; `page` is "Trang 1/3", or null for a chart of one page */
  draw(page: string | null): string;
}

function header(t: Translate, data: ProgressReportData, options: ProgressChartOptions): Header {
  const parts: string[] = [];
  let y = PAD + 34;
  for (const line of wrap(printable(data.campaign.title), CONTENT_WIDTH, {
    size: TITLE_SIZE,
    bold: true,
    maxLines: 2,
  })) {
    parts.push(text(PAD, y + TITLE_SIZE, line, { size: TITLE_SIZE, bold: true }));
    y += TITLE_SIZE + 12;
  }
  const { progress } = data;
  const at = formatLocalDateTime(progress.at, options.timeZone);
  const subtitle = progress.period
    ? t('chart:subtitle', { period: options.i18n.render(progress.period.name, options.locale), at })
    : t('chart:subtitle_no_period', { at });
  parts.push(
    text(PAD, y + 28, fit(subtitle, CONTENT_WIDTH, SUBTITLE_SIZE), { size: SUBTITLE_SIZE, fill: MUTED }),
  );
  y += 50;
  const key = legend(t, data, y);
  parts.push(key.svg);
  y += key.height + 14;
  const axis = axisLabels(t, y);
  parts.push(axis.svg);
  y += axis.height;
  const fixed = parts.join('');
  return {
    height: y,
    draw(page) {
      const width = page ? textWidth(page, PAGE_SIZE, true) + 24 : 0;
      const organization = fit(printable(data.organization.name), CONTENT_WIDTH - width, SUBTITLE_SIZE);
      return [
        text(PAD, PAD + 22, organization, { size: SUBTITLE_SIZE, fill: MUTED }),
        page ? text(VALUE_RIGHT, PAD + 22, page, { size: PAGE_SIZE, bold: true, anchor: 'end' }) : '',
        fixed,
      ].join('');
    },
  };
}

/** The legend items flowed into lines across the picture; returns the SVG and the height used. */
function legend(t: Translate, data: ProgressReportData, top: number): { svg: string; height: number } {
  const items: { width: number; draw: (x: number, y: number) => string }[] = STATUSES.map((status) => {
    const label = t('chart:legend_item', {
      label: t(`progress:status.${status}`),
      count: data.progress.counts[status],
    });
    return {
      width: 32 + textWidth(label, LEGEND_SIZE),
      draw: (x, y) =>
        mark(status, x + 11, y, 22) + text(x + 32, y + LEGEND_SIZE * 0.36, label, { size: LEGEND_SIZE }),
    };
  });
  const paceLabel = t('chart:pace');
  items.push({
    width: 32 + textWidth(paceLabel, LEGEND_SIZE),
    draw: (x, y) =>
      rect(x + 9, y - 16, 4, 32, PACE, 1) +
      text(x + 32, y + LEGEND_SIZE * 0.36, paceLabel, { size: LEGEND_SIZE }),
  });
  const lineHeight = 40;
  const gap = 26;
  const parts: string[] = [];
  let x = PAD;
  let y = top + lineHeight / 2;
  for (const item of items) {
    if (x > PAD && x + item.width > CHART_WIDTH - PAD) {
      x = PAD;
      y += lineHeight;
    }
    parts.push(item.draw(x, y));
    x += item.width + gap;
  }
  return { svg: parts.join(''), height: y + lineHeight / 2 - top };
}

/** "% so với mục tiêu" and 0, 50, 100, 150 % over the track. */
function axisLabels(t: Translate, top: number): { svg: string; height: number } {
  const parts = [text(PAD, top + AXIS_SIZE, t('chart:axis'), { size: AXIS_SIZE, fill: MUTED })];
  for (const percent of [0, 50, 100, CHART_MAX_PERCENT]) {
    const anchor = percent === 0 ? 'start' : percent === CHART_MAX_PERCENT ? 'end' : 'middle';
    const label = percent === 0 ? '0' : t('chart:percent', { value: String(percent) });
    parts.push(text(xOf(percent), top + AXIS_SIZE, label, { size: AXIS_SIZE, fill: MUTED, anchor }));
  }
  return { svg: parts.join(''), height: AXIS_SIZE + 12 };
}

/* ------------------------------------------------------------------ rows */

/** "không quá 1,5 %": the target in words, Noto Sans having no ≤ / ≥. */
const TARGET_KEY: Record<Comparator, string> = {
  '<=': 'chart:target.le',
  '>=': 'chart:target.ge',
  '=': 'chart:target.eq',
};

function formatPercent(t: Translate, value: string): string {
  return t('chart:percent', { value: formatViNumber(value, { maxFractionDigits: 1 }) });
}

function shareOf(indicator: IndicatorProgress): string | null {
  return indicator.latest ? (indicator.targets[0]?.percent ?? null) : null;
}

/** A reported value with no share to draw (a yes/no goal, a "≤" rate), against its target. */
function noteOf(t: Translate, indicator: IndicatorProgress): string | null {
  const latest = indicator.latest;
  if (!latest || shareOf(indicator) !== null) return null;
  const first = indicator.targets[0];
  const value =
    indicator.measure === 'boolean'
      ? t(latest.value === '1' ? 'common:boolean.achieved' : 'common:boolean.not_achieved')
      : formatViNumber(latest.value, { unit: indicator.unit, maxFractionDigits: 2 });
  if (indicator.measure === 'boolean' || !first) return value;
  return t('chart:value_vs_target', {
    value,
    target: t(TARGET_KEY[first.comparator], {
      value: formatViNumber(first.target, { unit: indicator.unit }),
    }),
  });
}

/** A row drawn in three layers: its background, its shapes, its texts (the grid goes between). */
interface RowLayers {
  back: string;
  shapes: string[];
  texts: string[];
}

/** A text over the grid: on a patch of the row's background, so that no line runs through it. */
function masked(
  layers: RowLayers,
  x: number,
  y: number,
  content: string,
  o: TextOptions,
  fill: string,
): void {
  const width = textWidth(content, o.size, o.bold);
  layers.texts.push(rect(x - 4, y - o.size * 0.8, width + 8, o.size * 1.1, fill), text(x, y, content, o));
}

/** The label column: the status mark, the code in bold, the name on as many lines as it took. */
function label(layers: RowLayers, block: RowBlock, top: number): void {
  const { indicator } = block;
  const box = labelBox(indicator);
  const fill = indicator.parentCode !== null ? MUTED : TEXT;
  const baseline = (line: number): number => top + ROW_PAD + (line + 0.5) * LINE_HEIGHT + LABEL_SIZE * 0.36;
  layers.shapes.push(mark(indicator.status, box.x - 12 - MARK_SIZE / 2, top + ROW_PAD + LINE_HEIGHT / 2));
  layers.texts.push(text(box.x, baseline(0), block.code, { size: LABEL_SIZE, bold: true, fill }));
  const nameX = box.x + textWidth(block.code, LABEL_SIZE, true) + 10;
  block.nameLines.forEach((line, i) =>
    layers.texts.push(text(i === 0 ? nameX : box.x, baseline(i), line, { size: LABEL_SIZE, fill })),
  );
}

/** The bar of a share of the target: cut with a notch past 150 %, the pace marked, the figure. */
function bar(
  t: Translate,
  layers: RowLayers,
  indicator: IndicatorProgress,
  share: string,
  middle: number,
): void {
  const first = indicator.targets[0];
  const barTop = middle - BAR_HEIGHT / 2;
  const percent = Number(share);
  layers.shapes.push(
    rect(TRACK_X, barTop, TRACK_WIDTH, BAR_HEIGHT, TRACK, 4),
    rect(TRACK_X, barTop, xOf(percent) - TRACK_X, BAR_HEIGHT, STATUS_COLOR[indicator.status], 4),
  );
  if (percent > CHART_MAX_PERCENT) {
    const end = xOf(CHART_MAX_PERCENT);
    layers.shapes.push(
      `<path d="M${num(end - 14)} ${num(barTop)} l10 ${BAR_HEIGHT / 2} l-10 ${BAR_HEIGHT / 2} h6 l10 ${-BAR_HEIGHT / 2} l-10 ${-BAR_HEIGHT / 2} z" fill="#ffffff"/>`,
    );
  }
  if (
    first?.expected !== null &&
    first?.expected !== undefined &&
    indicator.measure === 'cumulative' &&
    new Decimal(first.target).greaterThan(0)
  ) {
    const pace = new Decimal(first.expected).dividedBy(first.target).times(100).toNumber();
    layers.texts.push(rect(xOf(pace) - 2, barTop - 7, 4, BAR_HEIGHT + 14, PACE, 1));
  }
  layers.texts.push(
    text(VALUE_RIGHT, middle + VALUE_SIZE * 0.36, formatPercent(t, share), {
      size: VALUE_SIZE,
      bold: true,
      anchor: 'end',
    }),
  );
}

/** One indicator: its label; its bar, or its value beside a chip of its colour; its status in words under them. */
function row(t: Translate, block: RowBlock, top: number, zebra: boolean): RowLayers {
  const { indicator } = block;
  const background = zebra ? ZEBRA : '#ffffff';
  const layers: RowLayers = {
    back: zebra ? rect(0, top, CHART_WIDTH, block.height, ZEBRA) : '',
    shapes: [],
    texts: [],
  };
  label(layers, block, top);
  const middle = top + ROW_PAD + LINE_HEIGHT / 2;
  const share = shareOf(indicator);
  if (share !== null) bar(t, layers, indicator, share, middle);
  if (block.noteLines.length > 0) {
    layers.shapes.push(
      rect(TRACK_X, middle - BAR_HEIGHT / 2, 40, BAR_HEIGHT, STATUS_COLOR[indicator.status], 4),
    );
    block.noteLines.forEach((line, i) =>
      masked(
        layers,
        NOTE_X,
        middle + i * LINE_HEIGHT + NOTE_SIZE * 0.36,
        line,
        { size: NOTE_SIZE },
        background,
      ),
    );
  }
  // Under the bar or the note; beside the label when there is neither (no report yet).
  const statusLine = share === null && block.noteLines.length === 0 ? 0 : Math.max(1, block.noteLines.length);
  masked(
    layers,
    TRACK_X,
    middle + statusLine * LINE_HEIGHT + STATUS_SIZE * 0.36,
    t(`progress:status.${indicator.status}`),
    { size: STATUS_SIZE, bold: true, fill: STATUS_INK[indicator.status] },
    background,
  );
  return layers;
}

function categoryHeader(t: Translate, block: CategoryBlock, top: number): string {
  const name = block.continued ? t('chart:continued', { category: block.name }) : block.name;
  const band = CATEGORY_HEIGHT - 6;
  return (
    rect(0, top + 6, CHART_WIDTH, band, BAND) +
    text(
      PAD,
      top + 6 + band / 2 + CATEGORY_SIZE * 0.36,
      fit(printable(name), CONTENT_WIDTH, CATEGORY_SIZE, true),
      {
        size: CATEGORY_SIZE,
        bold: true,
      },
    )
  );
}

/* ------------------------------------------------------------------ pages */

interface Layout {
  t: Translate;
  header: Header;
  pages: ChartBlock[][];
}

function layout(data: ProgressReportData, options: ProgressChartOptions): Layout {
  const t = options.i18n.forLocale(options.locale);
  const top = header(t, data, options);
  const capacity = MAX_PAGE_HEIGHT - top.height - PAD;
  const groups = categoryGroups(data.progress.indicators, (indicator) => noteOf(t, indicator));
  return { t, header: top, pages: paginate(groups, capacity) };
}

/** The blocks of a page from `top`: backgrounds, the grid, the bars, the 100 % line, the texts, the category bands. */
function body(t: Translate, blocks: ChartBlock[], top: number): { svg: string; height: number } {
  const rows: RowLayers[] = [];
  const headers: string[] = [];
  let y = top;
  for (const block of blocks) {
    if (block.kind === 'category') headers.push(categoryHeader(t, block, y));
    else rows.push(row(t, block, y, rows.length % 2 === 1));
    y += block.height;
  }
  const height = blocksHeight(blocks);
  const grid = [50, CHART_MAX_PERCENT].map((percent) => rect(xOf(percent) - 0.5, top, 1, height, GRID));
  const hundred = `<path d="M${num(xOf(100))} ${num(top - 4)} v${num(height + 8)}" stroke="${TEXT}" stroke-width="2" stroke-dasharray="6 5"/>`;
  const svg = [
    ...rows.map((r) => r.back),
    ...grid,
    ...rows.flatMap((r) => r.shapes),
    hundred,
    ...rows.flatMap((r) => r.texts),
    ...headers,
  ];
  return { svg: svg.join(''), height };
}

function pageSvg(data: ProgressReportData, plan: Layout, index: number): string {
  const { t, header: top, pages } = plan;
  const blocks = pages[index] ?? [];
  const page = pages.length > 1 ? t('chart:page', { page: index + 1, pages: pages.length }) : null;
  const parts = [top.draw(page)];
  let height = top.height;
  if (data.progress.indicators.length === 0) {
    parts.push(text(PAD, height + 40, t('chart:no_indicators'), { size: LABEL_SIZE, fill: MUTED }));
    height += 60;
  } else {
    const drawn = body(t, blocks, height + 4);
    parts.push(drawn.svg);
    height += 4 + drawn.height;
  }
  height = Math.ceil(height + PAD);
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${CHART_WIDTH}" height="${height}" viewBox="0 0 ${CHART_WIDTH} ${height}" font-family="${FAMILY}">`,
    rect(0, 0, CHART_WIDTH, height, '#ffffff'),
    ...parts,
    '</svg>',
  ].join('\n');
}

/** Every page of the chart as SVG text (exported for tests and debugging). */
export function progressChartSvgs(data: ProgressReportData, options: ProgressChartOptions): string[] {
  const plan = layout(data, options);
  return plan.pages.map((_, i) => pageSvg(data, plan, i));
}

/** How many pictures the chart takes, without drawing them (the dashboard lists them). */
export function progressChartPageCount(data: ProgressReportData, options: ProgressChartOptions): number {
  return layout(data, options).pages.length;
}

async function png(svg: string): Promise<Buffer> {
  const image = await renderAsync(outlined(svg), {
    font: { loadSystemFonts: false },
    fitTo: { mode: 'original' },
    background: '#ffffff',
    shapeRendering: 2,
    logLevel: 'off',
  });
  return image.asPng();
}

/** The progress chart as PNG pictures, 1080 px wide and at most 2000 tall: one, or its pages in order. */
export async function renderProgressChart(
  data: ProgressReportData,
  options: ProgressChartOptions,
): Promise<Buffer[]> {
  const pages: Buffer[] = [];
  // One at a time: resvg's pictures are large, a chart of four pages need not hold them all half-drawn.
  for (const svg of progressChartSvgs(data, options)) pages.push(await png(svg));
  return pages;
}

/** Page `page` (from 1) of the chart, or null past its last page (a URL made when it had more). */
export async function renderProgressChartPage(
  data: ProgressReportData,
  options: ProgressChartOptions,
  page: number,
): Promise<Buffer | null> {
  const plan = layout(data, options);
  if (!Number.isInteger(page) || page < 1 || page > plan.pages.length) return null;
  return png(pageSvg(data, plan, page - 1));
}
