// The named export: under NodeNext the default import types as the CJS namespace.
import { Decimal } from 'decimal.js';

/**
 * The storage text of a value: plain notation, no exponent, no trailing
 * zeros, no "-0". One value has exactly one text, so stored values compare
 * as strings and diffs in revisions are meaningful.
 * Throws on NaN or ±Infinity: those can only come from a programming error.
 */
export function toCanonical(value: Decimal): string {
  if (!value.isFinite()) throw new RangeError(`Cannot store a non-finite number: ${value.toString()}`);
  if (value.isZero()) return '0';
  return value.toFixed();
}

const CANONICAL = /^-?(?:0|[1-9][0-9]*)(?:\.[0-9]*[1-9])?$/;

/**
 * Strict inverse of toCanonical. Throws on anything toCanonical cannot
 * produce, because such text in storage means corruption, not user input.
 */
export function fromCanonical(text: string): Decimal {
  if (!CANONICAL.test(text) || text === '-0') {
    throw new SyntaxError(`Not a canonical number: ${JSON.stringify(text.slice(0, 60))}`);
  }
  return new Decimal(text);
}
