import type { IndicatorProgress } from '../domain/progress/index.js';
import { fit, printable, textWidth, wrap } from './chart-text.js';

/**
 * Where the chart's rows go: indicators grouped by category under a header, each name written in full
 * on as many lines as it needs, and the rows split into pages (pictures) that a phone shows whole:
 * at most MAX_PAGE_HEIGHT tall and MAX_ROWS_PER_PAGE bars, the pages of a chart about as full as each
 * other. A page that starts inside a category repeats its header ("Kinh tế (tiếp)").
 */

export const CHART_WIDTH = 1080;
/** Telegram and Zalo show a taller picture shrunk to a strip; 2000 px still reads on a phone. */
export const MAX_PAGE_HEIGHT = 2000;
export const MAX_ROWS_PER_PAGE = 20;

export const PAD = 36;
/** The status mark (as in /tiendo) left of the code. */
export const MARK_SIZE = 24;
export const LABEL_X = PAD + MARK_SIZE + 12;
export const LABEL_RIGHT = 500;
export const CHILD_INDENT = 28;
export const TRACK_X = 524;
export const TRACK_WIDTH = 376;
export const VALUE_RIGHT = CHART_WIDTH - PAD;
export const LABEL_SIZE = 26;
export const LINE_HEIGHT = 32;
export const ROW_PAD = 9;
export const NOTE_SIZE = 23;
/** Right of the status chip that stands for a bar. */
export const NOTE_X = TRACK_X + 54;
export const CATEGORY_HEIGHT = 54;
/** A row holds two lines at least: the figure beside the bar, the status in words under it. */
const MIN_ROW_LINES = 2;
/** A name longer than this is cut on its last line: a row should not fill the page. */
const MAX_NAME_LINES = 6;
const CODE_GAP = 10;

export interface RowBlock {
  kind: 'row';
  indicator: IndicatorProgress;
  code: string;
  /** the name, wrapped: the first line follows the code */
  nameLines: string[];
  /** a value written instead of a bar (a yes/no goal, a "≤" rate), wrapped beside the chip */
  noteLines: string[];
  height: number;
}

export interface CategoryBlock {
  kind: 'category';
  name: string;
  /** the header repeated at the top of a page the category started on an earlier one */
  continued: boolean;
  height: number;
}

export type ChartBlock = RowBlock | CategoryBlock;

export interface CategoryGroup {
  name: string;
  rows: RowBlock[];
}

/** The label column of a row: where the code starts and how wide the name may run. */
export function labelBox(indicator: IndicatorProgress): { x: number; width: number } {
  const indent = indicator.parentCode !== null ? CHILD_INDENT : 0;
  return { x: LABEL_X + indent, width: LABEL_RIGHT - LABEL_X - indent };
}

export function rowBlock(indicator: IndicatorProgress, note: string | null): RowBlock {
  const box = labelBox(indicator);
  // A code is short (KT01, NS01.2); one that is not is cut so that the name keeps half the line.
  const code = fit(printable(indicator.code), box.width * 0.5, LABEL_SIZE, true);
  const codeWidth = textWidth(code, LABEL_SIZE, true) + CODE_GAP;
  const nameLines = wrap(printable(indicator.name), box.width, {
    size: LABEL_SIZE,
    firstWidth: box.width - codeWidth,
    maxLines: MAX_NAME_LINES,
  });
  const noteLines = note ? wrap(printable(note), VALUE_RIGHT - NOTE_X, { size: NOTE_SIZE, maxLines: 2 }) : [];
  // The status in words goes under the bar, or under the note.
  const lines = Math.max(nameLines.length, MIN_ROW_LINES, noteLines.length + 1);
  return { kind: 'row', indicator, code, nameLines, noteLines, height: lines * LINE_HEIGHT + 2 * ROW_PAD };
}

/** The indicators by category, in the order the plan first names each (as /tiendo lists them). */
export function categoryGroups(
  indicators: IndicatorProgress[],
  noteOf: (indicator: IndicatorProgress) => string | null,
): CategoryGroup[] {
  const groups = new Map<string, RowBlock[]>();
  for (const indicator of indicators) {
    const rows = groups.get(indicator.category) ?? [];
    rows.push(rowBlock(indicator, noteOf(indicator)));
    groups.set(indicator.category, rows);
  }
  return [...groups].map(([name, rows]) => ({ name, rows }));
}

function fill(groups: CategoryGroup[], capacity: number, maxRows: number): ChartBlock[][] {
  const pages: ChartBlock[][] = [[]];
  let used = 0;
  let rows = 0;
  for (const group of groups) {
    group.rows.forEach((row, i) => {
      let page = pages[pages.length - 1] as ChartBlock[];
      const header = (fresh: boolean): number => (group.name && (i === 0 || fresh) ? CATEGORY_HEIGHT : 0);
      if (page.length > 0 && (used + header(false) + row.height > capacity || rows >= maxRows)) {
        page = [];
        pages.push(page);
        used = 0;
        rows = 0;
      }
      if (header(page.length === 0) > 0) {
        page.push({ kind: 'category', name: group.name, continued: i > 0, height: CATEGORY_HEIGHT });
        used += CATEGORY_HEIGHT;
      }
      page.push(row);
      used += row.height;
      rows += 1;
    });
  }
  return pages;
}

/**
 * The blocks of each page, `capacity` pixels of rows to a page. As few pages as fit, then as many rows
 * on each as on the others (50 rows are 17 + 17 + 16, not 20 + 20 + 10).
 */
export function paginate(groups: CategoryGroup[], capacity: number): ChartBlock[][] {
  const greedy = fill(groups, capacity, MAX_ROWS_PER_PAGE);
  if (greedy.length === 1) return greedy;
  const total = groups.reduce((sum, group) => sum + group.rows.length, 0);
  const even = fill(groups, capacity, Math.ceil(total / greedy.length));
  return even.length === greedy.length ? even : greedy;
}

export function blocksHeight(blocks: ChartBlock[]): number {
  return blocks.reduce((sum, block) => sum + block.height, 0);
}
