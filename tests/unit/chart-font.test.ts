import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { evaluateProgress } from '../../src/domain/progress/index.js';
import { createI18n } from '../../src/i18n.js';
import { ChartFont } from '../../src/reports/chart-font.js';
import { renderProgressChart } from '../../src/reports/progress-chart.js';
import type { ProgressReportData } from '../../src/services/progress.js';

const font = new ChartFont(
  readFileSync(
    createRequire(import.meta.url).resolve('@expo-google-fonts/noto-sans/400Regular/NotoSans_400Regular.ttf'),
  ),
);

/** The outline of each glyph drawn by `font.path`, and where the pen put it (font units). */
function glyphs(svg: string): { x: number; d: string }[] {
  return [...svg.matchAll(/<path(?: transform="translate\(([\d.-]+) 0\)")? d="([^"]*)"\/>/g)].map((m) => ({
    x: Number(m[1] ?? 0),
    d: m[2] ?? '',
  }));
}

describe('ChartFont (fontkit)', () => {
  it('draws text as glyph paths in font units, scaled to the size and flipped to SVG’s downward y', () => {
    const svg = font.path('Đạt', 10, 50, 26, '#123456');
    expect(svg).toMatch(
      /^<g transform="matrix\(([\d.]+) 0 0 -([\d.]+) 10 50\)" fill="#123456">(<path[^>]*\/>)+<\/g>$/,
    );
    expect(Number(/matrix\(([\d.]+)/.exec(svg)?.[1])).toBeCloseTo(26 / font.unitsPerEm, 6);
    expect(glyphs(svg)).toHaveLength(3);
  });

  it('draws accented letters whole (base, hook, dot below)', () => {
    const contours = (text: string): number =>
      (glyphs(font.path(text, 0, 0, 10, '#000'))[0]?.d.match(/Z/gi) ?? []).length;
    expect(contours('e')).toBe(2);
    expect(contours('ệ')).toBeGreaterThanOrEqual(4); // e (2) + circumflex + dot below
    expect(contours('ở')).toBeGreaterThan(contours('o'));
  });

  it('moves the pen by each advance, draws nothing for a space, and measures what it draws', () => {
    expect(font.path(' ', 0, 0, 10, '#000')).toBe('');
    const [first, second] = glyphs(font.path('ll', 0, 0, 10, '#000'));
    expect((second?.x ?? 0) - (first?.x ?? 0)).toBeCloseTo((font.width('l', 10) * font.unitsPerEm) / 10, 1);
    expect(font.width('ll', 26)).toBeCloseTo(2 * font.width('l', 26), 6);
    expect(font.has('ạ')).toBe(true);
    expect(font.has('≤')).toBe(false);
  });
});

describe('the chart’s text, drawn as outlines', () => {
  const data = (organization: string): ProgressReportData => ({
    organization: { code: 'XA', name: organization },
    campaign: {
      code: 'KH',
      title: 'Kế hoạch năm 2026',
      kind: 'annual',
      start: '2026-01-01',
      end: '2026-12-31',
    },
    progress: evaluateProgress({
      campaign: { start: '2026-01-01', end: '2026-12-31' },
      periods: [],
      indicators: [],
      officials: [],
      reports: [],
      at: new Date('2026-09-10T02:00:00Z'),
    }),
    paused: [],
    unreachable: [],
  });
  const options = { i18n: createI18n('vi'), locale: 'vi' as const, timeZone: 'Asia/Ho_Chi_Minh' };

  it('shows in the picture: another name, escaped signs included, gives other pixels', async () => {
    const [a, b, c] = await Promise.all(
      ['UBND xã A', 'UBND xã B', 'UBND xã <A> & "B"'].map(
        async (name) => (await renderProgressChart(data(name), options))[0],
      ),
    );
    expect(a?.equals(b ?? Buffer.alloc(0))).toBe(false);
    expect(a?.equals(c ?? Buffer.alloc(0))).toBe(false);
  });
});
