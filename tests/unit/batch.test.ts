import { describe, expect, it } from 'vitest';
import {
  BATCH_MAX_LINES,
  looksLikeBatch,
  mergeBatch,
  parseBatch,
  type BatchIndicator,
} from '../../src/domain/indicators/batch.js';

const LIST: BatchIndicator[] = [
  { code: 'NS01', unit: 'triệu đồng', measure: 'cumulative' },
  { code: 'MT02', unit: '%', measure: 'level' },
  { code: 'XH03', unit: '%', measure: 'level' },
  { code: 'VH04', unit: '', measure: 'boolean' },
  { code: 'XH05', unit: 'người', measure: 'cumulative' },
];

const values = (text: string, startAt?: number) =>
  parseBatch(text, LIST, startAt).lines.map((l) =>
    l.kind === 'value' ? [l.position, l.value] : l.kind === 'skip' ? [l.position, null] : ['?', l.key],
  );

describe('parseBatch', () => {
  it('reads figures in list order, one a line, Vietnamese numbers and units', () => {
    expect(values('11.807\n0,32\n95,5%\nđạt\n1 250')).toEqual([
      [1, '11807'],
      [2, '0.32'],
      [3, '95.5'],
      [4, '1'],
      [5, '1250'],
    ]);
  });

  it('reads figures separated by ";" as lines (a terminal sends each line as a message)', () => {
    expect(values('185; 0,32;-; đạt')).toEqual([
      [1, '185'],
      [2, '0.32'],
      [3, null],
      [4, '1'],
    ]);
    expect(looksLikeBatch('185; 0,32', LIST)).toBe(true);
  });

  it('reads "8,54 tỷ" into the indicator\'s triệu đồng', () => {
    expect(values('8,54 tỷ')).toEqual([[1, '8540']]);
  });

  it('reads lines numbered "1. ", "2:", "3)", "4 =", in any order', () => {
    expect(values('3) 95,5\n1. 185\n2: 0,32\n5 = 40')).toEqual([
      [3, '95.5'],
      [1, '185'],
      [2, '0.32'],
      [5, '40'],
    ]);
  });

  it('goes on after a numbered line with the indicators that follow it', () => {
    expect(values('2. 0,3\n95\nđạt')).toEqual([
      [2, '0.3'],
      [3, '95'],
      [4, '1'],
    ]);
    expect(parseBatch('XH03 95', LIST).nextPosition).toBe(4);
  });

  it('reads "1.185" as the figure 1185, not as line 1 (a dot needs a space after it)', () => {
    expect(values('1.185')).toEqual([[1, '1185']]);
  });

  it('reads lines named by code, any case, with or without a colon', () => {
    expect(values('XH03 95,5%\nns01: 185\nVH04 chưa đạt')).toEqual([
      [3, '95.5'],
      [1, '185'],
      [4, '0'],
    ]);
  });

  it('skips on "-", an empty line or "bỏ qua", keeping the order of the rest', () => {
    expect(values('185\n-\n\n bỏ qua \n40')).toEqual([
      [1, '185'],
      [2, null],
      [3, null],
      [4, null],
      [5, '40'],
    ]);
    expect(values('3. -')).toEqual([[3, null]]);
  });

  it('ignores blank lines at the start and the end of the message', () => {
    expect(values('\n\n185\n0,32\n\n')).toEqual([
      [1, '185'],
      [2, '0.32'],
    ]);
  });

  it('continues plain figures where the previous message stopped', () => {
    const first = parseBatch('185\n0,32', LIST);
    expect(first.nextPosition).toBe(3);
    expect(values('95\nđạt', first.nextPosition)).toEqual([
      [3, '95'],
      [4, '1'],
    ]);
  });

  it('lists an unreadable line with its reason and reads the others', () => {
    const { lines } = parseBatch('185\nabc\n95', LIST);
    expect(lines[0]).toMatchObject({ kind: 'value', position: 1 });
    expect(lines[1]).toMatchObject({ kind: 'problem', position: 2, line: 2, text: 'abc' });
    expect(lines[1]?.kind === 'problem' && lines[1].key).toMatch(/^numbers:error\./);
    expect(lines[2]).toMatchObject({ kind: 'value', position: 3, value: '95' });
  });

  it('refuses a yes/no answer that is neither, with its reason', () => {
    expect(values('4. có lẽ')).toEqual([['?', 'report:error.boolean_answer']]);
  });

  it('refuses a number beyond the list and an unknown code', () => {
    expect(values('9. 40')).toEqual([['?', 'report:batch.error.no_such']]);
    expect(values('KT99 40')).toEqual([['?', 'report:batch.error.no_such']]);
  });

  it('refuses a plain figure beyond the end of the list', () => {
    expect(values('1\n2\n3\nđạt\n5\n6')).toEqual([
      [1, '1'],
      [2, '2'],
      [3, '3'],
      [4, '1'],
      [5, '5'],
      ['?', 'report:batch.error.beyond'],
    ]);
  });

  it('reads at most BATCH_MAX_LINES lines and says so', () => {
    const text = Array.from({ length: BATCH_MAX_LINES + 5 }, (_, i) => `${(i % 5) + 1}. ${i}`).join('\n');
    const { lines } = parseBatch(text, LIST);
    expect(lines).toHaveLength(BATCH_MAX_LINES + 1);
    expect(lines.at(-1)).toMatchObject({ kind: 'problem', key: 'report:batch.error.too_many' });
  });
});

describe('looksLikeBatch', () => {
  it('is true for several lines or a line naming its indicator, false for one figure', () => {
    expect(looksLikeBatch('185\n40', LIST)).toBe(true);
    expect(looksLikeBatch('3. 40', LIST)).toBe(true);
    expect(looksLikeBatch('xh03 95', LIST)).toBe(true);
    expect(looksLikeBatch('185', LIST)).toBe(false);
    expect(looksLikeBatch('1.185', LIST)).toBe(false);
    expect(looksLikeBatch('đạt', LIST)).toBe(false);
  });
});

describe('mergeBatch', () => {
  it('lets a later line replace an earlier answer, a skip or a bad line remove it', () => {
    const before = new Map([
      [1, '185'],
      [2, '0.32'],
      [3, '95'],
    ]);
    const { lines } = parseBatch('1. 190\n2. -\n3. abc\n5. 40', LIST);
    expect([...mergeBatch(before, lines)]).toEqual([
      [1, '190'],
      [5, '40'],
    ]);
  });
});
