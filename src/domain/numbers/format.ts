import { Decimal } from 'decimal.js';
import { toCanonical } from './canonical.js';
import type { FormatOptions } from './types.js';

// Decimal.js also reads hex, binary and octal literals; a value to format
// must be an ordinary decimal, anything else is a caller's bug.
const DECIMAL_TEXT = /^[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:e[+-]?[0-9]+)?$/i;

function toDecimal(value: Decimal | string): Decimal {
  if (typeof value !== 'string') return value;
  if (!DECIMAL_TEXT.test(value))
    throw new SyntaxError(`Not a decimal number: ${JSON.stringify(value.slice(0, 60))}`);
  return new Decimal(value);
}

/** Inserts a dot every three digits from the right, as vi-VN does from 1.000 up. */
function groupThousands(digits: string): string {
  const head = digits.length % 3 || 3;
  let out = digits.slice(0, head);
  for (let i = head; i < digits.length; i += 3) out += `.${digits.slice(i, i + 3)}`;
  return out;
}

/**
 * Formats a value the Vietnamese way: "11.807", "0,32", "-3", "0,32 %",
 * "1.409 tấn". Works on the decimal digits, never on a float, so 20-digit
 * values come out exact; the grouping is done here rather than with Intl so
 * the output does not depend on the ICU data Node was built with.
 * Throws on a string that is not a decimal number, on NaN/Infinity and on a
 * maxFractionDigits that is not a non-negative integer (caller bugs).
 */
export function formatViNumber(value: Decimal | string, options: FormatOptions = {}): string {
  let decimal = toDecimal(value);
  const { maxFractionDigits } = options;
  if (maxFractionDigits !== undefined) {
    if (!Number.isInteger(maxFractionDigits) || maxFractionDigits < 0) {
      throw new RangeError(`maxFractionDigits must be a non-negative integer, got ${maxFractionDigits}`);
    }
    decimal = decimal.toDecimalPlaces(maxFractionDigits, Decimal.ROUND_HALF_UP);
  }
  const canonical = toCanonical(decimal);
  const negative = canonical.startsWith('-');
  const [intPart = '0', fracPart] = (negative ? canonical.slice(1) : canonical).split('.');
  const number = `${negative ? '-' : ''}${groupThousands(intPart)}${fracPart ? `,${fracPart}` : ''}`;
  const unit = options.unit?.trim();
  return unit ? `${number} ${unit}` : number;
}
