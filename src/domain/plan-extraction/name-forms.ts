import { CEILING_NOUNS } from './comparators.js';
import { capitalize, collapseSpaces, fold, hasPhrase } from './text.js';

/**
 * Names a chairman can read alone, for the shapes in which plans state a figure after a bare verb or
 * as a change: "Phát triển mới 85 doanh nghiệp" is "Số doanh nghiệp phát triển mới", "Chỉnh trang
 * 3,2 km hẻm" is "Hẻm được chỉnh trang", "Giá trị sản xuất tăng 9,5 %" is "Tốc độ tăng giá trị sản
 * xuất", "Giao quân đạt 100 % chỉ tiêu" is "Tỷ lệ hoàn thành chỉ tiêu giao quân". Each form reads the
 * words before the figure (the name built so far) and the words after it (`trail`).
 */

/** Units that are things counted one by one: "Số <unit> …" names them. */
const COUNTED =
  /^(tieu chi|thon|ap|to dan pho|khu pho|xa|ho|ho gia dinh|ho kinh doanh|nguoi|lao dong|hoc sinh|doanh nghiep|hop tac xa|to hop tac|co so|cong trinh|mo hinh|san pham|truong|lop|phong hoc|cau|can|can nha|nha|ngoi nha|thanh nien|tan binh|dang vien|hoi vien|doan vien|luot|cuoc|ho so|giay chung nhan|du an)$/;

/** Actions a plan counts: the figure after them is how many things are done, or how much. */
const ACTION =
  '(?:co them|dat them|them|giam|phat trien moi|phat trien|thanh lap moi|thanh lap|xay dung moi|xay moi|xay dung|lam moi|lap moi|lap dat moi|lap dat|cap moi|cap|nang cap|sua chua|chinh trang|be tong hoa|cung hoa|nhua hoa|cai tao|nao vet|trong moi|ket nap moi|ket nap|tuyen moi|ho tro xay dung|ho tro)';
const ACTIONS_ONLY = new RegExp(`^${ACTION}(?:(?:\\s*,\\s*|\\s+va\\s+)${ACTION})*$`);

function lowerFirst(text: string): string {
  return /^\p{Lu}\p{Ll}/u.test(text) ? `${text.charAt(0).toLocaleLowerCase('vi')}${text.slice(1)}` : text;
}

export function isCounted(unit: string | null): boolean {
  return unit !== null && COUNTED.test(fold(unit));
}

/** True when the name is only actions ("Xây dựng mới", "Nâng cấp, bê tông hóa", "Thêm"). */
export function isBareAction(name: string): boolean {
  return ACTIONS_ONLY.test(
    fold(name)
      .replace(/[.;:]+$/, '')
      .trim(),
  );
}

/**
 * The thing the figure is of, right after its unit: "hẻm, kiệt" of "3,2 km hẻm, kiệt; …", "đạt chuẩn
 * ấp nông thôn mới kiểu mẫu" of "02 ấp đạt chuẩn …, nâng tổng số lên …". Ends at a clause that is not
 * a short apposition.
 */
export function trailPhrase(trail: string): string {
  const text = collapseSpaces(trail.replace(/^[\s,:]+/, ''));
  const stop = /[;.(]|(?:^|\s)(?:và|nâng|trong đó|phấn đấu)(?:\s|$)/iu.exec(text);
  const clause = stop ? text.slice(0, stop.index) : text;
  const parts = clause.split(/,\s*/);
  let out = parts[0] ?? '';
  for (const part of parts.slice(1)) {
    if (part.split(' ').length > 2) break;
    out += `, ${part}`;
  }
  const words = out.trim().split(' ');
  return words.length > 12 ? '' : out.trim().replace(/[,:]+$/, '');
}

/** "Phát triển mới" + 85 doanh nghiệp → "Số doanh nghiệp phát triển mới"; 3,2 km hẻm → "Hẻm được chỉnh trang". */
export function actionName(name: string, unit: string | null, trail: string): string | null {
  // a rate after an action ("giảm ít nhất 5 %") is a change, named by rateName
  if (!isBareAction(name) || unit === '%' || unit === '‰') return null;
  const thing = trailPhrase(trail);
  const action = lowerFirst(name.replace(/^có\s+/iu, ''));
  if (isCounted(unit)) return collapseSpaces(`Số ${unit ?? ''} ${thing} ${action}`);
  if (thing === '') return null;
  return `${capitalize(thing)} được ${action}`;
}

/** "Giải quyết việc làm cho 1.250 lao động" → "Số lao động được giải quyết việc làm". */
export function beneficiaryName(name: string, lead: string, unit: string | null): string | null {
  if (!isCounted(unit) || !/\s(cho|đối với)\s*$/iu.test(lead) || name === '') return null;
  return `Số ${unit ?? ''} được ${lowerFirst(name)}`;
}

/** "Xuất khẩu lao động 25 người" → "Số người xuất khẩu lao động": a count named by what the people do. */
export function countName(name: string, unit: string | null, measures: boolean): string | null {
  if (!isCounted(unit) || measures || name.includes('—')) return null;
  const folded = fold(name);
  if (folded.includes(fold(unit ?? '')) || /^(dan|tong|so|ty le) /.test(folded)) return null;
  return `Số ${unit ?? ''} ${lowerFirst(name)}`;
}

/** The "so với …" clause after a rate ("1,2% so với dân số"), or "" */
function comparedWith(trail: string): string {
  const match = /^\s*(so với [^,;.()]+)/iu.exec(trail);
  return match?.[1]?.trim() ?? '';
}

/**
 * A rate named by a change or by a share of a plan: "X tăng 9,5 %" → "Tốc độ tăng X" ("Mức tăng X"
 * for what should stay low), "X giảm 10 %"/"Kéo giảm 10 % X" → "Mức giảm X", "X đạt 100 % chỉ tiêu" →
 * "Tỷ lệ hoàn thành chỉ tiêu X", "đạt 100 % kế hoạch vốn" → "… so với kế hoạch vốn". Keeps a "so
 * với …" that follows the figure. Null when the name is already of another shape.
 */
export function rateName(name: string, unit: string | null, trail: string): string | null {
  if (unit !== '%' && unit !== '‰') return null;
  const folded = fold(name);
  let out: string | null = null;
  const change = /^(.*\S)\s+(tăng|giảm)$/iu.exec(name);
  if (change?.[1] && !/^(ty le|muc|toc do)\s+(tang|giam)/.test(folded)) {
    const subject = lowerFirst(change[1]);
    const rising = fold(change[2] ?? '') === 'tang';
    const low = hasPhrase(fold(subject), CEILING_NOUNS);
    out = `${rising ? (low ? 'Mức tăng' : 'Tốc độ tăng') : 'Mức giảm'} ${subject}`;
  } else if (/^(keo giam|giam) (?!ty le|muc)/.test(folded)) {
    out = `Mức giảm ${name.replace(/^(kéo giảm|giảm)\s+/iu, '')}`;
  } else if (/^\s*chỉ tiêu\b/iu.test(trail) && !/^(ty le|hoan thanh)|chi tieu/.test(folded)) {
    out = `Tỷ lệ hoàn thành chỉ tiêu ${lowerFirst(name.replace(/^tỷ lệ\s+/iu, ''))}`;
  } else if (/^\s*(kế hoạch|dự toán)\b/iu.test(trail) && !folded.includes('so voi')) {
    const plan = /^\s*((?:kế hoạch|dự toán)[^,;.()]*)/iu.exec(trail)?.[1]?.trim() ?? '';
    out = `${name} so với ${plan}`;
  }
  const compared = comparedWith(trail);
  const base = out ?? name;
  if (compared !== '' && !fold(base).includes('so voi')) return `${base} ${compared}`;
  return out;
}
