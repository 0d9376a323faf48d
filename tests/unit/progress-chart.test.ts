import { writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  evaluateProgress,
  type ProgressIndicator,
  type ProgressInput,
  type ProgressReport,
} from '../../src/domain/progress/index.js';
import { createI18n } from '../../src/i18n.js';
import { CHART_WIDTH, progressChartSvg, renderProgressChart } from '../../src/reports/progress-chart.js';
import type { ProgressReportData } from '../../src/services/progress.js';

const i18n = createI18n('vi');
const options = { i18n, locale: 'vi' as const, timeZone: 'Asia/Ho_Chi_Minh' };

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

describe('renderProgressChart', () => {
  it('draws a PNG 1080 px wide, as tall as its rows', async () => {
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
    const png = await renderProgressChart(input, options);
    if (process.env.CHART_OUT) writeFileSync(process.env.CHART_OUT, png);
    expect(png.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
    const svg = progressChartSvg(input, options);
    const height = Number(/height="(\d+)"/.exec(svg)?.[1]);
    expect(ihdr(png)).toEqual({ width: CHART_WIDTH, height });
    expect(height).toBeGreaterThan(7 * 60);
    expect(height).toBeLessThan(900);
  });

  it('gives the same bytes for the same data', async () => {
    const [a, b] = await Promise.all([
      renderProgressChart(small(), options),
      renderProgressChart(small(), options),
    ]);
    expect(a.equals(b)).toBe(true);
  });

  it('writes the texts from the locale, the shares the Vietnamese way, and the pace tick', () => {
    const vi = progressChartSvg(small(), options);
    expect(vi).toContain('72,3 %'); // 723 of 1000
    expect(vi).toContain('37,5 %');
    expect(vi).toContain('165 %'); // written in full though the bar stops at 150 %
    expect(vi).toContain('Quý III/2025');
    expect(vi).toContain('02/10/2025 10:00');
    expect(vi).toContain('Đạt (2)');
    expect(vi).toContain('Tổng thu ngân sách');
    expect(vi).toContain('1,8 % · mục tiêu không quá 1,5 %');
    expect(vi).not.toMatch(/[≤≥]/); // Noto Sans has no glyph for them
    expect(vi).toContain('Chưa báo cáo');
    expect(vi).not.toMatch(/chart:/);
    const en = progressChartSvg(small(), { ...options, locale: 'en' });
    expect(en).toContain('On track (1)');
    expect(en).toContain('No report');
    expect(en).not.toMatch(/chart:/);
  });

  it('cuts a long name with "…" before it reaches the bars', () => {
    const long = data(
      [
        indicator('i1', {
          code: 'NS01',
          name: 'Tổng thu ngân sách nhà nước trên địa bàn xã, kể cả các khoản thu để lại chi quản lý qua ngân sách',
        }),
      ],
      [report('i1', '100')],
    );
    const svg = progressChartSvg(long, options);
    expect(svg).toMatch(/>Tổng thu ngân sách[^<]*…</);
    expect(svg).not.toContain('qua ngân sách<');
  });

  it('writes signs the font lacks with ones it has', () => {
    const svg = progressChartSvg(
      data([indicator('i1', { code: 'XH01', name: 'Tỷ lệ trẻ em ≥ 6 tuổi đến trường' })], []),
      options,
    );
    expect(svg).toContain('Tỷ lệ trẻ em &gt;= 6 tuổi'); // XML-escaped
  });

  it('keeps 40 indicators legible: rows of the same height, a picture a phone can take', async () => {
    const indicators: ProgressIndicator[] = [];
    const reports: ProgressReport[] = [];
    for (let n = 1; n <= 40; n++) {
      const parent = n % 4 === 1 ? null : `i${n - ((n - 1) % 4)}`;
      indicators.push(
        indicator(`i${n}`, {
          code: `CT${String(n).padStart(2, '0')}`,
          name: `Chỉ tiêu số ${n} về phát triển kinh tế – xã hội của xã`,
          parentId: parent,
        }),
      );
      if (n % 7 !== 0) reports.push(report(`i${n}`, String(n * 37)));
    }
    const started = Date.now();
    const png = await renderProgressChart(data(indicators, reports), options);
    const { width, height } = ihdr(png);
    expect(width).toBe(CHART_WIDTH);
    expect(height).toBeGreaterThanOrEqual(40 * 60);
    expect(height).toBeLessThan(3000); // Telegram takes a photo up to width + height 10000, ratio 20
    expect(png.length).toBeLessThan(1_500_000);
    expect(Date.now() - started).toBeLessThan(10_000);
    if (process.env.CHART_OUT) writeFileSync(process.env.CHART_OUT.replace(/\.png$/, '-40.png'), png);
  });
});
