import { fold } from './text.js';

/**
 * The units plans count targets in, as written (lower case). Longest first so that "tạ/ha" wins over
 * "tạ" and "triệu đồng" over "triệu". A bare scale word ("45 tỷ") speaks of money.
 */
const UNITS: readonly string[] = [
  'nghìn tỷ đồng',
  'ngàn tỷ đồng',
  'tỷ đồng',
  'tỉ đồng',
  'triệu đồng',
  'nghìn đồng',
  'ngàn đồng',
  'triệu usd',
  'nghìn usd',
  'usd',
  'đồng',
  'nghìn tấn',
  'tấn/ha',
  'tạ/ha',
  'tấn',
  'tạ',
  'kg',
  'lít',
  'héc-ta',
  'hecta',
  'ha',
  'km2',
  'km²',
  'm2',
  'm²',
  'm3',
  'm³',
  'km',
  'm',
  'hộ gia đình',
  'hộ kinh doanh',
  'hộ',
  'bé trai/100 bé gái',
  'lượt người',
  'người',
  'lao động',
  'học sinh',
  'sinh viên',
  'trẻ em',
  'trẻ',
  'cháu',
  'thanh niên',
  'tân binh',
  'đảng viên',
  'hội viên',
  'đoàn viên',
  'chiến sĩ',
  'bác sĩ',
  'giáo viên',
  'cán bộ',
  'công chức',
  'hợp tác xã',
  'tổ hợp tác',
  'doanh nghiệp',
  'cơ sở',
  'công trình',
  'dự án',
  'mô hình',
  'sản phẩm',
  'tiêu chí',
  'căn nhà',
  'căn',
  'ngôi nhà',
  'nhà',
  'phòng học',
  'phòng',
  'trường',
  'lớp',
  'giường bệnh',
  'giường',
  'trạm',
  'thôn',
  'ấp',
  'khu phố',
  'tổ dân phố',
  'cầu',
  'xã',
  'phường',
  'tổ chức',
  'chi bộ',
  'tập thể',
  'cá nhân',
  'gia đình',
  'câu lạc bộ',
  'đội',
  'giấy chứng nhận',
  'lượt',
  'cuộc',
  'buổi',
  'vụ',
  'vụ việc',
  'hồ sơ',
  'thủ tục',
  'thẻ',
  'con',
  'cây',
  'điểm',
  'phần trăm',
  'phần nghìn',
  '%',
  '‰',
].sort((a, b) => b.length - a.length);

const FOLDED_UNITS = UNITS.map((unit) => ({ unit, folded: fold(unit) }));

/** Units whose text is not how tiendo stores them. */
const CANONICAL_UNIT: Readonly<Record<string, string>> = {
  'tỉ đồng': 'tỷ đồng',
  'héc-ta': 'ha',
  hecta: 'ha',
  'km²': 'km2',
  'm²': 'm2',
  'm³': 'm3',
  'phần trăm': '%',
  'phần nghìn': '‰',
};

/** Bare scale words, read as money. */
const SCALES: Readonly<Record<string, string>> = {
  'nghin ty': 'nghìn tỷ đồng',
  ty: 'tỷ đồng',
  ti: 'tỷ đồng',
  trieu: 'triệu đồng',
};

export interface UnitMatch {
  unit: string;
  /** characters taken after the number, spaces included */
  length: number;
}

const WORD_CHAR = /[\p{L}\p{N}]/u;

/**
 * Reads the unit right after a number in a folded text: allows one space ("95 %"), none ("0,01ha"),
 * and a per-year or per-person tail, read and left out ("%/năm" is a %, "triệu đồng/người/năm" is
 * "triệu đồng", as INDICATORS.md enters it).
 */
export function readUnit(text: string, folded: string, from: number): UnitMatch | null {
  const gap = folded.charAt(from) === ' ' ? 1 : 0;
  const start = from + gap;
  // the longest unit with its tail ("nghìn tỷ đồng/người/năm") is well under 48 characters
  const rest = folded.slice(start, start + 48);
  for (const { unit, folded: key } of FOLDED_UNITS) {
    if (!rest.startsWith(key)) continue;
    const after = rest.charAt(key.length);
    if (after !== '' && WORD_CHAR.test(after) && /[a-z0-9]$/.test(key)) continue;
    let length = gap + key.length;
    const written = CANONICAL_UNIT[unit] ?? unit;
    const tail = /^\/ ?(nguoi\/ ?nam|nguoi|nam|thang|ngay)(?![a-z])/.exec(rest.slice(key.length));
    // "triệu đồng/người/năm" is entered as "triệu đồng": the year is the period, the head the name's
    if (tail) length += tail[0].length;
    return { unit: written, length };
  }
  const scale = /^(nghin ty|ty|ti|trieu)(?![a-z])/.exec(rest);
  if (scale?.[1]) return { unit: SCALES[scale[1]] ?? 'tỷ đồng', length: gap + scale[0].length };
  return null;
}

/** Units of rates and levels: a target in them is a level, never a running total. */
export function isRateUnit(unit: string | null): boolean {
  return unit === '%' || unit === '‰' || (unit !== null && /\/(ha|người|năm|người\/năm)$/.test(unit));
}
