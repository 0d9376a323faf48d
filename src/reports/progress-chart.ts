import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { renderAsync } from '@resvg/resvg-js';
import { Decimal } from 'decimal.js';
import { formatLocalDateTime } from '../domain/calendar/index.js';
import { ChartFont } from './chart-font.js';
import { formatViNumber } from '../domain/numbers/index.js';
import type { Comparator } from '../domain/plan/plan.js';
import { STATUSES, type IndicatorProgress, type Status } from '../domain/progress/index.js';
import type { I18n, Locale, Translate } from '../i18n.js';
import type { ProgressReportData } from '../services/progress.js';

/**
 * The chairman's progress chart as a PNG for a phone: one horizontal bar per indicator (share of its
 * first target, coloured by status, the linear pace marked), a legend, the campaign and period on top.
 * The SVG is drawn here, its text turned into glyph outlines from the Noto Sans files shipped in an
 * npm package (chart-font.ts, with fontkit), rasterised and encoded by resvg with no font at all: the
 * same data gives the same bytes on any machine.
 */

export interface ProgressChartOptions {
  i18n: I18n;
  locale: Locale;
  timeZone: string;
}

export const CHART_WIDTH = 1080;
/** Bars stop growing here; the number is still written in full. */
export const CHART_MAX_PERCENT = 150;

export const STATUS_COLOR: Record<Status, string> = {
  met: '#2e9d4f',
  on_track: '#1f8fb3',
  behind: '#e6a117',
  at_risk: '#d63a32',
  over_limit: '#7a1f6e',
  no_report: '#a3a8b0',
};

const FAMILY = 'Noto Sans';
const resolveFrom = createRequire(import.meta.url);
const FONT_FILES = {
  regular: resolveFrom.resolve('@expo-google-fonts/noto-sans/400Regular/NotoSans_400Regular.ttf'),
  bold: resolveFrom.resolve('@expo-google-fonts/noto-sans/700Bold/NotoSans_700Bold.ttf'),
};

// Layout, in pixels of the 1080-wide picture.
const PAD = 36;
const LABEL_X = PAD;
const LABEL_WIDTH = 420;
const CHILD_INDENT = 30;
const TRACK_X = 486;
const TRACK_WIDTH = 420;
const VALUE_RIGHT = CHART_WIDTH - PAD;
const ROW_HEIGHT = 60;
const BAR_HEIGHT = 30;
const LABEL_SIZE = 26;
const VALUE_SIZE = 26;
const NOTE_SIZE = 23;
const TITLE_SIZE = 38;
const SUBTITLE_SIZE = 25;
const LEGEND_SIZE = 24;
const AXIS_SIZE = 21;
const TEXT = '#1b1f24';
const MUTED = '#5f6670';
const GRID = '#d5d9de';
const TRACK = '#eef0f3';
const ZEBRA = '#f7f8fa';
const PACE = '#1b1f24';
const ELLIPSIS = '…';

/* ------------------------------------------------------------------ text measuring */

interface Fonts {
  regular: ChartFont;
  bold: ChartFont;
}

// Read on the first chart, then kept: a process draws many.
let fonts: Fonts | undefined;
function metrics(): Fonts {
  fonts ??= {
    regular: new ChartFont(readFileSync(FONT_FILES.regular)),
    bold: new ChartFont(readFileSync(FONT_FILES.bold)),
  };
  return fonts;
}

function fontOf(bold: boolean): ChartFont {
  return bold ? metrics().bold : metrics().regular;
}

/** Signs Noto Sans has no glyph for (a plan's name may hold them), written with ones it has. */
const SUBSTITUTES: Record<string, string> = { '≤': '<=', '≥': '>=', '≠': '!=' };

/** NFC (the font's precomposed Vietnamese letters), missing signs replaced. */
function printable(text: string): string {
  const font = metrics().regular;
  return [...text.normalize('NFC')].map((c) => (font.has(c) ? c : (SUBSTITUTES[c] ?? c))).join('');
}

/** The text, cut with "…" to fit `width`. */
function fit(text: string, width: number, size: number, bold = false): string {
  const font = fontOf(bold);
  if (font.width(text, size) <= width) return text;
  const chars = [...text];
  let low = 0;
  let high = chars.length;
  while (low < high) {
    const mid = Math.ceil((low + high) / 2);
    if (font.width(chars.slice(0, mid).join('').trimEnd() + ELLIPSIS, size) <= width) low = mid;
    else high = mid - 1;
  }
  return chars.slice(0, low).join('').trimEnd() + ELLIPSIS;
}

/** Words into at most `maxLines` lines of `width`, the last cut with "…". */
function wrap(text: string, width: number, size: number, bold: boolean, maxLines: number): string[] {
  const font = fontOf(bold);
  const words = text.split(/\s+/).filter(Boolean);
  const lines: string[] = [];
  let current = '';
  for (let i = 0; i < words.length; i++) {
    const word = words[i] as string;
    const candidate = current ? `${current} ${word}` : word;
    if (font.width(candidate, size) <= width || !current) {
      current = candidate;
      continue;
    }
    if (lines.length === maxLines - 1) {
      lines.push(fit(`${current} ${words.slice(i).join(' ')}`, width, size, bold));
      return lines;
    }
    lines.push(current);
    current = word;
  }
  if (current) lines.push(fit(current, width, size, bold));
  return lines;
}

/* ------------------------------------------------------------------ SVG */

function esc(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function num(value: number): string {
  return String(Math.round(value * 10) / 10);
}

interface TextOptions {
  size: number;
  bold?: boolean;
  fill?: string;
  anchor?: 'start' | 'middle' | 'end';
}

function text(x: number, y: number, content: string, o: TextOptions): string {
  const anchor = o.anchor && o.anchor !== 'start' ? ` text-anchor="${o.anchor}"` : '';
  const weight = o.bold ? ' font-weight="700"' : '';
  return `<text x="${num(x)}" y="${num(y)}" font-size="${o.size}"${weight} fill="${o.fill ?? TEXT}"${anchor}>${esc(content)}</text>`;
}

function rect(x: number, y: number, width: number, height: number, fill: string, radius = 0): string {
  const r = radius > 0 ? ` rx="${radius}"` : '';
  return `<rect x="${num(x)}" y="${num(y)}" width="${num(Math.max(0, width))}" height="${num(height)}"${r} fill="${fill}"/>`;
}

function xOf(percent: number): number {
  return TRACK_X + (Math.min(Math.max(percent, 0), CHART_MAX_PERCENT) / CHART_MAX_PERCENT) * TRACK_WIDTH;
}

/** "không quá 1,5 %": the target in words, Noto Sans having no ≤ / ≥. */
const TARGET_KEY: Record<Comparator, string> = {
  '<=': 'chart:target.le',
  '>=': 'chart:target.ge',
  '=': 'chart:target.eq',
};

function formatPercent(t: Translate, value: string): string {
  return t('chart:percent', { value: formatViNumber(value, { maxFractionDigits: 1 }) });
}

/** One indicator's row: label, track, bar, pace tick, figure. */
function row(t: Translate, indicator: IndicatorProgress, top: number, index: number): string {
  const parts: string[] = [];
  if (index % 2 === 1) parts.push(rect(0, top, CHART_WIDTH, ROW_HEIGHT, ZEBRA));
  const child = indicator.parentCode !== null;
  const middle = top + ROW_HEIGHT / 2;
  const baseline = middle + LABEL_SIZE * 0.36;

  // Label: the code in bold, then the name, cut to the label column.
  const labelX = LABEL_X + (child ? CHILD_INDENT : 0);
  const labelWidth = LABEL_WIDTH - (child ? CHILD_INDENT : 0);
  const code = fit(printable(indicator.code), labelWidth * 0.45, LABEL_SIZE, true);
  const codeWidth = fontOf(true).width(code, LABEL_SIZE);
  parts.push(text(labelX, baseline, code, { size: LABEL_SIZE, bold: true, fill: child ? MUTED : TEXT }));
  const nameX = labelX + codeWidth + 10;
  const name = fit(printable(indicator.name), LABEL_WIDTH + LABEL_X - nameX, LABEL_SIZE);
  parts.push(text(nameX, baseline, name, { size: LABEL_SIZE, fill: child ? MUTED : TEXT }));

  const color = STATUS_COLOR[indicator.status];
  const barTop = middle - BAR_HEIGHT / 2;
  parts.push(rect(TRACK_X, barTop, TRACK_WIDTH, BAR_HEIGHT, TRACK, 4));
  const first = indicator.targets[0];
  const noteBaseline = middle + NOTE_SIZE * 0.36;
  const noteWidth = VALUE_RIGHT - TRACK_X - 56;

  if (!indicator.latest) {
    parts.push(
      text(TRACK_X + 14, noteBaseline, fit(t('chart:no_report'), noteWidth, NOTE_SIZE), {
        size: NOTE_SIZE,
        fill: MUTED,
      }),
    );
    return parts.join('');
  }
  if (first?.percent !== null && first?.percent !== undefined) {
    const percent = Number(first.percent);
    parts.push(rect(TRACK_X, barTop, xOf(percent) - TRACK_X, BAR_HEIGHT, color, 4));
    if (percent > CHART_MAX_PERCENT) {
      // A notch at the end says the bar is cut.
      const end = xOf(CHART_MAX_PERCENT);
      parts.push(
        `<path d="M${num(end - 14)} ${num(barTop)} l10 ${BAR_HEIGHT / 2} l-10 ${BAR_HEIGHT / 2} h6 l10 ${-BAR_HEIGHT / 2} l-10 ${-BAR_HEIGHT / 2} z" fill="#ffffff"/>`,
      );
    }
    if (
      first.expected !== null &&
      indicator.measure === 'cumulative' &&
      new Decimal(first.target).greaterThan(0)
    ) {
      const pace = new Decimal(first.expected).dividedBy(first.target).times(100).toNumber();
      const x = xOf(pace);
      parts.push(rect(x - 2, barTop - 7, 4, BAR_HEIGHT + 14, PACE, 1));
    }
    parts.push(
      text(VALUE_RIGHT, middle + VALUE_SIZE * 0.36, formatPercent(t, first.percent), {
        size: VALUE_SIZE,
        bold: true,
        anchor: 'end',
      }),
    );
    return parts.join('');
  }
  // No share to draw (a yes/no goal, a "≤" rate): a status chip and the value against the target.
  parts.push(rect(TRACK_X, barTop, 40, BAR_HEIGHT, color, 4));
  const value =
    indicator.measure === 'boolean'
      ? t(indicator.latest.value === '1' ? 'common:boolean.achieved' : 'common:boolean.not_achieved')
      : formatViNumber(indicator.latest.value, { unit: indicator.unit, maxFractionDigits: 2 });
  const note =
    indicator.measure === 'boolean' || !first
      ? value
      : t('chart:value_vs_target', {
          value,
          target: t(TARGET_KEY[first.comparator], {
            value: formatViNumber(first.target, { unit: indicator.unit }),
          }),
        });
  parts.push(
    text(TRACK_X + 54, noteBaseline, fit(printable(note), noteWidth, NOTE_SIZE), { size: NOTE_SIZE }),
  );
  return parts.join('');
}

/** The legend items flowed into lines across the picture; returns the SVG and the height used. */
function legend(t: Translate, data: ProgressReportData, top: number): { svg: string; height: number } {
  const items: { width: number; draw: (x: number, y: number) => string }[] = STATUSES.map((status) => {
    const label = t('chart:legend_item', {
      label: t(`chart:status.${status}`),
      count: data.progress.counts[status],
    });
    return {
      width: 34 + fontOf(false).width(label, LEGEND_SIZE),
      draw: (x, y) =>
        rect(x, y - 11, 24, 22, STATUS_COLOR[status], 4) +
        text(x + 34, y + LEGEND_SIZE * 0.36, label, { size: LEGEND_SIZE }),
    };
  });
  const paceLabel = t('chart:pace');
  items.push({
    width: 34 + fontOf(false).width(paceLabel, LEGEND_SIZE),
    draw: (x, y) =>
      rect(x + 10, y - 16, 4, 32, PACE, 1) +
      text(x + 34, y + LEGEND_SIZE * 0.36, paceLabel, { size: LEGEND_SIZE }),
  });
  const lineHeight = 42;
  const gap = 30;
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

/** The whole picture as SVG text (exported for tests and debugging). */
export function progressChartSvg(data: ProgressReportData, options: ProgressChartOptions): string {
  const t = options.i18n.forLocale(options.locale);
  const { progress } = data;
  const parts: string[] = [];
  const contentWidth = CHART_WIDTH - 2 * PAD;

  let y = PAD;
  parts.push(
    text(PAD, y + 22, fit(printable(data.organization.name), contentWidth, SUBTITLE_SIZE), {
      size: SUBTITLE_SIZE,
      fill: MUTED,
    }),
  );
  y += 34;
  for (const line of wrap(printable(data.campaign.title), contentWidth, TITLE_SIZE, true, 2)) {
    parts.push(text(PAD, y + TITLE_SIZE, line, { size: TITLE_SIZE, bold: true }));
    y += TITLE_SIZE + 12;
  }
  const at = formatLocalDateTime(progress.at, options.timeZone);
  const subtitle = progress.period
    ? t('chart:subtitle', { period: options.i18n.render(progress.period.name, options.locale), at })
    : t('chart:subtitle_no_period', { at });
  parts.push(
    text(PAD, y + 28, fit(subtitle, contentWidth, SUBTITLE_SIZE), { size: SUBTITLE_SIZE, fill: MUTED }),
  );
  y += 52;

  const key = legend(t, data, y);
  parts.push(key.svg);
  y += key.height + 18;

  // Axis: 0, 50, 100, 150 % over the track; the 100 % line runs through every row.
  const axisTop = y;
  parts.push(text(LABEL_X, axisTop + AXIS_SIZE, t('chart:axis'), { size: AXIS_SIZE, fill: MUTED }));
  y += AXIS_SIZE + 14;
  const rowsTop = y;
  const rowsHeight = Math.max(progress.indicators.length, 1) * ROW_HEIGHT;
  const grid: string[] = [];
  for (const percent of [0, 50, 100, CHART_MAX_PERCENT]) {
    const x = xOf(percent);
    const anchor = percent === 0 ? 'start' : percent === CHART_MAX_PERCENT ? 'end' : 'middle';
    grid.push(
      text(x, axisTop + AXIS_SIZE, percent === 0 ? '0' : t('chart:percent', { value: String(percent) }), {
        size: AXIS_SIZE,
        fill: MUTED,
        anchor,
      }),
    );
    if (percent !== 0 && percent !== 100) grid.push(rect(x - 0.5, rowsTop, 1, rowsHeight, GRID));
  }

  const rows = progress.indicators.map((indicator, i) => row(t, indicator, rowsTop + i * ROW_HEIGHT, i));
  if (rows.length === 0)
    rows.push(
      text(PAD, rowsTop + ROW_HEIGHT / 2 + 9, t('chart:no_indicators'), { size: LABEL_SIZE, fill: MUTED }),
    );
  const hundred = xOf(100);
  // Rows (with their zebra) first, then the grid over them, then the 100 % line on top.
  parts.push(...rows, ...grid);
  if (progress.indicators.length > 0)
    parts.push(
      `<path d="M${num(hundred)} ${num(rowsTop - 4)} v${num(rowsHeight + 8)}" stroke="${TEXT}" stroke-width="2" stroke-dasharray="6 5"/>`,
    );
  y = rowsTop + rowsHeight + PAD;

  const height = Math.ceil(y);
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${CHART_WIDTH}" height="${height}" viewBox="0 0 ${CHART_WIDTH} ${height}" font-family="${FAMILY}">`,
    rect(0, 0, CHART_WIDTH, height, '#ffffff'),
    ...parts,
    '</svg>',
  ].join('\n');
}

/** What `esc` wrote, read back. */
function unescape(text: string): string {
  return text
    .replace(/&quot;/g, '"')
    .replace(/&gt;/g, '>')
    .replace(/&lt;/g, '<')
    .replace(/&amp;/g, '&');
}

/** A `<text>` element exactly as `text()` writes it. */
const TEXT_ELEMENT =
  /<text x="([\d.-]+)" y="([\d.-]+)" font-size="(\d+)"( font-weight="700")? fill="([^"]+)"(?: text-anchor="(middle|end)")?>([^<]*)<\/text>/g;

/**
 * The SVG with every text drawn as a path of its glyphs, for resvg: its own text drawing rereads the
 * font file for each glyph (≈ 100 ms of a 40-row chart). The SVG with text stays what tests and
 * debugging read.
 */
function outlined(svg: string): string {
  const drawn = svg.replace(
    TEXT_ELEMENT,
    (
      _,
      x: string,
      y: string,
      size: string,
      bold: string | undefined,
      fill: string,
      anchor: string | undefined,
      content: string,
    ) => {
      const font = fontOf(bold !== undefined);
      const chars = unescape(content).normalize('NFC');
      const width = font.width(chars, Number(size));
      const left = Number(x) - (anchor === 'end' ? width : anchor === 'middle' ? width / 2 : 0);
      return font.path(chars, left, Number(y), Number(size), fill);
    },
  );
  // resvg has no font to fall back on: a text left out here would vanish from the picture.
  if (drawn.includes('<text')) throw new Error('progress chart: a <text> element not written by text()');
  return drawn;
}

/** The progress chart as a PNG, 1080 px wide, as tall as its indicators need. */
export async function renderProgressChart(
  data: ProgressReportData,
  options: ProgressChartOptions,
): Promise<Buffer> {
  const svg = outlined(progressChartSvg(data, options));
  const image = await renderAsync(svg, {
    font: { loadSystemFonts: false },
    fitTo: { mode: 'original' },
    background: '#ffffff',
    shapeRendering: 2,
    logLevel: 'off',
  });
  return image.asPng();
}
