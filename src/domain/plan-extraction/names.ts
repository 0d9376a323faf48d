import { capitalize, collapseSpaces, fold } from './text.js';

/**
 * Short, readable indicator names cut out of the plan's wording: the words before the figure,
 * without list connectors ("trong đó", "và") and comparator words ("đạt", "còn dưới").
 */
const WORD_END = '(?![\\p{L}\\p{N}])';
const LEADING_WORDS = [
  'và',
  'hoặc',
  'trong đó',
  'gồm',
  'cụ thể',
  'với mục tiêu',
  'phấn đấu',
  'phần đầu',
  'phân đầu',
  'nhằm',
  'đồng thời',
  'có',
  'cho',
  'là',
  'đạt',
  'riêng',
  'bao gồm',
  'trở lên',
  'trở xuống',
  'đến cuối năm',
  'đến hết năm',
  'cuối năm',
];
const TRAILING_WORDS = [
  'không vượt quá dự toán',
  'không dưới',
  'không thấp hơn',
  'không ít hơn',
  'không quá dự toán',
  'giảm xuống còn',
  'giảm xuống',
  'giảm còn',
  'đạt',
  'là',
  'trên',
  'dưới',
  'còn',
  'chiếm',
  'ở mức',
  'tối thiểu',
  'tối đa',
  'ít nhất',
  'không quá',
  'không vượt quá',
  'bằng',
  'cho',
  'khoảng',
  'có',
  'hơn',
  'xuống',
  'lên',
  'vượt',
  'và',
  'của',
  'với',
  'ở',
  'được',
  'ước',
  'trong đó',
  'trở lên',
  'trở xuống',
  'gồm',
  'phấn đấu',
  'phấn đấu đạt',
  'từ',
];
const LEADING = new RegExp(`^(?:[\\s,;:().\\-–—+]|(?:${LEADING_WORDS.join('|')})${WORD_END})+`, 'iu');
const TRAILING = new RegExp(
  `(?:[\\s,;:(\\-–—≥≤<>=]|(?<![\\p{L}\\p{N}])(?:${TRAILING_WORDS.join('|')}))+$`,
  'iu',
);
const MAX_NAME = 90;

/** Nouns that make a phrase an indicator name on its own ("Tỷ lệ…", "Số…", "Sản lượng…"). */
const MEASURE_NOUNS =
  /^(ty le|so|tong|gia tri|san luong|dien tich|nang suat|thu|chi|muc|toc do|thu nhap|tao|giai quyet|giai ngan|hoan thanh|thanh lap|xay dung|trong|nuoi|dao tao|giam|tang|phat trien|ho tro|cap)\b/;

/** Units that are things counted: "17 tiêu chí nông thôn mới" names "Số tiêu chí nông thôn mới". */
const COUNT_NOUN =
  /^(tieu chi|thon|ap|xa|ho|nguoi|lao dong|hoc sinh|doanh nghiep|hop tac xa|co so|cong trinh|mo hinh|san pham|truong|lop|cay|can|nha|thanh nien|tan binh|dang vien|hoi vien|doan vien|luot|cuoc|vu|ho so|can nha|ngoi nha|giay chung nhan)$/;

/** True when a name says what it measures ("Tỷ lệ…", "Sản lượng…"), not only which part ("trung học cơ sở"). */
export function saysWhatItMeasures(name: string): boolean {
  return MEASURE_NOUNS.test(fold(name));
}

export function cleanPhrase(text: string): string {
  let out = collapseSpaces(text);
  for (let i = 0; i < 4; i += 1)
    out = out
      .replace(LEADING, '')
      .replace(TRAILING, '')
      .replace(/^năm \d{4}\b\s*/iu, '');
  return out.replace(/^[(“"]+|[)”"]+$/g, '').trim();
}

export interface NameParts {
  /** the text before the figure, from the previous figure or the start of its sentence */
  lead: string;
  /** the text after the unit, up to the next separator */
  trail: string;
  /** false when another figure follows in the same sentence: then the trail names that figure */
  lastInSentence: boolean;
  /** the sentence before, when the figure opens its own ("…đầu năm học. 3.630 học sinh") */
  previousSentence: string;
  unit: string | null;
  /** the head of a "+" sub-item or of the line ("Rau các loại: diện tích 70 ha" → "Rau các loại") */
  head: string | null;
}

export interface BuiltName {
  name: string;
  cut: boolean;
}

function shorten(text: string): BuiltName {
  if (text.length <= MAX_NAME) return { name: text, cut: false };
  const cut = text.slice(0, MAX_NAME);
  return { name: cut.slice(0, Math.max(cut.lastIndexOf(' '), 40)).replace(/[\s,;:]+$/, ''), cut: true };
}

function withRate(text: string, unit: string | null): string {
  if (
    (unit === '%' || unit === '‰') &&
    !/^(ty le|ty trong|ty suat|muc|toc do|chi so|giam|tang|keo giam)\b/.test(fold(text))
  )
    return `Tỷ lệ ${text.charAt(0).toLocaleLowerCase('vi')}${text.slice(1)}`;
  return text;
}

export function buildName(parts: NameParts): BuiltName {
  const segments = parts.lead.split(':');
  const item = cleanPhrase(segments[segments.length - 1] ?? '');
  const localHead =
    segments.length > 1 ? cleanPhrase(segments.slice(0, -1).join(':').split(/[.;]/).pop() ?? '') : '';
  // the words after a figure keep their verbs: "2 xã đạt chuẩn" is not "2 xã chuẩn"
  // a bracket after the words restates or details them ("(04/04 trường)"): not part of the name
  const trail = collapseSpaces(parts.trail.replace(/\s*\(.*$/, ''))
    .replace(/^[\s,;:()]*(trở lên|trở xuống)?[\s,;:()]*/iu, '')
    .replace(TRAILING, '');
  let name = item;
  if (name === '' && localHead !== '') name = localHead;
  else if (localHead !== '' && !MEASURE_NOUNS.test(fold(item)) && !/^(dan|tong dan) /.test(fold(item)))
    name = withHead(item, localHead, parts.unit);
  const counted = parts.unit !== null && COUNT_NOUN.test(fold(parts.unit));
  const short = name.split(' ').length <= (counted ? 3 : 2);
  // "Phát triển mới 05 doanh nghiệp": what is counted belongs in the name
  if (counted && /(^| )(moi|them|lap|dung)$/.test(fold(name)) && !fold(name).includes(fold(parts.unit ?? '')))
    name = `${name} ${parts.unit ?? ''}`;
  if (short && trail !== '' && parts.lastInSentence) {
    if (name !== '') name = `${name} ${trail}`;
    else if (parts.unit && COUNT_NOUN.test(fold(parts.unit))) name = `Số ${parts.unit} ${trail}`;
    else name = withRate(capitalize(trail), parts.unit);
  }
  if (name === '') name = cleanPhrase(parts.previousSentence.split(':').pop() ?? '');
  if (name === '') name = parts.unit ? `Số ${parts.unit}` : 'Chỉ tiêu';
  else if (parts.head === null && /^(hoan thanh|giai ngan|to chuc|co quan|don vi)/.test(fold(name)))
    name = withRate(name, parts.unit);
  if (parts.head) name = withHead(name, parts.head, parts.unit);
  return shorten(capitalize(collapseSpaces(name)));
}

/** "Diện tích", "Năng suất bình quân": what is measured, without what of. */
const BARE_MEASURE = /^(dien tich|nang suat|san luong|so luong|gia tri|tong dan)( binh quan)?$/;

function lowerFirst(text: string): string {
  return /^\p{Lu}\p{Ll}/u.test(text) ? `${text.charAt(0).toLocaleLowerCase('vi')}${text.slice(1)}` : text;
}

/**
 * A name under the head of its line ("Lúa nước: diện tích 55 ha, năng suất 39,1 tạ/ha"): a bare
 * measure takes the head as its subject ("Diện tích lúa nước"); a name complete on its own ("đàn trâu"
 * under "Tổng đàn gia súc, gia cầm", "Tỷ lệ hộ nghèo…") stays as it is; anything else is "head — name".
 */
function withHead(name: string, head: string, unit: string | null): string {
  const folded = fold(name);
  const rate = unit === '%' || unit === '‰';
  const foldedHead = fold(head);
  // "Số %", "Số hộ": a figure with no words of its own is the head's ("Tỷ lệ hộ nghèo: còn 12 hộ" → "Số hộ nghèo")
  if (name === '' || (unit !== null && folded.startsWith(`so ${fold(unit)}`))) {
    if (!rate && /^ty le /.test(foldedHead)) return `Số ${head.replace(/^tỷ lệ\s+/iu, '')}`;
    return head;
  }
  if (rate && /^ty le /.test(foldedHead) && !saysWhatItMeasures(name)) return `Tỷ lệ ${lowerFirst(name)}`;
  if (folded.startsWith(fold(head))) return name;
  if (BARE_MEASURE.test(folded)) return `${name} ${lowerFirst(head)}`;
  const measure = unit ? MEASURE_OF_UNIT[unit] : undefined;
  // "Chăn nuôi: trâu 450 con" is "Đàn trâu": the subject says it all with its unit
  if (measure && name.split(' ').length <= 3 && !saysWhatItMeasures(name) && !/^(dan|tong dan) /.test(folded))
    return `${measure} ${lowerFirst(name)}`;
  if (/^(dan|tong dan) /.test(folded) || (saysWhatItMeasures(name) && name.split(' ').length > 2))
    return name;
  return `${head} — ${name}`;
}

/** What a bare subject with this unit measures: "Lúa nước 555 ha" is the area of rice. */
const MEASURE_OF_UNIT: Readonly<Record<string, string>> = {
  con: 'Đàn',
  ha: 'Diện tích',
  tấn: 'Sản lượng',
  'tạ/ha': 'Năng suất',
  'tấn/ha': 'Năng suất',
};

/**
 * Completes the names of a line that lists one subject's figures ("Lúa nước 555 ha, năng suất 59,1
 * tạ/ha, sản lượng 3.280 tấn"): the subject's own figure says what it measures from its unit, and the
 * bare measures after it take the subject ("Năng suất lúa nước"). `subject` is the line's first name.
 */
export function completeName(name: string, unit: string | null, subject: string | null): string {
  const folded = fold(name);
  const bareSubject =
    name.split(' ').length <= 4 && !saysWhatItMeasures(name) && !/^(dan|tong dan|trong do) /.test(folded);
  const measure = unit ? MEASURE_OF_UNIT[unit] : undefined;
  if (measure && bareSubject && !/[—(]/.test(name) && !fold(measure).startsWith(folded.split(' ')[0] ?? ''))
    return `${measure} ${lowerFirst(name)}`;
  if (subject && BARE_MEASURE.test(folded)) return `${name} ${lowerFirst(subject)}`;
  return name;
}

/** What a name is of: "Lúa nước" of itself, "lúa" of "Năng suất lúa"; null for a name of another shape. */
export function subjectOf(name: string): string | null {
  const folded = fold(name);
  if (name.split(' ').length <= 4 && !saysWhatItMeasures(name) && !/[—(]/.test(name)) return name;
  const measure = /^(dien tich|nang suat|san luong)( binh quan)? (?=\S)/.exec(folded);
  return measure && !/[—(]/.test(name) ? name.slice(measure[0].length) : null;
}
