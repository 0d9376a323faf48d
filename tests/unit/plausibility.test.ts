import { describe, expect, it } from 'vitest';
import { checkAnswer, withFigures, type AnswerContext } from '../../src/domain/indicators/plausibility.js';
import { isWholeCountUnit } from '../../src/domain/indicators/count-units.js';

const base: AnswerContext = { measure: 'cumulative', unit: 'tấn', targets: [], previous: null };
const codes = (context: Partial<AnswerContext>, value: string) =>
  checkAnswer({ ...base, ...context }, value).map((w) => w.code);

describe('checkAnswer: questions, not refusals', () => {
  it('a fraction of heads, households or people', () => {
    expect(codes({ unit: 'con' }, '2.2')).toEqual(['fraction_of_count']);
    expect(checkAnswer({ ...base, unit: 'con' }, '2.2')[0]?.params).toEqual({
      value: '2,2 con',
      unit: 'con',
    });
    for (const unit of ['người', 'hộ', 'học sinh', 'Hộ nghèo', 'nguoi', 'hộ/năm', 'lao động'])
      expect(isWholeCountUnit(unit), unit).toBe(true);
    for (const unit of ['tấn', 'ha', '%', 'triệu đồng', 'người/km²', 'triệu đồng/người/năm', ''])
      expect(isWholeCountUnit(unit), unit).toBe(false);
    expect(codes({ unit: 'con' }, '2200')).toEqual([]);
    expect(codes({ unit: 'ha' }, '2.2')).toEqual([]);
  });

  it('a rate far below its target or the last period (7 % against 66,4 %)', () => {
    const rate = { measure: 'level' as const, unit: '%' };
    expect(codes({ ...rate, targets: [{ comparator: '>=', value: '66.4' }] }, '7')).toEqual([
      'far_below_target',
    ]);
    expect(codes({ ...rate, targets: [{ comparator: '>=', value: '66.4' }] }, '60')).toEqual([]);
    expect(codes({ ...rate, previous: '66.4' }, '7')).toEqual(['far_below_previous']);
    expect(checkAnswer({ ...base, ...rate, previous: '66.4' }, '7')[0]?.params).toEqual({
      value: '7 %',
      previous: '66,4 %',
    });
    // a cumulative figure is far below its yearly target early in the year: that is normal
    expect(codes({ targets: [{ comparator: '>=', value: '1000' }] }, '100')).toEqual([]);
  });

  it('"cao gấp N lần" with the real N', () => {
    const [warning] = checkAnswer({ ...base, targets: [{ comparator: '>=', value: '100' }] }, '4000');
    expect(warning).toEqual({
      code: 'far_above_target',
      params: { value: '4.000 tấn', target: '100 tấn', factor: '40' },
    });
    const [small] = checkAnswer({ ...base, targets: [{ comparator: '>=', value: '100' }] }, '250');
    expect(small?.params['factor']).toBe('2,5');
  });

  it('"Trong đó" parts adding up to more than their total, from either side', () => {
    const part = (total: string | null, siblings: string[]) => ({ parts: { total, siblings, children: [] } });
    expect(codes(part('1409', ['1270']), '200')).toEqual(['parts_above_total']);
    expect(checkAnswer({ ...base, ...part('1409', ['1270']) }, '200')[0]?.params).toEqual({
      sum: '1.470 tấn',
      total: '1.409 tấn',
    });
    expect(codes(part('1409', ['1270']), '139')).toEqual([]);
    expect(codes(part(null, ['1270']), '5000')).toEqual([]);
    expect(codes({ parts: { total: null, siblings: [], children: ['1270', '200'] } }, '1409')).toEqual([
      'parts_above_total',
    ]);
    expect(codes({ parts: { total: null, siblings: [], children: ['1270', '100'] } }, '1409')).toEqual([]);
  });
});

describe('withFigures: a total and its parts typed in the same message', () => {
  // KT02 (tấn) with KT02a and KT02b as its parts, nothing stored yet.
  const ofTotal = {
    total: null,
    siblings: [],
    children: [],
    members: [
      { role: 'child' as const, indicatorId: 'KT02a', value: null },
      { role: 'child' as const, indicatorId: 'KT02b', value: null },
    ],
  };
  const ofPart = {
    total: null,
    siblings: [],
    children: [],
    members: [
      { role: 'total' as const, indicatorId: 'KT02', value: null },
      { role: 'sibling' as const, indicatorId: 'KT02b', value: '150' },
    ],
  };
  const batch = new Map([
    ['KT02', '1000'],
    ['KT02a', '900'],
    ['KT02b', '200'],
  ]);

  it('questions parts above their total from the batch alone, from either side', () => {
    expect(codes({ parts: ofTotal }, '1000')).toEqual([]);
    expect(codes({ parts: withFigures(ofTotal, batch) }, '1000')).toEqual(['parts_above_total']);
    expect(codes({ parts: ofPart }, '900')).toEqual([]);
    // the batch's KT02b (200) stands in for the stored one (150): 900 + 200 > 1000
    expect(checkAnswer({ ...base, parts: withFigures(ofPart, batch) }, '900')[0]?.params).toEqual({
      sum: '1.100 tấn',
      total: '1.000 tấn',
    });
  });

  it('keeps the stored figures where the batch has none, and a context without members as it is', () => {
    expect(withFigures(ofPart, new Map([['KT02', '1000']]))).toMatchObject({
      total: '1000',
      siblings: ['150'],
    });
    const bare = { total: '5', siblings: ['1'], children: [] };
    expect(withFigures(bare, batch)).toBe(bare);
    expect(withFigures(undefined, batch)).toBeUndefined();
  });
});
