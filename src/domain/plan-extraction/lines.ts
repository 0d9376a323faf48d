import { fold, normalizeLine } from './text.js';
import { OUTCOME_VERBS } from './booleans.js';
import { findFigures } from './figures.js';

/**
 * How a line of a plan is marked up. Headings carry a level (smaller is outer): Roman numerals 1,
 * "1." 2, "1.1" 3, "a)" 4; "*" lines and short lines ending in ":" are list intros (level 5) that
 * name what the items below are. Items are "-" / "•" bullets, "+" sub-items, or bare paragraphs.
 */
export type LineKind = 'heading' | 'intro' | 'item' | 'subitem' | 'paragraph' | 'row' | 'blank';

export interface PlanLine {
  /** 1-based */
  number: number;
  /** NFC, as written */
  raw: string;
  kind: LineKind;
  level: number;
  /** the text without its list marker */
  text: string;
  /** the text, folded (same indexes) */
  folded: string;
  /** a table row ("a | b | c", or cells separated by tabs): its cells, trimmed */
  cells: string[] | null;
  /** a "*" line: a group inside a heading's targets, a category only where no heading names one */
  starred?: true;
}

/**
 * "PHẦN I.", "Phần 2:", "CHƯƠNG II", "Phần thứ hai": the outermost parts of a longer plan, above its
 * "I." headings; the part's title is on the same line or on the next (joinPartTitles).
 */
const PART =
  /^(?:phần|chương)\s+(?:thứ\s+(?:nhất|hai|ba|tư|bốn|năm|sáu|bảy|tám|chín|mười)|[IVXL]{1,5}|\d{1,2})(?![\p{L}\p{N}])\s*[.:)–-]?\s*/iu;
/** "A. LĨNH VỰC KINH TẾ", "Đ. …": capital letters group a plan's fields (I, V, X, L read as Roman). */
const CAPITAL = /^([A-ZĐ])[.)]\s+(?=\S)/u;
const ROMAN = /^([IVXL]{1,5})[.)]\s*(?=\S)/;
const NUMBERED = /^(\d{1,2})[.)]\s+(?=\S)/;
const DOTTED = /^(\d{1,2}(?:\.\d{1,2})+)\.?\s+(?=\p{L})/u;
/** "2. 2. Về văn hóa – xã hội": a two-level number written with a space, as some word processors do. */
const SPACED = /^(\d{1,2})\.\s(\d{1,2})\.\s+(?=\p{L})/u;
const LETTERED = /^([a-zđ])[.)]\s+(?=\S)/;
const STAR = /^\*+\s*/;
const BULLET = /^[-–—•·●▪○]\s*/;
const PLUS = /^\+\s*/;

/**
 * A numbered line is a heading when it reads like a title, not like a paragraph of content, nor like a
 * goal ("1.14. Duy trì xã đạt tiêu chí quốc gia về y tế": an item of a numbered list of targets).
 */
function titleLike(text: string): boolean {
  if (text.length > 160 || /\.\s+\S/.test(text.replace(/\d[.,]\d/g, '00'))) return false;
  const folded = fold(text);
  return (
    !OUTCOME_VERBS.test(folded) &&
    !(GOAL_INSIDE.test(folded) && !/^(cac )?chi tieu/.test(folded)) &&
    !statesTarget(text, folded)
  );
}

/** "Trạm Y tế duy trì đạt …", "Chính quyền xã được xếp loại …": a goal stated of its subject. */
const GOAL_INSIDE = /\s(duy tri dat|giu vung|duoc xep loai|duoc cong nhan|dat chuan)\s/;

/** "1.1. Tổng giá trị sản xuất đạt 312,6 tỷ đồng": a numbered line with a target is an item of a list. */
function statesTarget(text: string, folded = fold(text)): boolean {
  return findFigures(text, folded).some((f) => !f.context && f.unit !== null);
}

/**
 * "Về kinh tế:", "* Lĩnh vực văn hóa - xã hội", "* Kinh tế": an unnumbered line that names a field is
 * a heading of the targets below. A "*" line that exhorts ("* Phấn đấu hoàn thành các chỉ tiêu…") is not.
 */
function namesField(text: string): boolean {
  const folded = fold(text)
    .replace(/[:.]+$/, '')
    .trim();
  if (folded.length > 80 || /\d/.test(folded)) return false;
  if (/^(ve|linh vuc) /.test(folded)) return true;
  return (
    /^\p{Lu}/u.test(text) &&
    !/[,;]/.test(folded) &&
    folded.split(' ').length <= 8 &&
    !/(phan dau|phan đau|chi tieu|thuc hien|nhiem vu)/.test(folded)
  );
}

/** Cells of a table row as text extraction writes them: pipes (Markdown, PDF tools) or tabs (Word). */
function cellsOf(raw: string): string[] | null {
  const trimmed = raw.trim();
  let cells: string[] | null = null;
  if ((trimmed.match(/\|/g) ?? []).length >= 2) cells = trimmed.replace(/^\||\|$/g, '').split('|');
  else if ((trimmed.match(/\t/g) ?? []).length >= 1) cells = trimmed.split(/\t+/);
  if (!cells || cells.length < 2) return null;
  // "1.<tab>Mục đích": a list marker tabbed from its text, not a table
  if (cells.length === 2 && /^([IVXL]+|\d+(\.\d+)*|[a-zđ])[.)]?$|^[-+•*]$/.test(cells[0]?.trim() ?? ''))
    return null;
  return cells.map((c) => normalizeLine(c).replace(/\s+/g, ' ').trim());
}

export function classifyLine(raw: string, number: number): PlanLine {
  const cells = cellsOf(raw);
  const line = normalizeLine(raw).trim();
  const make = (kind: LineKind, level: number, text: string): PlanLine => {
    const trimmed = text.trim();
    return {
      number,
      raw: line,
      kind,
      level,
      text: trimmed,
      folded: fold(trimmed),
      cells: kind === 'row' ? cells : null,
    };
  };
  if (line === '') return make('blank', 0, '');
  if (cells) {
    // "|---|:---|" rules a Markdown table; it says nothing
    if (cells.every((c) => /^[-:=+ ]*$/.test(c))) return make('blank', 0, '');
    return make('row', 0, cells.join(' | '));
  }
  let match = PART.exec(line);
  if (match) return make('heading', 0, line.slice(match[0].length));
  match = ROMAN.exec(line);
  if (match) return make('heading', 1, line.slice(match[0].length));
  match = CAPITAL.exec(line);
  if (match && titleLike(line.slice(match[0].length)))
    return make('heading', LETTER_LEVEL.top, line.slice(match[0].length));
  match = SPACED.exec(line) ?? DOTTED.exec(line);
  if (match) {
    const rest = line.slice(match[0].length);
    if (titleLike(rest)) return make('heading', 3, rest);
    const foldedRest = fold(rest);
    const goal = OUTCOME_VERBS.test(foldedRest) || GOAL_INSIDE.test(foldedRest);
    return make(goal || statesTarget(rest) ? 'item' : 'paragraph', 0, rest);
  }
  match = NUMBERED.exec(line);
  if (match) {
    const rest = line.slice(match[0].length);
    if (titleLike(rest)) return make('heading', 2, rest);
    return make(statesTarget(rest) ? 'item' : 'paragraph', 0, rest);
  }
  match = LETTERED.exec(line);
  if (match) {
    const rest = line.slice(match[0].length);
    if (titleLike(rest)) return make('heading', 4, rest);
    return make(statesTarget(rest) ? 'item' : 'paragraph', 0, rest);
  }
  match = STAR.exec(line);
  if (match) {
    const rest = line.slice(match[0].length);
    return namesField(rest) ? { ...make('heading', 5, rest), starred: true } : make('intro', 5, rest);
  }
  match = PLUS.exec(line);
  if (match) return make('subitem', 0, line.slice(match[0].length));
  match = BULLET.exec(line);
  if (match) return make('item', 0, line.slice(match[0].length));
  if (line.endsWith(':') && line.length <= 100) return make(namesField(line) ? 'heading' : 'intro', 5, line);
  return make('paragraph', 0, line);
}

/** A capital-letter heading sits above the Roman ones, or between a Roman heading and its "1." items. */
const LETTER_LEVEL = { top: 0.5, underRoman: 1.5 } as const;

/**
 * Puts a part's title on its heading ("Phần thứ hai" / "CÁC CHỈ TIÊU THI ĐUA NĂM 2026": the heading is
 * the title, which says whether the part holds targets) and places capital-letter headings under a
 * Roman heading when the plan has one above them. One pass; the absorbed title line becomes blank.
 */
export function structureHeadings(lines: readonly PlanLine[]): PlanLine[] {
  const out = [...lines];
  let openPart = -1;
  let romanAbove = false;
  out.forEach((line, i) => {
    if (line.kind === 'blank') return;
    const part = openPart >= 0 ? out[openPart] : undefined;
    if (part && line.kind !== 'heading' && line.kind !== 'row' && line.text.length <= 160) {
      out[openPart] = { ...part, text: line.text, folded: line.folded, raw: `${part.raw} ${line.raw}` };
      out[i] = { ...line, kind: 'blank', text: '', folded: '' };
      openPart = -1;
      return;
    }
    openPart = -1;
    if (line.kind !== 'heading') return;
    if (line.level === 0) {
      romanAbove = false;
      if (line.text === '') openPart = i;
    } else if (line.level === 1) romanAbove = true;
    else if (line.level === LETTER_LEVEL.top && romanAbove)
      out[i] = { ...line, level: LETTER_LEVEL.underRoman };
  });
  return out;
}

/**
 * Joins a sentence that the document wrapped over several lines (PDF text, hard line breaks): a line
 * that starts in lower case, or with a figure, after a line that did not end its sentence, continues
 * it. The joined text keeps the number of its first line; the lines it absorbed become blank.
 */
export function joinWrappedLines(lines: readonly PlanLine[]): PlanLine[] {
  const out = [...lines];
  // the open sentence's pieces, joined once when it ends: joining at every piece is quadratic
  let open: { index: number; raw: string[]; text: string[] } | null = null;
  const close = (): void => {
    if (!open || open.raw.length === 1) return;
    const first = out[open.index];
    const text = open.text.join(' ');
    if (first) out[open.index] = { ...first, raw: open.raw.join(' '), text, folded: fold(text) };
  };
  out.forEach((line, i) => {
    if (line.kind === 'blank') return;
    const startsMidSentence =
      line.kind === 'paragraph' &&
      (/^\p{Ll}/u.test(line.raw) || /^\d+(?:[.,]\d+)*\s*(?:%|‰|\p{Ll})/u.test(line.raw));
    let last = line.text;
    if (open && startsMidSentence) {
      open.raw.push(line.raw);
      open.text.push(line.text);
      out[i] = { ...line, kind: 'blank', text: '', folded: '' };
    } else {
      close();
      open = ['item', 'subitem', 'paragraph'].includes(line.kind)
        ? { index: i, raw: [line.raw], text: [line.text] }
        : null;
    }
    last = open?.text[open.text.length - 1] ?? last;
    if (open && /[.;:!?)”"]$/.test(last)) {
      close();
      open = null;
    }
  });
  close();
  return out;
}
