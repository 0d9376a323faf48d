import type { Decimal } from 'decimal.js';

/**
 * Why a reply could not be read as a number. Each code has one message under
 * `numbers:error.<code>` in locales/<lang>/numbers.json; the codes are stable
 * because stored conversations and tests refer to them.
 */
export type NumberErrorCode =
  | 'empty'
  | 'too_long'
  | 'not_a_number'
  | 'bad_grouping'
  | 'ambiguous'
  | 'unit_mismatch'
  | 'unit_unexpected'
  | 'too_big'
  | 'too_precise';

/**
 * The params each code carries, so the locale files can be checked against
 * what the parser really sends (a missing param would show up as "{{x}}" on
 * an official's phone).
 */
export const NUMBER_ERROR_PARAMS = {
  empty: [],
  too_long: ['max'],
  not_a_number: ['input'],
  bad_grouping: ['input'],
  ambiguous: ['input', 'asThousands', 'asDecimal'],
  unit_mismatch: ['input', 'given', 'expected'],
  unit_unexpected: ['input', 'given'],
  too_big: ['input', 'max'],
  too_precise: ['input', 'max'],
} as const satisfies Record<NumberErrorCode, readonly string[]>;

export const NUMBER_ERROR_CODES = Object.keys(NUMBER_ERROR_PARAMS) as readonly NumberErrorCode[];

export interface NumberError {
  readonly ok: false;
  readonly code: NumberErrorCode;
  readonly params: Readonly<Record<string, string>>;
}

export interface ParsedNumber {
  readonly ok: true;
  /** In the indicator's unit, after any scaling ("8,54 tỷ" into 'triệu đồng' is 8540). */
  readonly value: Decimal;
  /** Set when the official typed a % or ‰ sign (or "phần trăm" / "phần nghìn"). */
  readonly suffix?: 'percent' | 'permille';
  /** What the official typed when it was converted, e.g. 'tỷ', 'đồng', 'nghìn tấn'; lets the bot echo the conversion back. */
  readonly scaledFrom?: string;
}

export type ParseResult = ParsedNumber | NumberError;

export interface ParseOptions {
  /** The indicator's unit ('triệu đồng', 'tấn', '%', …). Without it only bare numbers, % and ‰ are accepted. */
  readonly unit?: string;
}

export interface FormatOptions {
  /** Appended after a space: "0,32 %", "1.409 tấn". */
  readonly unit?: string;
  /** Rounds half away from zero to at most this many decimals; by default every significant digit is kept. */
  readonly maxFractionDigits?: number;
}

/** Integer digits beyond this are refused: no plan indicator comes near 10^18, so it is a typo. */
export const MAX_INTEGER_DIGITS = 18;
/** Decimals beyond this are refused: they cannot come from a real measurement. */
export const MAX_FRACTION_DIGITS = 10;
/** Characters (after trimming) beyond this are refused before any parsing. */
export const MAX_INPUT_LENGTH = 40;
