import { describe, expect, it } from 'vitest';
import { extractPlan } from '../../src/domain/plan-extraction/index.js';
import {
  costToAdd,
  draftRows,
  editsPer50,
  median,
  sameName,
  scoreIndicators,
  type IndicatorLabels,
} from '../support/indicator-metrics.js';

/**
 * The edits-to-correct count (tests/fixtures/plan-extraction/README.md) on a small hand-made plan and
 * its indicator labels: each rule of the count is seen to add what it says.
 */
const LINES = [
  'ỦY BAN NHÂN DÂN',
  'XÃ HÒA AN',
  'KẾ HOẠCH',
  'Phát động phong trào thi đua năm 2026',
  'II. CHỈ TIÊU THI ĐUA',
  '1. Về kinh tế',
  '- Thu ngân sách nhà nước trên địa bàn đạt 10.500 triệu đồng.',
  '- Tỷ lệ hộ nghèo dưới 2 %.',
  '2. Văn hóa - xã hội',
  '- Tỷ lệ bao phủ bảo hiểm y tế đạt 95 %.',
  '- Có thêm 02 thôn đạt chuẩn văn hóa.',
];

function labels(): IndicatorLabels {
  return {
    title: 'Phát động phong trào thi đua năm 2026',
    organization: 'UBND xã Hòa An',
    indicators: [
      {
        line: 7,
        name: 'Thu ngân sách nhà nước trên địa bàn',
        category: 'Kinh tế',
        unit: 'triệu đồng',
        measure: 'cumulative',
        comparator: '>=',
        targets: [{ source: null, value: '10500' }],
        parent: null,
      },
      {
        line: 8,
        name: 'Tỷ lệ hộ nghèo',
        category: 'Văn hóa - xã hội',
        unit: '%',
        measure: 'level',
        comparator: '<=',
        targets: [{ source: null, value: '2' }],
        parent: null,
      },
      {
        line: 10,
        name: 'Tỷ lệ bao phủ bảo hiểm y tế',
        category: 'Văn hóa - xã hội',
        unit: '%',
        measure: 'level',
        comparator: '>=',
        targets: [{ source: null, value: '95' }],
        parent: null,
      },
      {
        line: 11,
        name: 'Số thôn đạt chuẩn văn hóa',
        category: 'Văn hóa - xã hội',
        unit: 'thôn',
        measure: 'cumulative',
        comparator: '>=',
        targets: [{ source: null, value: '2' }],
        parent: null,
      },
    ],
  };
}

const plan = () => extractPlan({ lines: LINES, today: '2026-01-10' });

describe('edits to correct', () => {
  it('calls names the same when the draft holds most of the label words, a bare "Tỷ lệ" a rename', () => {
    expect(sameName('Tỷ lệ hộ nghèo', 'Tỷ lệ hộ nghèo')).toBe(true);
    expect(sameName('Tỷ lệ hộ nghèo theo chuẩn mới', 'Tỷ lệ hộ nghèo')).toBe(true);
    expect(sameName('Tỷ lệ', 'Tỷ lệ hộ nghèo')).toBe(false);
    expect(sameName('Năng suất', 'Năng suất lúa')).toBe(false);
    expect(sameName('* Năng suất lúa', 'Năng suất lúa')).toBe(true);
  });

  it('counts nothing when the label is what the draft says', () => {
    const extracted = plan();
    const rows = draftRows(extracted);
    const same: IndicatorLabels = {
      title: extracted.campaign.title ?? '',
      organization: extracted.organizationName ?? '',
      indicators: rows.map((row) => ({
        line: row.line,
        name: row.name,
        category: row.category,
        unit: row.unit,
        measure: row.measure,
        comparator: row.comparators[0] ?? '>=',
        targets: row.targets,
        parent: row.parent === null ? null : (rows[row.parent]?.name ?? null),
      })),
    };
    const score = scoreIndicators(extracted, same);
    expect(score.editList).toEqual([]);
    expect(score.matched).toBe(rows.length);
  });

  it('counts one edit per field that differs', () => {
    const base = scoreIndicators(plan(), labels()).edits;
    const renamed = labels();
    renamed.indicators[0]!.name = 'Tổng thu ngân sách xã';
    expect(scoreIndicators(plan(), renamed).edits).toBe(base + 1);
    const moved = labels();
    moved.indicators[0]!.category = 'Ngân sách';
    const movedScore = scoreIndicators(plan(), moved);
    expect(movedScore.edits).toBe(base + 1);
    expect(movedScore.categoriesRight).toBe(scoreIndicators(plan(), labels()).categoriesRight - 1);
    const flipped = labels();
    flipped.indicators[2]!.comparator = '<=';
    expect(scoreIndicators(plan(), flipped).edits).toBe(base + 1);
    const unit = labels();
    unit.indicators[2]!.unit = '‰';
    expect(scoreIndicators(plan(), unit).edits).toBe(base + 1);
    const sourced = labels();
    sourced.indicators[0]!.targets = [
      { source: 'Huyện giao', value: '10500' },
      { source: 'HĐND xã giao', value: '11000' },
    ];
    // a source on the first target, a second target with its source
    expect(scoreIndicators(plan(), sourced).edits).toBe(base + 3);
    const nested = labels();
    nested.indicators[3]!.parent = 'Tỷ lệ bao phủ bảo hiểm y tế';
    expect(scoreIndicators(plan(), nested).edits).toBe(base + 1);
  });

  it('charges a missing indicator what it takes to write it, an extra one 1', () => {
    const base = scoreIndicators(plan(), labels()).edits;
    const more = labels();
    const added = {
      line: 11,
      name: 'Số nhà văn hóa xây mới',
      category: 'Văn hóa - xã hội',
      unit: 'nhà',
      measure: 'cumulative' as const,
      comparator: '>=' as const,
      targets: [{ source: null, value: '3' }],
      parent: null,
    };
    more.indicators.push(added);
    expect(costToAdd(added)).toBe(5);
    expect(scoreIndicators(plan(), more).edits).toBe(base + 5);
    const fewer = labels();
    fewer.indicators.pop();
    expect(scoreIndicators(plan(), fewer).edits).toBe(base + 1);
    expect(
      costToAdd({ ...added, measure: 'boolean', unit: '', targets: [{ source: null, value: 'true' }] }),
    ).toBe(4);
  });

  it('counts the title and the organization, and scales to 50 indicators', () => {
    const wrong = labels();
    wrong.title = 'Kế hoạch khác';
    wrong.organization = 'UBND xã Khác';
    const score = scoreIndicators(plan(), wrong);
    expect(score.editList.some((e) => e.field === 'title')).toBe(true);
    expect(score.editList.some((e) => e.field === 'organization')).toBe(true);
    expect(editsPer50({ ...score, edits: 4, labelled: 4 })).toBe(50);
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 2, 3])).toBe(2.5);
  });

  it('measures the pairs and the review flag on the same draft', () => {
    const score = scoreIndicators(plan(), labels());
    expect(score.pairs.labelled).toBe(4);
    expect(score.flagged + score.unflagged).toBe(score.drafted);
    expect(score.flaggedNeedingEdit).toBeLessThanOrEqual(score.flagged);
  });
});
