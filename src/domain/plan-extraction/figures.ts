import { parseViNumber, toCanonical } from '../numbers/index.js';
import { findPhrase, hasPhrase } from './text.js';
import { readUnit } from './units.js';

/**
 * A number of a line with what follows it, and whether it can be a target. Numbers that only place
 * or cite something (decree numbers "7919/QĐ-UBND", dates, years, "Đề án 06", "9 tháng", "dưới 5
 * tuổi", "lần thứ 3", baselines "lũy kế đến nay 09 tiêu chí") are context.
 */
export interface Figure {
  /** index of the number in the line text */
  start: number;
  /** index after the unit */
  end: number;
  value: string;
  /** null when no known unit follows */
  unit: string | null;
  /** "không có hộ nghèo": a zero said in words */
  zero: boolean;
  /** context because it is a result already reached: names start after it */
  baseline: boolean;
  /** its sentence speaks of results already reached, though not right before it */
  maybeContext: boolean;
  /** "18/22 tổ dân phố": how many of all reach something, a level */
  fraction: boolean;
  context: boolean;
}

const MASKS: readonly RegExp[] = [
  // decree and resolution numbers: 7919/QĐ-UBND, 10-NQ/QU, 34-CT/TW, 19/CT-TTg
  /\d+\s*[/-]\s*[A-ZĐ][\p{L}\d]*(?:\s*[/-]\s*[\p{L}\d]+)*/gu,
  // dates: 27/12/2022, 16-12-2021, 12/2024
  /\d{1,2}\s*[/.-]\s*\d{1,2}\s*[/.-]\s*\d{2,4}/g,
  /\b\d{1,2}\/\d{4}\b/g,
  // periods: 2021 - 2025, 2022 – 2023
  /\b(?:19|20)\d{2}\s*[-–—]\s*(?:19|20)\d{2}\b/g,
  // quoted slogans and names of movements
  /“[^”]*”/g,
  /"[^"]*"/g,
];

/** Words that make the number right after them a reference, an ordinal or a place. */
const BEFORE_CONTEXT = [
  'ngay',
  'thang',
  'nam',
  'quy',
  'tuan',
  'so',
  'de an',
  'chi thi',
  'nghi quyet',
  'quyet dinh',
  'nghi dinh',
  'thong tu',
  'ke hoach',
  'cong van',
  'khoa',
  'lan thu',
  'thu',
  'giai doan',
  'dieu',
  'khoan',
  'muc',
  'to',
  'ap',
  'khu pho',
  'khom',
  'top',
  'nhom',
  'cap do',
  'muc do',
  'muc',
  'quan',
  'huyen',
  'phuong',
  'lop',
  'tuyen',
  'quoc lo',
  'tinh lo',
  'duong',
  'khu',
  'doi',
];
/** Words that make the number right before them a duration, an age or a time. */
const AFTER_CONTEXT = /^ ?(thang|nam|ngay|quy|tuan|gio|phut|tuoi|lan|ky|dot|tieng|buoi sang|sao)(?![a-z])/;
/** A figure the plan reports as already reached, not as the goal. */
const BASELINE = [
  'luy ke',
  'den nay',
  'hien co',
  'hien nay',
  'nam truoc',
  'cung ky',
  'da dat',
  'da co',
  'uoc dat',
  'uoc thuc hien',
  'thuc hien duoc',
  'hien dang',
  'hien dat',
  'moi dat',
  'moi thuc hien',
  'da thuc hien',
  'tinh den',
  'den thoi diem',
  'ket qua thuc hien',
];
/** Words that say a number is a target even when no unit follows. */
const TARGET_WORDS = ['dat', 'tren', 'duoi', 'it nhat', 'toi thieu', 'toi da', 'khong qua', 'phan dau'];

// "1.234,5" (Vietnamese), "0,78", and "0.78" / "12.5": a dot before one or two digits is a decimal mark
// (a thousands group has three), as plans typed on an English keyboard write it
const NUMBER =
  /(?<![\p{L}\p{N}#.,/])(\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+\.\d{1,2}(?![\d.])|\d+(?:,\d+)?)(?![\p{N}#])(?![.,]\d)/gu;

function mask(text: string): string {
  let out = text;
  for (const pattern of MASKS) out = out.replace(pattern, (m) => '#'.repeat(m.length));
  return out;
}

/**
 * How far back a number's words are read: its comparator, its baseline words and its sentence start.
 * Bounded, so that a line is read in time linear in its length (a 128 KB one-line text is not a freeze).
 */
export const LOOK_BACK = 240;

function lastWords(folded: string, count: number): string {
  return folded.trim().split(/\s+/).slice(-count).join(' ');
}

function canonical(digits: string): string | null {
  const parsed = parseViNumber(/^\d+\.\d{1,2}$/.test(digits) ? digits.replace('.', ',') : digits);
  return parsed.ok ? toCanonical(parsed.value) : null;
}

/**
 * Every number of a line, in order, each with its unit and whether it is context. `folded` is the
 * folded line text (same indexes as `text`).
 */
export function findFigures(text: string, folded: string, meter?: (characters: number) => void): Figure[] {
  const masked = mask(folded);
  const figures: Figure[] = [];
  for (const match of masked.matchAll(NUMBER)) {
    const digits = match[1] ?? '';
    const start = match.index;
    const value = canonical(digits);
    if (value === null) continue;
    // "18/22 tổ dân phố": the count reached out of all, the unit after the whole
    const over = /^\/\d{1,5}(?![\d.,])/.exec(masked.slice(start + digits.length, start + digits.length + 7));
    const numberEnd = start + digits.length + (over?.[0].length ?? 0);
    const unit = readUnit(text, folded, numberEnd);
    const end = numberEnd + (unit?.length ?? 0);
    const before = masked.slice(Math.max(0, start - LOOK_BACK), start).replace(/[#]+/g, ' ');
    meter?.(before.length);
    const boundary = Math.max(before.lastIndexOf(';'), before.lastIndexOf('. '), before.lastIndexOf(','), 0);
    const lead = before.slice(boundary);
    const previousWords = [lastWords(before, 1), lastWords(before, 2), lastWords(before, 3)];
    const yearLike = /^(19|20)\d{2}$/.test(value);
    // "năm 2024 xã …": a year, even when a unit word happens to follow
    const isYear = yearLike && (unit === null || previousWords[0] === 'nam');
    const referenced =
      unit === null &&
      previousWords.some((words) => BEFORE_CONTEXT.includes(words.replace(/[^a-z0-9 ]/g, '').trim()));
    const timed = unit === null && AFTER_CONTEXT.test(masked.slice(numberEnd, numberEnd + 24));
    // "lúa 2 vụ 210 ha": a figure right before another one qualifies the thing the other counts
    const qualifier = unit !== null && /^\s*\d/.test(masked.slice(end, end + 3));
    // "(năm 2025: 65,4%)", "(năm 2024 là 1,12%)": the year before, in brackets beside the target
    const baseline = hasPhrase(lead, BASELINE) || /\(\s*nam (?:19|20)\d\d\b[^()]*$/.test(before);
    const sentence = before.slice(Math.max(before.lastIndexOf(';'), before.lastIndexOf('. '), 0));
    const bare =
      unit === null &&
      !/[≥≤<>=]\s*$/.test(before) &&
      !TARGET_WORDS.some((w) => findPhrase(lastWords(before, 2), w) >= 0);
    figures.push({
      start,
      end,
      value,
      unit: unit?.unit ?? null,
      zero: false,
      baseline,
      maybeContext: !baseline && hasPhrase(sentence, BASELINE),
      fraction: over !== null,
      context: isYear || referenced || timed || baseline || bare || qualifier,
    });
  }
  return restatementsAsContext(
    figures.sort((a, b) => a.start - b.start),
    masked,
  );
}

/**
 * "Tổng thu … 20,5 tỷ đồng, tăng 10% so với cùng kỳ": a growth rate after an amount in the same
 * sentence restates that amount; it is not a second target.
 */
function restatementsAsContext(figures: Figure[], masked: string): Figure[] {
  let amount: Figure | null = null;
  let previous: Figure | null = null;
  for (const figure of figures) {
    if (figure.context) continue;
    const between = amount ? masked.slice(amount.end, figure.start) : '';
    // "100 % (04/04 trường)", "(tương đương 9/9 khóm, ấp)": the share restated as a count
    const opening = previous ? masked.slice(previous.end, figure.start) : '';
    if (figure.fraction && previous?.unit === '%' && /^[^;()]*\(\s*(tuong duong\s*)?$/.test(opening)) {
      figure.context = true;
      continue;
    }
    previous = figure;
    if (
      amount &&
      figure.unit === '%' &&
      !/[;.]/.test(between.replace(/\d\.\d/g, '')) &&
      /(?:^|[\s,(])(tang|vuot|bang|dat)\s*(?:them\s*)?$/.test(between) &&
      (/^\s*(so voi|\S+ so voi)/.test(masked.slice(figure.end, figure.end + 24)) ||
        // "14 thanh niên, đạt 100% chỉ tiêu": the count is the target, the share restates it
        (/,\s*dat\s*$/.test(between) && /^\s*chi tieu/.test(masked.slice(figure.end, figure.end + 12))))
    ) {
      figure.context = true;
      // names after it start after its "so với …" clause
      figure.baseline = true;
      const clause = /^[^,;]*/.exec(masked.slice(figure.end))?.[0] ?? '';
      figure.end += clause.length;
    } else amount = figure.unit !== null && figure.unit !== '%' && figure.unit !== '‰' ? figure : null;
  }
  return figures;
}
