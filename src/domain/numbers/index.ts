export { parseViNumber } from './parse.js';
export { formatViNumber } from './format.js';
export { toCanonical, fromCanonical } from './canonical.js';
export { moneyScale } from './units.js';
export {
  NUMBER_ERROR_CODES,
  NUMBER_ERROR_PARAMS,
  MAX_INPUT_LENGTH,
  MAX_INTEGER_DIGITS,
  MAX_FRACTION_DIGITS,
  type NumberErrorCode,
  type NumberError,
  type ParsedNumber,
  type ParseResult,
  type ParseOptions,
  type FormatOptions,
} from './types.js';
