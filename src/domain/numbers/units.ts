import { Decimal } from 'decimal.js';

/**
 * Officials type units with or without diacritics, in any case, on keyboards
 * that may produce decomposed accents or full-width signs; matching on a
 * folded form makes "Tỷ", "tỉ", "ty" and "TY" the same word.
 */
export function foldText(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/đ/g, 'd')
    .replace(/\s+/gu, ' ')
    .replace(/ ?\/ ?/g, '/')
    .trim();
}

/** Folded spellings of the scale words, as powers of ten. */
const SCALE_ALIASES: ReadonlyArray<readonly [alias: string, exponent: number]> = (
  [
    ['nghin ty', 12],
    ['ngan ty', 12],
    ['nghin ti', 12],
    ['ngan ti', 12],
    ['trieu', 6],
    ['nghin', 3],
    ['ngan', 3],
    ['tr.', 6],
    ['ty', 9],
    ['ti', 9],
    ['tr', 6],
    ['k', 3],
  ] as const
)
  .slice()
  // Longest first, so "trieu" wins over "tr" and "nghin ty" over "nghin".
  .sort((a, b) => b[0].length - a[0].length);

const SCALE_NAMES: Readonly<Record<number, string>> = {
  3: 'nghìn',
  6: 'triệu',
  9: 'tỷ',
  12: 'nghìn tỷ',
};

const CURRENCY_ALIASES: ReadonlySet<string> = new Set(['dong', 'd', 'vnd']);

/** The base every money unit is folded to. */
export const MONEY_BASE = 'dong';
const MONEY_DISPLAY = 'đồng';

/**
 * Units an official might type by mistake for another indicator. Knowing them
 * lets "70 tấn" into a hectare indicator say "wrong unit" rather than
 * "not a number". Stored folded.
 */
const KNOWN_UNITS: ReadonlySet<string> = new Set(
  [
    'tấn',
    'tạ',
    'yến',
    'kg',
    'g',
    'lít',
    'ha',
    'm',
    'km',
    'm2',
    'km2',
    'm3',
    'tạ/ha',
    'tấn/ha',
    'con',
    'người',
    'hộ',
    'lượt',
    'lượt người',
    'lượt khách',
    'khách',
    'lao động',
    'học sinh',
    'xã',
    'thôn',
    'bản',
    'tổ',
    'trường',
    'lớp',
    'giường',
    'bác sĩ',
    'doanh nghiệp',
    'hợp tác xã',
    'dự án',
    'công trình',
    'cơ sở',
    'sản phẩm',
    'cây',
    'chiếc',
    'cái',
    'căn',
    'nhà',
    'usd',
  ].map(foldText),
);

/** A unit as written by an official or configured on an indicator. */
export type UnitReading =
  | { readonly kind: 'percent' }
  | { readonly kind: 'permille' }
  | {
      readonly kind: 'measure';
      /** Power of ten of the scale word (0 when none). */
      readonly exponent: number;
      /** Folded base unit; null when only a scale word was written ("8,54 tỷ"). */
      readonly base: string | null;
      /** The base as it should be shown to officials ('đồng', 'tấn'). */
      readonly baseDisplay: string | null;
    };

function readSpecial(folded: string): UnitReading | null {
  if (folded === '%' || folded === 'phan tram') return { kind: 'percent' };
  if (folded === '‰' || folded === 'phan nghin') return { kind: 'permille' };
  return null;
}

/**
 * Reads a unit phrase: an optional scale word followed by an optional base.
 * `acceptBase` decides which bases exist, because a typed reply may only name
 * a known unit while an indicator may be configured with any unit at all.
 */
function readUnitPhrase(text: string, acceptBase: (folded: string) => boolean): UnitReading | null {
  const folded = foldText(text);
  if (folded === '') return null;
  const special = readSpecial(folded);
  if (special) return special;
  if (CURRENCY_ALIASES.has(folded)) {
    return { kind: 'measure', exponent: 0, base: MONEY_BASE, baseDisplay: MONEY_DISPLAY };
  }
  for (const [alias, exponent] of SCALE_ALIASES) {
    if (!folded.startsWith(alias)) continue;
    const after = folded.slice(alias.length);
    const rest = after.trim();
    if (rest === '') return { kind: 'measure', exponent, base: null, baseDisplay: null };
    // Money abbreviations are written glued ("trđ", "tỷđ"); any other base
    // must be a separate word so that "kg" or "trẻ" never read as a scale.
    if (CURRENCY_ALIASES.has(rest)) {
      return { kind: 'measure', exponent, base: MONEY_BASE, baseDisplay: MONEY_DISPLAY };
    }
    if (after.startsWith(' ') && readSpecial(rest) === null && acceptBase(rest)) {
      const words = alias.split(' ').length;
      const baseDisplay = collapse(text).split(' ').slice(words).join(' ');
      return { kind: 'measure', exponent, base: rest, baseDisplay };
    }
  }
  if (acceptBase(folded)) {
    return { kind: 'measure', exponent: 0, base: folded, baseDisplay: collapse(text) };
  }
  return null;
}

function collapse(text: string): string {
  return text.normalize('NFC').replace(/\s+/gu, ' ').trim();
}

/** Reads the unit configured on an indicator; any text is a valid base there. */
export function readIndicatorUnit(unit: string): UnitReading | null {
  return readUnitPhrase(unit, (folded) => folded !== '');
}

/** Reads what an official typed after the number; only known units and the indicator's own base are units. */
export function readTypedUnit(text: string, indicatorBase: string | null): UnitReading | null {
  return readUnitPhrase(text, (folded) => KNOWN_UNITS.has(folded) || folded === indicatorBase);
}

/** The words to show for a scale and base, e.g. 'tỷ', 'tỷ đồng', 'nghìn tấn', 'đồng'. */
export function unitDisplay(exponent: number, baseDisplay: string | null): string {
  const scale = SCALE_NAMES[exponent];
  return [scale, baseDisplay].filter((part): part is string => Boolean(part)).join(' ');
}

export function sameUnit(a: string, b: string): boolean {
  return foldText(a) === foldText(b);
}

/**
 * How many đồng one unit of a money indicator is worth: 'đồng' → 1,
 * 'nghìn đồng' → 1e3, 'triệu đồng' → 1e6, 'tỷ đồng' → 1e9, 'nghìn tỷ đồng' →
 * 1e12; null for any other unit. Accepts the spellings the parser accepts
 * ('Triệu đồng', 'trieu dong', 'trđ', 'VNĐ'); a bare scale word ('tỷ') counts
 * as money because that is how plans abbreviate it.
 */
export function moneyScale(unit: string): Decimal | null {
  const reading = readIndicatorUnit(unit);
  if (reading?.kind !== 'measure') return null;
  if (reading.base !== MONEY_BASE && reading.base !== null) return null;
  return new Decimal(`1e${reading.exponent}`);
}
