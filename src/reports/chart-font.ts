import { create, type Font, type Glyph } from 'fontkit';

/**
 * What the chart needs from a font file, read with fontkit: advance widths to fit labels, and glyph
 * outlines to draw text as paths. resvg could draw the text itself, but it reads the whole font file
 * (630 KB) again for every glyph it outlines: most of a 40-row chart's time went there. Glyph by glyph
 * with their advances, no kerning: the chart writes precomposed (NFC) Latin and Vietnamese only.
 */

function n(value: number): string {
  return String(Math.round(value * 10) / 10);
}

export class ChartFont {
  readonly unitsPerEm: number;
  private readonly font: Font;
  private readonly glyphs = new Map<number, Glyph>();
  private readonly outlines = new Map<number, string>();

  constructor(file: Buffer) {
    const font = create(file);
    if (!('glyphForCodePoint' in font)) throw new Error('chart font: a collection, not one font');
    this.font = font;
    this.unitsPerEm = font.unitsPerEm;
  }

  has(char: string): boolean {
    return this.font.hasGlyphForCodePoint(char.codePointAt(0) ?? 0);
  }

  private glyph(char: string): Glyph {
    const code = char.codePointAt(0) ?? 0;
    let glyph = this.glyphs.get(code);
    if (!glyph) {
      glyph = this.font.glyphForCodePoint(code);
      this.glyphs.set(code, glyph);
    }
    return glyph;
  }

  width(text: string, size: number): number {
    let units = 0;
    for (const char of text) units += this.glyph(char).advanceWidth;
    return (units / this.unitsPerEm) * size;
  }

  /**
   * The text as one SVG group of paths, its baseline starting at (x, y), `size` pixels to the em.
   * Glyph coordinates stay in font units (y up) under a transform; each outline is built once.
   */
  path(text: string, x: number, y: number, size: number, fill: string): string {
    const parts: string[] = [];
    let pen = 0;
    for (const char of text) {
      const glyph = this.glyph(char);
      const outline = this.outline(glyph);
      if (outline)
        parts.push(
          pen === 0 ? `<path d="${outline}"/>` : `<path transform="translate(${n(pen)} 0)" d="${outline}"/>`,
        );
      pen += glyph.advanceWidth;
    }
    if (parts.length === 0) return '';
    const k = size / this.unitsPerEm;
    return `<g transform="matrix(${k} 0 0 ${-k} ${n(x)} ${n(y)})" fill="${fill}">${parts.join('')}</g>`;
  }

  private outline(glyph: Glyph): string {
    let outline = this.outlines.get(glyph.id);
    if (outline === undefined) {
      outline = glyph.path.toSVG();
      this.outlines.set(glyph.id, outline);
    }
    return outline;
  }
}
