import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { ChartFont } from './chart-font.js';

/**
 * The chart's drawing primitives: the Noto Sans files shipped in an npm package, text measured, fitted
 * and wrapped with them, SVG `<text>` and `<rect>` elements, and the SVG with every text turned into
 * glyph outlines for resvg (which then needs no font at all).
 */

export const TEXT = '#1b1f24';
export const MUTED = '#5f6670';

const resolveFrom = createRequire(import.meta.url);
const FONT_FILES = {
  regular: resolveFrom.resolve('@expo-google-fonts/noto-sans/400Regular/NotoSans_400Regular.ttf'),
  bold: resolveFrom.resolve('@expo-google-fonts/noto-sans/700Bold/NotoSans_700Bold.ttf'),
};
const ELLIPSIS = '…';

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

export function fontOf(bold: boolean): ChartFont {
  return bold ? metrics().bold : metrics().regular;
}

export function textWidth(content: string, size: number, bold = false): number {
  return fontOf(bold).width(content, size);
}

/** Signs Noto Sans has no glyph for (a plan's name may hold them), written with ones it has. */
const SUBSTITUTES: Record<string, string> = { '≤': '<=', '≥': '>=', '≠': '!=' };

/** NFC (the font's precomposed Vietnamese letters), missing signs replaced. */
export function printable(content: string): string {
  const font = metrics().regular;
  return [...content.normalize('NFC')].map((c) => (font.has(c) ? c : (SUBSTITUTES[c] ?? c))).join('');
}

/** The text, cut with "…" to fit `width`. */
export function fit(content: string, width: number, size: number, bold = false): string {
  const font = fontOf(bold);
  if (font.width(content, size) <= width) return content;
  const chars = [...content];
  let low = 0;
  let high = chars.length;
  while (low < high) {
    const mid = Math.ceil((low + high) / 2);
    if (font.width(chars.slice(0, mid).join('').trimEnd() + ELLIPSIS, size) <= width) low = mid;
    else high = mid - 1;
  }
  return chars.slice(0, low).join('').trimEnd() + ELLIPSIS;
}

export interface WrapOptions {
  size: number;
  bold?: boolean;
  /** the first line's width when it is narrower (it follows a code) */
  firstWidth?: number;
  /** past this many lines the last is cut with "…" */
  maxLines?: number;
}

/**
 * Words into lines of `width`; a word longer than a line is cut with "…" (a name is words, a
 * 60-character word is a mistake the picture need not grow for).
 */
export function wrap(content: string, width: number, o: WrapOptions): string[] {
  const font = fontOf(o.bold ?? false);
  const words = content.split(/\s+/).filter(Boolean);
  const maxLines = o.maxLines ?? Number.POSITIVE_INFINITY;
  const widthOf = (line: number): number => (line === 0 ? (o.firstWidth ?? width) : width);
  const lines: string[] = [];
  let current = '';
  for (let i = 0; i < words.length; i++) {
    const word = words[i] as string;
    const candidate = current ? `${current} ${word}` : word;
    if (font.width(candidate, o.size) <= widthOf(lines.length) || !current) {
      current = candidate;
      continue;
    }
    if (lines.length === maxLines - 1) {
      lines.push(fit(`${current} ${words.slice(i).join(' ')}`, widthOf(lines.length), o.size, o.bold));
      return lines;
    }
    lines.push(fit(current, widthOf(lines.length), o.size, o.bold));
    current = word;
  }
  if (current) lines.push(fit(current, widthOf(lines.length), o.size, o.bold));
  return lines;
}

/* ------------------------------------------------------------------ SVG */

function esc(content: string): string {
  return content.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** What `esc` wrote, read back. */
function unescape(content: string): string {
  return content
    .replace(/&quot;/g, '"')
    .replace(/&gt;/g, '>')
    .replace(/&lt;/g, '<')
    .replace(/&amp;/g, '&');
}

export function num(value: number): string {
  return String(Math.round(value * 10) / 10);
}

export interface TextOptions {
  size: number;
  bold?: boolean;
  fill?: string;
  anchor?: 'start' | 'middle' | 'end';
}

export function text(x: number, y: number, content: string, o: TextOptions): string {
  const anchor = o.anchor && o.anchor !== 'start' ? ` text-anchor="${o.anchor}"` : '';
  const weight = o.bold ? ' font-weight="700"' : '';
  return `<text x="${num(x)}" y="${num(y)}" font-size="${o.size}"${weight} fill="${o.fill ?? TEXT}"${anchor}>${esc(content)}</text>`;
}

export function rect(x: number, y: number, width: number, height: number, fill: string, radius = 0): string {
  const r = radius > 0 ? ` rx="${radius}"` : '';
  return `<rect x="${num(x)}" y="${num(y)}" width="${num(Math.max(0, width))}" height="${num(height)}"${r} fill="${fill}"/>`;
}

/** A `<text>` element exactly as `text()` writes it. */
const TEXT_ELEMENT =
  /<text x="([\d.-]+)" y="([\d.-]+)" font-size="(\d+)"( font-weight="700")? fill="([^"]+)"(?: text-anchor="(middle|end)")?>([^<]*)<\/text>/g;

/**
 * The SVG with every text drawn as a path of its glyphs, for resvg: its own text drawing rereads the
 * font file for each glyph (≈ 100 ms of a 40-row chart). The SVG with text stays what tests and
 * debugging read.
 */
export function outlined(svg: string): string {
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
