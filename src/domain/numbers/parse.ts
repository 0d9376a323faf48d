import { Decimal } from 'decimal.js';
import { toCanonical } from './canonical.js';
import { formatViNumber } from './format.js';
import { readDigits } from './separators.js';
import {
  MAX_FRACTION_DIGITS,
  MAX_INPUT_LENGTH,
  MAX_INTEGER_DIGITS,
  type NumberError,
  type NumberErrorCode,
  type ParseOptions,
  type ParseResult,
} from './types.js';
import { MONEY_BASE, readIndicatorUnit, readTypedUnit, sameUnit, unitDisplay } from './units.js';

// Copy-paste from spreadsheets and chat apps brings invisible characters.
const INVISIBLE = /[\u200B-\u200D\u2060\uFEFF]/g;
// Phones and spreadsheets group digits with no-break and thin spaces.
const HORIZONTAL_SPACE = /[\t \u00A0\u1680\u2000-\u200A\u202F\u205F\u3000]+/g;
// Echoing control or bidi characters back could garble the bot's reply.
const UNSAFE_TO_ECHO = /[\p{Cc}\u202A-\u202E\u2066-\u2069]/gu;
// Sign, digits with separators, then whatever follows (unit or garbage).
const NUMBER = /^([+-]?) *([0-9]+(?:(?:[.,]| +)[0-9]+)*)(.*)$/s;

function fail(code: NumberErrorCode, params: Record<string, string> = {}): NumberError {
  return { ok: false, code, params };
}

interface Scaling {
  readonly exponent: number;
  readonly suffix?: 'percent' | 'permille';
  readonly scaledFrom?: string;
}

/**
 * Matches the text after the number against the indicator's unit and works
 * out the power of ten that converts the typed value into that unit.
 */
function resolveUnit(typed: string, unit: string | undefined, input: string): Scaling | NumberError {
  if (typed === '') return { exponent: 0 };
  const given = typed.replace(UNSAFE_TO_ECHO, '');
  const indicator = unit === undefined ? null : readIndicatorUnit(unit);
  const indicatorBase = indicator?.kind === 'measure' ? indicator.base : null;
  const reading = readTypedUnit(typed, indicatorBase);
  if (reading === null) {
    // The indicator's own unit is always accepted, whatever it is.
    if (unit !== undefined && sameUnit(typed, unit)) return { exponent: 0 };
    return fail('not_a_number', { input });
  }
  const mismatch = (): NumberError => fail('unit_mismatch', { input, given, expected: unit?.trim() ?? '' });

  if (reading.kind !== 'measure') {
    if (indicator === null || indicator.kind === reading.kind) return { exponent: 0, suffix: reading.kind };
    return mismatch();
  }
  // Without an indicator unit there is nothing to convert into, and
  // silently dropping "tỷ" would store a value a billion times off.
  if (indicator === null || unit === undefined) return fail('unit_unexpected', { input, given });
  if (indicator.kind !== 'measure') return mismatch();

  // A bare scale word ("8,54 tỷ") speaks of money, unless the indicator is
  // itself counted in a scale ('triệu USD', 'nghìn tấn'), where officials
  // drop the base the same way.
  const impliedBase = indicator.base === MONEY_BASE || indicator.exponent > 0 ? indicator.base : MONEY_BASE;
  const base = reading.base ?? impliedBase;
  if (base !== indicator.base) return mismatch();
  const exponent = reading.exponent - indicator.exponent;
  if (exponent === 0) return { exponent };
  return { exponent, scaledFrom: unitDisplay(reading.exponent, reading.baseDisplay) };
}

function countDigits(canonical: string): { int: number; frac: number } {
  const [int = '', frac = ''] = canonical.replace('-', '').split('.');
  return { int: int === '0' ? 0 : int.length, frac: frac.length };
}

/**
 * Reads a number as Vietnamese officials type it on a phone ("11.807",
 * "0,32", "95,5%", "8,54 tỷ", "1 270 tấn") and converts it into the
 * indicator's unit. Never throws: every refusal is a NumberError whose code
 * has a message in locales/<lang>/numbers.json.
 */
export function parseViNumber(input: string, options: ParseOptions = {}): ParseResult {
  if (typeof input !== 'string') return fail('not_a_number', { input: '' });
  const text = input.normalize('NFC').replace(INVISIBLE, '').trim();
  if (text === '') return fail('empty');
  if ([...text].length > MAX_INPUT_LENGTH) return fail('too_long', { max: String(MAX_INPUT_LENGTH) });

  const echo = text.replace(UNSAFE_TO_ECHO, '');
  const normalized = text.replace(HORIZONTAL_SPACE, ' ').replace(/\u2212/g, '-');
  const match = NUMBER.exec(normalized);
  if (!match) return fail('not_a_number', { input: echo });
  const [, sign = '', body = '', rest = ''] = match;
  const negative = sign === '-';

  const digits = readDigits(body);
  if (!digits.ok) {
    if (digits.code !== 'ambiguous') return fail(digits.code, { input: echo });
    const signed = negative ? '-' : '';
    return fail('ambiguous', {
      input: echo,
      asThousands: formatViNumber(`${signed}${digits.int}${digits.frac}`),
      asDecimal: formatViNumber(`${signed}${digits.int}.${digits.frac}`),
    });
  }

  const scaling = resolveUnit(rest.trim(), options.unit, echo);
  if ('ok' in scaling) return scaling;

  const literal = `${negative ? '-' : ''}${digits.int}${digits.frac ? `.${digits.frac}` : ''}`;
  // The exponent form keeps scaling exact: Decimal's constructor never rounds.
  let value = new Decimal(`${literal}e${scaling.exponent}`);
  if (value.isZero()) value = new Decimal(0);

  const count = countDigits(toCanonical(value));
  if (count.int > MAX_INTEGER_DIGITS)
    return fail('too_big', { input: echo, max: String(MAX_INTEGER_DIGITS) });
  if (count.frac > MAX_FRACTION_DIGITS)
    return fail('too_precise', { input: echo, max: String(MAX_FRACTION_DIGITS) });

  return {
    ok: true,
    value,
    ...(scaling.suffix ? { suffix: scaling.suffix } : {}),
    ...(scaling.scaledFrom ? { scaledFrom: scaling.scaledFrom } : {}),
  };
}
