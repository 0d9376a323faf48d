/** Latin letters without their Vietnamese marks: "Trường Quang Trọng" → "Truong Quang Trong". */
export function withoutDiacritics(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').replace(/đ/g, 'd').replace(/Đ/g, 'D');
}

/** A code from a name: lower-case ASCII words joined by "-", at most 40 characters, cut between words. */
export function slug(text: string, max = 40): string {
  const words = withoutDiacritics(text)
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
  let out = '';
  for (const word of words) {
    const next = out ? `${out}-${word}` : word;
    if (next.length > max) break;
    out = next;
  }
  return out || (words[0]?.slice(0, max) ?? '');
}

/** What comes before the place's own name: "UBND", "Ủy ban nhân dân", "phường", "thị xã"… */
const ISSUER_PREFIX =
  /^(?:(?:ubnd|uy ban nhan dan|hdnd)\s+)?(?:(?:thi tran|thi xa|thanh pho|xa|phuong|quan|huyen|tinh|tp\.?)\s+)?/;

/** "UBND phường Trường Quang Trọng" → "truong-quang-trong", the way the example plans name places. */
export function organizationSlug(name: string): string {
  const plain = withoutDiacritics(name).toLowerCase().replace(/\s+/g, ' ').trim();
  return slug(plain.replace(ISSUER_PREFIX, '')) || slug(plain);
}

/**
 * The prefix of an indicator code from its heading, as the example plans write them: "Về kinh tế" →
 * KT, "Văn hóa - xã hội" → XH, "Quốc phòng, an ninh" → QP. The keyword that comes first in the heading
 * decides ("phát triển kinh tế - xã hội" is KT).
 */
const CATEGORY_PREFIXES: [RegExp, string][] = [
  [/ngan sach|thu chi|tai chinh/, 'NS'],
  [/kinh te|san xuat|thuong mai|dich vu|cong nghiep/, 'KT'],
  [/nong nghiep|nong thon|thuy san|chan nuoi|trong trot/, 'NN'],
  [/van hoa|xa hoi|an sinh/, 'XH'],
  [/giao duc|truong hoc|hoc sinh/, 'GD'],
  [/y te|suc khoe|bao hiem/, 'YT'],
  [/lao dong|viec lam|giam ngheo|ho ngheo/, 'LD'],
  [/moi truong|tai nguyen|dat dai/, 'MT'],
  [/do thi|ha tang|giao thong|xay dung co ban/, 'DT'],
  [/quoc phong|quan su/, 'QP'],
  [/an ninh|trat tu|phap luat/, 'AN'],
  [/dang|chinh quyen|hanh chinh|doan the|mat tran|cai cach/, 'CQ'],
];

/** Words that say nothing about the subject: left out of the fallback initials. */
const FILLER = new Set([
  'cac',
  'chi',
  'tieu',
  've',
  'linh',
  'vuc',
  'nhom',
  'phat',
  'trien',
  'va',
  'cua',
  'nam',
  'thi',
  'dua',
]);

export function categoryPrefix(category: string | null): string {
  if (!category) return 'CT';
  const plain = withoutDiacritics(category).toLowerCase();
  let best: { at: number; prefix: string } | null = null;
  for (const [pattern, prefix] of CATEGORY_PREFIXES) {
    const match = new RegExp(`(?:^|[^a-z])(?:${pattern.source})(?![a-z])`).exec(plain);
    if (match && (best === null || match.index < best.at)) best = { at: match.index, prefix };
  }
  if (best) return best.prefix;
  const initials = plain
    .split(/[^a-z]+/)
    .filter((word) => word.length > 1 && !FILLER.has(word))
    .slice(0, 2)
    .map((word) => word[0]?.toUpperCase() ?? '')
    .join('');
  return initials.length === 2 ? initials : 'CT';
}

/** Hands out KT01, KT02… per prefix, and KT02a, KT02b… (then KT02a1…) for the parts of an indicator. */
export class CodeAllocator {
  private readonly next = new Map<string, number>();

  topLevel(prefix: string): string {
    const number = (this.next.get(prefix) ?? 0) + 1;
    this.next.set(prefix, number);
    return `${prefix}${String(number).padStart(2, '0')}`;
  }

  child(parentCode: string, index: number, depth: number): string {
    if (depth % 2 === 1 && index < 26) return `${parentCode}${String.fromCharCode(97 + index)}`;
    return `${parentCode}${depth % 2 === 1 ? '-' : ''}${index + 1}`;
  }
}
