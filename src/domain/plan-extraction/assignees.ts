import { fold, hasPhrase } from './text.js';

/**
 * Who should follow an indicator, proposed from its words when the organization's units and officials
 * are known: agriculture to the agriculture officer, health insurance to culture and society,
 * conscription to the military command. A proposal only: the administrator accepts or changes it.
 * Each field has the words that put an indicator in it (name first, then category) and the words of
 * the titles and unit names that hold it, best first.
 */
export interface AssigneeField {
  field: string;
  indicator: readonly string[];
  holder: readonly string[];
}

/** Folded phrases; order matters only among holders (earlier is a closer fit). */
export const ASSIGNEE_FIELDS: readonly AssigneeField[] = [
  {
    field: 'military',
    indicator: [
      'giao quan',
      'tuyen quan',
      'nhap ngu',
      'nghia vu quan su',
      'quan su',
      'dan quan',
      'quoc phong',
    ],
    holder: ['quan su', 'chi huy truong', 'chi huy'],
  },
  {
    field: 'police',
    indicator: [
      'an ninh',
      'trat tu',
      'toi pham',
      'pham phap',
      'ma tuy',
      'tai nan giao thong',
      'chay no',
      'phong chay',
    ],
    holder: ['cong an'],
  },
  {
    field: 'budget',
    indicator: ['ngan sach', 'thue', 'von dau tu', 'giai ngan', 'du toan', 'tai chinh'],
    holder: ['tai chinh', 'ke toan', 'kinh te'],
  },
  {
    field: 'agriculture',
    indicator: [
      'lua',
      'ngo',
      'nang suat',
      'san luong',
      'gieo trong',
      'chan nuoi',
      'dan trau',
      'dan bo',
      'dan lon',
      'dan heo',
      'gia cam',
      'gia suc',
      'thuy san',
      'rung',
      'cay',
      'nong nghiep',
      'ocop',
      'nong thon moi',
    ],
    holder: ['nong nghiep', 'nong thon', 'kinh te'],
  },
  {
    field: 'land-and-works',
    indicator: [
      // never 'dat' alone: folded, "đạt" is "dat" too
      'dat dai',
      'dat o',
      'quyen su dung dat',
      'giay chung nhan',
      'xay dung',
      'giao thong',
      'do thi',
      'ha tang',
      'cung hoa',
      'be tong',
      'nhua hoa',
      'hem',
      'via he',
      'moi truong',
      'chat thai',
      'nuoc sach',
      'cong trinh',
    ],
    holder: ['dia chinh', 'xay dung', 'do thi', 'moi truong', 'tai nguyen', 'kinh te'],
  },
  {
    field: 'health-and-social',
    indicator: [
      'bao hiem y te',
      'bhyt',
      'bao hiem xa hoi',
      'y te',
      'suy dinh duong',
      'tiem chung',
      'dan so',
      'ty suat sinh',
      'khi sinh',
      'ho ngheo',
      'can ngheo',
      'giam ngheo',
      'viec lam',
      'lao dong',
      'tre em',
      'nguoi co cong',
      'nha dai doan ket',
    ],
    holder: ['lao dong', 'xa hoi', 'y te', 'van hoa'],
  },
  {
    field: 'culture-and-education',
    indicator: [
      'van hoa',
      'hoc sinh',
      'truong hoc',
      'phong hoc',
      'giao duc',
      'pho cap',
      'the thao',
      'thu vien',
      'du lich',
    ],
    holder: ['van hoa', 'giao duc', 'xa hoi'],
  },
  {
    field: 'administration',
    indicator: [
      'thu tuc hanh chinh',
      'hanh chinh',
      'ho so',
      'truc tuyen',
      'chuyen doi so',
      'cong chuc',
      'can bo',
    ],
    holder: ['van phong', 'thong ke', 'tu phap'],
  },
  {
    field: 'economy',
    indicator: [
      'kinh te',
      'gia tri san xuat',
      'doanh nghiep',
      'thuong mai',
      'dich vu',
      'thu nhap',
      'kinh doanh',
    ],
    holder: ['kinh te', 'tai chinh'],
  },
];

export interface AssigneeCandidate {
  code: string;
  /** an official's title, or a unit's name */
  label: string;
  kind: 'official' | 'unit';
  /** chairmen and vice-chairmen lead; they are proposed only when nobody else holds the field */
  leads?: boolean;
}

export interface ProposedAssignee {
  code: string;
  kind: 'official' | 'unit';
  field: string;
}

/** The field of an indicator: the most words of its name (counted twice) and of its category. */
export function fieldOf(name: string, category: string | null): AssigneeField | null {
  const foldedName = fold(name);
  const foldedCategory = fold(category ?? '');
  let best: { field: AssigneeField; score: number } | null = null;
  for (const field of ASSIGNEE_FIELDS) {
    const score =
      2 * field.indicator.filter((w) => hasPhrase(foldedName, [w])).length +
      field.indicator.filter((w) => hasPhrase(foldedCategory, [w])).length;
    if (score > 0 && (!best || score > best.score)) best = { field, score };
  }
  return best?.field ?? null;
}

/** How well a holder fits a field: the earlier the holder word it carries, the better; 0 when none. */
function fit(field: AssigneeField, candidate: AssigneeCandidate): number {
  const label = fold(candidate.label);
  const at = field.holder.findIndex((w) => hasPhrase(label, [w]));
  return at < 0 ? 0 : field.holder.length - at;
}

/**
 * The official (else the unit) whose title or name fits the indicator's field best; an official
 * before a unit at the same fit, the organization's leaders last. Null when nothing fits.
 */
export function proposeAssignee(
  indicator: { name: string; category: string | null },
  candidates: readonly AssigneeCandidate[],
): ProposedAssignee | null {
  const field = fieldOf(indicator.name, indicator.category);
  if (!field) return null;
  let best: { candidate: AssigneeCandidate; score: number } | null = null;
  for (const candidate of candidates) {
    const base = fit(field, candidate);
    if (base === 0) continue;
    const score = base * 4 + (candidate.kind === 'official' ? 2 : 0) - (candidate.leads ? 3 : 0);
    if (!best || score > best.score) best = { candidate, score };
  }
  return best ? { code: best.candidate.code, kind: best.candidate.kind, field: field.field } : null;
}
