import type { Comparator } from '../plan/plan.js';
import { findPhrase, hasPhrase } from './text.js';

/**
 * The comparator a plan says in words. The word nearest the figure wins ("Tỷ lệ trẻ em dưới 5 tuổi
 * suy dinh dưỡng dưới 5,6%": the second "dưới"; "Tổng thu ngân sách trên địa bàn đạt 11.807": "đạt").
 * "giảm" alone is an amount of reduction (at least that much); "giảm xuống", "còn" are a ceiling.
 */
const WORDS: ReadonlyArray<readonly [phrase: string, comparator: Comparator]> = [
  // "không dưới", "không thấp hơn": a floor said by denying the ceiling word
  ['khong duoi', '>='],
  ['khong thap hon', '>='],
  ['khong it hon', '>='],
  ['khong nho hon', '>='],
  ['con duoi', '<='],
  ['duoi', '<='],
  ['khong qua', '<='],
  ['khong vuot qua', '<='],
  ['toi da', '<='],
  ['giam xuong', '<='],
  ['giam con', '<='],
  ['xuong duoi', '<='],
  ['xuong con', '<='],
  ['xuong', '<='],
  ['thap hon', '<='],
  ['nho hon', '<='],
  ['khong vuot', '<='],
  ['kiem che', '<='],
  ['≤', '<='],
  ['<=', '<='],
  ['<', '<='],
  ['dat', '>='],
  ['tren', '>='],
  ['vuot', '>='],
  ['toi thieu', '>='],
  ['it nhat', '>='],
  ['phan dau', '>='],
  ['tang', '>='],
  ['nang', '>='],
  ['len', '>='],
  ['giam', '>='],
  ['cao hon', '>='],
  ['lon hon', '>='],
  ['hoan thanh', '>='],
  ['≥', '>='],
  ['>=', '>='],
  ['>', '>='],
  ['bang', '='],
];

/** What a bare figure means when the indicator is something to keep low: spending, poverty, accidents. */
export const CEILING_NOUNS = [
  'chi ngan sach',
  'tong chi',
  'chi thuong xuyen',
  'ho ngheo',
  'can ngheo',
  'suy dinh duong',
  'tang dan so',
  'tang tu nhien',
  'ty suat sinh',
  'ty so gioi tinh',
  'sinh con thu',
  'tai nan',
  'toi pham',
  'that nghiep',
  'bo hoc',
  'o nhiem',
  'tu vong',
  'chay no',
  'ma tuy',
  'no dong',
  'ton dong',
];

const CHANGE_VERBS = new Set(['tang', 'giam', 'nang', 'len', 'vuot', 'xuong']);

export interface ComparatorReading {
  comparator: Comparator;
  /** false when nothing was said and ">=" (or the ceiling of the noun) was assumed */
  explicit: boolean;
}

function nearest(lead: string): ComparatorReading | null {
  // "trên địa bàn" places the indicator; it sets no floor.
  const trimmed = lead.replace(/tren dia ban/g, '            ').replace(/[\s:,(]+$/, '');
  let best: { end: number; length: number; comparator: Comparator } | null = null;
  for (const [phrase, comparator] of WORDS) {
    const symbol = !/[a-z]/.test(phrase);
    const at = symbol ? trimmed.lastIndexOf(phrase) : findPhrase(trimmed, phrase, true);
    if (at < 0) continue;
    // "bằng" is "equal to" right before the figure; "có bằng cấp" names a diploma
    if (phrase === 'bang' && at + phrase.length !== trimmed.length) continue;
    const end = at + phrase.length;
    // "Tỷ lệ tăng dân số tự nhiên 0,85 %": a verb of change far from the figure is part of the name
    if (CHANGE_VERBS.has(phrase) && trimmed.length - end > 12) continue;
    if (!best || end > best.end || (end === best.end && phrase.length > best.length))
      best = { end, length: phrase.length, comparator };
  }
  // A comparator far from the figure belongs to the name ("dưới 5 tuổi"), not to the target.
  if (best && trimmed.length - best.end > 40) return null;
  return best ? { comparator: best.comparator, explicit: true } : null;
}

/**
 * `lead` is the folded text between the previous number and this one; `trail` the folded text after
 * the unit up to the next separator; `name` the folded text the indicator is named from.
 */
export function readComparator(
  lead: string,
  trail: string,
  name: string,
  value: string,
  zero: boolean,
): ComparatorReading {
  // "duy trì không có hộ nghèo": at most zero.
  if (zero) return { comparator: '<=', explicit: true };
  if (/^\s*tro xuong/.test(trail)) return { comparator: '<=', explicit: true };
  if (/^\s*tro len/.test(trail)) return { comparator: '>=', explicit: true };
  const said = nearest(lead);
  if (value === '0' && hasPhrase(lead, ['duy tri', 'bang'])) return { comparator: '=', explicit: true };
  if (said) return said;
  if (ceilingByName(name)) return { comparator: '<=', explicit: false };
  return { comparator: '>=', explicit: false };
}

/** "Tỷ lệ tăng dân số" is a level to keep low; "Giảm tỷ lệ hộ nghèo 1,5 %" an amount to reach. */
export function ceilingByName(foldedName: string): boolean {
  return (
    hasPhrase(foldedName, CEILING_NOUNS) &&
    !/^(giam|keo giam|muc giam|tang them|so ho ngheo giam|toc do tang)\b/.test(foldedName.trim())
  );
}
