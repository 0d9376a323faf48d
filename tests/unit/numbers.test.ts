import { readFileSync } from 'node:fs';
import { Decimal } from 'decimal.js';
import i18next from 'i18next';
import { describe, expect, it } from 'vitest';
import {
  NUMBER_ERROR_CODES,
  NUMBER_ERROR_PARAMS,
  formatViNumber,
  fromCanonical,
  moneyScale,
  parseViNumber,
  toCanonical,
  type NumberErrorCode,
} from '../../src/domain/numbers/index.js';

interface ParseCase {
  readonly input: string;
  readonly unit?: string;
  /** Expected canonical value, or the expected error code. */
  readonly expected: string | { readonly error: NumberErrorCode };
  readonly suffix?: 'percent' | 'permille';
  readonly scaledFrom?: string;
  readonly params?: Readonly<Record<string, string>>;
}

const err = (error: NumberErrorCode) => ({ error });

const PARSE_CASES: readonly ParseCase[] = [
  // Vietnamese notation
  { input: '11.807', expected: '11807' },
  { input: '6.541.055.000', expected: '6541055000' },
  { input: '0,32', expected: '0.32' },
  { input: '1.234,5', expected: '1234.5' },
  { input: '-1.234.567,89', expected: '-1234567.89' },
  { input: '95,5%', unit: '%', expected: '95.5', suffix: 'percent' },
  { input: '95,5%', expected: '95.5', suffix: 'percent' },
  { input: '8,6‰', unit: '‰', expected: '8.6', suffix: 'permille' },
  { input: '8,6 ‰', expected: '8.6', suffix: 'permille' },
  { input: '42', expected: '42' },
  { input: '0', expected: '0' },
  // spaces
  { input: '1 270', expected: '1270' },
  { input: '1\u00A0270', expected: '1270' },
  { input: '1\u202F270\u202F000', expected: '1270000' },
  { input: '1\u2009270,5', expected: '1270.5' },
  { input: '  \t 42 \n', expected: '42' },
  { input: '\u200B1.000\uFEFF', expected: '1000' },
  // signs and leading zeros
  { input: '-3', expected: '-3' },
  { input: '+5', expected: '5' },
  { input: '\u22123', expected: '-3' },
  { input: '- 3', expected: '-3' },
  { input: '-0', expected: '0' },
  { input: '-0,0', expected: '0' },
  { input: '02', expected: '2' },
  { input: '007', expected: '7' },
  // English style where unambiguous
  { input: '8540.5', expected: '8540.5' },
  { input: '1.23', expected: '1.23' },
  { input: '3.1416', expected: '3.1416' },
  { input: '1,234.5', expected: '1234.5' },
  { input: '1,234,567', expected: '1234567' },
  { input: '1,234.567', expected: '1234.567' },
  { input: '1.234', expected: '1234' },
  { input: '1,234', expected: '1.234' },
  { input: '1234,567', expected: '1234.567' },
  { input: '0.320', expected: '0.32' },
  { input: '-0.500', expected: '-0.5' },
  // ambiguous: a dot before three digits that cannot be a thousands mark
  {
    input: '1234.567',
    expected: err('ambiguous'),
    params: { input: '1234.567', asThousands: '1.234.567', asDecimal: '1.234,567' },
  },
  {
    input: '01.234',
    expected: err('ambiguous'),
    params: { input: '01.234', asThousands: '1.234', asDecimal: '1,234' },
  },
  { input: '1 234.567', expected: err('ambiguous') },
  {
    input: '-1 234.567',
    expected: err('ambiguous'),
    params: { input: '-1 234.567', asThousands: '-1.234.567', asDecimal: '-1.234,567' },
  },
  { input: '1 234.5', expected: '1234.5' },
  // bad grouping
  { input: '1.2.3', expected: err('bad_grouping'), params: { input: '1.2.3' } },
  { input: '12.34.567', expected: err('bad_grouping') },
  { input: '12,3,4', expected: err('bad_grouping') },
  { input: '1,2.3', expected: err('bad_grouping') },
  { input: '1.234,567,8', expected: err('bad_grouping') },
  { input: '1.23,5', expected: err('bad_grouping') },
  { input: '01.234.567', expected: err('bad_grouping') },
  { input: '1234.567,5', expected: err('bad_grouping') },
  { input: '1 234,5.6', expected: err('bad_grouping') },
  // not numbers
  { input: 'mười', expected: err('not_a_number'), params: { input: 'mười' } },
  { input: 'abc', expected: err('not_a_number') },
  { input: 'khoảng 100', expected: err('not_a_number') },
  { input: '100 khoảng', unit: 'tấn', expected: err('not_a_number') },
  { input: '1e5', expected: err('not_a_number') },
  { input: '0x10', expected: err('not_a_number') },
  { input: 'Infinity', expected: err('not_a_number') },
  { input: 'NaN', expected: err('not_a_number') },
  { input: '12 15', expected: err('not_a_number') },
  { input: '1234 567', expected: err('not_a_number') },
  { input: '12-15', expected: err('not_a_number') },
  { input: '1,5 200', expected: err('not_a_number') },
  { input: '-', expected: err('not_a_number') },
  { input: '+', expected: err('not_a_number') },
  { input: '--5', expected: err('not_a_number') },
  { input: '.', expected: err('not_a_number') },
  { input: ',', expected: err('not_a_number') },
  { input: '.,', expected: err('not_a_number') },
  { input: ',5', expected: err('not_a_number') },
  { input: '5,', expected: err('not_a_number') },
  { input: '12.', expected: err('not_a_number') },
  { input: '%', expected: err('not_a_number') },
  { input: '１２', expected: err('not_a_number') },
  { input: '12 abc', unit: 'ha', expected: err('not_a_number') },
  { input: '5\u0007', expected: err('not_a_number'), params: { input: '5' } },
  { input: '1\n270', expected: err('not_a_number') },
  { input: '12 🙂', expected: err('not_a_number') },
  // empty and bounds
  { input: '', expected: err('empty') },
  { input: ' \u00A0\t\n', expected: err('empty') },
  { input: '1'.repeat(41), expected: err('too_long'), params: { max: '40' } },
  { input: `  ${'1'.repeat(18)}  `, expected: '1'.repeat(18) },
  {
    input: '1.000.000.000.000.000.000',
    expected: err('too_big'),
    params: { input: '1.000.000.000.000.000.000', max: '18' },
  },
  { input: '999.999.999.999.999.999', expected: '999999999999999999' },
  { input: '0,0000000001', expected: '0.0000000001' },
  { input: '0,00000000001', expected: err('too_precise'), params: { input: '0,00000000001', max: '10' } },
  { input: '0,50000000000000', expected: '0.5' },
  { input: '0000000000000000000000001', expected: '1' },
  // money scale words
  { input: '8,54 tỷ', unit: 'triệu đồng', expected: '8540', scaledFrom: 'tỷ' },
  { input: '8,54tỷ', unit: 'triệu đồng', expected: '8540', scaledFrom: 'tỷ' },
  { input: '8,54 tỉ', unit: 'triệu đồng', expected: '8540', scaledFrom: 'tỷ' },
  { input: '8,54 TY', unit: 'triệu đồng', expected: '8540', scaledFrom: 'tỷ' },
  { input: '8,54 tỷ đồng', unit: 'triệu đồng', expected: '8540', scaledFrom: 'tỷ đồng' },
  { input: '12 triệu', unit: 'tỷ đồng', expected: '0.012', scaledFrom: 'triệu' },
  { input: '12 trieu', unit: 'tỷ đồng', expected: '0.012', scaledFrom: 'triệu' },
  { input: '12tr', unit: 'tỷ đồng', expected: '0.012', scaledFrom: 'triệu' },
  { input: '3 trđ', unit: 'tỷ đồng', expected: '0.003', scaledFrom: 'triệu đồng' },
  { input: '500 nghìn', unit: 'triệu đồng', expected: '0.5', scaledFrom: 'nghìn' },
  { input: '500 ngàn', unit: 'triệu đồng', expected: '0.5', scaledFrom: 'nghìn' },
  { input: '500 nghin dong', unit: 'triệu đồng', expected: '0.5', scaledFrom: 'nghìn đồng' },
  { input: '500k', unit: 'triệu đồng', expected: '0.5', scaledFrom: 'nghìn' },
  { input: '500.000 đồng', unit: 'triệu đồng', expected: '0.5', scaledFrom: 'đồng' },
  { input: '500.000đ', unit: 'triệu đồng', expected: '0.5', scaledFrom: 'đồng' },
  { input: '500.000 VNĐ', unit: 'triệu đồng', expected: '0.5', scaledFrom: 'đồng' },
  { input: '500.000 vnd', unit: 'triệu đồng', expected: '0.5', scaledFrom: 'đồng' },
  { input: '1,2 nghìn tỷ', unit: 'tỷ đồng', expected: '1200', scaledFrom: 'nghìn tỷ' },
  { input: '8,54 tỷ', unit: 'đồng', expected: '8540000000', scaledFrom: 'tỷ' },
  { input: '8540 triệu', unit: 'triệu đồng', expected: '8540' },
  { input: '8540 triệu đồng', unit: 'triệu đồng', expected: '8540' },
  { input: '1,5 đồng', unit: 'tỷ đồng', expected: '0.0000000015', scaledFrom: 'đồng' },
  { input: '1,55 đồng', unit: 'tỷ đồng', expected: err('too_precise') },
  {
    input: '8,54 tỷ',
    unit: 'tấn',
    expected: err('unit_mismatch'),
    params: { input: '8,54 tỷ', given: 'tỷ', expected: 'tấn' },
  },
  { input: '12 triệu', unit: '%', expected: err('unit_mismatch') },
  { input: '8,54 tỷ', expected: err('unit_unexpected'), params: { input: '8,54 tỷ', given: 'tỷ' } },
  { input: '12 tr', unit: 'triệu USD', expected: '12' },
  { input: '1,2 tỷ', unit: 'triệu USD', expected: '1200', scaledFrom: 'tỷ' },
  // the indicator's own unit, and others
  { input: '1.409 tấn', unit: 'tấn', expected: '1409' },
  { input: '1.409 TẤN', unit: 'tấn', expected: '1409' },
  { input: '1.409 tan', unit: 'tấn', expected: '1409' },
  { input: '70 ha', unit: 'ha', expected: '70' },
  { input: '195 tạ/ha', unit: 'tạ/ha', expected: '195' },
  { input: '195 tạ / ha', unit: 'tạ/ha', expected: '195' },
  { input: '400 con', unit: 'con', expected: '400' },
  { input: '290 người', unit: 'người', expected: '290' },
  { input: '96%', unit: '%', expected: '96', suffix: 'percent' },
  { input: '96 %', unit: '%', expected: '96', suffix: 'percent' },
  { input: '96 phần trăm', unit: '%', expected: '96', suffix: 'percent' },
  { input: '96', unit: '%', expected: '96' },
  { input: '12 chiếc xe', unit: 'chiếc xe', expected: '12' },
  { input: '1,2 nghìn tấn', unit: 'tấn', expected: '1200', scaledFrom: 'nghìn tấn' },
  { input: '1.200 tấn', unit: 'nghìn tấn', expected: '1.2', scaledFrom: 'tấn' },
  {
    input: '96%',
    unit: 'tấn',
    expected: err('unit_mismatch'),
    params: { input: '96%', given: '%', expected: 'tấn' },
  },
  { input: '8,6‰', unit: '%', expected: err('unit_mismatch') },
  {
    input: '70 tấn',
    unit: 'ha',
    expected: err('unit_mismatch'),
    params: { input: '70 tấn', given: 'tấn', expected: 'ha' },
  },
  { input: '12km', unit: 'm', expected: err('unit_mismatch') },
  { input: '1,2 nghìn ha', unit: 'tấn', expected: err('unit_mismatch') },
  { input: '70 ha', expected: err('unit_unexpected'), params: { input: '70 ha', given: 'ha' } },
];

function parseCase(c: ParseCase) {
  return parseViNumber(c.input, c.unit === undefined ? {} : { unit: c.unit });
}

const label = (c: ParseCase) => `${JSON.stringify(c.input)}${c.unit === undefined ? '' : ` into ${c.unit}`}`;

describe('parseViNumber', () => {
  it('has a rich table', () => {
    expect(PARSE_CASES.length).toBeGreaterThanOrEqual(60);
  });

  it.each(PARSE_CASES.map((c) => [label(c), c] as const))('%s', (_, c) => {
    const result = parseCase(c);
    if (typeof c.expected === 'string') {
      expect(result).toMatchObject({ ok: true });
      if (!result.ok) return;
      expect(toCanonical(result.value)).toBe(c.expected);
      expect(result.suffix).toBe(c.suffix);
      expect(result.scaledFrom).toBe(c.scaledFrom);
    } else {
      expect(result).toMatchObject({ ok: false, code: c.expected.error });
      if (result.ok) return;
      expect(Object.keys(result.params).sort()).toEqual([...NUMBER_ERROR_PARAMS[result.code]].sort());
      if (c.params) expect(result.params).toEqual(c.params);
    }
  });

  it('never throws and never accepts garbage', () => {
    let seed = 20240601;
    const random = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    const alphabet = [
      '1',
      '0',
      '.',
      ',',
      ' ',
      '-',
      '+',
      '%',
      '‰',
      'e',
      'tỷ',
      '\u0000',
      '\u202E',
      '🙂',
      '\uD800',
      'đ',
      '\u00A0',
      '\n',
    ];
    const inputs = [
      'x'.repeat(10_000),
      ' '.repeat(10_000),
      `${' '.repeat(5_000)}5${' '.repeat(5_000)}`,
      '1.'.repeat(5_000),
      '\uD800\uDC00',
      '\u0000',
      '👍🏽',
      '1'.repeat(40),
    ];
    for (let i = 0; i < 3_000; i += 1) {
      const length = Math.floor(random() * 12);
      inputs.push(
        Array.from({ length }, () => alphabet[Math.floor(random() * alphabet.length)] ?? '').join(''),
      );
    }
    for (const input of inputs) {
      const result = parseViNumber(input, { unit: random() < 0.5 ? 'triệu đồng' : '%' });
      if (result.ok) {
        expect(result.value.isFinite()).toBe(true);
      } else {
        expect(NUMBER_ERROR_CODES).toContain(result.code);
      }
    }
    expect(parseViNumber(`${' '.repeat(5_000)}5${' '.repeat(5_000)}`)).toMatchObject({ ok: true });
  });
});

describe('formatViNumber', () => {
  const FORMAT_CASES: ReadonlyArray<
    readonly [Decimal | string, Parameters<typeof formatViNumber>[1], string]
  > = [
    ['11807', undefined, '11.807'],
    ['0.32', undefined, '0,32'],
    ['6541055000', undefined, '6.541.055.000'],
    ['-3', undefined, '-3'],
    ['0.32', { unit: '%' }, '0,32 %'],
    ['8.6', { unit: '‰' }, '8,6 ‰'],
    ['1409', { unit: 'tấn' }, '1.409 tấn'],
    ['8540', { unit: 'triệu đồng' }, '8.540 triệu đồng'],
    ['1000', undefined, '1.000'],
    ['999', undefined, '999'],
    ['0', undefined, '0'],
    ['-0', undefined, '0'],
    ['1.50', undefined, '1,5'],
    ['-1234567.5', undefined, '-1.234.567,5'],
    ['12345678901234567890.123456789', undefined, '12.345.678.901.234.567.890,123456789'],
    [new Decimal('1e21'), undefined, '1.000.000.000.000.000.000.000'],
    [new Decimal('1e-7'), undefined, '0,0000001'],
    ['2.345', { maxFractionDigits: 2 }, '2,35'],
    ['2.344', { maxFractionDigits: 2 }, '2,34'],
    ['-2.345', { maxFractionDigits: 2 }, '-2,35'],
    ['1.5', { maxFractionDigits: 0 }, '2'],
    ['1.2', { maxFractionDigits: 3 }, '1,2'],
    ['-0.004', { maxFractionDigits: 2 }, '0'],
    ['99999.995', { maxFractionDigits: 2, unit: '%' }, '100.000 %'],
    ['5', { unit: '  ' }, '5'],
  ];

  it.each(FORMAT_CASES.map(([value, options, out]) => [String(value), options, out, value] as const))(
    '%s %j → %s',
    (_, options, out, value) => {
      expect(formatViNumber(value, options)).toBe(out);
    },
  );

  it('agrees with Intl vi-VN on long values', () => {
    const intl = new Intl.NumberFormat('vi-VN', { maximumFractionDigits: 20 });
    for (const value of ['12345678901234567890', '-98765432109876543210.5', '0.000123', '1000']) {
      // Intl formats decimal strings exactly; the cast is needed because the ES2023 lib types only take number | bigint.
      expect(formatViNumber(value)).toBe(intl.format(value as unknown as number));
    }
  });

  it('throws on caller bugs', () => {
    expect(() => formatViNumber('abc')).toThrow();
    expect(() => formatViNumber('0x10')).toThrow();
    expect(() => formatViNumber('1,5')).toThrow();
    expect(() => formatViNumber(new Decimal(NaN))).toThrow();
    expect(() => formatViNumber('1', { maxFractionDigits: -1 })).toThrow();
    expect(() => formatViNumber('1', { maxFractionDigits: 1.5 })).toThrow();
  });
});

describe('round trip', () => {
  const accepted = PARSE_CASES.flatMap((c) => {
    const result = parseCase(c);
    return result.ok ? [{ c, value: result.value }] : [];
  });

  it.each(accepted.map(({ c, value }) => [label(c), c, value] as const))('%s', (_, c, value) => {
    const options = c.unit === undefined ? {} : { unit: c.unit };
    const again = parseViNumber(formatViNumber(value, options), options);
    expect(again).toMatchObject({ ok: true });
    if (again.ok) expect(toCanonical(again.value)).toBe(toCanonical(value));
    expect(fromCanonical(toCanonical(value)).equals(value)).toBe(true);
  });

  it('holds for random values within bounds', () => {
    let seed = 7;
    const digit = () => {
      seed = (seed * 48271) % 2147483647;
      return String(seed % 10);
    };
    for (let i = 0; i < 2_000; i += 1) {
      const intLength = 1 + ((Number(digit()) + Number(digit())) % 18);
      const fracLength = Number(digit()) % 11;
      const int = Array.from({ length: intLength }, digit).join('');
      const frac = Array.from({ length: fracLength }, digit).join('');
      const value = new Decimal(`${Number(digit()) < 3 ? '-' : ''}${int}${frac ? `.${frac}` : ''}`);
      for (const unit of [undefined, '%', 'tấn', 'triệu đồng']) {
        const options = unit === undefined ? {} : { unit };
        const text = formatViNumber(value, options);
        const again = parseViNumber(text, options);
        // Replies are capped at 40 characters; a value near the digit bounds plus a long unit can exceed that.
        if (text.length > 40) expect(again).toMatchObject({ ok: false, code: 'too_long' });
        else expect(again.ok && toCanonical(again.value)).toBe(toCanonical(value));
      }
    }
  });
});

describe('canonical text', () => {
  it.each([
    ['8540.50', '8540.5'],
    ['-3', '-3'],
    ['0.32', '0.32'],
    ['-0', '0'],
    ['0.000', '0'],
    ['1e21', '1000000000000000000000'],
    ['1e-7', '0.0000001'],
    ['-12.3400', '-12.34'],
  ])('toCanonical(%s) = %s', (input, out) => {
    expect(toCanonical(new Decimal(input))).toBe(out);
    expect(fromCanonical(out).equals(new Decimal(input))).toBe(true);
  });

  it('toCanonical refuses non-finite values', () => {
    expect(() => toCanonical(new Decimal(NaN))).toThrow();
    expect(() => toCanonical(new Decimal(Infinity))).toThrow();
  });

  it.each([
    '',
    '01',
    '1.0',
    '1.',
    '.5',
    '-0',
    '+1',
    '1e5',
    ' 1',
    '1,5',
    'NaN',
    '-0.0',
    'Infinity',
    '0x10',
    '1_000',
  ])('fromCanonical(%j) throws', (text) => {
    expect(() => fromCanonical(text)).toThrow();
  });
});

describe('moneyScale', () => {
  it.each([
    ['đồng', '1'],
    ['nghìn đồng', '1000'],
    ['ngàn đồng', '1000'],
    ['triệu đồng', '1000000'],
    ['Triệu Đồng', '1000000'],
    ['trieu dong', '1000000'],
    ['trđ', '1000000'],
    ['tỷ đồng', '1000000000'],
    ['tỉ đồng', '1000000000'],
    ['nghìn tỷ đồng', '1000000000000'],
    ['VNĐ', '1'],
    ['tỷ', '1000000000'],
    ['tấn', null],
    ['%', null],
    ['', null],
    ['người', null],
    ['triệu USD', null],
    ['nghìn tấn', null],
  ])('%s → %s', (unit, out) => {
    const scale = moneyScale(unit);
    expect(scale === null ? null : toCanonical(scale)).toBe(out);
  });
});

describe('locales', () => {
  const load = (lang: string) =>
    JSON.parse(readFileSync(new URL(`../../locales/${lang}/numbers.json`, import.meta.url), 'utf8')) as {
      error: Record<string, string>;
    };

  it.each(['vi', 'en'])('%s has one message per code, using only the params the code sends', (lang) => {
    const { error } = load(lang);
    expect(Object.keys(error).sort()).toEqual([...NUMBER_ERROR_CODES].sort());
    for (const code of NUMBER_ERROR_CODES) {
      const used = [...(error[code] ?? '').matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((m) => m[1]);
      for (const name of used) expect(NUMBER_ERROR_PARAMS[code]).toContain(name);
    }
  });

  it('renders every error of the table through i18next', async () => {
    const i18n = i18next.createInstance();
    await i18n.init({
      lng: 'vi',
      fallbackLng: false,
      ns: ['numbers'],
      resources: { vi: { numbers: load('vi') }, en: { numbers: load('en') } },
      interpolation: { escapeValue: false },
    });
    for (const c of PARSE_CASES) {
      const result = parseCase(c);
      if (result.ok) continue;
      for (const lng of ['vi', 'en']) {
        const text = i18n.t(`numbers:error.${result.code}`, { ...result.params, lng });
        expect(text).not.toContain('{{');
        expect(text).not.toContain('error.');
      }
    }
    expect(i18n.t('numbers:error.bad_grouping', { input: '1.2.3' })).toBe(
      'Số «1.2.3» có dấu chấm hoặc dấu phẩy không đúng chỗ. Ví dụ cách viết: 11.807 hoặc 0,32.',
    );
  });
});
