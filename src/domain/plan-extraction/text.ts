/**
 * Matching is done on a folded copy of the text (lower case, no diacritics, đ → d) that keeps every
 * character at the same index as in the NFC original, so that a match found on the folded copy can be
 * cut out of the original as written.
 */
export function normalizeLine(raw: string): string {
  return raw
    .normalize('NFC')
    .replace(/[\u200B-\u200D\u2060\uFEFF]/g, '')
    .replace(/[\u00A0\u2000-\u200A\u202F\u205F\u3000\t]/g, ' ')
    .replace(/\*\*/g, '');
}

/** One folded character per original character (NFC Vietnamese letters decompose into a base and marks). */
export function fold(text: string): string {
  let out = '';
  for (const char of text) {
    const base = char.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
    const one = base === 'đ' ? 'd' : base.length === 1 ? base : char.toLowerCase();
    out += one.length === char.length ? one : char;
  }
  return out;
}

export function collapseSpaces(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

export function capitalize(text: string): string {
  const first = text.charAt(0);
  return first.toLocaleUpperCase('vi') + text.slice(1);
}

/** True when one of the folded phrases occurs in the folded text as whole words. */
export function hasPhrase(folded: string, phrases: readonly string[]): boolean {
  return phrases.some((phrase) => findPhrase(folded, phrase) >= 0);
}

/** Index of the last whole-word occurrence of a folded phrase, or -1. */
export function findPhrase(folded: string, phrase: string, last = false): number {
  let from = last ? folded.length : 0;
  for (;;) {
    const at = last ? folded.lastIndexOf(phrase, from) : folded.indexOf(phrase, from);
    if (at < 0) return -1;
    const before = at === 0 ? ' ' : folded.charAt(at - 1);
    const after = folded.charAt(at + phrase.length) || ' ';
    if (!/[a-z0-9]/.test(before) && !/[a-z0-9]/.test(after)) return at;
    if (last) {
      if (at === 0) return -1;
      from = at - 1;
    } else from = at + 1;
  }
}
