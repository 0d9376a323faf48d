/**
 * Decides which separators in a run of digits group thousands and which one
 * is the decimal mark. Input is only digits, '.', ',' and single spaces, and
 * it starts and ends with a digit (the caller's regex guarantees it).
 */

export type DigitsReading =
  | { readonly ok: true; readonly int: string; readonly frac: string }
  | { readonly ok: false; readonly code: 'bad_grouping' | 'not_a_number' }
  | { readonly ok: false; readonly code: 'ambiguous'; readonly int: string; readonly frac: string };

/** A grouping needs a 1–3 digit lead without a leading zero, then groups of exactly three. */
function validGroups(runs: readonly string[]): boolean {
  return runs.every((run, i) => (i === 0 ? /^[1-9][0-9]{0,2}$/ : /^[0-9]{3}$/).test(run));
}

const plain = (int: string, frac = ''): DigitsReading => ({ ok: true, int, frac });

export function readDigits(body: string): DigitsReading {
  const tokens = body.split(/([.,]| +)/);
  const runs = tokens.filter((_, i) => i % 2 === 0);
  const seps = tokens.filter((_, i) => i % 2 === 1).map((sep) => (sep.startsWith(' ') ? ' ' : sep));
  const lastRun = runs[runs.length - 1] ?? '';

  if (seps.length === 0) return plain(body);

  if (seps.includes(' ')) {
    // Spaces only ever group the integer part ("1 270", "1 270,5"); a space
    // anywhere else means two numbers were sent.
    const marks = seps.filter((sep) => sep !== ' ');
    const spaceCount = seps.length - marks.length;
    if (seps.slice(spaceCount).includes(' ')) return { ok: false, code: 'not_a_number' };
    const intRuns = runs.slice(0, spaceCount + 1);
    if (!validGroups(intRuns)) return { ok: false, code: 'not_a_number' };
    const int = intRuns.join('');
    if (marks.length === 0) return plain(int);
    if (marks.length > 1) return { ok: false, code: 'bad_grouping' };
    // "1 234.567": spaces already group thousands, so the dot should be a
    // decimal point, but a dot before three digits is the usual thousands
    // mark; asking is cheaper than storing a value 1000 times off.
    if (marks[0] === '.' && lastRun.length === 3) return { ok: false, code: 'ambiguous', int, frac: lastRun };
    return plain(int, lastRun);
  }

  const dots = seps.filter((sep) => sep === '.').length;
  const commas = seps.length - dots;

  if (commas === 0) {
    if (dots > 1) return validGroups(runs) ? plain(runs.join('')) : { ok: false, code: 'bad_grouping' };
    const int = runs[0] ?? '';
    // A dot before exactly three digits is how Vietnamese writes thousands
    // (11.807); any other count can only be an English decimal point (8540.5).
    if (lastRun.length !== 3) return plain(int, lastRun);
    // "0.320" cannot be a thousands grouping.
    if (/^0+$/.test(int)) return plain(int, lastRun);
    if (validGroups([int])) return plain(int + lastRun);
    // "1234.567" or "01.234": neither a valid grouping nor clearly a decimal.
    return { ok: false, code: 'ambiguous', int, frac: lastRun };
  }

  if (dots === 0) {
    // A single comma is always the Vietnamese decimal mark (1,234 = 1.234);
    // several can only be English thousands groups (1,234,567).
    if (commas === 1) return plain(runs[0] ?? '', lastRun);
    return validGroups(runs) ? plain(runs.join('')) : { ok: false, code: 'bad_grouping' };
  }

  // Both marks: the last one is the decimal mark, every earlier one must be
  // the other mark and form proper groups ("1.234,5" and "1,234.5").
  const decimalMark = seps[seps.length - 1];
  const groupMark = decimalMark === '.' ? ',' : '.';
  const intRuns = runs.slice(0, -1);
  if (seps.slice(0, -1).some((sep) => sep !== groupMark) || !validGroups(intRuns)) {
    return { ok: false, code: 'bad_grouping' };
  }
  return plain(intRuns.join(''), lastRun);
}
