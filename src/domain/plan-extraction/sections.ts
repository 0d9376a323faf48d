import type { PlanLine } from './lines.js';
import { capitalize, collapseSpaces, fold } from './text.js';

/**
 * Which parts of a plan state targets. A plan also has its purpose ("Mục đích, yêu cầu"), the review
 * of the year before ("Đánh giá kết quả năm 2024"), its implementation ("Tổ chức thực hiện"), rewards,
 * solutions, timing and the distribution list: their
 * figures are never targets. A heading that opens such a part closes it at the next heading of the
 * same or an outer level; "Nơi nhận" runs to the end of the document.
 */
const EXCLUDED_HEADINGS = [
  'muc dich',
  'yeu cau',
  'to chuc thuc hien',
  'khen thuong',
  'cong tac khen thuong',
  'hinh thuc khen thuong',
  'tieu chuan khen thuong',
  'danh hieu thi dua',
  'giai phap',
  'mot so giai phap',
  'cac giai phap',
  'nhiem vu giai phap',
  'thoi gian',
  'kinh phi',
  'che do bao cao',
  'dang ky thi dua',
  'phan cong',
  'doi tuong',
  'pham vi',
  'can cu',
  'trach nhiem',
  // what was achieved before the plan: last year's figures are baselines, never targets
  'danh gia',
  'ket qua',
  'tinh hinh',
  'thuc trang',
  'boi canh',
  'tong ket',
];

/**
 * "Các đợt thi đua và khen thưởng": the rewards part, whatever comes before it in the heading, unless
 * the heading also opens the targets ("Nội dung thi đua và khen thưởng").
 */
const EXCLUDED_ANYWHERE = /(khen thuong|to chuc thuc hien)/;

/** Lines that cite the documents a plan rests on or close it: their numbers are references. */
const REFERENCE_OPENINGS = [
  'can cu',
  'thuc hien nghi quyet',
  'thuc hien quyet dinh',
  'thuc hien ke hoach',
  'thuc hien chi thi',
  'thuc hien cong van',
  'thuc hien huong dan',
  'tren day la',
  'noi nhan',
  'so:',
  'tm.',
];

/**
 * A category is the heading as the plan writes it, without its numbering and a leading "Về" or
 * "Lĩnh vực" ("a) Về kinh tế:" → "Kinh tế"; "3. Thi đua trên lĩnh vực quốc phòng" stays whole): the
 * clerk recognises the plan's own words, and the same heading gives the same category in every plan.
 */
const CATEGORY_PREFIXES = [/^(về|lĩnh vực)\s+/iu];

/** Headings that open the list of targets without naming a field: "II. Các chỉ tiêu thi đua năm 2026". */
const GENERIC_HEADING = /(chi tieu|muc tieu|noi dung|nhiem vu|ke hoach)/;

export interface LineContext {
  excluded: boolean;
  /** the nearest heading turned into a category, null before any */
  category: string | null;
  /** folded text of the headings above and the list intro: tells whether the items below are targets */
  heading: string;
}

function categoryOf(text: string): string | null {
  let name = collapseSpaces(text.replace(/[:.]+$/, ''));
  for (const prefix of CATEGORY_PREFIXES) name = name.replace(prefix, '');
  name = name.trim();
  if (name === '' || name.length > 120) return null;
  // an all-capital heading ("II. VĂN HÓA - XÃ HỘI") in sentence case
  if (name === name.toLocaleUpperCase('vi') && /\p{Lu}{3}/u.test(name)) name = name.toLocaleLowerCase('vi');
  return capitalize(name);
}

export function contextsOf(lines: readonly PlanLine[]): LineContext[] {
  const stack: { level: number; excluded: boolean; category: string | null; folded: string }[] = [];
  let intro = '';
  let closing = false;
  return lines.map((line) => {
    if (line.kind === 'heading') {
      while (stack.length > 0 && (stack[stack.length - 1]?.level ?? 0) >= line.level) stack.pop();
      const parentExcluded = stack.some((h) => h.excluded);
      const excluded =
        parentExcluded ||
        EXCLUDED_HEADINGS.some((h) => line.folded.startsWith(h)) ||
        (EXCLUDED_ANYWHERE.test(line.folded) && !GENERIC_HEADING.test(line.folded));
      const inherited = [...stack].reverse().find((h) => h.category !== null)?.category ?? null;
      // "* Trồng trọt:" under "a) Về sản xuất nông nghiệp" groups the items; the field stays the heading's
      const own =
        line.starred && inherited && !GENERIC_HEADING.test(fold(inherited)) ? null : categoryOf(line.text);
      stack.push({ level: line.level, excluded, category: own ?? inherited, folded: line.folded });
      intro = '';
    } else if (line.kind === 'intro') {
      intro = line.folded;
      if (line.folded.startsWith('noi nhan')) closing = true;
    } else if (line.folded.startsWith('noi nhan')) closing = true;
    const top = stack[stack.length - 1];
    const reference = REFERENCE_OPENINGS.some((opening) => line.folded.startsWith(opening));
    return {
      excluded: closing || reference || (top?.excluded ?? false),
      category: top?.category ?? null,
      // a list under "2. Các chỉ tiêu chủ yếu › c) Quốc phòng - an ninh" is a list of targets too, unless
      // its own heading says it is the content of the movement ("Nội dung thi đua")
      heading: top?.folded.startsWith('noi dung')
        ? `${top.folded} ${intro}`
        : `${stack.map((h) => h.folded).join(' ')} ${intro}`,
    };
  });
}
