import { describe, expect, it } from 'vitest';
import { renderOutbound, TELEGRAM_TEXT_LIMIT } from '../../src/channels/telegram/render.js';
import { evaluateProgress } from '../../src/domain/progress/index.js';
import { createI18n } from '../../src/i18n.js';
import { indicatorLines, summaryLines, textChartLines } from '../../src/reports/progress-view.js';
import type { ProgressReportData } from '../../src/services/progress.js';

const i18n = createI18n('vi');
const AT = new Date('2026-09-10T02:00:00Z');
const period = (n: number, cutoff: string, deadline: string) => ({
  id: `p${n}`,
  key: `2026-Q${n}`,
  position: n,
  cutoff,
  deadlineAt: new Date(deadline),
  name: {
    key: 'calendar:period.quarter',
    params: { roman: ['I', 'II', 'III', 'IV'][n - 1] ?? '', quarter: n, year: 2026 },
  },
});

function data(indicatorCount = 3): ProgressReportData {
  const base = [
    {
      id: 'i1',
      code: 'NS01',
      name: 'Tổng thu ngân sách <nhà nước> & phí',
      category: 'Ngân sách',
      unit: 'triệu đồng',
      measure: 'cumulative' as const,
      parentId: null,
      position: 1,
      targets: [{ source: '', comparator: '>=' as const, value: '11807' }],
      assignees: ['o1'],
    },
    {
      id: 'i2',
      code: 'KT02',
      name: 'Tổng sản lượng lương thực',
      category: 'Kinh tế',
      unit: 'tấn',
      measure: 'cumulative' as const,
      parentId: null,
      position: 2,
      targets: [{ source: '', comparator: '>=' as const, value: '1409' }],
      assignees: ['o2'],
    },
    {
      id: 'i3',
      code: 'KT02a',
      name: 'Sản lượng lúa',
      category: 'Kinh tế',
      unit: 'tấn',
      measure: 'cumulative' as const,
      parentId: 'i2',
      position: 3,
      targets: [{ source: '', comparator: '>=' as const, value: '1270' }],
      assignees: ['o2'],
    },
  ];
  const extra = Array.from({ length: Math.max(0, indicatorCount - base.length) }, (_, k) => ({
    ...base[1]!,
    id: `x${k}`,
    code: `XX${String(k).padStart(3, '0')}`,
    name: `Chỉ tiêu thêm số ${k} với một cái tên khá dài để thử chia trang`,
    parentId: null,
    position: 10 + k,
  }));
  const progress = evaluateProgress({
    campaign: { start: '2026-01-01', end: '2026-12-31' },
    periods: [
      period(2, '2026-06-14', '2026-06-14T10:00:00Z'),
      period(3, '2026-09-14', '2026-09-14T10:00:00Z'),
    ],
    indicators: [...base, ...extra],
    officials: [
      { id: 'o1', code: 'tckt', name: 'Đỗ Quang Huy', unitCode: 'kt', unitName: 'Kinh tế' },
      { id: 'o2', code: 'ktnn', name: 'Lê Thị Hoa', unitCode: 'kt', unitName: 'Kinh tế' },
    ],
    reports: [
      {
        indicatorId: 'i1',
        periodId: 'p3',
        officialId: 'o1',
        value: '8540.5',
        note: 'Số ước <tạm>',
        updatedAt: AT,
      },
    ],
    at: AT,
  });
  return {
    organization: { code: 'qt', name: 'UBND xã Quang Trung' },
    campaign: {
      code: 'qt-2026',
      title: 'Kế hoạch 2026',
      kind: 'annual',
      start: '2026-01-01',
      end: '2026-12-31',
    },
    progress,
    paused: [{ code: 'ktnn', name: 'Lê Thị Hoa', until: '2026-09-20' }],
    unreachable: [{ code: 'tckt', name: 'Đỗ Quang Huy' }],
  };
}

const render = (lines: ReturnType<typeof summaryLines>) => lines.map((l) => i18n.render(l)).join('\n');

describe('the progress views', () => {
  it('shows the period, completeness, counts, a line per indicator by category, children indented, and who is late', () => {
    const text = render(summaryLines(data(), { timeZone: 'Asia/Ho_Chi_Minh', now: AT }));
    expect(text).toContain('Kỳ Quý III/2026, hạn 14/09/2026 17:00 (còn 4 ngày)');
    expect(text).toContain('Đã báo cáo 1/3 lượt (33,3 %)');
    expect(text).toContain(
      '🟢 NS01 Tổng thu ngân sách <nhà nước> & phí: 8.540,5 triệu đồng / ≥ 11.807 triệu đồng (72,3 %) · tiến độ cần 8.313,42 triệu đồng',
    );
    expect(text).toContain('⚪ KT02 Tổng sản lượng lương thực: chưa báo cáo');
    expect(text).toContain('   ↳ ⚪ KT02a Sản lượng lúa: chưa báo cáo');
    expect(text).toContain('Chậm báo cáo Quý II/2026 (2 người):');
    expect(text).toContain('• Lê Thị Hoa (Kinh tế): KT02, KT02a');
    expect(text.indexOf('Ngân sách')).toBeLessThan(text.indexOf('Kinh tế\n'));
    expect(text).toContain('Đang tạm dừng nhắc việc: Lê Thị Hoa (20/09/2026)');
    expect(text).toContain('Không gửi được tin cho (đã chặn bot): Đỗ Quang Huy');
  });

  it('opens one indicator with its targets, history, notes and people', () => {
    const lines = indicatorLines(data(), 'ns01');
    expect(lines).not.toBeNull();
    const text = render(lines ?? []);
    expect(text).toContain('Mục tiêu ≥ 11.807 triệu đồng: 72,3 % — Đúng tiến độ');
    expect(text).toContain('• Quý III/2026: 8.540,5 triệu đồng (tckt)');
    expect(text).toContain('Ghi chú: Số ước <tạm>');
    expect(text).toContain('Cán bộ phụ trách: Đỗ Quang Huy');
    expect(indicatorLines(data(), 'NOPE')).toBeNull();
  });

  it('escapes every text on Telegram and pages a long view between lines, never inside one', () => {
    const lines = summaryLines(data(200), { timeZone: 'Asia/Ho_Chi_Minh', now: AT });
    const pages = renderOutbound({ lines, choices: [] }, (m) => i18n.render(m));
    expect(pages.length).toBeGreaterThan(1);
    const rendered = lines.map((l) => i18n.render(l));
    for (const page of pages) {
      expect(page.text.length).toBeLessThanOrEqual(TELEGRAM_TEXT_LIMIT);
      expect(page.text).not.toMatch(/<nhà nước>/);
      // every line of a page is a whole line of the view
      for (const shown of page.text.split('\n')) {
        const plain = shown
          .replace(/<\/?[bi]>/g, '')
          .replace(/&lt;/g, '<')
          .replace(/&gt;/g, '>')
          .replace(/&amp;/g, '&');
        expect(rendered).toContain(plain);
      }
    }
    expect(pages[0]?.text).toContain('&lt;nhà nước&gt; &amp; phí');
  });

  it('draws the chart as text for channels that take no picture', () => {
    const text = render(textChartLines(data()));
    expect(text).toContain('Biểu đồ tiến độ — Kế hoạch 2026');
    expect(text).toContain('🟢 NS01 ███████░░░ 72,3 %');
    expect(text).toContain('⚪ KT02 — Chưa báo cáo');
  });
});
