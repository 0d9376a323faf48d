import { describe, expect, it } from 'vitest';
import { parseAnswer } from '../../src/domain/indicators/answer.js';
import type { Measure } from '../../src/domain/plan/plan.js';

/** What an official types in reply to "how far is indicator X?", as the value stored. */

const numeric = (unit: string, measure: Measure = 'cumulative') => ({ unit, measure });
const BOOLEAN = { unit: '', measure: 'boolean' as const };

describe('parseAnswer for a numeric indicator', () => {
  it.each([
    // [typed, unit, stored]
    ['11.807', 'triệu đồng', '11807'],
    ['11807', 'triệu đồng', '11807'],
    ['1.234,5', 'triệu đồng', '1234.5'],
    ['8,54 tỷ', 'triệu đồng', '8540'],
    ['8,54 tỷ đồng', 'triệu đồng', '8540'],
    ['500 triệu', 'triệu đồng', '500'],
    ['6.541.055.000 đồng', 'triệu đồng', '6541.055'],
    ['1.409 tấn', 'tấn', '1409'],
    ['  1.270  ', 'tấn', '1270'],
    ['1,5 nghìn tấn', 'tấn', '1500'],
    ['0', 'tấn', '0'],
    ['95,5%', '%', '95.5'],
    ['95,5', '%', '95.5'],
    ['0,32 %', '%', '0.32'],
    ['100', '%', '100'],
  ])('reads %j in %s as %s', (typed, unit, stored) => {
    expect(parseAnswer(typed, numeric(unit))).toEqual({ ok: true, value: stored });
  });

  it('reads a level indicator the same way', () => {
    expect(parseAnswer('95,15', numeric('%', 'level'))).toEqual({ ok: true, value: '95.15' });
  });

  it.each([
    // [typed, unit, error code]
    ['', 'tấn', 'empty'],
    ['   ', 'tấn', 'empty'],
    ['abc', 'tấn', 'not_a_number'],
    ['chưa có số liệu', 'triệu đồng', 'not_a_number'],
    ['1,2,3', 'tấn', 'bad_grouping'],
    ['2 tạ', 'tấn', 'unit_mismatch'],
    ['1.409 kg', 'tấn', 'unit_mismatch'],
    ['5 tấn', '%', 'unit_mismatch'],
    ['8,6‰', '%', 'unit_mismatch'],
    ['1'.repeat(41), 'tấn', 'too_long'],
  ])('refuses %j in %s with numbers:error.%s', (typed, unit, code) => {
    const result = parseAnswer(typed, numeric(unit));
    expect(result).toMatchObject({ ok: false, key: `numbers:error.${code}` });
  });

  it('gives the error the params its message needs, and what was typed', () => {
    expect(parseAnswer('2 tạ', numeric('tấn'))).toEqual({
      ok: false,
      key: 'numbers:error.unit_mismatch',
      params: { input: '2 tạ', given: 'tạ', expected: 'tấn' },
    });
    expect(parseAnswer('abc', numeric('tấn'))).toEqual({
      ok: false,
      key: 'numbers:error.not_a_number',
      params: { input: 'abc' },
    });
  });

  it('keeps at most 40 characters of what was typed in the error', () => {
    const result = parseAnswer('x'.repeat(100), numeric('tấn'));
    expect(result.ok).toBe(false);
    if (!result.ok) expect(String(result.params.input)).toHaveLength(40);
  });
});

describe('parseAnswer for a boolean indicator', () => {
  it.each([
    ['đạt', '1'],
    ['Đạt', '1'],
    ['ĐẠT', '1'],
    ['Đạt'.normalize('NFD'), '1'],
    ['dat', '1'],
    ['có', '1'],
    ['rồi', '1'],
    ['hoàn thành', '1'],
    ['1', '1'],
    ['x', '1'],
    ['X', '1'],
    ['yes', '1'],
    ['  chưa đạt ', '0'],
    ['Chưa  Đạt', '0'],
    ['không đạt', '0'],
    ['chưa', '0'],
    ['không', '0'],
    ['khong', '0'],
    ['0', '0'],
    ['no', '0'],
  ])('reads %j as %s', (typed, stored) => {
    expect(parseAnswer(typed, BOOLEAN)).toEqual({ ok: true, value: stored });
  });

  it.each(['maybe', '', 'đạt 80%', '2', 'sắp đạt'])(
    'refuses %j with report:error.boolean_answer',
    (typed) => {
      expect(parseAnswer(typed, BOOLEAN)).toEqual({
        ok: false,
        key: 'report:error.boolean_answer',
        params: { input: typed },
      });
    },
  );

  it('does not read a number for a boolean indicator, nor đạt for a numeric one', () => {
    expect(parseAnswer('100', BOOLEAN).ok).toBe(false);
    expect(parseAnswer('đạt', numeric('%'))).toMatchObject({ ok: false, key: 'numbers:error.not_a_number' });
  });
});
