/**
 * Units that count whole things: heads of cattle, people, households, pupils, houses. "2,2 con" on a
 * herd is a slip, so is "3,5 hộ". Compared without diacritics or case; the first word decides ("hộ
 * nghèo", "người/năm" are counts too), except where a word of measure follows ("người/km²" is a density).
 */
const COUNT_WORDS = new Set([
  'con',
  'nguoi',
  'ho',
  'hoc sinh',
  'hs',
  'lao dong',
  'benh nhan',
  'tre',
  'chau',
  'thon',
  'ap',
  'xa',
  'phuong',
  'doanh nghiep',
  'hop tac xa',
  'htx',
  'can',
  'cai',
  'chiec',
  'ngoi',
  'truong',
  'lop',
  'cong trinh',
  'du an',
  'doan vien',
  'dang vien',
  'hoi vien',
  'ca',
  'vu',
  'lan',
  'luot',
  'phong',
  'giay chung nhan',
  'ho so',
  'co so',
  'tram',
  'tuyen',
  'to chuc',
  'em',
  'thanh nien',
  'tan binh',
  'nha',
  'gia dinh',
  'khu dan cu',
]);

const MEASURE_WORDS = /(km|m2|m²|ha|nam|thang|ngay|%)/;

function plain(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'd')
    .toLowerCase()
    .trim()
    .replace(/\s+/g, ' ');
}

export function isWholeCountUnit(unit: string): boolean {
  const text = plain(unit);
  if (text === '') return false;
  const [head = '', rest = ''] = text.split('/', 2);
  if (rest !== '' && MEASURE_WORDS.test(rest) && !/^(nam|thang|ngay)$/.test(rest.trim())) return false;
  const words = head.trim().split(' ');
  for (let n = Math.min(3, words.length); n >= 1; n--)
    if (COUNT_WORDS.has(words.slice(0, n).join(' '))) return true;
  return false;
}
