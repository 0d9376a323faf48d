import { writeFileSync } from 'node:fs';
import { loadPlan } from '../support/plans.js';
import { describe, expect, it } from 'vitest';
import {
  evaluateProgress,
  type ProgressIndicator,
  type ProgressInput,
  type ProgressReport,
} from '../../src/domain/progress/index.js';
import { createI18n } from '../../src/i18n.js';
import {
  CHART_WIDTH,
  MAX_PAGE_HEIGHT,
  progressChartPageCount,
  progressChartSvgs,
  renderProgressChart,
  renderProgressChartPage,
  type ProgressChartOptions,
} from '../../src/reports/progress-chart.js';
import type { ProgressReportData } from '../../src/services/progress.js';

const i18n = createI18n('vi');
const options: ProgressChartOptions = { i18n, locale: 'vi', timeZone: 'Asia/Ho_Chi_Minh' };

const PERIODS: ProgressInput['periods'] = [1, 2, 3, 4].map((q) => ({
  id: `p${q}`,
  key: `2025-Q${q}`,
  position: q,
  cutoff: ['2025-03-31', '2025-06-30', '2025-09-30', '2025-12-31'][q - 1] as string,
  deadlineAt: new Date(['2025-04-05', '2025-07-05', '2025-10-05', '2026-01-05'][q - 1] as string),
  name: {
    key: 'calendar:period.quarter',
    params: { roman: ['I', 'II', 'III', 'IV'][q - 1] as string, quarter: q, year: 2025 },
  },
}));

function indicator(
  id: string,
  partial: Partial<ProgressIndicator> & Pick<ProgressIndicator, 'code' | 'name'>,
): ProgressIndicator {
  return {
    id,
    category: 'Kinh tế',
    unit: 'triệu đồng',
    measure: 'cumulative',
    parentId: null,
    position: Number(id.replace(/\D/g, '')),
    targets: [{ source: '', comparator: '>=', value: '1000' }],
    assignees: ['o1'],
    ...partial,
  };
}

function report(indicatorId: string, value: string, periodId = 'p3'): ProgressReport {
  return {
    indicatorId,
    periodId,
    officialId: 'o1',
    value,
    note: null,
    updatedAt: new Date('2025-10-01T02:00:00Z'),
  };
}

function data(indicators: ProgressIndicator[], reports: ProgressReport[]): ProgressReportData {
  const progress = evaluateProgress({
    campaign: { start: '2025-01-01', end: '2025-12-31' },
    periods: PERIODS,
    indicators,
    officials: [{ id: 'o1', code: 'CB01', name: 'Nguyễn Văn An', unitCode: null, unitName: null }],
    reports,
    at: new Date('2025-10-02T03:00:00Z'),
  });
  return {
    organization: { code: 'XA-TD', name: 'UBND xã Tân Định' },
    campaign: {
      code: 'KH2025',
      title: 'Kế hoạch phát triển kinh tế – xã hội năm 2025',
      kind: 'annual',
      start: '2025-01-01',
      end: '2025-12-31',
    },
    progress,
    paused: [],
    unreachable: [],
  };
}

/** Six indicators, one of each kind the chart draws: every status, a child, a "≤" rate, a yes/no goal, an over-150 % bar. */
function small(): ProgressReportData {
  return data(
    [
      indicator('i1', { code: 'NS01', name: 'Tổng thu ngân sách nhà nước trên địa bàn xã' }),
      indicator('i2', { code: 'NS01.1', name: 'Thu thuế, phí và lệ phí', parentId: 'i1' }),
      indicator('i3', { code: 'NS01.2', name: 'Thu tiền sử dụng đất', parentId: 'i1' }),
      indicator('i4', {
        code: 'XH02',
        name: 'Tỷ lệ hộ nghèo',
        unit: '%',
        measure: 'level',
        targets: [{ source: '', comparator: '<=', value: '1.5' }],
      }),
      indicator('i5', {
        code: 'NN03',
        name: 'Diện tích gieo trồng lúa',
        unit: 'ha',
        targets: [{ source: '', comparator: '>=', value: '800' }],
      }),
      indicator('i6', {
        code: 'VH04',
        name: 'Đạt chuẩn nông thôn mới nâng cao',
        unit: '',
        measure: 'boolean',
        targets: [{ source: '', comparator: '=', value: '1' }],
      }),
      indicator('i7', {
        code: 'GD05',
        name: 'Số trường đạt chuẩn quốc gia',
        unit: 'trường',
        targets: [{ source: '', comparator: '>=', value: '4' }],
      }),
    ],
    [
      report('i1', '760'),
      report('i2', '1650'),
      report('i3', '723'),
      report('i4', '1.8'),
      report('i5', '300'),
      report('i6', '1'),
    ],
  );
}

/** Width and height from the IHDR chunk, which a PNG puts first. */
function ihdr(png: Buffer): { width: number; height: number } {
  expect(png.subarray(12, 16).toString('latin1')).toBe('IHDR');
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** Every page's SVG, one after the other. */
function svgOf(input: ProgressReportData, o = options): string {
  return progressChartSvgs(input, o).join('\n');
}

/** What a picture says, as text: the `<text>` elements' contents top to bottom, XML escapes read back. */
function texts(svg: string): string[] {
  return [...svg.matchAll(/<text x="([\d.-]+)" y="([\d.-]+)"[^>]*>([^<]*)<\/text>/g)]
    .map((m) => ({ x: Number(m[1]), y: Number(m[2]), text: m[3] ?? '' }))
    .sort((a, b) => a.y - b.y || a.x - b.x)
    .map((t) =>
      t.text
        .replace(/&gt;/g, '>')
        .replace(/&lt;/g, '<')
        .replace(/&quot;/g, '"')
        .replace(/&amp;/g, '&'),
    );
}

/** A plan file of the repository with one report in three (shares from 20 to 170 %), as the chart gets it. */
function fromPlan(file: string): ProgressReportData {
  const plan = loadPlan(file);
  const indicators = plan.indicators.map((i) =>
    indicator(i.code, { ...i, id: i.code, parentId: i.parentCode, assignees: ['o1'] }),
  );
  const shares = [0.2, 0.55, 0.7, 1.1, 1.7, 0.95];
  const reports = indicators
    .filter((_, n) => n % 3 !== 2)
    .map((i, n) =>
      report(
        i.id,
        i.measure === 'boolean' ? '1' : String(Number(i.targets[0]?.value ?? '1') * (shares[n % 6] ?? 1)),
      ),
    );
  return data(indicators, reports);
}

describe('renderProgressChart', () => {
  it('draws a small plan as one PNG 1080 px wide, as tall as its rows', async () => {
    const input = small();
    expect(input.progress.indicators.map((i) => i.status)).toEqual([
      'on_track',
      'met',
      'behind',
      'over_limit',
      'at_risk',
      'met',
      'no_report',
    ]);
    const pages = await renderProgressChart(input, options);
    expect(pages).toHaveLength(1);
    const [png] = pages as [Buffer];
    if (process.env.CHART_OUT) writeFileSync(process.env.CHART_OUT, png);
    expect(png.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
    const [svg] = progressChartSvgs(input, options);
    const height = Number(/height="(\d+)"/.exec(svg ?? '')?.[1]);
    expect(ihdr(png)).toEqual({ width: CHART_WIDTH, height });
    expect(height).toBeGreaterThan(7 * 60);
    expect(height).toBeLessThan(MAX_PAGE_HEIGHT);
    // one picture: no page number
    expect(svg).not.toContain('Trang');
  });

  it('gives the same bytes for the same data', async () => {
    const [a, b] = await Promise.all([
      renderProgressChart(small(), options),
      renderProgressChart(small(), options),
    ]);
    expect(a?.[0]?.equals(b?.[0] ?? Buffer.alloc(0))).toBe(true);
  });

  it('writes the texts from the locale, the shares the Vietnamese way, the statuses in /tiendo’s words', () => {
    const vi = svgOf(small());
    expect(vi).toContain('72,3 %'); // 723 of 1000
    expect(vi).toContain('37,5 %');
    expect(vi).toContain('165 %'); // written in full though the bar stops at 150 %
    expect(vi).toContain('Quý III/2025');
    expect(vi).toContain('02/10/2025 10:00');
    // the legend and each row say the status as /tiendo does (progress:status)
    expect(vi).toContain('Đạt / vượt mục tiêu (2)');
    expect(vi).toContain('Vượt mức cho phép (1)');
    expect(texts(vi).filter((t) => t === 'Chậm tiến độ')).toHaveLength(1);
    expect(texts(vi).filter((t) => t === 'Nguy cơ không đạt')).toHaveLength(1);
    expect(vi).toContain('Tổng thu ngân sách');
    expect(vi).toContain('1,8 % · mục tiêu không quá 1,5 %');
    expect(vi).not.toMatch(/[≤≥]/); // Noto Sans has no glyph for them
    expect(vi).toContain('Chưa báo cáo');
    expect(vi).not.toMatch(/chart:|progress:/);
    const en = svgOf(small(), { ...options, locale: 'en' });
    expect(en).toContain('On track (1)');
    expect(en).toContain('Not reported');
    expect(en).not.toMatch(/chart:|progress:/);
  });

  it('writes a long name in full, on several lines, before the bars', () => {
    const name =
      'Tổng thu ngân sách nhà nước trên địa bàn xã, kể cả các khoản thu để lại chi quản lý qua ngân sách';
    const svg = svgOf(data([indicator('i1', { code: 'NS01', name })], [report('i1', '100')]));
    const lines = [...svg.matchAll(/<text x="([\d.]+)" y="[\d.]+" font-size="26" fill="#1b1f24">([^<]*)</g)];
    expect(lines.length).toBeGreaterThanOrEqual(3);
    expect(lines.map((m) => m[2]).join(' ')).toBe(name);
    expect(svg).not.toContain('…');
    for (const [, x] of lines) expect(Number(x)).toBeLessThan(500);
  });

  it('writes signs the font lacks with ones it has', () => {
    const svg = svgOf(
      data([indicator('i1', { code: 'XH01', name: 'Tỷ lệ trẻ em ≥ 6 tuổi đến trường' })], []),
    );
    expect(svg).toContain('Tỷ lệ trẻ em &gt;= 6 tuổi'); // XML-escaped
  });

  it('groups the rows under their categories, in the order the plan names them', () => {
    const input = fromPlan('examples/plans/demo.yaml');
    const [svg, ...more] = progressChartSvgs(input, options);
    expect(more).toEqual([]);
    const said = texts(svg ?? '');
    const headers = ['Ngân sách', 'Kinh tế', 'Văn hóa - xã hội', 'Quốc phòng - an ninh'];
    const at = headers.map((h) => said.indexOf(h));
    expect(at.every((i) => i > 0)).toBe(true);
    expect([...at].sort((a, b) => a - b)).toEqual(at);
    // each code sits after its category's header and before the next
    for (const indicator of input.progress.indicators) {
      const index = said.indexOf(indicator.code);
      const category = headers.indexOf(indicator.category);
      expect(index).toBeGreaterThan(at[category] ?? Infinity);
      if (category + 1 < at.length) expect(index).toBeLessThan(at[category + 1] ?? -1);
    }
  });

  it('keeps the demo plan one picture', async () => {
    const input = fromPlan('examples/plans/demo.yaml');
    expect(progressChartPageCount(input, options)).toBe(1);
    const pages = await renderProgressChart(input, options);
    expect(pages).toHaveLength(1);
    expect(ihdr(pages[0] as Buffer).height).toBeLessThanOrEqual(MAX_PAGE_HEIGHT);
  });

  it('splits 50 indicators into pages a phone shows whole: every name in full, numbered "Trang 1/3"', async () => {
    const input = fromPlan('tests/fixtures/plans/50-indicators.yaml');
    expect(input.progress.indicators).toHaveLength(50);
    const svgs = progressChartSvgs(input, options);
    expect(svgs.length).toBeGreaterThanOrEqual(3);
    expect(svgs.length).toBeLessThanOrEqual(4);
    const codes = input.progress.indicators.map((i) => i.code);
    const perPage = svgs.map((svg) => texts(svg).filter((t) => codes.includes(t)));
    // each indicator once, in order; no page of more than 20 bars, none nearly empty
    expect(perPage.flat()).toEqual(codes);
    for (const rows of perPage) expect(rows.length).toBeLessThanOrEqual(20);
    expect(
      Math.max(...perPage.map((r) => r.length)) - Math.min(...perPage.map((r) => r.length)),
    ).toBeLessThanOrEqual(4);
    svgs.forEach((svg, i) => {
      expect(texts(svg)).toContain(`Trang ${i + 1}/${svgs.length}`);
      expect(Number(/height="(\d+)"/.exec(svg)?.[1])).toBeLessThanOrEqual(MAX_PAGE_HEIGHT);
      // a page that starts inside a category says so
      const firstHeader = texts(svg).find((t) =>
        input.progress.indicators.some((x) => t.startsWith(x.category)),
      );
      expect(firstHeader).toBeDefined();
    });
    expect(svgs.some((svg) => texts(svg).some((t) => t.endsWith(' (tiếp)')))).toBe(true);
    // full names: the words of every name are on its page, none cut with "…"
    const all = svgs.join('\n');
    expect(all).not.toContain('…');
    for (const indicator of input.progress.indicators)
      for (const word of indicator.name.split(' ')) expect(all).toContain(word.replace(/"/g, '&quot;'));

    const pages = await renderProgressChart(input, options);
    expect(pages).toHaveLength(svgs.length);
    pages.forEach((png, i) => {
      const { width, height } = ihdr(png);
      expect(width).toBe(CHART_WIDTH);
      expect(width).toBeLessThanOrEqual(1280);
      expect(height).toBeLessThanOrEqual(MAX_PAGE_HEIGHT);
      expect(png.length).toBeLessThan(1_500_000);
      if (process.env.CHART_OUT)
        writeFileSync(process.env.CHART_OUT.replace(/\.png$/, `-50-${i + 1}.png`), png);
    });
    const second = await renderProgressChartPage(input, options, 2);
    expect(second?.equals(pages[1] as Buffer)).toBe(true);
    expect(await renderProgressChartPage(input, options, svgs.length + 1)).toBeNull();
    expect(await renderProgressChartPage(input, options, 0)).toBeNull();
  });
});
